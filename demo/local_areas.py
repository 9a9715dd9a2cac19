"""Each demo local authority's streets, schools, early-years settings and GP practices.

Streets live only in memory: an address is written per child. Settings and practices are public
reference data: they are written in bulk where a local authority has none of a kind, and read
back where it has, so that seeding again reuses them and never clashes on a URN or an ODS code.
"""

import math
from collections.abc import Callable
from random import Random
from typing import NamedTuple

from demo.contact_details import inward_code, landline_phone
from demo.localities import LOCALITIES, Locality
from demo.names import words
from demo.place_names import (
    Street,
    early_years_name,
    practice_name,
    primary_school_name,
    secondary_school_name,
    street_name,
)
from ingest.bulk_load import rows_insert
from registry.models import EducationalSetting, GPPractice, LocalAuthority

# The first letter of the ODS codes of each demo local authority's GP practices (by region).
ODS_LETTERS = dict(
    pair.split(":")
    for pair in words("""
        383:B 380:B 373:C 892:C 856:C 925:C 330:M 352:P 341:N 391:A 801:L 879:L 202:F 210:G
        306:H 886:G 881:F 850:J 931:K 873:D
    """)
)
SETTING_FIELDS = ["urn", "name", "kind", "local_authority", "phone", "postcode"]
PRACTICE_FIELDS = ["ods_code", "name", "phone", "postcode"]
PRIMARY, SECONDARY, EARLY_YEARS = "primary", "secondary", "early_years"
# Per kind of setting: its model kind, its URN range, how it is named, and pupils per setting
# as a share of all children (7 primary years of 18, at 280 pupils a school, and so on).
SETTING_KINDS = {
    PRIMARY: ("school", (100000, 150000), primary_school_name, 7 / 18 / 280),
    SECONDARY: ("school", (100000, 150000), secondary_school_name, 7 / 18 / 1000),
    EARLY_YEARS: ("early_years", (500000, 600000), early_years_name, 3 / 18 * 0.7 / 45),
}
CHILDREN_PER_PRACTICE = 1900


class School(NamedTuple):
    setting_id: int
    establishment_number: int  # the DfE number inside a UPN


class LocalArea(NamedTuple):
    """What the generator draws from for the children of one local authority."""

    locality: Locality
    authority_id: int
    streets: list[Street]
    primary_schools: list[School]
    secondary_schools: list[School]
    early_years_setting_ids: list[int]
    gp_practice_ids: list[int]


def local_areas_prepare(*, children: int, seed: int) -> list[LocalArea]:
    """One LocalArea per demo local authority, sized for `children` children in all."""
    total_weight = sum(locality.weight for locality in LOCALITIES)
    authority_ids = dict(LocalAuthority.objects.values_list("code", "id"))
    used_urns = set(EducationalSetting.objects.values_list("urn", flat=True))
    used_ods_codes = set(GPPractice.objects.values_list("ods_code", flat=True))
    areas = []
    for locality in LOCALITIES:
        rng = Random(f"{seed}:local-area:{locality.code}")
        expected_children = children * locality.weight / total_weight
        streets = streets_generate(rng, locality=locality, expected_children=expected_children)
        authority_id = authority_ids[locality.code]
        settings = _settings_ensure(
            rng,
            locality=locality,
            authority_id=authority_id,
            streets=streets,
            expected_children=expected_children,
            used_urns=used_urns,
        )
        practice_ids = _practices_ensure(
            rng,
            locality=locality,
            streets=streets,
            expected_children=expected_children,
            used_ods_codes=used_ods_codes,
        )
        primaries = [School(id_, 2000 + number) for number, id_ in enumerate(settings[PRIMARY])]
        secondaries = [School(id_, 4000 + number) for number, id_ in enumerate(settings[SECONDARY])]
        areas.append(
            LocalArea(
                locality,
                authority_id,
                streets,
                primaries,
                secondaries,
                settings[EARLY_YEARS],
                practice_ids,
            )
        )
    return areas


def streets_generate(rng: Random, *, locality: Locality, expected_children: float) -> list[Street]:
    """About one street for every 30 children, each with one to three postcodes of its own."""
    wanted = max(40, math.ceil(expected_children / 30))
    names, used_postcodes, streets = set(), set(), []
    while len(streets) < wanted:
        name = street_name(rng)
        outward = locality.outward_codes[rng.randrange(len(locality.outward_codes))]
        postcodes = {f"{outward} {inward_code(rng)}" for _ in range(1 + rng.randrange(3))}
        postcodes -= used_postcodes
        if name in names or not postcodes:
            continue
        names.add(name)
        used_postcodes |= postcodes
        town = locality.towns[0] if rng.random() < 0.5 else rng.choice(locality.towns)
        streets.append(Street(name, town, tuple(sorted(postcodes))))
    return streets


def _settings_ensure(rng, *, locality, authority_id, streets, expected_children, used_urns):
    """The local authority's setting ids by kind, after writing any kind it has none of."""
    settings = _settings_by_kind(authority_id)
    missing = [kind for kind in SETTING_KINDS if not settings[kind]]
    if missing:
        rows, names = [], set()
        for kind in missing:
            model_kind, (low, high), naming, per_child = SETTING_KINDS[kind]
            for _ in range(max(2, math.ceil(expected_children * per_child))):
                street = streets[rng.randrange(len(streets))]
                name = naming(rng, street=street)
                name = f"{name}, {street.name}" if name in names else name
                names.add(name)
                urn = _unused(used_urns, lambda low=low, high=high: str(rng.randrange(low, high)))
                phone = landline_phone(rng, local_authority_name=locality.name)
                rows.append((urn, name, model_kind, authority_id, phone, street.postcodes[0]))
        rows_insert(model=EducationalSetting, fields=SETTING_FIELDS, rows=rows)
        settings = _settings_by_kind(authority_id)
    return settings


def _settings_by_kind(authority_id: int) -> dict[str, list[int]]:
    """Schools are told apart by name: a setting's phase is not in the register's fields."""
    by_kind = {kind: [] for kind in SETTING_KINDS}
    settings = EducationalSetting.objects.filter(local_authority_id=authority_id).order_by("urn")
    for setting_id, model_kind, name in settings.values_list("id", "kind", "name"):
        if model_kind == EducationalSetting.Kind.EARLY_YEARS:
            by_kind[EARLY_YEARS].append(setting_id)
        else:
            by_kind[PRIMARY if "Primary" in name else SECONDARY].append(setting_id)
    return by_kind


def _practices_ensure(rng, *, locality, streets, expected_children, used_ods_codes) -> list[int]:
    """The GP practices in the local authority's postcode districts (a practice names no LA)."""
    outward_codes = set(locality.outward_codes)

    def in_area() -> list[int]:
        practices = GPPractice.objects.order_by("ods_code").values_list("id", "postcode")
        return [id_ for id_, postcode in practices if postcode.split(" ")[0] in outward_codes]

    if existing := in_area():
        return existing
    rows = []
    for _ in range(max(2, math.ceil(expected_children / CHILDREN_PER_PRACTICE))):
        street = streets[rng.randrange(len(streets))]
        ods_code = _unused(
            used_ods_codes, lambda: f"{ODS_LETTERS[locality.code]}{rng.randrange(81000, 90000)}"
        )
        phone = landline_phone(rng, local_authority_name=locality.name)
        rows.append((ods_code, practice_name(rng, street=street), phone, street.postcodes[0]))
    rows_insert(model=GPPractice, fields=PRACTICE_FIELDS, rows=rows)
    return in_area()


def _unused(used: set, candidate: Callable[[], str]) -> str:
    while True:
        value = candidate()
        if value not in used:
            used.add(value)
            return value
