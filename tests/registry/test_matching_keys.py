import datetime

import pytest

from registry.matching_keys import child_matching_keys, name_normalise, name_phonetic
from registry.models import Child
from tests.factories import ChildFactory


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Amelia Rose", "amelia rose"),
        ("O'Neill", "oneill"),
        ("O\u2019Neill", "oneill"),
        ("Smith-Jones", "smith jones"),
        ("  van der  Berg ", "van der berg"),
        ("Zoë", "zoe"),
        ("Łukasz", "lukasz"),
        ("Müller", "muller"),
        ("José-María", "jose maria"),
        ("", ""),
    ],
)
def test_names_are_normalised_for_matching(name, normal):
    assert name_normalise(name) == normal


def test_phonetic_codes_agree_on_spelling_variants_and_ignore_spaces():
    assert name_phonetic("smith") == name_phonetic("smyth")
    assert name_phonetic(name_normalise("Smith-Jones")) == name_phonetic(
        name_normalise("Smith Jones")
    )
    assert name_phonetic("") == ""


def test_keys_of_a_child():
    keys = child_matching_keys(
        given_names="Zoë Amelia", family_name="O'Neill", date_of_birth=datetime.date(2016, 3, 9)
    )
    assert keys == {
        "given_names_norm": "zoe amelia",
        "family_name_norm": "oneill",
        "given_name_phonetic": name_phonetic("zoe"),
        "family_name_phonetic": name_phonetic("oneill"),
        "birth_year": 2016,
        "birth_month": 3,
        "birth_day": 9,
    }


@pytest.mark.django_db
def test_keys_are_written_with_the_child_and_follow_a_partial_update():
    child = ChildFactory(
        given_names="Amelia", family_name="O'Neill", date_of_birth=datetime.date(2016, 3, 9)
    )
    stored = Child.unscoped_objects.get(pk=child.pk)
    assert (stored.family_name_norm, stored.birth_day) == ("oneill", 9)

    child.family_name = "Smith-Jones"
    child.save(update_fields=["family_name"])
    stored = Child.unscoped_objects.get(pk=child.pk)
    assert stored.family_name_norm == "smith jones"
    assert stored.family_name_phonetic == name_phonetic("smithjones")
