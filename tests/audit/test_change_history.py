"""The change history (django-auditlog): every registry, shielding and ingest model keeps one, no
entry holds a hidden value or names one in its representation, each names who made the change,
and only auditors and superusers read it, in an admin that shows nothing more than the entry."""

import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from audit import change_history
from audit.change_history import (
    HIDDEN_VALUE,
    change_history_policies_check,
    history_models,
    history_recorded,
)
from audit.models import AccessEvent
from ingest.models import NameFrequency, PairJudgement, RecordResolution, StagedRecord
from ingest.services import feed_pause
from registry.models import RetentionExtension, ServiceInvolvement
from registry.retention import birthday
from registry.services import involvement_record
from shielding.models import ShieldingOrder
from shielding.services import shield_create, shield_review_record
from tests.factories import CarerFactory, ChildFactory, UserFactory
from tests.shielding.shielded_world import (
    management_team_user_create,
    merged_duplicate_create,
    shielded_world_build,
)

pytestmark = pytest.mark.django_db
# A value that appears in no fixture: found anywhere in an entry, it leaked.
MARKER = "Zephyrine-Quillmarker-4471"
WORLD_FREE_TEXT = (
    "The family is fleeing abuse.",
    "Please pass on a message to the family.",
    "A child-protection emergency.",
)


def entry_text(entry: LogEntry) -> str:
    """Everything an entry holds, as text."""
    values = LogEntry.objects.filter(pk=entry.pk).values().get()
    return " ".join(str(value) for value in values.values())


def entries_of(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("pk"))


@pytest.fixture
def world():
    """Every model of the three apps, written at least once."""
    world = shielded_world_build()
    operator = UserFactory(role=Role.OPERATIONS)
    staged = StagedRecord.objects.get(pk=world.marked.ids_of("ingest.stagedrecord")[0])
    feed = staged.batch.feed
    feed_pause(feed=feed, by=operator, reason="Supplier resending.")
    NameFrequency.objects.create(kind=NameFrequency.Kind.FAMILY, name="crawlington", children=1)
    PairJudgement.objects.create(
        feed=feed,
        record_id=staged.record_id,
        child=world.child,
        verdict=PairJudgement.Verdict.SAME,
        judged_by=world.management_team_user,
    )
    RecordResolution.objects.create(
        staged_record=staged,
        decision=RecordResolution.Decision.SAME_CHILD,
        child=world.child,
        decided_by=world.management_team_user,
    )
    RetentionExtension.objects.create(
        child=world.child,
        reason=RetentionExtension.Reason.CARE_LEAVER,
        keep_until=birthday(date_of_birth=world.child.date_of_birth, age=25),
        consent_recorded_by=world.management_team_user,
    )
    merged_duplicate_create(world)
    return world


def test_every_model_of_the_three_apps_has_a_policy_and_is_registered():
    models = history_models()
    assert {model._meta.app_label for model in models} == {"registry", "shielding", "ingest"}
    for model in models:
        assert auditlog.contains(model) == history_recorded(model), model
        assert model._meta.label_lower in change_history.POLICIES, model
    assert change_history_policies_check() == []


def test_a_model_without_a_policy_or_a_policy_naming_a_missing_field_fails_the_check(
    monkeypatch,
):
    policies = dict(change_history.POLICIES)
    del policies["ingest.batch"]
    policies["ingest.feed"] = change_history.HistoryPolicy(why="x", masked=("no_such_field",))
    monkeypatch.setattr(change_history, "POLICIES", policies)
    errors = {error.id: error.msg for error in change_history_policies_check()}
    assert errors.keys() == {"audit.E001", "audit.E002"}
    assert "ingest.batch" in errors["audit.E001"]
    assert "ingest.feed" in errors["audit.E002"] and "no_such_field" in errors["audit.E002"]


def test_every_registered_model_keeps_a_history(world):
    for model in filter(history_recorded, history_models()):
        assert LogEntry.objects.get_for_model(model).exists(), model


def test_no_entry_holds_a_hidden_value_or_a_shields_free_text(world):
    entries = list(LogEntry.objects.all())
    assert len(entries) > 20
    for entry in entries:
        text = entry_text(entry)
        for marker in world.marked.markers.values():
            assert not any(spelling in text for spelling in marker.spellings), (entry, marker)
        assert [free for free in WORLD_FREE_TEXT if free in text] == [], entry


def test_a_hidden_fields_change_is_recorded_fully_masked():
    carer = CarerFactory(child=ChildFactory())
    carer.given_names = MARKER
    carer.phone = "07700900999"
    carer.save()

    created, changed = entries_of(carer)
    assert created.action == LogEntry.Action.CREATE
    assert changed.changes == {
        "given_names": [HIDDEN_VALUE, HIDDEN_VALUE],
        "phone": [HIDDEN_VALUE, HIDDEN_VALUE],
    }
    for entry in LogEntry.objects.all():
        assert MARKER not in entry_text(entry)
        assert "07700900999" not in entry_text(entry)
    # Which child the row belongs to is kept: the entry is useful without the value.
    assert created.changes["child"] == ["None", str(carer.child_id)]


def test_the_representation_of_a_hidden_row_names_no_hidden_value():
    child = ChildFactory()
    practitioner = UserFactory(role=Role.PRACTITIONER)
    involvement = involvement_record(
        child=child,
        by=practitioner,
        kind=ServiceInvolvement.Kind.MENTAL_HEALTH,
        role=MARKER,
        started_on=datetime.date(2026, 1, 5),
        consent_recorded=True,
    )
    (entry,) = entries_of(involvement)
    assert entry.object_repr == f"service involvement {involvement.pk}"
    text = entry_text(entry)
    assert "Mental health" not in text and "mental_health" not in text
    assert MARKER not in text
    assert entry.changes["kind"] == [HIDDEN_VALUE, HIDDEN_VALUE]


def test_a_shields_reasons_and_notes_are_masked_and_its_dates_kept():
    child = ChildFactory()
    manager = management_team_user_create(child.responsible_local_authority)
    order = shield_create(
        child=child,
        by=manager,
        reason=ShieldingOrder.Reason.WITNESS_PROTECTION,
        justification=MARKER,
        review_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    next_review = timezone.localdate() + datetime.timedelta(days=90)
    shield_review_record(order=order, by=manager, notes=MARKER, next_review_due_on=next_review)

    created, reviewed = entries_of(order)
    assert created.changes["justification"] == [HIDDEN_VALUE, HIDDEN_VALUE]
    assert created.changes["reason"] == [HIDDEN_VALUE, HIDDEN_VALUE]
    assert reviewed.changes["last_review_notes"] == [HIDDEN_VALUE, HIDDEN_VALUE]
    assert reviewed.changes["review_due_on"][1] == str(next_review)
    assert all(MARKER not in entry_text(entry) for entry in (created, reviewed))
    assert "witness_protection" not in entry_text(created)


def test_a_change_made_through_the_api_names_its_user_address_and_request():
    child = ChildFactory()
    practitioner = UserFactory(role=Role.PRACTITIONER)
    token = Token.objects.create(user=practitioner)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post(
        f"/api/v1/children/{child.contactpoint_id}/involvements/",
        {"purpose": "health", "kind": "school_nursing", "role": MARKER, "started_on": "2026-01-06"},
        format="json",
    )

    assert response.status_code == 201, response.content
    (entry,) = entries_of(ServiceInvolvement.unscoped_objects.get(child=child))
    assert entry.actor == practitioner
    assert entry.remote_addr == "127.0.0.1"
    assert entry.cid == response["X-Request-ID"]
    assert MARKER not in entry_text(entry)


def test_a_change_made_outside_a_request_has_no_actor():
    carer = CarerFactory()
    (entry,) = entries_of(carer)
    assert (entry.actor, entry.cid, entry.remote_addr) == (None, None, None)


def _statement(run) -> None:
    with transaction.atomic():
        run()


def test_the_app_role_may_add_entries_but_never_change_or_remove_them():
    carer = CarerFactory()
    (entry,) = entries_of(carer)
    entries = LogEntry.objects.filter(pk=entry.pk)
    with pytest.raises(ProgrammingError, match="permission denied"):
        _statement(lambda: entries.update(object_repr="rewritten"))
    with pytest.raises(ProgrammingError, match="permission denied"):
        _statement(entries.delete)
    assert entries.get().object_repr == entry.object_repr


@pytest.fixture
def carer_changed():
    carer = CarerFactory(child=ChildFactory())
    carer.given_names = MARKER
    carer.save()
    return carer


def history_urls(carer) -> list[str]:
    entry = entries_of(carer)[-1]
    return [
        reverse("admin:auditlog_logentry_changelist"),
        reverse("admin:auditlog_logentry_change", args=[entry.pk]),
    ]


@pytest.mark.parametrize(
    "user_fields",
    [
        {"role": Role.AUDITOR, "is_staff": True},
        {"role": Role.OPERATIONS, "is_superuser": True},
    ],
    ids=["auditor", "superuser"],
)
def test_auditors_and_superusers_read_the_history_with_hidden_values_masked(
    client_for, carer_changed, user_fields
):
    client = client_for(UserFactory(**user_fields))
    for url in history_urls(carer_changed):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert MARKER not in body
    change_page = client.get(history_urls(carer_changed)[1]).content.decode()
    assert HIDDEN_VALUE in change_page
    assert f"carer {carer_changed.pk}" in change_page


@pytest.mark.parametrize(
    "user_fields",
    [
        {"role": Role.OPERATIONS},
        {"role": Role.LA_MANAGEMENT, "is_staff": True},
        {"role": Role.DATA_QUALITY, "is_staff": True},
    ],
    ids=["operations", "management_staff", "data_quality_staff"],
)
def test_nobody_else_opens_the_history_even_if_made_staff(client_for, carer_changed, user_fields):
    client = client_for(UserFactory(**user_fields))
    for url in history_urls(carer_changed):
        assert client.get(url).status_code == 403, url
    assert b"Log entries" not in client.get(reverse("admin:index")).content


def test_the_history_cannot_be_edited_or_deleted_in_the_admin(client_for, carer_changed):
    client = client_for(UserFactory(role=Role.OPERATIONS, is_superuser=True))
    entry = entries_of(carer_changed)[-1]
    delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_reading_the_history_is_itself_recorded(client_for):
    child = ChildFactory()
    auditor = UserFactory(role=Role.AUDITOR, is_staff=True)
    client = client_for(auditor)
    (entry,) = entries_of(child)

    client.get(reverse("admin:auditlog_logentry_changelist"), {"q": str(child.pk)})
    client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))

    listed, opened = AccessEvent.objects.filter(kind="report_viewed").order_by("pk")
    assert (listed.user, opened.user) == (auditor, auditor)
    assert listed.details == {"report": "change_history", "entries": [entry.pk]}
    assert listed.criteria == {"search": str(child.pk)}
    assert opened.details == {"report": "change_history", "entries": [entry.pk]}
    assert listed.child_ids == opened.child_ids == [child.pk]
