"""The shielding rules for what the registry shows, registered with registry.shielding_policy.

A child is hidden from a user when the child has an active shielding order and the user is not
cleared for the child's responsible local authority, unless the user holds a recorded emergency
override for that child. Hidden means: no contact data, and no appearance in a search that used a
hidden field. Identity (names, gender, date of birth, ContactPoint ID) is never hidden.
"""

from django.db.models import Exists, OuterRef, Q

from registry.shielding_policy import Redaction
from shielding.clearance import cleared_local_authority_ids
from shielding.models import ShieldingOrder


def hidden_children_condition(user, *, prefix: str = "") -> Q:
    """Rows (of children, or of data keyed by `prefix` + child) hidden from `user`.

    The active order is looked up per row through its partial index (an anti-join), so the cost
    grows with the rows read, not with the number of shielded children in the country.
    """
    cleared = cleared_local_authority_ids(user)
    has_active_order = Exists(
        ShieldingOrder.objects.filter(child_id=OuterRef(f"{prefix}id"), active=True)
    )
    condition = Q(has_active_order)
    if cleared:
        condition &= ~Q(**{f"{prefix}responsible_local_authority_id__in": cleared})
    return condition


class ShieldingVisibility:
    def restrict_contact_data(self, queryset, *, user, override=None):
        hidden = hidden_children_condition(user, prefix="child__")
        if override is not None and override.user_id == user.pk:
            hidden &= ~Q(child_id=override.child_id)
        return queryset.exclude(hidden)

    def restrict_children_for_hidden_criteria(self, queryset, *, user):
        return queryset.exclude(hidden_children_condition(user))

    def child_redaction(self, *, user, child, override=None) -> Redaction | None:
        order = (
            ShieldingOrder.objects.filter(child=child, active=True)
            .select_related("local_authority")
            .first()
        )
        if order is None:
            return None
        if child.responsible_local_authority_id in cleared_local_authority_ids(user):
            return None
        if override is not None and override.user_id == user.pk and override.child_id == child.pk:
            return None
        return Redaction(brokering_authority=child.responsible_local_authority.name)
