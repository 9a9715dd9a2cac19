"""What shielding tells the apps that build on it (the arrows point this way: shielding knows
nothing of them)."""

from django.dispatch import Signal

# Sent inside the transaction that makes a child's shield active, with `child` and `order`.
# Receivers hide whatever they hold about the child from those who may no longer see it.
child_shielded = Signal()

# Sent inside the transaction that ends a shield, with `child`, `order` and `by`.
shield_ended = Signal()

# Sent inside the transaction that records an emergency override, with `override`.
override_made = Signal()

# Sent inside the transaction that records a management team's review of an override, with
# `review` (its outcome set). Receivers must not repeat the review's notes anywhere.
override_reviewed = Signal()
