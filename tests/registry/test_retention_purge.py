"""Purging, in frozen time: 6 years after archiving a record goes, and with it every row that holds
the child, in every table (including those under row-level security, and the feed's staged
content); the audit events stay, the purge ledger notes the date, and a RECORD_PURGED event names
the child's primary key only. A sealed record goes 6 years after the 18th birthday, a merged one
with its survivor. A record the purge cannot remove is left for the next run."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

import shielding.record_retention
from audit.models import AccessEvent, PurgedChild
from ingest.models import (
    Batch,
    Feed,
    Outcome,
    PairJudgement,
    RecordResolution,
    StagedRecord,
    StagedRecordContent,
)
from registry.models import (
    Address,
    Carer,
    Child,
    ChildMerge,
    ExternalIdentifier,
    RetentionExtension,
    ServiceInvolvement,
)
from registry.retention import RetentionAction
from shielding.database_scope import matching_scope, shield_management_scope
from shielding.models import (
    ContactRequest,
    EmergencyOverride,
    IdentityLink,
    OverrideReview,
    ShieldingOrder,
)
from shielding.services import shield_create
from tests.factories import (
    AddressFactory,
    CarerFactory,
    ChildFactory,
    ExternalIdentifierFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.registry.test_retention import EIGHTEENTH, at, run_on
from tests.shielding.conftest import team_member

pytestmark = pytest.mark.django_db

ARCHIVED_ON = EIGHTEENTH
PURGE_DAY = datetime.date(2037, 5, 10)
# Every personal value of the child, each found nowhere else.
PERSONAL = {
    "given_names": "Quillon",
    "family_name": "Purgeworthy",
    "address": "9 Vanishing Lane",
    "postcode": "LS7 4QQ",
    "carer": "Ottoline",
    "carer_phone": "07700900777",
    "nhs_number": "9434765870",
    "practitioner": "Wilhelmina Fadeaway",
    "message": "Please ask the family to call",
    "justification": "The family fled a violent relative",
    "override_reason": "Immediate risk at the refuge",
}


def tables_holding(values) -> dict[str, list[str]]:
    """Every table, read whole in a scope that sees every hidden row, and the values it holds."""
    found = {}
    with (
        transaction.atomic(),
        matching_scope(),
        shield_management_scope(),
        connection.cursor() as cursor,
    ):
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT row_to_json(row)::text FROM "{table}" AS row')  # noqa: S608
            text = "\n".join(line for (line,) in cursor.fetchall())
            hits = sorted(value for value in values if value in text)
            if hits:
                found[table] = hits
    return found


def staged_rows(child, other_child, manager) -> dict[str, StagedRecord]:
    """A feed's record matched to the child, and one in review naming it and another child."""
    with transaction.atomic(), matching_scope():
        feed = Feed.objects.create(code="purge-feed", name="Purge feed", scope=Feed.Scope.NATIONAL)
        batch = Batch.objects.create(feed=feed, file_name="purge.csv", sha256="e" * 64)
        rows = {}
        for number, (name, outcome) in enumerate(
            [("matched", Outcome.MATCHED), ("review", Outcome.REVIEW)], start=1
        ):
            rows[name] = StagedRecord.objects.create(
                batch=batch, row_number=number, chunk_number=0, record_id=f"PURGE-{number}",
                outcome=outcome, processed_at=timezone.now(),
            )  # fmt: skip
        raw = f"PURGE-1,{PERSONAL['given_names']},{PERSONAL['family_name']},{PERSONAL['address']}"
        StagedRecordContent.objects.create(
            staged_record=rows["matched"], raw=raw, child=child, disclosed=True
        )
        candidates = [
            {"child_id": pk, "match_weight": 1.0, "levels": {}} for pk in (child.pk, other_child.pk)
        ]
        StagedRecordContent.objects.create(
            staged_record=rows["review"], raw="PURGE-2,Ulrika,Keepwell", candidates=candidates,
            disclosed=True,
        )  # fmt: skip
        PairJudgement.objects.create(
            feed=feed, record_id="PURGE-2", child=child, verdict="same", judged_by=manager
        )
        RecordResolution.objects.create(
            staged_record=rows["review"], decision="same_child", child=child, decided_by=manager
        )
    return rows


@pytest.fixture
def authority():
    return LocalAuthorityFactory(name="Purge Vale")


@pytest.fixture
def manager(authority):
    return team_member(authority)


@pytest.fixture
def shielded_child(authority, manager):
    """A 16-year-old with every kind of row that can hold them, shielded, then archived at 18."""
    with time_machine.travel(at(datetime.date(2029, 9, 1), hour=11), tick=False):
        child = ChildFactory(
            given_names=PERSONAL["given_names"],
            family_name=PERSONAL["family_name"],
            date_of_birth=datetime.date(2013, 5, 10),
            responsible_local_authority=authority,
        )
        AddressFactory(child=child, line_1=PERSONAL["address"], postcode=PERSONAL["postcode"])
        CarerFactory(child=child, given_names=PERSONAL["carer"], phone=PERSONAL["carer_phone"])
        ExternalIdentifierFactory(child=child, value=PERSONAL["nhs_number"])
        ServiceInvolvement.objects.create(
            child=child, kind="early_help", practitioner_name=PERSONAL["practitioner"],
            organisation="Family hub", role="Support worker", started_on=datetime.date(2029, 1, 1),
        )  # fmt: skip
        RetentionExtension.objects.create(
            child=child, reason="care_leaver", keep_until=datetime.date(2031, 1, 1),
            consent_recorded_by=manager, withdrawn_at=timezone.now(),
        )  # fmt: skip
        shield_create(
            child=child, by=manager, reason=ShieldingOrder.Reason.FLEEING_ABUSE,
            justification=PERSONAL["justification"], review_due_on=datetime.date(2030, 1, 1),
        )  # fmt: skip
        ContactRequest.objects.create(
            child=child, local_authority=authority, requested_by=UserFactory(),
            purpose="health", message=PERSONAL["message"],
        )  # fmt: skip
        override = EmergencyOverride.objects.create(
            child=child, user=UserFactory(role="child_protection"), purpose="child_protection",
            reason=PERSONAL["override_reason"],
        )  # fmt: skip
        OverrideReview.objects.create(override=override, local_authority=authority)
    run_on(ARCHIVED_ON)
    return Child.unscoped_objects.get(pk=child.pk)


def test_a_record_is_purged_6_years_after_archiving_and_not_the_day_before(shielded_child):
    assert run_on(PURGE_DAY - datetime.timedelta(days=1)).counts[RetentionAction.PURGE] == 0
    assert Child.unscoped_objects.filter(pk=shielded_child.pk).exists()

    assert run_on(PURGE_DAY).counts[RetentionAction.PURGE] == 1
    assert not Child.unscoped_objects.filter(pk=shielded_child.pk).exists()


def test_nothing_personal_remains_in_any_table(shielded_child, manager):
    staged_rows(shielded_child, ChildFactory(given_names="Ulrika"), manager)
    before = tables_holding(PERSONAL.values())
    # The scan sees the hidden tables and the staged content under row-level security.
    for table in ("registry_address", "registry_carer", "ingest_stagedrecordcontent"):
        assert table in before

    run_on(PURGE_DAY)
    assert tables_holding(PERSONAL.values()) == {}


def test_every_row_about_the_child_goes_and_the_feeds_ledger_stays(shielded_child, manager):
    other = ChildFactory()
    staged = staged_rows(shielded_child, other, manager)
    run_on(PURGE_DAY)

    child_id = shielded_child.pk
    for model in (Address, Carer, ExternalIdentifier, ServiceInvolvement):
        assert not model.unscoped_objects.filter(child_id=child_id).exists(), model
    for model in (RetentionExtension, ShieldingOrder, ContactRequest, EmergencyOverride):
        assert not model.objects.filter(child_id=child_id).exists(), model
    assert not OverrideReview.objects.exists()
    assert not PairJudgement.objects.filter(child_id=child_id).exists()
    assert RecordResolution.objects.get(staged_record=staged["review"]).child_id is None
    with transaction.atomic(), matching_scope():
        assert not StagedRecordContent.objects.filter(staged_record=staged["matched"]).exists()
        review = StagedRecordContent.objects.get(staged_record=staged["review"])
    assert [candidate["child_id"] for candidate in review.candidates] == [other.pk]
    assert StagedRecord.objects.filter(pk__in=[row.pk for row in staged.values()]).count() == 2


def test_the_audit_events_stay_and_the_purge_is_noted_by_key_alone(shielded_child):
    naming = AccessEvent.objects.filter(child_ids__contains=[shielded_child.pk])
    kept = set(naming.values_list("pk", flat=True))
    assert kept  # shielded, overridden, archived

    run_on(PURGE_DAY)
    assert kept < set(naming.values_list("pk", flat=True))
    purge_event = naming.get(kind=AccessEvent.Kind.RECORD_PURGED)
    assert (purge_event.child_ids, purge_event.user_id) == ([shielded_child.pk], None)
    assert purge_event.details == {"rule": "purge"}
    ledger = PurgedChild.objects.get(child_id=shielded_child.pk)
    assert ledger.purged_at == at(PURGE_DAY)


def test_purging_twice_is_harmless(shielded_child):
    run_on(PURGE_DAY)
    again = run_on(PURGE_DAY)
    assert sum(again.counts.values()) == 0
    purges = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_PURGED)
    assert purges.count() == 1


def test_a_sealed_record_goes_6_years_after_the_18th_birthday_with_its_identity_link():
    born = datetime.date(2007, 5, 10)
    sealed = ChildFactory(date_of_birth=born, status=Child.Status.SEALED)
    new_identity = ChildFactory(date_of_birth=born)
    with transaction.atomic(), shield_management_scope():
        IdentityLink.objects.create(
            sealed_child=sealed, new_child=new_identity, reason="adoption_placement",
            made_by=UserFactory(),
        )  # fmt: skip

    run_on(datetime.date(2031, 5, 9))
    assert Child.unscoped_objects.filter(pk=sealed.pk).exists()
    report = run_on(datetime.date(2031, 5, 10))
    assert report.counts[RetentionAction.PURGE_SEALED] == 1
    assert not Child.unscoped_objects.filter(pk=sealed.pk).exists()
    with transaction.atomic(), shield_management_scope():
        assert not IdentityLink.objects.exists()
    # The new identity keeps its own clock: archived at 18, purged 6 years after that.
    assert Child.unscoped_objects.get(pk=new_identity.pk).status == Child.Status.ARCHIVED


def test_a_merged_record_is_purged_with_its_survivor():
    survivor = ChildFactory(status=Child.Status.ARCHIVED, archived_at=at(ARCHIVED_ON))
    merged = ChildFactory(status=Child.Status.MERGED, merged_into=survivor)
    ChildMerge.objects.create(
        survivor=survivor, merged=merged, made_by=UserFactory(), reason="Duplicates"
    )
    AddressFactory(child=survivor)
    AddressFactory(child=merged)

    report = run_on(PURGE_DAY)
    assert (report.counts[RetentionAction.PURGE], report.merged) == (1, 1)
    assert not Child.unscoped_objects.filter(pk__in=[survivor.pk, merged.pk]).exists()
    assert not ChildMerge.objects.exists()
    purged = AccessEvent.objects.filter(kind=AccessEvent.Kind.RECORD_PURGED)
    assert sorted(event.child_ids[0] for event in purged) == sorted([survivor.pk, merged.pk])


def test_a_record_that_cannot_be_purged_is_left_for_the_next_run(monkeypatch, caplog):
    stuck, *_others = [
        ChildFactory(status=Child.Status.ARCHIVED, archived_at=at(ARCHIVED_ON), given_names="Zeb")
        for _ in range(4)
    ]
    purge = shielding.record_retention.child_purge

    def failing_for_stuck(*, child, rule):
        if child.pk == stuck.pk:
            raise IntegrityError("a row still points at the child")
        return purge(child=child, rule=rule)

    monkeypatch.setattr(shielding.record_retention, "child_purge", failing_for_stuck)
    report = run_on(PURGE_DAY, batch_size=2)
    assert (report.counts[RetentionAction.PURGE], report.failed) == (3, 1)
    assert list(Child.unscoped_objects.values_list("pk", flat=True)) == [stuck.pk]
    [warning] = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert str(stuck.pk) in warning and "Zeb" not in warning


# Rows a purge does not delete by itself: those on_delete leaves to it.
HANDLED_BY_THE_PURGE = {
    "registry.child",  # merged_into: the records merged into it go first
    "registry.childmerge",
    "shielding.shieldingorder",
    "shielding.emergencyoverride",
    "shielding.contactrequest",
    "shielding.identitylink",
}


def test_every_table_that_points_at_a_child_is_emptied_or_let_go_by_the_purge():
    """A model added later with a row that would block a purge (PROTECT, DO_NOTHING) fails here
    until shielding.record_purge deletes it, or a record_purging receiver does."""
    for relation in Child._meta.related_objects:
        if relation.on_delete in (models.CASCADE, models.SET_NULL):
            continue
        assert relation.related_model._meta.label_lower in HANDLED_BY_THE_PURGE, relation
