"""The side-by-side of a waiting record: the record as received next to each candidate child as it
stands now, field by field, with the matcher's level for each field and each candidate's weight.

Candidates are read as the reviewer, through the chokepoint, for the data-quality purpose. A
candidate whose hidden data the reviewer may not see (shielded since the record was matched, by
an authority whose team the reviewer is not in) is left out altogether: setting a feed record's
address beside a shielded child's name would say where the child lives. Each view is audited.
"""

from dataclasses import dataclass, field

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record
from ingest.records import FeedRecord
from ingest.reference_lookup import ReferenceLookup
from ingest.review.access import REVIEW_PURPOSE, QueuedRecord
from ingest.review.fields import COMPARED_FIELDS, CandidateData, level_label, level_tag
from registry.models import (
    Address,
    Carer,
    Child,
    ExternalIdentifier,
    GPRegistration,
    SettingEnrolment,
)
from registry.shielding_policy import shielding_policy


@dataclass(frozen=True)
class ComparedValue:
    """One candidate's value of one field, and how the matcher rated it against the record's."""

    value: str
    level: str

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def level_tag(self) -> str:
        return level_tag(self.level)


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    record_value: str
    candidate_values: list[ComparedValue]


@dataclass(frozen=True)
class CandidateColumn:
    child: Child
    match_weight: float | None


@dataclass
class Comparison:
    """What the record page shows: the candidates' columns and one row per compared field."""

    record: FeedRecord
    candidates: list[CandidateColumn] = field(default_factory=list)
    rows: list[ComparisonRow] = field(default_factory=list)


def shown_candidates(*, user, queued: QueuedRecord) -> list[Child]:
    """The candidates `user` may be shown, in the matcher's order: identity through the
    chokepoint, without any child whose hidden data is hidden from `user`, and without an
    archived record (archived since the record was matched), which nobody here may read or
    update."""
    visible = (
        Child.objects.visible_to(user, purpose=REVIEW_PURPOSE)
        .filter(pk__in=queued.candidate_ids)
        .exclude(status=Child.Status.ARCHIVED)
    )
    visible = shielding_policy().restrict_children_for_hidden_criteria(visible, user=user)
    by_id = {child.pk: child for child in visible.select_related("responsible_local_authority")}
    return [by_id[child_id] for child_id in queued.candidate_ids if child_id in by_id]


def responsible_authority_named(*, queued: QueuedRecord) -> bool:
    """Whether the record says which authority a new child of it would belong to (if not, the
    person who creates one chooses)."""
    record = queued.record
    lookup = ReferenceLookup.for_records([record])
    authority_id = lookup.responsible_authority_id(
        record, feed_authority_id=queued.feed.local_authority_id
    )
    return authority_id is not None


@transaction.atomic
def comparison_audited(*, user, queued: QueuedRecord) -> Comparison:
    """The side-by-side for `user`, with the access event that records what it showed."""
    children = shown_candidates(user=user, queued=queued)
    comparison = _comparison_build(user=user, queued=queued, children=children)
    access_event_record(
        kind=AccessEvent.Kind.RECORD_VIEW,
        user=user,
        purpose=REVIEW_PURPOSE,
        child_ids=[child.pk for child in children],
        details={"staged_record": queued.staged_record.pk, "held": queued.is_held},
    )
    return comparison


def _comparison_build(*, user, queued: QueuedRecord, children: list[Child]) -> Comparison:
    scores = _scores_by_child(queued)
    data = _candidate_data(user=user, children=children)
    record = queued.record
    comparison = Comparison(record=record)
    comparison.candidates = [
        CandidateColumn(child=child, match_weight=scores.get(child.pk, (None, {}))[0])
        for child in children
    ]
    for compared in COMPARED_FIELDS:
        values = [
            ComparedValue(
                value=compared.candidate_value(data[child.pk]),
                level=scores.get(child.pk, (None, {}))[1].get(compared.level_key, ""),
            )
            for child in children
        ]
        comparison.rows.append(ComparisonRow(compared.label, compared.record_value(record), values))
    return comparison


def _scores_by_child(queued: QueuedRecord) -> dict[int, tuple[float | None, dict]]:
    """Each candidate's weight and field levels, as the matcher found them."""
    content = queued.content
    if queued.is_held:
        return {content.child_id: (content.match_weight, content.field_levels)}
    return {
        candidate["child_id"]: (candidate.get("match_weight"), candidate.get("levels", {}))
        for candidate in content.candidates
    }


def _candidate_data(*, user, children: list[Child]) -> dict[int, CandidateData]:
    """Each shown child's current contact data, read through the chokepoint, a query per table."""
    data = {child.pk: CandidateData(child=child) for child in children}

    def rows(model, *related):
        queryset = model.objects.visible_to(user, purpose=REVIEW_PURPOSE)
        return queryset.filter(child_id__in=list(data)).select_related(*related).order_by("pk")

    for address in rows(Address).filter(ended_on__isnull=True):
        data[address.child_id].address = address
    for carer in rows(Carer).filter(ended_on__isnull=True):
        data[carer.child_id].carers.append(carer)
    for enrolment in rows(SettingEnrolment, "setting").filter(ended_on__isnull=True):
        data[enrolment.child_id].enrolment = enrolment
    for registration in rows(GPRegistration, "practice").filter(ended_on__isnull=True):
        data[registration.child_id].gp_registration = registration
    for identifier in rows(ExternalIdentifier):
        data[identifier.child_id].identifiers.append(identifier)
    return data
