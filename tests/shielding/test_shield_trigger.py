"""Only the management path ends a shield: the order table's trigger refuses everyone else, even
raw SQL as the app role."""

import datetime

import pytest
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from shielding.database_scope import matching_scope, shield_management_scope
from shielding.models import ShieldingOrder
from shielding.services import shield_end
from tests.factories import ChildFactory, LocalAuthorityFactory
from tests.shielding.hidden_rows import manager_of, shielding_order_make

pytestmark = pytest.mark.django_db
REFUSED = "only its management team may end it"


@pytest.fixture
def manager():
    return manager_of(LocalAuthorityFactory())


@pytest.fixture
def order(manager):
    child = ChildFactory(responsible_local_authority=manager.local_authority)
    return shielding_order_make(child=child, by=manager)


def end_with_sql(order, ended_by) -> None:
    """End the order as shield_end would, but in plain SQL: every constraint is met."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shielding_shieldingorder SET active = false, ended_by_id = %s, "
            "ended_at = now(), end_reason = 'No longer at risk.' WHERE id = %s",
            [ended_by.pk, order.pk],
        )


def still_active(order) -> bool:
    return ShieldingOrder.objects.get(pk=order.pk).active


def test_plain_sql_cannot_end_an_active_order(order, manager):
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        end_with_sql(order, manager)
    assert still_active(order)


def test_the_orm_cannot_either(order, manager):
    order.active = False
    order.ended_by = manager
    order.ended_at = timezone.now()
    order.end_reason = "No longer at risk."
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        order.save()
    assert still_active(order)


def test_no_other_scope_opens_it(order, manager):
    with matching_scope(), pytest.raises(ProgrammingError), transaction.atomic():
        end_with_sql(order, manager)
    assert still_active(order)


def test_an_active_order_cannot_be_moved_to_another_child_or_deleted(order):
    other_child = ChildFactory()
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        ShieldingOrder.objects.filter(pk=order.pk).update(child=other_child)
    with (
        pytest.raises(ProgrammingError, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM shielding_shieldingorder WHERE id = %s", [order.pk])
    assert ShieldingOrder.objects.get(pk=order.pk).child_id == order.child_id


def test_an_active_order_may_change_what_does_not_end_it(order):
    later = order.review_due_on + datetime.timedelta(days=30)
    ShieldingOrder.objects.filter(pk=order.pk).update(review_due_on=later)
    assert ShieldingOrder.objects.get(pk=order.pk).review_due_on == later


def test_the_management_team_ends_it_through_the_service(order, manager):
    shield_end(order=order, by=manager, reason="The family is settled and safe.")
    assert not still_active(order)


def test_the_management_scope_is_what_lets_it_through(order, manager):
    with shield_management_scope():
        end_with_sql(order, manager)
    assert not still_active(order)
    # Once its block is over, the same transaction is refused again.
    second = shielding_order_make(child=ChildFactory(), by=manager)
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        end_with_sql(second, manager)
