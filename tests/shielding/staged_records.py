"""The feed's records about the marked child, for the leak crawl: one HELD for its management team,
its raw content carrying the child's hidden values, and one possible match that named the child
as a candidate before it was shielded, whose content (another source's data) holds no marker.

The rows are written directly, as a chunk leaves them, in the matcher's database scope: the held
content is hidden data that only that scope, or the child's team, may write.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ingest.models import Batch, Feed, Outcome, StagedRecord, StagedRecordContent, TrustedField
from ingest.records import FEED_COLUMNS, FeedRecord
from registry.models import EducationalSetting, GPPractice
from shielding.database_scope import matching_scope
from tests.shielding.markers import MarkedChild

LEVELS = {
    "given_names": "exact",
    "family_name": "exact",
    "date_of_birth": "exact",
    "gender": "agree",
    "address": "different",
    "carers": "same_name",
}


def staged_records_create(marked: MarkedChild) -> dict[str, list[int]]:
    """Create the feed, its batch and the two records; their ids by model label, for the crawl."""
    child = marked.child
    with transaction.atomic(), matching_scope():
        feed = Feed.objects.create(
            code="crawl-child-benefit",
            name="Crawl child benefit",
            scope=Feed.Scope.NATIONAL,
            trusted_fields=[TrustedField.ADDRESS, TrustedField.CARERS],
        )
        batch = Batch.objects.create(
            feed=feed, file_name="crawl.csv", sha256="c" * 64, status=Batch.Status.COMPLETED,
            total_records=2, processed_records=2, held=1, review=1,
        )  # fmt: skip
        held = _staged(batch, 1, "CRAWL-HELD-1", Outcome.HELD)
        _content(held, _marked_record(marked, "CRAWL-HELD-1"), child=child, disclosed=False,
                 held_for_id=child.responsible_local_authority_id)  # fmt: skip
        in_review = _staged(batch, 2, "CRAWL-REVIEW-2", Outcome.REVIEW)
        _content(in_review, _unmarked_record(marked, "CRAWL-REVIEW-2"), child=None,
                 disclosed=True, candidates=[_candidate(child.pk)])  # fmt: skip
    return {
        "ingest.feed": [feed.pk],
        "ingest.batch": [batch.pk],
        "ingest.stagedrecord": [held.pk, in_review.pk],
    }


def _staged(batch: Batch, row_number: int, record_id: str, outcome: str) -> StagedRecord:
    return StagedRecord.objects.create(
        batch=batch, row_number=row_number, chunk_number=0, record_id=record_id,
        outcome=outcome, processed_at=timezone.now(),
    )  # fmt: skip


def _content(staged: StagedRecord, record: FeedRecord, **fields) -> StagedRecordContent:
    return StagedRecordContent.objects.create(
        staged_record=staged,
        raw=_csv_line(record),
        normalised=record.as_json(),
        match_weight=12.5,
        field_levels=LEVELS,
        **fields,
    )


def _candidate(child_id: int) -> dict:
    return {"child_id": child_id, "match_weight": 12.5, "levels": LEVELS}


def _marked_record(marked: MarkedChild, record_id: str) -> FeedRecord:
    """The record a source sends about the child: every value it carries is one of its markers."""
    value = {name: marker.value for name, marker in marked.markers.items()}
    child = marked.child
    setting = EducationalSetting.objects.get(name=value["setting.name"])
    practice = GPPractice.objects.get(name=value["gp.name"])
    return FeedRecord(
        record_id=record_id, given_names=child.given_names, family_name=child.family_name,
        date_of_birth=child.date_of_birth, gender=child.gender,
        address_line_1=value["address.line_1"], address_line_2=value["address.line_2"],
        town=value["address.town"], postcode=value["address.postcode"],
        nhs_number=value["identifier.nhs_number"], upn=value["identifier.upn"],
        carer_given_names=value["carer.given_names"],
        carer_family_name=value["carer.family_name"], carer_relationship="mother",
        carer_phone=value["carer.phone"], school_urn=setting.urn, gp_ods_code=practice.ods_code,
    )  # fmt: skip


def _unmarked_record(marked: MarkedChild, record_id: str) -> FeedRecord:
    """Another source's record with the child's visible identity and an address of its own."""
    child = marked.child
    return FeedRecord(
        record_id=record_id, given_names=child.given_names, family_name=child.family_name,
        date_of_birth=child.date_of_birth + datetime.timedelta(days=1), gender=child.gender,
        address_line_1="1 Unmarked Street", town="Leeds", postcode="LS6 1AA",
    )  # fmt: skip


def _csv_line(record: FeedRecord) -> str:
    values = record.as_json()
    return ",".join(str(values[column] or "") for column in FEED_COLUMNS)
