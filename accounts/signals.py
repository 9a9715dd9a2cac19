"""Signals that accounts sends for other parts of the project to act on."""

from django.dispatch import Signal

# Sent by `user_disable` inside its transaction, with `user` (now inactive) and `by` (who disabled
# them, or None). A receiver ends whatever else the user holds, such as API tokens.
user_disabled = Signal()
