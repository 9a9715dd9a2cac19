"""The world the leak crawl runs in: a marked child, shielded by its authority's management team."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from registry.models import Child, LocalAuthority
from shielding.clearance import management_team_join
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from shielding.services import shield_create
from tests.factories import (
    AlertFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    SuspensionFactory,
    UserFactory,
)
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
    marked.row_ids.update(anomaly_review_rows_create(local_authority))
    marked.row_ids["auditlog.logentry"] = change_history_entry_ids(marked.row_ids)
    return ShieldedWorld(
        marked=marked, local_authority=local_authority, management_team_user=manager
    )


def change_history_entry_ids(row_ids: dict[str, list[int]]) -> list[int]:
    """The change-history entries of the world's rows that hold markers (the child's hidden rows,
    its school and practice, the feed's records), for the admin pages that show one entry."""
    rows = Q(
        content_type__app_label="ingest",
        content_type__model="stagedrecordcontent",
        object_id__in=row_ids.get("ingest.stagedrecord", []),
    )
    for label, ids in row_ids.items():
        app_label, model = label.split(".")
        if app_label == "registry" and model not in {"child", "localauthority"}:
            rows |= Q(
                content_type__app_label=app_label, content_type__model=model, object_id__in=ids
            )
    return list(LogEntry.objects.filter(rows).order_by("pk").values_list("pk", flat=True))


def anomaly_review_rows_create(local_authority) -> dict[str, list[int]]:
    """An alert and a suspension about one of the authority's practitioners, for the pages where
    its management team and the auditors review them."""
    flagged = UserFactory(
        role=Role.PRACTITIONER, organisation=OrganisationFactory(local_authority=local_authority)
    )
    return {
        "audit.alert": [AlertFactory(user=flagged).pk],
        "audit.suspension": [SuspensionFactory(user=flagged).pk],
    }
