"""The bulk loader: COPY into a temporary table, then INSERT ... SELECT, inside a transaction."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from ingest.bulk_load import column_values, rows_insert, table_has_rows
from registry.matching_keys import child_matching_keys
from registry.models import Address, Child, GPPractice, LocalAuthority
from tests.factories import ChildFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db

MATCHING_KEY_FIELDS = list(
    child_matching_keys(given_names="", family_name="", date_of_birth=datetime.date(2020, 1, 1))
)
CHILD_FIELDS = [
    "contactpoint_id",
    "given_names",
    "family_name",
    "date_of_birth",
    "responsible_local_authority",
    *MATCHING_KEY_FIELDS,
]


def child_row(contactpoint_id: str, given_names: str, authority_id: int) -> tuple:
    born = datetime.date(2018, 5, 17)
    keys = child_matching_keys(given_names=given_names, family_name="Müller", date_of_birth=born)
    return (contactpoint_id, given_names, "Müller", born, authority_id, *keys.values())


def staging_table_exists(model) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"pg_temp.bulk_load_{model._meta.db_table}"])
        return cursor.fetchone()[0] is not None


def test_returning_maps_each_new_id_to_its_natural_key():
    returned = rows_insert(
        model=LocalAuthority,
        fields=["code", "name"],
        rows=[("383", "Leeds"), ("330", "Birmingham"), ("341", "Liverpool")],
        returning=["id", "code"],
    )
    stored = dict(LocalAuthority.objects.values_list("code", "id"))
    assert {code: id_ for id_, code in returned} == stored
    assert len(stored) == 3


def test_without_returning_nothing_is_returned_and_rows_are_written():
    assert rows_insert(model=LocalAuthority, fields=["code", "name"], rows=[("383", "Leeds")]) == []
    assert LocalAuthority.objects.get(code="383").name == "Leeds"


def test_rows_may_be_any_iterable_and_may_be_empty():
    assert (
        rows_insert(model=LocalAuthority, fields=["code", "name"], rows=iter([]), returning=["id"])
        == []
    )
    rows = ((f"{800 + number}", f"Authority {number}") for number in range(5))
    assert (
        len(rows_insert(model=LocalAuthority, fields=["code", "name"], rows=rows, returning=["id"]))
        == 5
    )


def test_fields_left_out_get_what_the_model_would_give_them():
    authority = LocalAuthorityFactory()
    before = datetime.datetime.now(tz=datetime.UTC)
    rows_insert(
        model=Child, fields=CHILD_FIELDS, rows=[child_row("123456789012", "Zoë", authority.id)]
    )
    child = Child.unscoped_objects.get(contactpoint_id="123456789012")
    assert child.status == Child.Status.ACTIVE  # a constant default
    assert child.gender == "U"
    assert child.created_at == child.updated_at  # one time for the whole batch
    assert child.created_at >= before
    assert (child.given_names, child.family_name, child.given_names_norm) == (
        "Zoë",
        "Müller",
        "zoe",
    )


def test_foreign_keys_take_ids_by_name_or_attname_and_nullable_fields_stay_null():
    child = ChildFactory()
    rows_insert(
        model=Address,
        fields=["child", "line_1", "postcode"],
        rows=[(child.id, "1 Acacia Avenue", "LS6 2AB")],
    )
    rows_insert(
        model=Address,
        fields=["child_id", "status", "ended_on"],
        rows=[(child.id, "last_known", datetime.date(2024, 1, 31))],
    )
    addresses = Address.unscoped_objects.filter(child=child).order_by("id")
    assert [(address.status, address.town, address.ended_on) for address in addresses] == [
        ("current", "", None),
        ("last_known", "", datetime.date(2024, 1, 31)),
    ]
    assert addresses[0].recorded_at is not None


def test_a_field_with_a_callable_default_must_be_given():
    with pytest.raises(ValueError, match="date_joined"):
        rows_insert(model=User, fields=["username", "password"], rows=[("someone", "!")])


def test_a_name_that_is_not_a_column_is_refused():
    with pytest.raises(ValueError, match="not a column"):
        rows_insert(model=Child, fields=["carers"], rows=[])


def test_the_same_table_can_be_loaded_twice_in_one_transaction():
    with transaction.atomic():
        rows_insert(model=LocalAuthority, fields=["code", "name"], rows=[("383", "Leeds")])
        rows_insert(model=LocalAuthority, fields=["code", "name"], rows=[("330", "Birmingham")])
        assert not staging_table_exists(LocalAuthority)
    assert LocalAuthority.objects.count() == 2


def test_a_failing_load_writes_nothing_and_leaves_the_transaction_usable():
    rows_insert(model=LocalAuthority, fields=["code", "name"], rows=[("383", "Leeds")])
    with pytest.raises(IntegrityError):
        rows_insert(
            model=LocalAuthority,
            fields=["code", "name"],
            rows=[("330", "Birmingham"), ("383", "Leeds again")],
        )
    assert list(LocalAuthority.objects.values_list("code", flat=True)) == ["383"]
    assert not staging_table_exists(LocalAuthority)


def test_rows_go_when_the_enclosing_transaction_rolls_back():
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        rows_insert(model=LocalAuthority, fields=["code", "name"], rows=[("383", "Leeds")])
        raise Abandoned
    assert not LocalAuthority.objects.exists()


def test_a_check_constraint_holds_for_bulk_rows():
    child = ChildFactory()
    with pytest.raises(IntegrityError):
        rows_insert(
            model=Address,
            fields=["child", "status", "postcode"],
            rows=[(child.id, "left_england", "LS6 2AB")],
        )


def test_table_has_rows_and_column_values():
    assert not table_has_rows(GPPractice)
    rows_insert(
        model=GPPractice,
        fields=["ods_code", "name"],
        rows=[("B86001", "Leeds Road Surgery"), ("B86002", "Otley Health Centre")],
    )
    assert table_has_rows(GPPractice)
    assert column_values(model=GPPractice, field="ods_code") == {"B86001", "B86002"}
