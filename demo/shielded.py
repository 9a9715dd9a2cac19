"""A few shielded demo children (about 1 in 200), so that the demo shows redaction, brokered
contact and the management team's pages.

Each order is made through the shielding service by a member of the child's own authority's
team: the demo management user where there is one (Leeds, Birmingham), otherwise a team account
that cannot sign in. It runs once: an index that already holds an order is left as it is.
"""

import random
import secrets
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import user_create
from registry.models import Child
from registry.purposes import AccessPurpose
from shielding.clearance import management_team_join
from shielding.models import ShieldingOrder
from shielding.services import shield_create

SHIELDED_SHARE = 0.005
DEFAULT_SEED = 2009
# One order in five has a review that has fallen due, so the team's overdue list has something.
OVERDUE_SHARE = 0.2


class DemoShield(NamedTuple):
    reason: str
    justification: str
    weight: int


DEMO_SHIELDS: tuple[DemoShield, ...] = (
    DemoShield(
        ShieldingOrder.Reason.FLEEING_ABUSE,
        "Mother and child moved to a refuge after domestic abuse. The father is subject to a "
        "non-molestation order and has been trying to find them.",
        5,
    ),
    DemoShield(
        ShieldingOrder.Reason.FLEEING_ABUSE,
        "Family rehoused out of the area through the domestic-abuse route (MARAC referral). The "
        "new address and school must not reach the child's father.",
        3,
    ),
    DemoShield(
        ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        "Placed for adoption. Members of the birth family have tried to trace the placement; "
        "the adopters' address and the child's school must not be disclosed.",
        3,
    ),
    DemoShield(
        ShieldingOrder.Reason.WITNESS_PROTECTION,
        "A parent is a protected witness in a criminal trial. Shielded at the request of the "
        "police protected persons service.",
        1,
    ),
    DemoShield(
        ShieldingOrder.Reason.OTHER_RISK,
        "Risk of forced marriage from extended family, assessed by children's social care with "
        "the Forced Marriage Unit.",
        1,
    ),
    DemoShield(
        ShieldingOrder.Reason.OTHER_RISK,
        "Young person at risk of criminal exploitation by a county-lines group; placed out of "
        "the area by children's social care.",
        1,
    ),
)


@transaction.atomic
def demo_children_shield(*, share: float = SHIELDED_SHARE, seed: int = DEFAULT_SEED) -> int:
    """Shield about `share` of each authority's open children, once. Returns how many."""
    if ShieldingOrder.objects.exists():
        return 0
    chooser = random.Random(seed)
    shielded = 0
    for organisation in Organisation.objects.filter(local_authority__isnull=False).order_by(
        "local_authority__code"
    ):
        team_member = demo_team_member(organisation)
        children = Child.objects.visible_to(team_member, purpose=AccessPurpose.ADMINISTRATION)
        open_ids = list(
            children.filter(
                responsible_local_authority=organisation.local_authority,
                status=Child.Status.ACTIVE,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = chooser.sample(open_ids, round(len(open_ids) * share))
        for child in children.filter(pk__in=chosen).select_related("responsible_local_authority"):
            demo_shield_make(child=child, by=team_member, chooser=chooser)
            shielded += 1
    return shielded


def demo_shield_make(*, child: Child, by: User, chooser: random.Random) -> ShieldingOrder:
    shield = chooser.choices(DEMO_SHIELDS, weights=[shield.weight for shield in DEMO_SHIELDS])[0]
    today = timezone.localdate()
    order = shield_create(
        child=child,
        by=by,
        reason=shield.reason,
        justification=shield.justification,
        review_due_on=today + timedelta(days=chooser.randint(30, 365)),
    )
    if chooser.random() < OVERDUE_SHARE:
        # The service takes only future review dates; a demo order is backdated to show one due.
        order.review_due_on = today - timedelta(days=chooser.randint(1, 60))
        order.save(update_fields=["review_due_on"])
    return order


def demo_team_member(organisation: Organisation) -> User:
    """The authority's demo management user, or else its team account (which cannot sign in and
    has no email address, so it is never sent a team's mail)."""
    member = (
        User.objects.filter(role=Role.LA_MANAGEMENT, organisation=organisation, is_active=True)
        .order_by("pk")
        .first()
    )
    if member is None:
        member = user_create(
            username=f"la-team-{organisation.local_authority.code}",
            password=secrets.token_urlsafe(32),
            role=Role.LA_MANAGEMENT,
            organisation=organisation,
        )
        member.set_unusable_password()
        member.save(update_fields=["password"])
    management_team_join(user=member)
    return member
