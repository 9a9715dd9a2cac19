"""The world the leak crawl runs in: a marked child, shielded by its authority's management team."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.roles import Role
from registry.models import Child, LocalAuthority
from shielding.clearance import management_team_join
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from shielding.services import shield_create
from tests.factories import LocalAuthorityFactory, OrganisationFactory, UserFactory
from tests.shielding.markers import MARKER_OUTWARD_CODES, MarkedChild, marked_child_create
from tests.shielding.staged_records import staged_records_create


@dataclass
class ShieldedWorld:
    """A marked child, shielded by its authority's management team, with the team's other objects
    (a contact request, an emergency override and its review, a feed record held for it, and a
    possible match that names the child), so that pages about them have something to show."""

    marked: MarkedChild
    local_authority: LocalAuthority
    management_team_user: object

    @property
    def child(self) -> Child:
        return self.marked.child


def management_team_user_create(local_authority: LocalAuthority, *, join: bool = True):
    """A management-team user of the authority, in the authority's team when `join`."""
    user = UserFactory(
        role=Role.LA_MANAGEMENT, organisation=OrganisationFactory(local_authority=local_authority)
    )
    if join:
        management_team_join(user=user)
    return user


def shielded_world_build() -> ShieldedWorld:
    local_authority = LocalAuthorityFactory(name="Marker Vale Council")
    manager = management_team_user_create(local_authority)
    marked = marked_child_create(
        local_authority=local_authority,
        given_names="Elowen",
        family_name="Crawlington",
        outward_code=MARKER_OUTWARD_CODES[1],
    )
    child = marked.child
    order = shield_create(
        child=child,
        by=manager,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="The family is fleeing abuse.",
        review_due_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    requester = UserFactory(role=Role.PRACTITIONER)
    contact_request = ContactRequest.objects.create(
        child=child,
        local_authority=local_authority,
        requested_by=requester,
        purpose="child_protection",
        message="Please pass on a message to the family.",
    )
    override = EmergencyOverride.objects.create(
        child=child,
        user=UserFactory(role=Role.CHILD_PROTECTION),
        purpose="child_protection",
        reason="A child-protection emergency.",
    )
    review = OverrideReview.objects.create(override=override, local_authority=local_authority)
    marked.row_ids.update(
        {
            "shielding.shieldingorder": [order.pk],
            "shielding.contactrequest": [contact_request.pk],
            "shielding.emergencyoverride": [override.pk],
            "shielding.overridereview": [review.pk],
            "registry.localauthority": [local_authority.pk],
            "accounts.user": [manager.pk, requester.pk],
            "accounts.organisation": [manager.organisation_id],
        }
    )
    marked.row_ids.update(staged_records_create(marked))
    return ShieldedWorld(
        marked=marked, local_authority=local_authority, management_team_user=manager
    )
