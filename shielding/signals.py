"""What shielding tells the apps that build on it (the arrows point this way: shielding knows
nothing of them)."""

from django.dispatch import Signal

# Sent inside the transaction that makes a child's shield active, with `child` and `order`.
# Receivers hide whatever they hold about the child from those who may no longer see it.
child_shielded = Signal()
