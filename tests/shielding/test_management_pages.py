"""The management team's pages: its shielded children and overdue reviews, shielding and
unshielding, and the override reviews. Each is its own authority's alone: another authority's team
gets the same 404 as for something that does not exist."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from shielding import services
from shielding.models import OverrideReview, ShieldingOrder
from tests.factories import ChildFactory, UserFactory
from tests.shielding.conftest import PURPOSE, hidden_values_in, record_url

pytestmark = pytest.mark.django_db
HOME = "/shielding/"
TODAY = datetime.date.today()


def shield_url(child) -> str:
    return f"{reverse('shielding:shield', args=[child.contactpoint_id])}?purpose={PURPOSE}"


def shield_post(**overrides):
    review_on = TODAY + datetime.timedelta(days=120)
    return {
        "reason": "fleeing_abuse",
        "justification": "Mother and child moved to a refuge.",
        "review_day": str(review_on.day),
        "review_month": str(review_on.month),
        "review_year": str(review_on.year),
        **overrides,
    }


# Who sees what on the record


@pytest.mark.parametrize(
    "reader", ["practitioner", "protector", "bradford_manager", "auditor", "operations"]
)
def test_a_shielded_child_is_redacted_for_everyone_not_cleared(
    client_for, shielded_child, reader, request
):
    users = {
        "auditor": lambda: UserFactory(role=Role.AUDITOR),
        "operations": lambda: UserFactory(role=Role.OPERATIONS),
    }
    user = users[reader]() if reader in users else request.getfixturevalue(reader)
    body = client_for(user).get(record_url(shielded_child)).content.decode()
    assert hidden_values_in(body) == []
    for identity in ("Zara", "Whitfield", "2 June 2014", shielded_child.display_id):
        assert identity in body
    assert "goes through the management team of Leeds" in body


def test_the_childs_own_team_sees_the_whole_record(client_for, shielded_child, leeds_manager):
    body = client_for(leeds_manager).get(record_url(shielded_child)).content.decode()
    assert set(hidden_values_in(body)) >= {"27 Hollybush Lane", "LS5 3BT", "Ngozi", "Imogen Sable"}
    assert 'id="brokered-contact"' not in body
    assert "This child is shielded" in body and "Unshield this child" in body


def test_shield_this_child_is_offered_only_to_the_childs_team(
    client_for, unshielded_child, leeds_manager, bradford_manager, practitioner
):
    link = reverse("shielding:shield", args=[unshielded_child.contactpoint_id])
    assert link in client_for(leeds_manager).get(record_url(unshielded_child)).content.decode()
    for outsider in (bradford_manager, practitioner):
        body = client_for(outsider).get(record_url(unshielded_child)).content.decode()
        assert link not in body and "Shield this child" not in body


# Shielding and unshielding


def test_the_team_shields_a_child_and_practitioners_then_see_it_redacted(
    client_for, unshielded_child, leeds_manager, practitioner, leeds
):
    team = client_for(leeds_manager)
    assert "Shield this child" in team.get(shield_url(unshielded_child)).content.decode()
    response = team.post(shield_url(unshielded_child), shield_post(), follow=True)
    assert "The child is shielded" in response.content.decode()
    order = ShieldingOrder.objects.get(child=unshielded_child, active=True)
    assert (order.local_authority, order.made_by, order.reason) == (
        leeds,
        leeds_manager,
        "fleeing_abuse",
    )
    assert order.review_due_on == TODAY + datetime.timedelta(days=120)
    body = client_for(practitioner).get(record_url(unshielded_child)).content.decode()
    assert "goes through the management team of Leeds" in body


def test_shielding_needs_a_justification_and_a_future_review_date(
    client_for, unshielded_child, leeds_manager
):
    team = client_for(leeds_manager)
    body = team.post(shield_url(unshielded_child), shield_post(justification="")).content.decode()
    assert "Enter the justification for shielding" in body
    yesterday = TODAY - datetime.timedelta(days=1)
    past = shield_post(
        review_day=str(yesterday.day),
        review_month=str(yesterday.month),
        review_year=str(yesterday.year),
    )
    assert (
        "Review date must be in the future"
        in team.post(shield_url(unshielded_child), past).content.decode()
    )
    assert not ShieldingOrder.objects.exists()


def test_another_team_cannot_shield(client_for, unshielded_child, bradford_manager):
    client = client_for(bradford_manager)
    assert client.get(shield_url(unshielded_child)).status_code == 404
    assert client.post(shield_url(unshielded_child), shield_post()).status_code == 404
    assert not ShieldingOrder.objects.exists()


def test_a_practitioner_cannot_shield(client_for, unshielded_child, practitioner):
    assert (
        client_for(practitioner).post(shield_url(unshielded_child), shield_post()).status_code
        == 404
    )
    assert not ShieldingOrder.objects.exists()


def test_the_team_unshields_with_a_reason(client_for, shielded_child, leeds_manager, practitioner):
    order = ShieldingOrder.objects.get(child=shielded_child)
    team = client_for(leeds_manager)
    url = reverse("shielding:unshield", args=[order.pk])
    assert (
        "Enter why the child no longer needs shielding"
        in team.post(url, {"end_reason": ""}).content.decode()
    )
    response = team.post(url, {"end_reason": "The risk has passed."}, follow=True)
    assert "is no longer shielded" in response.content.decode()
    order.refresh_from_db()
    assert (order.active, order.end_reason) == (False, "The risk has passed.")
    body = client_for(practitioner).get(record_url(shielded_child)).content.decode()
    assert "27 Hollybush Lane" in body


def test_another_team_cannot_unshield_or_learn_of_the_order(
    client_for, shielded_child, bradford_manager, practitioner
):
    order = ShieldingOrder.objects.get(child=shielded_child)
    url = reverse("shielding:unshield", args=[order.pk])
    missing = reverse("shielding:unshield", args=[order.pk + 1000])
    for user in (bradford_manager, practitioner):
        client = client_for(user)
        assert client.get(url).status_code == 404
        response = client.post(url, {"end_reason": "Not ours."})
        assert response.status_code == 404
        assert response.content == client.get(missing).content
    order.refresh_from_db()
    assert order.active


# The team's home page


def test_the_home_page_lists_the_teams_children_with_overdue_reviews_highlighted(
    client_for, shielded_child, leeds, leeds_manager, bradford, bradford_manager
):
    overdue_child = ChildFactory(
        given_names="Olly", family_name="Overdue", responsible_local_authority=leeds
    )
    overdue = services.shield_create(
        child=overdue_child,
        by=leeds_manager,
        reason=ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        justification="Placed for adoption.",
        review_due_on=TODAY + datetime.timedelta(days=5),
    )
    overdue.review_due_on = TODAY - datetime.timedelta(days=7)
    overdue.save(update_fields=["review_due_on"])
    services.shield_create(
        child=ChildFactory(family_name="Elsewhere", responsible_local_authority=bradford),
        by=bradford_manager,
        reason=ShieldingOrder.Reason.OTHER_RISK,
        justification="Bradford's own.",
        review_due_on=TODAY + datetime.timedelta(days=5),
    )

    body = client_for(leeds_manager).get(HOME).content.decode()
    assert shielded_child.display_id in body and overdue_child.display_id in body
    assert "Elsewhere" not in body
    overdue_section = body.split('id="reviews-overdue"')[1].split('id="shielded-children"')[0]
    assert "Overdue" in overdue_section and overdue_child.display_id in overdue_section
    assert shielded_child.display_id not in overdue_section
    assert "govuk-tag--red" in overdue_section
    assert hidden_values_in(body) == []


def test_the_home_page_shows_open_requests_and_pending_reviews(
    client_for, shielded_child, practitioner, protector, leeds_manager, bradford_manager
):
    services.contact_request_make(
        child=shielded_child, by=practitioner, purpose=PURPOSE, message="Please call me."
    )
    services.override_make(
        child=shielded_child, by=protector, purpose=PURPOSE, reason="Child missing tonight."
    )
    body = client_for(leeds_manager).get(HOME).content.decode()
    assert "Pat Visitor" in body and "Chris Protector" in body
    other = client_for(bradford_manager).get(HOME).content.decode()
    assert "Pat Visitor" not in other and "Chris Protector" not in other
    assert shielded_child.display_id not in other


@pytest.mark.parametrize("page", ["home", "contact-requests", "override-reviews"])
def test_users_in_no_team_get_404(client_for, practitioner, protector, page):
    for user in (practitioner, protector, UserFactory(role=Role.OPERATIONS)):
        assert client_for(user).get(reverse(f"shielding:{page}")).status_code == 404


def test_the_header_links_a_manager_to_shielding(client_for, leeds_manager, practitioner):
    assert 'href="/shielding/"' in client_for(leeds_manager).get("/search/").content.decode()
    assert 'href="/shielding/"' not in client_for(practitioner).get("/search/").content.decode()


def test_pages_need_a_signed_in_user(client, shielded_child):
    order = ShieldingOrder.objects.get(child=shielded_child)
    for url in (HOME, shield_url(shielded_child), reverse("shielding:unshield", args=[order.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


# Override reviews


def test_the_team_reviews_an_override(client_for, shielded_child, protector, leeds_manager):
    services.override_make(
        child=shielded_child, by=protector, purpose=PURPOSE, reason="Child missing tonight."
    )
    review = OverrideReview.objects.get()
    team = client_for(leeds_manager)
    assert (
        shielded_child.display_id
        in team.get(reverse("shielding:override-reviews")).content.decode()
    )
    url = reverse("shielding:override-review", args=[review.pk])
    body = team.get(url).content.decode()
    assert "Child missing tonight." in body and "Chris Protector" in body
    assert (
        "Select whether the override was justified"
        in team.post(url, {"notes": "Checked."}).content.decode()
    )
    response = team.post(
        url, {"outcome": "justified", "notes": "Police confirmed the emergency."}, follow=True
    )
    assert "outcome is recorded" in response.content.decode()
    review.refresh_from_db()
    assert (review.outcome, review.reviewed_by) == ("justified", leeds_manager)


def test_another_team_cannot_see_or_review_an_override(
    client_for, shielded_child, protector, bradford_manager
):
    services.override_make(
        child=shielded_child, by=protector, purpose=PURPOSE, reason="Child missing tonight."
    )
    review = OverrideReview.objects.get()
    client = client_for(bradford_manager)
    url = reverse("shielding:override-review", args=[review.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "not_justified", "notes": "x"}).status_code == 404
    review.refresh_from_db()
    assert review.outcome == "pending"
