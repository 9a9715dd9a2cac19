"""The world the leak crawl runs in: a marked child, shielded by its authority's management team."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from registry.models import Child, LocalAuthority
from registry.services import child_create
from shielding.clearance import management_team_join
from shielding.merges import child_merge
from shielding.models import ContactRequest, EmergencyOverride, OverrideReview, ShieldingOrder
from shielding.services import shield_create
from tests.factories import (
    AlertFactory,
    CarerFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    SuspensionFactory,
    UserFactory,
)
from tests.shielding.markers import MARKER_OUTWARD_CODES, MarkedChild, marked_child_create
from tests.shielding.new_identity_world import NewIdentityPair, new_identity_pair_create
from tests.shielding.staged_records import staged_records_create


@dataclass
class ShieldedWorld:
    """A marked child, shielded by its authority's management team, with the team's other objects
    (a contact request, an emergency override and its review, a feed record held for it, and a
    possible match that names the child), so that pages about them have something to show."""

    marked: MarkedChild
    local_authority: LocalAuthority
    management_team_user: object
    # A child of the same authority given a new identity by its team (tests.shielding.new_identity_world).
    new_identity: NewIdentityPair | None = None
    # A duplicate record of the marked child, merged into it (merged_duplicate_create).
    merged_duplicate: Child | None = None

    @property
    def child(self) -> Child:
        return self.marked.child

    @property
    def crawl_row_ids(self) -> dict[str, list[int]]:
        """The ids of every row the crawl fills URLs from: the marked child's, and the new
        identity's (its sealed record's hidden rows, both records, the held birth record)."""
        row_ids = {label: list(ids) for label, ids in self.marked.row_ids.items()}
        if self.new_identity is not None:
            for label, ids in self.new_identity.row_ids.items():
                row_ids.setdefault(label, []).extend(ids)
        return row_ids


def management_team_user_create(local_authority: LocalAuthority, *, join: bool = True):
    """A management-team user of the authority, in the authority's team when `join`."""
    user = UserFactory(
        role=Role.LA_MANAGEMENT, organisation=OrganisationFactory(local_authority=local_authority)
    )
    if join:
        management_team_join(user=user)
    return user


def shielded_world_build(*, new_identity: bool = False) -> ShieldedWorld:
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
    pair = None
    if new_identity:
        pair = new_identity_pair_create(local_authority=local_authority, manager=manager)
        pair.row_ids["auditlog.logentry"] = [
            *change_history_entry_ids(pair.row_ids),
            *pair.sealed_record_entry_ids(),
        ]
    return ShieldedWorld(
        marked=marked,
        local_authority=local_authority,
        management_team_user=manager,
        new_identity=pair,
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


def merged_duplicate_create(world: ShieldedWorld) -> Child:
    """A second record of the marked child, with a carer of its own, merged into the marked child
    by the team: its ID now leads to the shielded child, and the merge's pages have a merge to
    show. The merge and its change history join the marked rows the crawl fills URLs from."""
    child = world.child
    duplicate = child_create(
        given_names=child.given_names,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        gender=child.gender,
        responsible_local_authority=world.local_authority,
    )
    CarerFactory(child=duplicate, given_names="Duplicate", family_name="Recorded")
    merge = child_merge(
        survivor=child,
        merged=duplicate,
        by=world.management_team_user,
        reason="The same child, recorded twice.",
    )
    row_ids = world.marked.row_ids
    row_ids["registry.childmerge"] = [merge.pk]
    row_ids["auditlog.logentry"] = [
        *row_ids.get("auditlog.logentry", []),
        *LogEntry.objects.get_for_object(merge).values_list("pk", flat=True),
    ]
    world.merged_duplicate = duplicate
    return duplicate
