"""A management team records a shield's review: it stays shielded and falls due again later."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shielding.models import ShieldingOrder
from shielding.selectors import shielding_reviews_overdue
from shielding.services import shield_review_record

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)


@pytest.fixture
def overdue_order(shielded_child):
    order = ShieldingOrder.objects.get(child=shielded_child, active=True)
    order.review_due_on = datetime.date.today() - datetime.timedelta(days=3)
    order.save(update_fields=["review_due_on"])
    return order


def test_a_recorded_review_moves_the_due_date_and_clears_the_overdue_list(
    overdue_order, leeds_manager
):
    assert list(shielding_reviews_overdue(user=leeds_manager)) == [overdue_order]
    shield_review_record(
        order=overdue_order,
        by=leeds_manager,
        notes="Refuge place continues.",
        next_review_due_on=NEXT_YEAR,
    )
    overdue_order.refresh_from_db()
    assert overdue_order.active and overdue_order.review_due_on == NEXT_YEAR
    assert overdue_order.last_reviewed_by == leeds_manager
    assert list(shielding_reviews_overdue(user=leeds_manager)) == []


def test_a_review_needs_notes_and_a_future_date(overdue_order, leeds_manager):
    with pytest.raises(ValidationError):
        shield_review_record(
            order=overdue_order, by=leeds_manager, notes=" ", next_review_due_on=NEXT_YEAR
        )
    with pytest.raises(ValidationError):
        shield_review_record(
            order=overdue_order,
            by=leeds_manager,
            notes="Still needed.",
            next_review_due_on=datetime.date.today(),
        )


def test_another_authoritys_team_cannot_review(overdue_order, bradford_manager):
    with pytest.raises(PermissionDenied):
        shield_review_record(
            order=overdue_order,
            by=bradford_manager,
            notes="Still needed.",
            next_review_due_on=NEXT_YEAR,
        )


def test_the_review_page_records_a_review(client_for, overdue_order, leeds_manager):
    url = reverse("shielding:review", args=[overdue_order.pk])
    client = client_for(leeds_manager)
    assert "Record the review" in client.get(reverse("shielding:home")).content.decode()
    response = client.post(
        url,
        {
            "notes": "Still at risk.",
            "review_day": str(NEXT_YEAR.day),
            "review_month": str(NEXT_YEAR.month),
            "review_year": str(NEXT_YEAR.year),
        },
        follow=True,
    )
    assert "review of" in response.content.decode()
    overdue_order.refresh_from_db()
    assert overdue_order.review_due_on == NEXT_YEAR


def test_the_review_page_is_a_404_for_another_team(client_for, overdue_order, bradford_manager):
    url = reverse("shielding:review", args=[overdue_order.pk])
    assert client_for(bradford_manager).get(url).status_code == 404
