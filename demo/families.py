"""Demo families: siblings who share a home, carers, a GP practice and, where ages fit, a school.

Every value comes from one `random.Random` seeded by the caller, drawn in a fixed order, so the
same seed and reference date give the same children. Rows are plain tuples in the field order
the bulk loader is given; the child's database id is put in front of the hidden rows later.
"""

from bisect import bisect
from collections.abc import Iterator
from datetime import date
from random import Random
from typing import NamedTuple

from demo.households import household_draw
from demo.identifiers import IdentifierAllocator
from demo.involvements import child_practitioner, family_practitioner, involvement_row
from demo.local_areas import LocalArea
from demo.names import Origin, origin_weights, origins
from registry.matching_keys import MATCHING_KEY_FIELDS, child_matching_keys
from registry.models import Address, Child, ExternalIdentifier, Gender

CHILD_FIELDS = [
    "contactpoint_id",
    "given_names",
    "family_name",
    "gender",
    "date_of_birth",
    "status",
    "responsible_local_authority",
    *MATCHING_KEY_FIELDS,
]
ADDRESS_FIELDS = ["child", "status", "line_1", "line_2", "town", "postcode", "local_authority"]
ENROLMENT_FIELDS = ["child", "setting", "started_on"]
GP_REGISTRATION_FIELDS = ["child", "practice", "registered_on"]
IDENTIFIER_FIELDS = ["child", "scheme", "value"]

CHILDREN_PER_FAMILY = ((1, 30), (2, 42), (3, 19), (4, 9))
TWIN_SHARE = 0.016
GENDERS = (
    (Gender.FEMALE, 0.4885),
    (Gender.MALE, 0.5080),
    (Gender.NOT_SPECIFIED, 0.0032),
    (Gender.OTHER, 0.0003),
)
MIDDLE_NAME_SHARE = 0.35
ADDRESS_STATUSES = (
    (Address.Status.CURRENT, 0.965),
    (Address.Status.LAST_KNOWN, 0.02),
    (Address.Status.NO_KNOWN_ADDRESS, 0.005),
    (Address.Status.LEFT_ENGLAND, 0.01),
)
NHS_NUMBER_SHARE = 0.98
UPN_SHARE = 0.95
_SEPTEMBER = 9
_LONGEST_FAMILY_SPAN = 3 * (440 + 2100)  # days from the first to the fourth of four births


class SeededChild(NamedTuple):
    """One generated child: its Child row and its hidden rows, each less the child's id."""

    child: tuple
    address: tuple
    carers: tuple[tuple, ...]
    enrolment: tuple | None
    gp_registration: tuple | None
    involvements: list[tuple]
    identifiers: list[tuple]

    @property
    def contactpoint_id(self) -> str:
        return self.child[0]


class FamilyGenerator:
    """Draws whole families until it has made the number of children asked for."""

    def __init__(
        self,
        *,
        seed: int,
        reference_date: date,
        local_areas: list[LocalArea],
        identifiers: IdentifierAllocator,
    ):
        self.rng = Random(f"{seed}:families")
        self.reference_date = reference_date
        self.local_areas = local_areas
        self.area_weights = _cumulative(area.locality.weight for area in local_areas)
        self.identifiers = identifiers
        self.today = reference_date.toordinal()
        self.earliest_birth = _eighteen_years_before(reference_date).toordinal() + 1
        self.academic_year = reference_date.year - (reference_date.month < _SEPTEMBER)
        self.homes_taken: set[tuple[str, str, str]] = set()

    def children(self, count: int) -> Iterator[SeededChild]:
        made = 0
        while made < count:
            for child in self.family()[: count - made]:
                made += 1
                yield child

    def family(self) -> list[SeededChild]:
        rng = self.rng
        area = self.local_areas[_draw_index(rng, self.area_weights)]
        origin = origins()[_draw_index(rng, origin_weights())]
        births = self._birth_dates(_weighted(rng, CHILDREN_PER_FAMILY))
        household = household_draw(rng, origin=origin, locality=area.locality, children=len(births))
        address = self._address(area)
        practice_id = area.gp_practice_ids[rng.randrange(len(area.gp_practice_ids))]
        settings = (
            rng.choice(area.early_years_setting_ids),
            rng.choice(area.primary_schools),
            rng.choice(area.secondary_schools),
        )
        shared_practitioner = family_practitioner(rng, locality=area.locality)
        earlier_children = rng.randrange(1, len(births)) if household.earlier_surname else 0
        given_names_used: set[str] = set()
        family = []
        for position, born in enumerate(births):
            earlier = position < earlier_children
            surname = household.earlier_surname if earlier else household.child_surname
            gender = _weighted(rng, GENDERS)
            given_names = self._given_names(origin, gender, given_names_used)
            child_row = self._child_row(given_names, surname, gender, born, area)
            family.append(
                SeededChild(
                    child=child_row,
                    address=address,
                    carers=household.carer_rows(earlier_relationship=earlier),
                    enrolment=self._enrolment(born, settings),
                    gp_registration=self._gp_registration(born, practice_id),
                    involvements=self._involvements(born, area, shared_practitioner),
                    identifiers=self._identifiers(born, area, settings[1]),
                )
            )
        return family

    def _birth_dates(self, wanted: int) -> list[date]:
        """Births 15 months to 7 years apart, or twins; only those under 18 today are in the index.

        The eldest may be born well before the index's earliest birth date, so that a family's
        younger children are as likely as anyone to be 17 (their older siblings being adults),
        and every age is about equally common.
        """
        rng = self.rng
        while True:
            born = rng.randint(self.earliest_birth - _LONGEST_FAMILY_SPAN, self.today)
            births = [born]
            while len(births) < wanted:
                if rng.random() >= TWIN_SHARE:
                    born += 440 + int(rng.random() ** 1.5 * 2100)
                births.append(born)
            indexed = [born for born in births if self.earliest_birth <= born <= self.today]
            if indexed:
                return [date.fromordinal(ordinal) for ordinal in indexed]

    def _given_names(self, origin: Origin, gender: str, used: set[str]) -> str:
        rng = self.rng
        female = gender == Gender.FEMALE or (gender != Gender.MALE and rng.random() < 0.5)
        pool = origin.girls if female else origin.boys
        first = pool.draw(rng)
        while first in used:  # siblings, twins above all, have different names
            first = pool.draw(rng)
        used.add(first)
        if rng.random() < MIDDLE_NAME_SHARE:
            middle = (origin.girls_middle if female else origin.boys_middle).draw(rng)
            if middle != first:
                return f"{first} {middle}"
        return first

    def _child_row(self, given_names, family_name, gender, born, area) -> tuple:
        keys = child_matching_keys(
            given_names=given_names, family_name=family_name, date_of_birth=born
        )
        return (
            self.identifiers.contactpoint_id(),
            given_names,
            family_name,
            gender,
            born,
            Child.Status.ACTIVE,
            area.authority_id,
            *(keys[field] for field in MATCHING_KEY_FIELDS),
        )

    def _address(self, area: LocalArea) -> tuple:
        """One Address row (less the child) in ADDRESS_FIELDS order, shared by the siblings.

        Each home is drawn once: two families never share one, so siblings are those who do.
        """
        rng = self.rng
        status = _weighted(rng, ADDRESS_STATUSES)
        if status in (Address.Status.NO_KNOWN_ADDRESS, Address.Status.LEFT_ENGLAND):
            return (status, "", "", "", "", None)
        while True:
            street = area.streets[rng.randrange(len(area.streets))]
            postcode = street.postcodes[rng.randrange(len(street.postcodes))]
            house = f"{1 + int(rng.random() ** 2 * 180)} {street.name}"
            if rng.random() < 0.15:
                line_1, line_2 = f"Flat {1 + rng.randrange(24)}", house
            else:
                line_1, line_2 = house, ""
            if (home := (line_1, line_2, postcode)) not in self.homes_taken:
                self.homes_taken.add(home)
                return (status, line_1, line_2, street.town, postcode, area.authority_id)

    def _year_group(self, born: date) -> int:
        """0 for Reception, 1 to 13 for Years 1 to 13, negative before school."""
        cohort = born.year + (born.month >= _SEPTEMBER)
        return self.academic_year - cohort - 4

    def _enrolment(self, born: date, settings) -> tuple | None:
        """Early years at 2 to 4, primary from Reception, secondary from Year 7, some sixth form."""
        rng = self.rng
        early_years_id, primary, secondary = settings
        year_group = self._year_group(born)
        first_september = date(self.academic_year - year_group, _SEPTEMBER, 1)
        if 0 <= year_group <= 6 and rng.random() < 0.985:
            return (primary.setting_id, first_september)
        if 7 <= year_group <= 13 and rng.random() < (0.97 if year_group <= 11 else 0.5):
            return (secondary.setting_id, date(first_september.year + 7, _SEPTEMBER, 1))
        age_days = self.today - born.toordinal()
        old_enough = year_group in (-1, -2) and age_days >= 2 * 365 + 1
        if old_enough and rng.random() < (0.9 if year_group == -1 else 0.5):
            start = born.toordinal() + 2 * 365 + rng.randrange(1, 400)
            return (early_years_id, date.fromordinal(min(start, self.today)))
        return None

    def _gp_registration(self, born: date, practice_id: int) -> tuple | None:
        """Most babies are registered within weeks of birth; some children move in later."""
        rng = self.rng
        registered = born.toordinal() + rng.randint(7, 56)
        if rng.random() < 0.2:
            registered = rng.randint(born.toordinal(), self.today)
        if registered > self.today or rng.random() < 0.02:
            return None
        return (practice_id, date.fromordinal(registered))

    def _involvements(self, born: date, area: LocalArea, shared_practitioner) -> list[tuple]:
        rng = self.rng
        practitioners = [shared_practitioner] if shared_practitioner else []
        age = (self.today - born.toordinal()) // 365
        has_lead = bool(shared_practitioner and shared_practitioner.is_lead_professional)
        own = child_practitioner(rng, age=age, locality=area.locality, has_lead=has_lead)
        if own:
            practitioners.append(own)
        return [
            involvement_row(
                rng, practitioner, date_of_birth=born, reference_date=self.reference_date
            )
            for practitioner in practitioners
        ]

    def _identifiers(self, born: date, area: LocalArea, primary) -> list[tuple]:
        rng = self.rng
        rows = []
        if rng.random() < NHS_NUMBER_SHARE:
            rows.append((ExternalIdentifier.Scheme.NHS_NUMBER, self.identifiers.nhs_number(rng)))
        year_group = self._year_group(born)
        if year_group >= 0 and rng.random() < UPN_SHARE:
            upn = self.identifiers.upn(
                la_code=area.locality.code,
                establishment_number=primary.establishment_number,
                issued_year=self.academic_year - year_group,
            )
            rows.append((ExternalIdentifier.Scheme.UPN, upn))
        return rows


def _cumulative(weights) -> list[float]:
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def _draw_index(rng: Random, cumulative: list[float]) -> int:
    return bisect(cumulative, rng.random() * cumulative[-1])


def _weighted(rng: Random, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[
        0
    ]


def _eighteen_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 18)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 18, day=28)
