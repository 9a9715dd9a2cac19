"""The demo population: reproducible, valid by every validator, and shaped like real families."""

import datetime
import re
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.validators import validate_email

from demo.population import population_seed
from registry.matching_keys import child_matching_keys
from registry.models import (
    Address,
    Carer,
    Child,
    EducationalSetting,
    ExternalIdentifier,
    GPPractice,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)
from registry.validators import (
    nhs_number_normalise,
    postcode_normalise,
    uk_phone_normalise,
    upn_normalise,
    validate_gp_practice_ods_code,
    validate_urn,
)
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

REFERENCE_DATE = datetime.date(2025, 6, 1)
POPULATION = 3000
# Ofcom's drama ranges: 07700 900xxx, 01632 960xxx, 03069 990xxx, 020 7946 0xxx, 0113 496 0xxx...
DRAMA_NUMBER = re.compile(
    r"^(07700900|01632960|03069990|02079460|01(?:1[3-8]|[2-9]1)49[68]0)\d{3}$"
)


@pytest.fixture
def population():
    written = population_seed(
        children=POPULATION, seed=2009, reference_date=REFERENCE_DATE, batch_size=1000
    )
    assert written["registry.Child"] == POPULATION
    return written


def snapshot(children) -> set[tuple]:
    """What must come out the same for the same seed: identity, postcode and carers."""
    postcodes = dict(
        Address.unscoped_objects.filter(child__in=children).values_list("child_id", "postcode")
    )
    carers = defaultdict(list)
    for child_id, *carer in Carer.unscoped_objects.filter(child__in=children).values_list(
        "child_id", "given_names", "family_name", "relationship", "phone", "email"
    ):
        carers[child_id].append(tuple(carer))
    return {
        (
            child.given_names,
            child.family_name,
            child.date_of_birth,
            child.gender,
            postcodes[child.id],
            tuple(sorted(carers[child.id])),
        )
        for child in children
    }


def seeded_children(seed: int, children: int = 400) -> list[Child]:
    newest = Child.unscoped_objects.order_by("-id").values_list("id", flat=True).first() or 0
    population_seed(children=children, seed=seed, reference_date=REFERENCE_DATE)
    return list(Child.unscoped_objects.filter(id__gt=newest))


def test_the_same_seed_gives_the_same_children_and_another_seed_does_not():
    first = seeded_children(seed=7)
    again = seeded_children(seed=7)
    other = seeded_children(seed=8)
    assert snapshot(first) == snapshot(again)
    assert len(snapshot(first)) == 400
    assert snapshot(first) != snapshot(other)
    # Seeding again never reuses a ContactPoint ID or a setting's URN.
    assert len({child.contactpoint_id for child in first + again + other}) == 1200
    assert EducationalSetting.objects.values("urn").distinct().count() == (
        EducationalSetting.objects.count()
    )


def test_every_identifier_and_contact_detail_passes_its_validator(population):
    for postcode in Address.unscoped_objects.exclude(postcode="").values_list(
        "postcode", flat=True
    ):
        assert postcode_normalise(postcode) == postcode
    for postcode in EducationalSetting.objects.values_list("postcode", flat=True):
        assert postcode_normalise(postcode) == postcode
    for urn in EducationalSetting.objects.values_list("urn", flat=True):
        validate_urn(urn)
    for ods_code in GPPractice.objects.values_list("ods_code", flat=True):
        validate_gp_practice_ods_code(ods_code)
    phones = [
        *Carer.unscoped_objects.exclude(phone="").values_list("phone", flat=True),
        *ServiceInvolvement.unscoped_objects.values_list("phone", flat=True),
        *EducationalSetting.objects.values_list("phone", flat=True),
        *GPPractice.objects.values_list("phone", flat=True),
    ]
    for phone in phones:
        assert uk_phone_normalise(phone) == phone
        assert DRAMA_NUMBER.match(phone), phone
    for email in [
        *Carer.unscoped_objects.exclude(email="").values_list("email", flat=True),
        *ServiceInvolvement.unscoped_objects.values_list("email", flat=True),
    ]:
        validate_email(email)
        assert email.rsplit("@", 1)[1] in {"example.com", "example.org", "example.net"}


def test_nhs_numbers_and_upns_are_valid_and_upns_carry_the_childs_local_authority(population):
    identifiers = ExternalIdentifier.unscoped_objects.values_list(
        "scheme", "value", "child__responsible_local_authority__code"
    )
    by_scheme = defaultdict(list)
    for scheme, value, la_code in identifiers:
        by_scheme[scheme].append(value)
        if scheme == ExternalIdentifier.Scheme.NHS_NUMBER:
            assert nhs_number_normalise(value) == value
        else:
            assert upn_normalise(value) == value
            assert value[1:4] == la_code
    nhs_numbers = by_scheme[ExternalIdentifier.Scheme.NHS_NUMBER]
    assert len(set(nhs_numbers)) == len(nhs_numbers) > 0.95 * POPULATION
    assert len(by_scheme[ExternalIdentifier.Scheme.UPN]) > 0.5 * POPULATION


def test_matching_keys_are_those_the_model_would_compute(population):
    for child in Child.unscoped_objects.all():
        expected = child_matching_keys(
            given_names=child.given_names,
            family_name=child.family_name,
            date_of_birth=child.date_of_birth,
        )
        assert {field: getattr(child, field) for field in expected} == expected


def test_every_child_is_under_18_with_one_open_address_and_settings_that_fit(population):
    eighteen_years_ago = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 18)
    children = {child.id: child for child in Child.unscoped_objects.all()}
    assert all(
        eighteen_years_ago < child.date_of_birth <= REFERENCE_DATE for child in children.values()
    )
    addresses = list(
        Address.unscoped_objects.values_list(
            "child_id", "status", "postcode", "local_authority_id", "ended_on"
        )
    )
    assert sorted(child_id for child_id, *_ in addresses) == sorted(children)
    for child_id, status, postcode, authority_id, ended_on in addresses:
        assert ended_on is None
        if status in (Address.Status.NO_KNOWN_ADDRESS, Address.Status.LEFT_ENGLAND):
            assert (postcode, authority_id) == ("", None)
        else:
            assert authority_id == children[child_id].responsible_local_authority_id
    for child_id, kind, name in SettingEnrolment.unscoped_objects.values_list(
        "child_id", "setting__kind", "setting__name"
    ):
        age = (REFERENCE_DATE - children[child_id].date_of_birth).days / 365.25
        if kind == EducationalSetting.Kind.EARLY_YEARS:
            assert 2 <= age < 5
        elif "Primary" in name:
            assert 4 <= age < 12
        else:
            assert 10.9 < age < 18
    assert GPRegistration.unscoped_objects.count() > 0.9 * POPULATION


def test_siblings_share_an_address_a_gp_practice_and_their_carers_names(population):
    households = defaultdict(set)
    for child_id, line_1, line_2, postcode in Address.unscoped_objects.exclude(
        postcode=""
    ).values_list("child_id", "line_1", "line_2", "postcode"):
        households[(line_1, line_2, postcode)].add(child_id)
    carer_names = defaultdict(set)
    for child_id, given_names, family_name in Carer.unscoped_objects.values_list(
        "child_id", "given_names", "family_name"
    ):
        carer_names[child_id].add((given_names, family_name))
    practices = dict(GPRegistration.unscoped_objects.values_list("child_id", "practice_id"))
    sibling_groups = [children for children in households.values() if len(children) > 1]
    assert len(sibling_groups) > POPULATION / 10
    for children in sibling_groups:
        assert len({frozenset(carer_names[child_id]) for child_id in children}) == 1
        assert len({practices[child_id] for child_id in children if child_id in practices}) <= 1
    # Each hidden row belongs to one child: siblings' carers are separate rows.
    assert Carer.unscoped_objects.count() > POPULATION


def test_twins_and_blended_families_occur(population):
    by_address = defaultdict(list)
    for postcode, line_1, line_2, born, family_name in Address.unscoped_objects.exclude(
        postcode=""
    ).values_list("postcode", "line_1", "line_2", "child__date_of_birth", "child__family_name"):
        by_address[(postcode, line_1, line_2)].append((born, family_name))
    siblings = [children for children in by_address.values() if len(children) > 1]
    assert any(len({born for born, _ in children}) < len(children) for children in siblings)
    assert any(len({family_name for _, family_name in children}) > 1 for children in siblings)
    step_parents = Carer.unscoped_objects.filter(
        relationship=Carer.Relationship.CARER, parental_responsibility=False
    )
    assert step_parents.exists()


def test_names_include_hyphens_apostrophes_accents_and_particles(population):
    names = [
        f"{given} | {family}"
        for given, family in Child.unscoped_objects.values_list("given_names", "family_name")
    ]
    family_names = [name.split(" | ")[1] for name in names]
    hyphenated = [name for name in family_names if "-" in name]
    with_apostrophe = [name for name in family_names if "'" in name or "\u2019" in name]
    accented = [name for name in names if not name.isascii()]
    with_particle = [
        name for name in family_names if re.match(r"^(van|de|da|dos|du|von|Le) ", name)
    ]
    assert 0.005 * POPULATION < len(hyphenated) < 0.08 * POPULATION
    assert 0.002 * POPULATION < len(with_apostrophe) < 0.05 * POPULATION
    assert 0.01 * POPULATION < len(accented) < 0.15 * POPULATION
    assert with_particle
    assert any(
        "-" in given
        for given, _ in Child.unscoped_objects.values_list("given_names", "family_name")
    )


def test_services_are_shared_by_a_share_of_children_and_sensitive_ones_have_consent(population):
    involvements = ServiceInvolvement.unscoped_objects.all()
    children_with_services = involvements.values("child").distinct().count()
    assert 0.08 * POPULATION < children_with_services < 0.25 * POPULATION
    sensitive = involvements.filter(kind__in=ServiceInvolvement.SENSITIVE_KINDS)
    assert sensitive.exists()
    assert not sensitive.filter(consent_recorded=False).exists()
    assert involvements.filter(is_lead_professional=True).exists()
    assert involvements.filter(assessment_under_way=True).exists()
    for started_on, ended_on, born in involvements.values_list(
        "started_on", "ended_on", "child__date_of_birth"
    ):
        assert born <= started_on <= REFERENCE_DATE
        assert ended_on is None or started_on < ended_on <= REFERENCE_DATE
    leads = involvements.filter(is_lead_professional=True).values_list("child_id", flat=True)
    assert len(list(leads)) == len(set(leads))  # at most one lead professional per child


def test_seed_demo_if_empty_does_nothing_when_the_index_holds_a_child():
    ChildFactory()
    output = StringIO()
    call_command("seed_demo", children=50, if_empty=True, stdout=output, verbosity=0)
    assert "no demo population was added" in output.getvalue()
    assert Child.unscoped_objects.count() == 1


def test_seed_demo_adds_the_children_asked_for():
    output = StringIO()
    call_command(
        "seed_demo",
        children=120,
        seed=3,
        reference_date=REFERENCE_DATE,
        if_empty=True,
        batch_size=50,
        stdout=output,
        verbosity=0,
    )
    assert Child.unscoped_objects.count() == 120
    assert "Added 120 children" in output.getvalue()
    assert "registry.Carer" in output.getvalue()
