"""Search with and without shielding, in one run: shielding may add at most 10% to search p95.

"With" is the system as it runs: the shielding policy behind the chokepoint and row-level
security reading the transaction's scope. "Without" swaps in a policy that hides nothing and sets
the matching scope, which row-level security lets through at once; the database's policies are
still evaluated, so "without" is, if anything, slower than a system built with no shielding.
"""

import datetime
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from accounts.models import User
from accounts.roles import Role
from registry.models import Child
from registry.purposes import AccessPurpose
from registry.shielding_policy import shielding_policy, shielding_policy_register
from shielding.database_scope import matching_scope
from shielding.models import ShieldingOrder

SHIELDED_EVERY = 200  # 0.5% of children, as in England (about 55,000 of 11 million)
REVIEW_DUE_ON = datetime.date(2030, 1, 1)


class HidesNothing:
    def restrict_contact_data(self, queryset, *, user, override=None):
        return queryset

    def restrict_children_for_hidden_criteria(self, queryset, *, user):
        return queryset

    def child_redaction(self, *, user, child, override=None):
        return None


@contextmanager
def shielding_switched_off():
    real = shielding_policy()
    shielding_policy_register(HidesNothing())
    try:
        with matching_scope():
            yield
    finally:
        shielding_policy_register(real)


@transaction.atomic
def shielded_children_ensure(*, reader) -> int:
    """Shield every 200th child of the benchmark population, once; return how many are shielded."""
    if ShieldingOrder.objects.filter(active=True).exists():
        return ShieldingOrder.objects.filter(active=True).count()
    made_by, _created = User.objects.get_or_create(
        username="bench.management", defaults={"role": Role.LA_MANAGEMENT, "is_active": False}
    )
    children = (
        Child.objects.visible_to(reader, purpose=AccessPurpose.DATA_QUALITY)
        .annotate(every=F("pk") % SHIELDED_EVERY)
        .filter(every=0)
        .values_list("pk", "responsible_local_authority_id")
    )
    orders = [
        ShieldingOrder(
            child_id=pk,
            local_authority_id=authority,
            reason=ShieldingOrder.Reason.FLEEING_ABUSE,
            justification="Benchmark population",
            made_by=made_by,
            review_due_on=REVIEW_DUE_ON,
        )
        for pk, authority in children.iterator(chunk_size=5000)
    ]
    ShieldingOrder.objects.bulk_create(orders, batch_size=5000)
    return len(orders)
