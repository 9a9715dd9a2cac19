"""Who a demo family's children live with: their carers, and the surnames the children carry.

Most children live with two parents, about a fifth with their mother alone, and a few with a
grandparent as special guardian or with foster carers. Parents who are not married often keep
their own surnames, and then a child may carry either, or both joined by a hyphen. In a blended
family the older children carry an earlier partner's surname, and their mother's partner cares
for them without parental responsibility.
"""

from random import Random
from typing import NamedTuple

from demo.contact_details import landline_phone, mobile_phone, personal_email
from demo.localities import Locality
from demo.names import Origin
from registry.models import Carer

Relationship = Carer.Relationship

HOUSEHOLD_KINDS = (
    ("couple", 70.0),
    ("lone_mother", 21.0),
    ("lone_father", 2.5),
    ("same_sex_couple", 1.0),
    ("kinship", 3.0),
    ("foster", 2.5),
)
MARRIED_SHARE = 0.6
DOUBLE_BARRELLED_SHARE = 0.01
BLENDED_SHARE = 0.15  # of couples with two or more children


class CarerPerson(NamedTuple):
    given_names: str
    family_name: str
    phone: str
    email: str


class CaringRole(NamedTuple):
    person: CarerPerson
    relationship: str
    parental_responsibility: bool


class Household(NamedTuple):
    carers: tuple[CaringRole, ...]
    child_surname: str
    # A blended family: the older children's surname, and how their mother's partner cares for them.
    earlier_surname: str | None = None
    step_parent: CaringRole | None = None

    def carer_rows(self, *, earlier_relationship: bool) -> tuple[tuple, ...]:
        """The Carer rows (less the child) of one child, in CARER_FIELDS order."""
        roles = self.carers
        if earlier_relationship and self.step_parent is not None:
            roles = (roles[0], self.step_parent)
        return tuple(
            (
                role.person.given_names,
                role.person.family_name,
                role.relationship,
                role.parental_responsibility,
                role.person.phone,
                role.person.email,
            )
            for role in roles
        )


CARER_FIELDS = [
    "child",
    "given_names",
    "family_name",
    "relationship",
    "parental_responsibility",
    "phone",
    "email",
]


def surname_draw(rng: Random, origin: Origin) -> str:
    surname = origin.surnames.draw(rng)
    if origin.locale == "en_GB" and rng.random() < DOUBLE_BARRELLED_SHARE:
        other = origin.surnames.draw(rng)
        if other != surname and "-" not in other + surname:
            surname = f"{surname}-{other}"
    return surname


def carer_person(
    rng: Random, *, origin: Origin, female: bool, family_name: str, locality: Locality
) -> CarerPerson:
    given_name = (origin.women if female else origin.men).draw(rng)
    draw = rng.random()
    if draw < 0.8:
        phone = mobile_phone(rng)
    elif draw < 0.92:
        phone = landline_phone(rng, local_authority_name=locality.name)
    else:
        phone = ""
    email = (
        personal_email(rng, given_name=given_name, family_name=family_name)
        if rng.random() < 0.65
        else ""
    )
    return CarerPerson(given_name, family_name, phone, email)


def household_draw(rng: Random, *, origin: Origin, locality: Locality, children: int) -> Household:
    kind = rng.choices(
        [kind for kind, _ in HOUSEHOLD_KINDS], weights=[weight for _, weight in HOUSEHOLD_KINDS]
    )[0]
    person = _person_maker(rng, origin=origin, locality=locality)
    if kind == "couple":
        return _couple(rng, origin=origin, person=person, children=children)
    if kind == "lone_mother":
        mother = person(True, surname_draw(rng, origin))
        surname = mother.family_name if rng.random() < 0.55 else surname_draw(rng, origin)
        return Household((CaringRole(mother, Relationship.MOTHER, True),), surname)
    if kind == "lone_father":
        father = person(False, surname_draw(rng, origin))
        return Household((CaringRole(father, Relationship.FATHER, True),), father.family_name)
    if kind == "same_sex_couple":
        female = rng.random() < 0.6
        first = person(female, surname_draw(rng, origin))
        second = person(
            female, first.family_name if rng.random() < 0.5 else surname_draw(rng, origin)
        )
        surname = (
            first.family_name if rng.random() < 0.8 else f"{second.family_name}-{first.family_name}"
        )
        if second.family_name == first.family_name:
            surname = first.family_name
        return Household(
            (
                CaringRole(first, Relationship.PARENT, True),
                CaringRole(second, Relationship.PARENT, True),
            ),
            surname,
        )
    if kind == "kinship":
        surname = surname_draw(rng, origin)
        grandparent = person(
            rng.random() < 0.8, surname if rng.random() < 0.5 else surname_draw(rng, origin)
        )
        return Household((CaringRole(grandparent, Relationship.GUARDIAN, True),), surname)
    return _foster(rng, origin=origin, person=person)


def _person_maker(rng, *, origin, locality):
    def person(female: bool, family_name: str) -> CarerPerson:
        return carer_person(
            rng, origin=origin, female=female, family_name=family_name, locality=locality
        )

    return person


def _couple(rng, *, origin, person, children) -> Household:
    father_surname = surname_draw(rng, origin)
    married = rng.random() < MARRIED_SHARE
    mother = person(True, father_surname if married else surname_draw(rng, origin))
    father = person(False, father_surname)
    surname = father_surname
    if not married and mother.family_name != father_surname:
        draw = rng.random()
        if draw < 0.12:
            surname = mother.family_name
        elif draw < 0.18 and "-" not in mother.family_name + father_surname:
            surname = f"{mother.family_name}-{father_surname}"
    carers = (
        CaringRole(mother, Relationship.MOTHER, True),
        CaringRole(father, Relationship.FATHER, married or rng.random() < 0.93),
    )
    if children >= 2 and rng.random() < BLENDED_SHARE:
        return Household(
            carers,
            surname,
            earlier_surname=surname_draw(rng, origin),
            step_parent=CaringRole(father, Relationship.CARER, False),
        )
    return Household(carers, surname)


def _foster(rng, *, origin, person) -> Household:
    surname = surname_draw(rng, origin)
    carer_surname = surname_draw(rng, origin)
    carers = [CaringRole(person(True, carer_surname), Relationship.CARER, False)]
    if rng.random() < 0.6:
        carers.append(CaringRole(person(False, carer_surname), Relationship.CARER, False))
    return Household(tuple(carers), surname)
