"""Signals that accounts sends for other parts of the project to act on."""

from django.dispatch import Signal

# Sent by `user_disable` inside its transaction, with `user` (now inactive) and `by` (who disabled
# them, or None). A receiver ends whatever else the user holds, such as API tokens.
user_disabled = Signal()

# Sent when a signed-in user's second factor is verified, with `request`, `user` and `device`.
second_factor_verified = Signal()

# Sent when the sign-in form accepts a user's password (the first of the two steps), with
# `request` and `user`. Unlike Django's user_logged_in, never sent for a session made in code.
password_verified = Signal()
