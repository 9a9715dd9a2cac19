import datetime

import pytest
from django.db import IntegrityError, transaction

from registry.models import Address, ServiceInvolvement
from tests.factories import AddressFactory, ChildFactory

pytestmark = pytest.mark.django_db


def involvement(**overrides):
    values = {
        "child": ChildFactory(),
        "kind": ServiceInvolvement.Kind.MENTAL_HEALTH,
        "practitioner_name": "Dr Ada Lovelace",
        "organisation": "CAMHS Leeds",
        "role": "Clinical psychologist",
        "started_on": datetime.date(2025, 1, 6),
    }
    return ServiceInvolvement(**{**values, **overrides})


def test_a_sensitive_service_needs_recorded_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        involvement().save()
    consented = involvement(consent_recorded=True)
    consented.save()
    assert consented.is_sensitive


def test_an_involvement_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        involvement(
            kind=ServiceInvolvement.Kind.EARLY_HELP, ended_on=datetime.date(2024, 1, 1)
        ).save()


def test_a_child_has_at_most_one_open_address():
    child = ChildFactory()
    AddressFactory(child=child, ended_on=datetime.date(2024, 5, 1))
    AddressFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(child=child)


def test_no_known_address_holds_no_postcode():
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(status=Address.Status.NO_KNOWN_ADDRESS, postcode="LS6 2AB")
    AddressFactory(status=Address.Status.NO_KNOWN_ADDRESS, line_1="", town="", postcode="")
