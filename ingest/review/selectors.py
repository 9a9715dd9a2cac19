"""The queues of records that wait for a person: review (possible matches) and held (possibly a
shielded or sealed child), each oldest first and a page at a time.

A queue lists the ledger's record_id, the feed, the batch's date, the match weight and how long
the record has waited: nothing of what the record says. Its rows are read in the user's own
database scope, so a held record that row-level security hides from the user cannot be listed
even if the filter here were wrong.
"""

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from ingest.models import StagedRecordContent
from ingest.review.access import AWAITING_A_PERSON, is_data_quality_staff
from shielding.clearance import cleared_local_authority_ids
from shielding.database_scope import user_scope

RECORDS_PER_PAGE = 50

# A review record one of whose candidates is a child of the given authorities: the few candidates
# are unnested and each child looked up by key, which the ORM cannot say. The SQL is constant;
# the authorities are a parameter.
_CANDIDATE_OF_AUTHORITIES = """EXISTS (
    SELECT FROM jsonb_array_elements(ingest_stagedrecordcontent.candidates) AS candidate
    JOIN registry_child AS child ON child.id = (candidate ->> 'child_id')::bigint
    WHERE child.responsible_local_authority_id = ANY (%s)
)"""


def review_queue_page(*, user, page_number=None) -> Page:
    """Possible matches `user` may settle: every one for data-quality staff; for a management
    team, those with a candidate child of its authorities."""
    records = _unresolved().filter(held_for__isnull=True)
    if not is_data_quality_staff(user):
        team_authority_ids = sorted(cleared_local_authority_ids(user))
        if not team_authority_ids:
            records = records.none()
        else:
            records = records.filter(
                RawSQL(  # noqa: S611
                    _CANDIDATE_OF_AUTHORITIES,
                    [team_authority_ids],
                    output_field=BooleanField(),
                )
            )
    return _page(records, user=user, page_number=page_number)


def held_queue_page(*, user, page_number=None) -> Page:
    """Records held for the authorities whose management team `user` is in."""
    records = _unresolved().filter(held_for_id__in=cleared_local_authority_ids(user))
    return _page(records, user=user, page_number=page_number)


def _unresolved() -> QuerySet[StagedRecordContent]:
    return (
        StagedRecordContent.objects.filter(
            staged_record__outcome__in=AWAITING_A_PERSON,
            staged_record__resolution__isnull=True,
        )
        .select_related("staged_record__batch__feed")
        .order_by("staged_record__processed_at", "staged_record_id")
    )


def _page(records: QuerySet, *, user, page_number) -> Page:
    """One page, read now in the user's scope (a lazy page read later would have none)."""
    with transaction.atomic(), user_scope(user):
        page = Paginator(records, RECORDS_PER_PAGE).get_page(page_number)
        page.object_list = list(page.object_list)
    return page
