"""The chokepoint: child data cannot be read without naming who reads it and why."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db.models import Count

from registry.models import Address, Carer, Child, ExternalIdentifier, ServiceInvolvement
from registry.purposes import AccessPurpose
from registry.querysets import UnscopedQueryError
from tests.factories import AddressFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.CHILD_PROTECTION

UNSCOPED_READS = {
    "iterate": lambda queryset: list(queryset),
    "count": lambda queryset: queryset.count(),
    "exists": lambda queryset: queryset.exists(),
    "get": lambda queryset: queryset.get(pk=1),
    "first": lambda queryset: queryset.first(),
    "values": lambda queryset: list(queryset.values("pk")),
    "iterator": lambda queryset: list(queryset.iterator()),
    "aggregate": lambda queryset: queryset.aggregate(total=Count("pk")),
    "update": lambda queryset: queryset.update(pk=1),
    "delete": lambda queryset: queryset.delete(),
    "in_bulk": lambda queryset: queryset.in_bulk([1]),
}


@pytest.mark.parametrize("model", [Child, Address, Carer, ServiceInvolvement, ExternalIdentifier])
@pytest.mark.parametrize("read", UNSCOPED_READS.values(), ids=UNSCOPED_READS.keys())
def test_an_unscoped_read_fails(model, read):
    ChildFactory()
    with pytest.raises(UnscopedQueryError):
        read(model.objects.filter(pk__gte=0))


def test_scoping_without_a_user_fails():
    with pytest.raises(UnscopedQueryError):
        Child.objects.visible_to(None, purpose=PURPOSE)


def test_scoping_needs_a_known_purpose():
    with pytest.raises(ValueError, match="purpose"):
        Child.objects.visible_to(UserFactory(), purpose="curiosity")


def test_an_active_user_sees_children_through_the_chokepoint():
    child = ChildFactory()
    AddressFactory(child=child)
    user = UserFactory()
    assert list(Child.objects.visible_to(user, purpose=PURPOSE)) == [child]
    scoped = Address.objects.visible_to(user, purpose=PURPOSE).filter(child=child)
    assert scoped.count() == 1
    assert scoped.filter(postcode="LS6 2AB").order_by("pk").first().child == child


def test_the_scope_survives_chaining():
    user = UserFactory()
    queryset = Child.objects.visible_to(user, purpose=PURPOSE).filter(pk__gte=0).order_by("pk")
    assert queryset.access_scope.user == user
    assert queryset.access_scope.purpose == PURPOSE
    assert queryset.exclude(pk=0).count() == 0


@pytest.mark.parametrize("who", ["anonymous", "inactive"])
def test_anonymous_and_disabled_users_see_nothing(who):
    ChildFactory()
    user = AnonymousUser() if who == "anonymous" else UserFactory(is_active=False)
    assert Child.objects.visible_to(user, purpose=PURPOSE).count() == 0


def test_the_index_cannot_be_dumped():
    ChildFactory()
    with pytest.raises(CommandError, match=r"without visible_to"):
        call_command("dumpdata", "registry.child", stdout=io.StringIO())


def test_every_child_data_model_defaults_to_the_chokepoint():
    from django.apps import apps

    from registry.querysets import ScopedQuerySet, UnscopedManager

    scoped_models = [model for model in apps.get_models() if hasattr(model, "unscoped_objects")]
    assert len(scoped_models) >= 7
    for model in scoped_models:
        assert isinstance(model.unscoped_objects, UnscopedManager)
        assert isinstance(model._default_manager.get_queryset(), ScopedQuerySet), model
