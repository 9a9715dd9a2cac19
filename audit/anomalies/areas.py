"""Whether a read looks far outside the reader's own area.

A user's area is their organisation's local authority; a national partner's user has none and is
never out of area. A search is far when the postcode searched lies in an authority that is not
near; a record, when the child is the responsibility of one. Near means the user's own authority or one
that shares a postcode area with it (the letters of an outward code: LS, BD, NW), so that a
practitioner on a boundary is not flagged for the children next door.

The postcode districts and organisations are held in memory for a few minutes: they change
rarely, and the rule runs on every read.
"""

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.models import Organisation
from registry.models import Child, PostcodeDistrict

MAP_SECONDS = 600
_AREA_LETTERS = re.compile(r"^[A-Z]+")


@dataclass
class AreaMap:
    authority_of_district: dict[str, int]
    areas_of_authority: dict[int, frozenset[str]]
    authority_of_organisation: dict[int, int | None]
    loaded_at: float = field(default_factory=time.monotonic)
    _near: dict[int, frozenset[int]] = field(default_factory=dict)

    def near(self, authority_id: int) -> frozenset[int]:
        if authority_id not in self._near:
            areas = self.areas_of_authority.get(authority_id, frozenset())
            self._near[authority_id] = frozenset(
                other for other, its_areas in self.areas_of_authority.items() if its_areas & areas
            ) | {authority_id}
        return self._near[authority_id]

    def organisation_authority(self, organisation_id: int) -> int | None:
        if organisation_id not in self.authority_of_organisation:
            found = Organisation.objects.filter(pk=organisation_id).values_list(
                "local_authority_id", flat=True
            )
            self.authority_of_organisation[organisation_id] = found.first()
        return self.authority_of_organisation[organisation_id]


_current: AreaMap | None = None


def postcode_area(outward_code: str) -> str:
    match = _AREA_LETTERS.match(outward_code.upper())
    return match.group(0) if match else ""


def area_map() -> AreaMap:
    global _current
    if _current is None or time.monotonic() - _current.loaded_at > MAP_SECONDS:
        districts = dict(PostcodeDistrict.objects.values_list("outward_code", "local_authority_id"))
        areas: dict[int, set[str]] = {}
        for outward_code, authority_id in districts.items():
            areas.setdefault(authority_id, set()).add(postcode_area(outward_code))
        _current = AreaMap(
            authority_of_district=districts,
            areas_of_authority={key: frozenset(value) for key, value in areas.items()},
            authority_of_organisation=dict(
                Organisation.objects.values_list("pk", "local_authority_id")
            ),
        )
    return _current


def area_map_forget() -> None:
    """Read the districts again on next use (after reference data changes, and in tests)."""
    global _current
    _current = None


def read_is_far(*, organisation_id: int | None, postcode: str, child_ids: Iterable[int]) -> bool:
    if organisation_id is None:
        return False
    areas = area_map()
    home = areas.organisation_authority(organisation_id)
    if home is None:
        return False
    near = areas.near(home)
    searched = areas.authority_of_district.get(postcode.split(" ")[0]) if postcode else None
    if searched is not None and searched not in near:
        return True
    child_ids = list(child_ids)
    if not child_ids:
        return False
    # Audit internals: only the responsible authority's id is read, to compare, never shown.
    responsible = (
        Child.unscoped_objects.filter(pk__in=child_ids)
        .values_list("responsible_local_authority_id", flat=True)
        .distinct()
    )
    return any(authority_id not in near for authority_id in responsible)
