"""Who may open a waiting record, and whose queue lists it. A held record is its management
team's alone; a possible match is for data-quality staff and the teams of its candidates.
"Not yours" and "no such record" are the same answer."""

import pytest
from django.http import Http404

from accounts.roles import Role
from ingest.models import Outcome
from ingest.review import selectors as review_selectors
from ingest.review.access import queued_record_access, queued_record_get
from ingest.review.selectors import held_queue_page, review_queue_page
from ingest.review.services import SAME, review_resolve
from tests.factories import UserFactory
from tests.ingest.staged_world import (
    MOVED,
    record_stage,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db


def outsiders(world) -> dict[str, object]:
    return {
        "data quality": world.data_quality,
        "Bradford's team": world.bradford_team,
        "Leeds manager not in the team": management_team_user_create(world.leeds, join=False),
        "operations": UserFactory(role=Role.OPERATIONS),
        "practitioner": UserFactory(role=Role.PRACTITIONER),
        "child protection": UserFactory(role=Role.CHILD_PROTECTION),
        "auditor": UserFactory(role=Role.AUDITOR),
    }


def listed(page) -> list[int]:
    return [content.staged_record_id for content in page.object_list]


def test_a_held_record_is_opened_by_its_management_team_only(world, held):
    assert held.outcome == Outcome.HELD
    queued = queued_record_access(user=world.leeds_team, staged_record_id=held.pk)
    assert queued.is_held and "9 Refuge Row" in queued.content.raw

    for label, outsider in outsiders(world).items():
        assert queued_record_get(user=outsider, staged_record_id=held.pk) is None, label
        with pytest.raises(Http404) as not_yours:
            queued_record_access(user=outsider, staged_record_id=held.pk)
        with pytest.raises(Http404) as missing:
            queued_record_access(user=outsider, staged_record_id=held.pk + 1000)
        assert str(not_yours.value) == str(missing.value)


def test_the_held_queue_lists_a_record_for_its_team_only(world, held):
    assert listed(held_queue_page(user=world.leeds_team)) == [held.pk]
    for label, outsider in outsiders(world).items():
        assert listed(held_queue_page(user=outsider)) == [], label
        assert listed(review_queue_page(user=outsider)) == [], label


def test_a_possible_match_is_for_data_quality_and_its_candidates_teams(world, in_review):
    assert in_review.outcome == Outcome.REVIEW
    for reviewer in (world.data_quality, world.leeds_team):
        assert queued_record_get(user=reviewer, staged_record_id=in_review.pk) is not None
        assert listed(review_queue_page(user=reviewer)) == [in_review.pk]
        assert listed(held_queue_page(user=reviewer)) == []
    for label, outsider in outsiders(world).items():
        if outsider is world.data_quality:
            continue
        assert queued_record_get(user=outsider, staged_record_id=in_review.pk) is None, label
        assert listed(review_queue_page(user=outsider)) == [], label


def test_a_settled_record_leaves_the_queue(world, in_review):
    review_resolve(
        staged_record=in_review, by=world.leeds_team, decision=SAME, child_id=world.amelia.pk
    )
    assert listed(review_queue_page(user=world.data_quality)) == []


def test_queues_are_oldest_first_a_page_at_a_time(world, monkeypatch):
    monkeypatch.setattr(review_selectors, "RECORDS_PER_PAGE", 2)
    staged = [
        record_stage(world, {**MOVED, "record_id": f"CB-{number}"}, name=f"{number}.csv")
        for number in range(3)
    ]
    first = review_queue_page(user=world.data_quality)
    second = review_queue_page(user=world.data_quality, page_number="2")
    assert listed(first) + listed(second) == [record.pk for record in staged]
    assert first.has_next() and not second.has_next()
