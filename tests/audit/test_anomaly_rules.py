"""The anomaly rules, judged as each search and record view is written: each rule, one alert per
user, rule and window, the event that records it, and the emails to the user's management team
and the auditors, which name the user and the rule and never a child. Then the alert pages."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from accounts.models import Organisation
from accounts.roles import Role
from audit.anomalies.areas import area_map_forget
from audit.anomalies.working_hours import is_out_of_hours
from audit.models import AccessEvent, Alert
from audit.services import access_event_record
from registry.models import LocalAuthority, PostcodeDistrict
from tests.factories import (
    AlertFactory,
    ChildFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
LONDON = datetime.timezone(datetime.timedelta(hours=1))  # British Summer Time
# Wednesday 3 June 2026, 10:15 in London.
WEDNESDAY_MORNING = datetime.datetime(2026, 6, 3, 10, 15, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def fresh_areas():
    area_map_forget()
    yield
    area_map_forget()


@pytest.fixture
def leeds() -> LocalAuthority:
    authority = LocalAuthorityFactory(code="383", name="Leeds")
    for outward_code in ("LS1", "LS6"):
        PostcodeDistrict.objects.create(outward_code=outward_code, local_authority=authority)
    return authority


@pytest.fixture
def reader(leeds):
    return UserFactory(
        role=Role.PRACTITIONER,
        first_name="Rhona",
        last_name="Reader",
        organisation=OrganisationFactory(local_authority=leeds),
    )


@pytest.fixture
def team(leeds):
    return management_team_user_create(leeds)


@pytest.fixture
def auditor():
    return UserFactory(role=Role.AUDITOR, email="auditor@example.org")


@pytest.fixture
def clock():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def read(django_capture_on_commit_callbacks):
    """`read(user, ...)` writes one read's event in a transaction of its own, as a page does,
    and runs what follows its commit (emails, markers)."""

    def write(user, *, kind=AccessEvent.Kind.SEARCH, child_ids=(), criteria=None):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return access_event_record(
                kind=kind,
                user=user,
                purpose="child_protection",
                criteria=criteria or {},
                child_ids=list(child_ids),
            )

    return write


def alerts(user, rule=None) -> list[Alert]:
    found = Alert.objects.filter(user=user).order_by("pk")
    return list(found.filter(rule=rule) if rule else found)


def flagged(user) -> list[dict]:
    events = AccessEvent.objects.filter(kind=AccessEvent.Kind.ANOMALY_FLAGGED, user=user)
    return list(events.order_by("pk").values_list("details", flat=True))


# Unusual volume.


def test_the_volume_rule_raises_one_alert_per_user_and_hour(reader, read, clock, settings):
    settings.ANOMALY_READS_PER_HOUR = 5
    for _ in range(4):
        read(reader)
    assert alerts(reader) == []

    read(reader)
    [alert] = alerts(reader)
    assert (alert.rule, alert.count, alert.threshold) == ("volume", 5, 5)
    assert alert.window_start == datetime.datetime(2026, 6, 3, 10, 0, tzinfo=LONDON)
    assert alert.local_authority == reader.local_authority
    assert alert.status == Alert.Status.OPEN
    assert flagged(reader) == [{"alert": alert.pk, "rule": "volume", "count": 5, "threshold": 5}]

    for _ in range(10):
        read(reader, kind=AccessEvent.Kind.RECORD_VIEW)
    assert len(alerts(reader)) == 1 and len(flagged(reader)) == 1

    clock.shift(datetime.timedelta(hours=1))
    for _ in range(5):
        read(reader)
    assert [alert.count for alert in alerts(reader)] == [5, 5]
    assert len(flagged(reader)) == 2


def test_other_events_are_not_reads(reader, clock, settings, django_capture_on_commit_callbacks):
    settings.ANOMALY_READS_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            access_event_record(kind=AccessEvent.Kind.SIGN_IN, user=reader)
            access_event_record(kind=AccessEvent.Kind.THROTTLED, user=reader)
    assert alerts(reader) == []


def test_each_user_is_counted_alone(reader, leeds, read, clock, settings):
    settings.ANOMALY_READS_PER_HOUR = 3
    colleague = UserFactory(role=Role.PRACTITIONER, organisation=reader.organisation)
    for _ in range(2):
        read(reader)
        read(colleague)
    assert alerts(reader) == [] and alerts(colleague) == []


# Many distinct children.


def test_distinct_children_count_each_child_once_a_day(reader, read, clock, settings):
    settings.ANOMALY_CHILDREN_PER_DAY = 3
    first, second, third = (ChildFactory() for _ in range(3))
    read(reader, child_ids=[first.pk, second.pk])
    read(reader, kind=AccessEvent.Kind.RECORD_VIEW, child_ids=[first.pk])
    read(reader, child_ids=[second.pk, first.pk])
    assert alerts(reader) == []

    read(reader, kind=AccessEvent.Kind.RECORD_VIEW, child_ids=[third.pk])
    [alert] = alerts(reader)
    assert (alert.rule, alert.count, alert.threshold) == ("distinct_children", 3, 3)
    assert alert.window_start == datetime.datetime(2026, 6, 3, 0, 0, tzinfo=LONDON)

    clock.shift(datetime.timedelta(days=1))
    read(reader, child_ids=[first.pk, second.pk])
    assert len(alerts(reader)) == 1


def test_a_search_that_finds_nobody_adds_no_child(reader, read, clock, settings):
    settings.ANOMALY_CHILDREN_PER_DAY = 1
    for _ in range(3):
        read(reader, child_ids=[])
    assert alerts(reader, "distinct_children") == []


# Out of hours.


@pytest.mark.parametrize(
    ("moment", "out_of_hours"),
    [
        (datetime.datetime(2026, 6, 3, 8, 0, tzinfo=LONDON), False),
        (datetime.datetime(2026, 6, 3, 17, 59, tzinfo=LONDON), False),
        (datetime.datetime(2026, 6, 3, 18, 0, tzinfo=LONDON), True),
        (datetime.datetime(2026, 6, 3, 7, 59, tzinfo=LONDON), True),
        # 07:30 UTC is 08:30 in a London summer, but 07:30 in its winter.
        (datetime.datetime(2026, 6, 3, 7, 30, tzinfo=datetime.UTC), False),
        (datetime.datetime(2026, 1, 7, 7, 30, tzinfo=datetime.UTC), True),
        # Saturday.
        (datetime.datetime(2026, 6, 6, 11, 0, tzinfo=LONDON), True),
    ],
)
def test_working_hours_are_weekdays_eight_till_six_in_london(moment, out_of_hours):
    assert is_out_of_hours(moment) is out_of_hours


def test_working_hours_and_days_come_from_settings(settings):
    settings.ANOMALY_WORKING_HOURS = "07:00-23:00"
    settings.ANOMALY_WORKING_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert not is_out_of_hours(datetime.datetime(2026, 6, 3, 22, 0, tzinfo=LONDON))
    assert not is_out_of_hours(datetime.datetime(2026, 6, 6, 11, 0, tzinfo=LONDON))
    assert is_out_of_hours(datetime.datetime(2026, 6, 7, 11, 0, tzinfo=LONDON))


def test_the_out_of_hours_rule_counts_only_reads_outside_working_hours(
    reader, read, clock, settings
):
    settings.ANOMALY_OUT_OF_HOURS_READS_PER_DAY = 2
    for _ in range(5):
        read(reader)
    assert alerts(reader) == []

    clock.move_to(datetime.datetime(2026, 6, 3, 22, 30, tzinfo=LONDON))
    read(reader)
    assert alerts(reader) == []
    read(reader, kind=AccessEvent.Kind.RECORD_VIEW)
    [alert] = alerts(reader)
    assert (alert.rule, alert.count) == ("out_of_hours", 2)
    read(reader)
    assert len(alerts(reader)) == 1


# Far outside the user's own area.


@pytest.fixture
def bradford() -> LocalAuthority:
    """A neighbour: one of its districts (LS29) shares Leeds's postcode area."""
    authority = LocalAuthorityFactory(code="380", name="Bradford")
    for outward_code in ("BD1", "LS29"):
        PostcodeDistrict.objects.create(outward_code=outward_code, local_authority=authority)
    return authority


@pytest.fixture
def plymouth() -> LocalAuthority:
    authority = LocalAuthorityFactory(code="879", name="Plymouth")
    PostcodeDistrict.objects.create(outward_code="PL1", local_authority=authority)
    return authority


def test_the_area_rule_counts_searches_and_children_far_from_the_users_authority(
    reader, leeds, bradford, plymouth, read, clock, settings
):
    settings.ANOMALY_OUT_OF_AREA_READS_PER_DAY = 2
    at_home = ChildFactory(responsible_local_authority=leeds)
    next_door = ChildFactory(responsible_local_authority=bradford)
    far_away = ChildFactory(responsible_local_authority=plymouth)
    read(reader, criteria={"postcode": "LS6 2AB"}, child_ids=[at_home.pk])
    read(reader, criteria={"postcode": "BD1 1AA"}, child_ids=[next_door.pk])
    read(reader, kind=AccessEvent.Kind.RECORD_VIEW, child_ids=[next_door.pk])
    assert alerts(reader) == []

    read(reader, criteria={"postcode": "PL1 1AA"})
    assert alerts(reader) == []
    read(reader, kind=AccessEvent.Kind.RECORD_VIEW, child_ids=[far_away.pk])
    [alert] = alerts(reader)
    assert (alert.rule, alert.count, alert.threshold) == ("out_of_area", 2, 2)


def test_a_national_partners_user_has_no_area(plymouth, read, clock, settings):
    settings.ANOMALY_OUT_OF_AREA_READS_PER_DAY = 1
    police = Organisation.objects.create(
        code="POLICE-WY", name="West Yorkshire Police", kind=Organisation.Kind.NATIONAL_PARTNER
    )
    officer = UserFactory(role=Role.CHILD_PROTECTION, organisation=police)
    far_away = ChildFactory(responsible_local_authority=plymouth)
    read(officer, criteria={"postcode": "PL1 1AA"}, child_ids=[far_away.pk])
    assert alerts(officer) == []


def test_a_rule_at_zero_is_off(reader, read, clock, settings):
    settings.ANOMALY_READS_PER_HOUR = 0
    for _ in range(3):
        read(reader)
    assert alerts(reader) == []


# Notifications.


def test_the_team_and_the_auditors_are_emailed_the_user_and_the_rule_only(
    reader, team, auditor, leeds, read, clock, settings
):
    settings.ANOMALY_CHILDREN_PER_DAY = 2
    UserFactory(role=Role.AUDITOR, email="retired@example.org", is_active=False)
    other_team = management_team_user_create(LocalAuthorityFactory(name="Elsewhere"))
    children = [ChildFactory(given_names="Perpetua", family_name="Quillfeather") for _ in range(2)]
    read(reader, child_ids=[child.pk for child in children])

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([team.email, auditor.email])
    assert other_team.email not in recipients and reader.email not in recipients
    message = mail.outbox[0]
    assert "Rhona Reader" in message.subject
    assert "Rhona Reader" in message.body and "Many different children" in message.body
    assert "2 different children" in message.body
    for child in children:
        for value in (child.given_names, child.family_name, child.display_id, str(child.pk)):
            assert value not in message.body and value not in message.subject


def test_a_national_partners_user_is_reported_to_the_auditors(auditor, read, clock, settings):
    settings.ANOMALY_READS_PER_HOUR = 1
    police = Organisation.objects.create(
        code="POLICE-NY", name="North Yorkshire Police", kind=Organisation.Kind.NATIONAL_PARTNER
    )
    officer = UserFactory(role=Role.CHILD_PROTECTION, organisation=police)
    read(officer)
    [alert] = alerts(officer)
    assert alert.local_authority is None
    assert [message.to for message in mail.outbox] == [[auditor.email]]


def test_a_mail_outage_does_not_fail_the_read(reader, team, read, clock, settings, monkeypatch):
    settings.ANOMALY_READS_PER_HOUR = 1

    def outage(*_args, **_kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("audit.anomalies.services.send_mass_mail", outage)
    event = read(reader)
    assert event.pk and len(alerts(reader)) == 1
    assert mail.outbox == []


def test_a_read_that_rolls_back_takes_its_alert_with_it(reader, read, clock, settings):
    settings.ANOMALY_READS_PER_HOUR = 1
    with pytest.raises(RuntimeError), transaction.atomic():
        access_event_record(kind=AccessEvent.Kind.SEARCH, user=reader)
        raise RuntimeError("the page failed after its read")
    assert alerts(reader) == [] and mail.outbox == []

    # Nothing remembers the lost alert: the next read raises it.
    read(reader)
    assert len(alerts(reader)) == 1 and len(flagged(reader)) == 1


# The alert pages.


def test_a_management_team_sees_alerts_about_its_own_users_only(client_for, reader, team):
    own = AlertFactory(user=reader)
    stranger = UserFactory(role=Role.PRACTITIONER)
    theirs = AlertFactory(user=stranger)
    own_about_self = AlertFactory(user=team)

    page = client_for(team).get("/audit/alerts/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rhona Reader" in body and f"/audit/alerts/{own.pk}/" in body
    assert f"/audit/alerts/{theirs.pk}/" not in body
    assert f"/audit/alerts/{own_about_self.pk}/" not in body
    for hidden in (theirs, own_about_self):
        assert client_for(team).get(f"/audit/alerts/{hidden.pk}/").status_code == 404


def test_auditors_see_every_alert(client_for, auditor, reader):
    alerts_made = [AlertFactory(user=reader), AlertFactory(user=UserFactory())]
    body = client_for(auditor).get("/audit/alerts/").content.decode()
    for alert in alerts_made:
        assert f"/audit/alerts/{alert.pk}/" in body


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.OPERATIONS, Role.DATA_QUALITY])
def test_other_roles_have_no_alert_pages(client_for, role, reader):
    alert = AlertFactory(user=reader)
    client = client_for(UserFactory(role=role))
    assert client.get("/audit/alerts/").status_code == 404
    assert client.get(f"/audit/alerts/{alert.pk}/").status_code == 404


def test_a_manager_outside_the_team_sees_no_alerts(client_for, reader, leeds):
    outsider = management_team_user_create(leeds, join=False)
    AlertFactory(user=reader)
    assert client_for(outsider).get("/audit/alerts/").status_code == 404


def test_an_alert_is_acknowledged_then_reviewed(client_for, team, reader):
    alert = AlertFactory(user=reader)
    client = client_for(team)
    acknowledged = client.post(f"/audit/alerts/{alert.pk}/acknowledge/")
    assert acknowledged.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == (Alert.Status.ACKNOWLEDGED, team)
    assert alert.acknowledged_at is not None

    empty = client.post(f"/audit/alerts/{alert.pk}/", {"notes": "  "})
    assert empty.status_code == 200 and "Enter what the review found" in empty.content.decode()

    notes = "Rhona was covering the whole duty rota for the day; agreed with her manager."
    reviewed = client.post(f"/audit/alerts/{alert.pk}/", {"notes": notes})
    assert reviewed.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.reviewed_by, alert.review_notes) == (
        Alert.Status.REVIEWED,
        team,
        notes,
    )
    page = client.get(f"/audit/alerts/{alert.pk}/").content.decode()
    assert "Reviewed by" in page and "Record the review" not in page

    again = client.post(f"/audit/alerts/{alert.pk}/", {"notes": "Second thoughts."})
    assert "already been reviewed" in again.content.decode()


def test_reviewing_an_open_alert_acknowledges_it_too(client_for, auditor, reader):
    alert = AlertFactory(user=reader)
    client_for(auditor).post(f"/audit/alerts/{alert.pk}/", {"notes": "Seen and explained."})
    alert.refresh_from_db()
    assert alert.acknowledged_by == auditor and alert.reviewed_by == auditor


def test_the_alert_page_describes_what_the_rule_saw(client_for, auditor, reader):
    alert = AlertFactory(user=reader, rule="volume", count=212, threshold=200)
    body = client_for(auditor).get(f"/audit/alerts/{alert.pk}/").content.decode()
    assert "Unusual volume of searches and records" in body
    assert "212 searches and records opened in the hour from" in body


def test_the_nav_links_to_alerts_for_reviewers_only(client_for, team, auditor, reader):
    for user, shown in ((team, True), (auditor, True), (reader, False)):
        body = client_for(user).get("/search/").content.decode()
        assert ('href="/audit/alerts/"' in body) is shown
