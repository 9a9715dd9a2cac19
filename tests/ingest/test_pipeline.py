"""The pipeline end to end, in process: staging, chunks, outcomes, idempotency, source precedence,
pause and resume. The Celery chain itself is exercised with a real worker in test_worker_kill."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from ingest.models import Batch, FeedStateChange, Outcome, StagedRecord, TrustedField
from ingest.pipeline import chunk_process
from ingest.services import feed_pause, feed_resume
from registry.models import (
    Address,
    Carer,
    Child,
    ExternalIdentifier,
    GPRegistration,
    SettingEnrolment,
)
from shielding.database_scope import matching_scope
from tests.factories import UserFactory
from tests.ingest.pipeline_world import (
    AMELIA,
    batch_run,
    feed_create,
    file_receive,
    indexed_child_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return UserFactory(role=Role.OPERATIONS)


def _outcomes(batch) -> dict[str, str]:
    return dict(batch.records.values_list("record_id", "outcome"))


def _new_child_record(record_id: str, **overrides) -> dict:
    return {
        "record_id": record_id,
        "given_names": "Zainab",
        "family_name": "Okonkwo-Bright",
        "date_of_birth": "2019-11-02",
        "gender": "F",
        "address_line_1": "3 Beech Road",
        "town": "Leeds",
        "postcode": "LS7 1AA",
        **overrides,
    }


def test_a_bad_record_is_rejected_with_its_column_and_the_rest_goes_on(world):
    feed = feed_create()
    receipt = file_receive(
        feed=feed,
        records=[
            _new_child_record("CB-1"),
            _new_child_record("CB-2", nhs_number="9434765918"),
            _new_child_record("CB-3", given_names="Yusuf", date_of_birth="2018-01-01"),
        ],
    )
    batch = batch_run(receipt.batch)
    rejected = batch.records.get(record_id="CB-2")
    assert rejected.outcome == Outcome.REJECTED
    assert rejected.reason.startswith("nhs_number:")
    assert "9434765918" not in rejected.reason
    assert _outcomes(batch) == {"CB-1": "created", "CB-2": "rejected", "CB-3": "created"}
    assert (batch.status, batch.rejected, batch.created, batch.processed_records) == (
        Batch.Status.COMPLETED,
        1,
        2,
        3,
    )


def test_a_file_level_error_rejects_the_batch_and_stages_nothing(world):
    feed = feed_create()
    import io

    from ingest.staging import batch_receive

    receipt = batch_receive(
        feed=feed,
        stream=io.BytesIO(b"record_id,given_names,family_name,date_of_birth,shoe_size\r\n"),
        file_name="bad.csv",
    )
    assert receipt.batch.status == Batch.Status.REJECTED
    assert "shoe_size" in receipt.batch.rejection_message
    assert "shoe_size" in receipt.message
    assert not StagedRecord.objects.filter(batch=receipt.batch).exists()


def test_the_same_file_again_changes_nothing_and_says_so(world):
    feed = feed_create()
    records = [_new_child_record("CB-1")]
    first = file_receive(feed=feed, records=records)
    batch_run(first.batch)
    children = Child.unscoped_objects.count()

    again = file_receive(feed=feed, records=records, name="renamed.csv")

    assert not again.is_new
    assert again.batch.pk == first.batch.pk
    assert "Nothing was changed" in again.message
    assert Batch.objects.count() == 1
    assert StagedRecord.objects.count() == 1
    assert Child.unscoped_objects.count() == children


def test_a_chunk_run_twice_gives_the_same_result(world):
    feed = feed_create()
    batch = file_receive(feed=feed, records=[_new_child_record("CB-1")]).batch

    first = chunk_process(batch_id=batch.pk, chunk_number=0)
    second = chunk_process(batch_id=batch.pk, chunk_number=0)

    assert (first.processed, second.processed) == (1, 0)
    assert Child.unscoped_objects.filter(family_name="Okonkwo-Bright").count() == 1
    batch.refresh_from_db()
    assert (batch.created, batch.processed_records) == (1, 1)


def test_the_database_refuses_a_second_outcome(world):
    feed = feed_create()
    batch = batch_run(file_receive(feed=feed, records=[_new_child_record("CB-1")]).batch)
    staged = batch.records.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        StagedRecord.objects.filter(pk=staged.pk).update(outcome=Outcome.MATCHED)


def test_a_new_child_gets_everything_its_record_holds(world):
    feed = feed_create(trusted=[])
    record = _new_child_record(
        "CB-9",
        nhs_number="9434765919",
        carer_given_names="Ngozi",
        carer_family_name="Okonkwo",
        carer_relationship="mother",
        school_urn=world.school.urn,
        school_start_date="2023-09-04",
        gp_ods_code=world.practice.ods_code,
    )
    batch = batch_run(file_receive(feed=feed, records=[record]).batch)
    assert _outcomes(batch) == {"CB-9": "created"}
    child = Child.unscoped_objects.get(family_name="Okonkwo-Bright")
    assert child.responsible_local_authority == world.local_authority
    with transaction.atomic(), matching_scope():
        assert Address.unscoped_objects.get(child=child).postcode == "LS7 1AA"
        assert Carer.unscoped_objects.get(child=child).given_names == "Ngozi"
        assert SettingEnrolment.unscoped_objects.get(child=child).setting == world.school
        assert GPRegistration.unscoped_objects.get(child=child).practice == world.practice
        assert set(
            ExternalIdentifier.unscoped_objects.filter(child=child).values_list(
                "scheme", "issuer", "value"
            )
        ) == {
            ("source_record", feed.code, "CB-9"),
            ("nhs_number", "", "9434765919"),
        }


def test_an_exact_copy_matches_and_a_later_batch_is_unchanged(world):
    child = indexed_child_create(local_authority=world.local_authority)
    feed = feed_create()
    amelia = {**AMELIA, "record_id": "CB-1"}
    first = batch_run(file_receive(feed=feed, records=[amelia]).batch)
    assert _outcomes(first) == {"CB-1": "matched"}  # this feed's record_id is new to the child
    second = batch_run(file_receive(feed=feed, records=[amelia, _new_child_record("CB-2")]).batch)
    assert _outcomes(second) == {"CB-1": "unchanged", "CB-2": "created"}
    assert Child.unscoped_objects.count() == 2
    with transaction.atomic(), matching_scope():
        assert ExternalIdentifier.unscoped_objects.filter(
            child=child, scheme="source_record", value="CB-1"
        ).exists()


def test_a_feed_updates_only_the_fields_it_is_trusted_for(world):
    """The NHS feed owns the GP; the school census owns the school."""
    child = indexed_child_create(local_authority=world.local_authority)
    moved = {
        **AMELIA,
        "address_line_1": "4 Chapel Lane",
        "postcode": "LS6 3QQ",
        "gp_ods_code": world.practice.ods_code,
        "school_urn": world.school.urn,
    }
    nhs = feed_create(code="nhs", trusted=[TrustedField.GP, TrustedField.NHS_NUMBER])
    batch = batch_run(file_receive(feed=nhs, records=[{**moved, "record_id": "N-1"}]).batch)
    assert _outcomes(batch) == {"N-1": "matched"}
    with transaction.atomic(), matching_scope():
        assert (
            GPRegistration.unscoped_objects.get(child=child, ended_on__isnull=True).practice
            == world.practice
        )
        assert not SettingEnrolment.unscoped_objects.filter(child=child).exists()
        assert (
            Address.unscoped_objects.get(child=child, ended_on__isnull=True).postcode
            == AMELIA["postcode"]
        )

    census = feed_create(code="school-census", trusted=[TrustedField.SCHOOL])
    batch_run(file_receive(feed=census, records=[{**moved, "record_id": "S-1"}]).batch)
    with transaction.atomic(), matching_scope():
        assert (
            SettingEnrolment.unscoped_objects.get(child=child, ended_on__isnull=True).setting
            == world.school
        )
        assert GPRegistration.unscoped_objects.filter(child=child).count() == 1
        assert (
            Address.unscoped_objects.get(child=child, ended_on__isnull=True).postcode
            == AMELIA["postcode"]
        )


def test_a_trusted_address_change_ends_the_old_address(world):
    child = indexed_child_create(local_authority=world.local_authority)
    feed = feed_create()
    moved = {
        **AMELIA,
        "record_id": "CB-1",
        "address_line_1": "4 Chapel Lane",
        "postcode": "LS6 3QQ",
    }
    batch = batch_run(file_receive(feed=feed, records=[moved]).batch)
    assert _outcomes(batch) == {"CB-1": "matched"}
    assert "address" in batch.records.get().reason
    with transaction.atomic(), matching_scope():
        addresses = Address.unscoped_objects.filter(child=child)
        assert addresses.get(ended_on__isnull=True).postcode == "LS6 3QQ"
        assert addresses.filter(ended_on__isnull=False).get().postcode == AMELIA["postcode"]


def test_a_pause_takes_effect_before_the_next_chunk_and_resume_goes_on(world, settings, operator):
    settings.INGEST_CHUNK_SIZE = 2
    feed = feed_create()
    records = [
        _new_child_record(f"CB-{n}", given_names=name)
        for n, name in enumerate(["Ada", "Bea", "Cleo", "Dora", "Edie", "Faye"])
    ]
    batch = file_receive(feed=feed, records=records).batch
    assert chunk_process(batch_id=batch.pk, chunk_number=0).processed == 2

    feed_pause(feed=feed, by=operator, reason="NHS asked us to hold the feed.")
    result = chunk_process(batch_id=batch.pk, chunk_number=1)

    assert (result.processed, result.next_chunk) == (0, None)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_records) == (Batch.Status.PAUSED, 2)

    feed_resume(feed=feed, by=operator, reason="Cleared to go on.")
    batch = batch_run(batch)
    assert (batch.status, batch.created, batch.processed_records) == (
        Batch.Status.COMPLETED,
        6,
        6,
    )
    assert list(feed.state_changes.values_list("action", "by", "reason")) == [
        (FeedStateChange.Action.RESUMED, operator.pk, "Cleared to go on."),
        (FeedStateChange.Action.PAUSED, operator.pk, "NHS asked us to hold the feed."),
    ]


def test_pause_and_resume_need_a_reason_and_an_operator(world, operator):
    feed = feed_create()
    with pytest.raises(ValidationError):
        feed_pause(feed=feed, by=operator, reason="  ")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        feed_pause(feed=feed, by=UserFactory(role=Role.PRACTITIONER), reason="Because.")
