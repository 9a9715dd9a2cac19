import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.contactpoint_id import validate_contactpoint_id
from registry.models import Child
from registry.services import child_create
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_child_create_issues_a_valid_id_and_matching_keys():
    child = child_create(
        given_names=" Amelia Rose ",
        family_name="O'Neill",
        date_of_birth=datetime.date(2016, 3, 9),
        gender="F",
        responsible_local_authority=LocalAuthorityFactory(),
    )
    validate_contactpoint_id(child.contactpoint_id)
    stored = Child.unscoped_objects.get(pk=child.pk)
    assert (stored.given_names, stored.given_names_norm, stored.family_name_norm) == (
        "Amelia Rose",
        "amelia rose",
        "oneill",
    )


def test_child_create_rejects_an_unknown_gender():
    with pytest.raises(ValidationError):
        child_create(
            given_names="Amelia",
            family_name="O'Neill",
            date_of_birth=datetime.date(2016, 3, 9),
            gender="Q",
            responsible_local_authority=LocalAuthorityFactory(),
        )
