"""Records of children the index does not hold yet: babies born into its families, and families
that have moved into England.

A new baby shares its family's home, claimant and family name with a child already indexed, so
that the matcher meets the hardest "new" case, a sibling, as a child benefit feed brings it. A new
family gets names drawn as the demo population's are, a home in a street the index knows, and the
practice and school of a child living in that district.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

from bench.ingest_population_sample import nhs_numbers_taken
from bench.ingest_record_variants import FeedRow, HomesByDistrict
from demo.contact_details import mobile_phone
from demo.households import surname_draw
from demo.identifiers import IdentifierAllocator
from demo.names import Origin, origin_weights, origins

MIDDLE_NAME_SHARE = 0.35
_DAYS_IN_INDEX = 18 * 365
_SCHOOL_AGES = range(5, 16)


class NewChildren:
    """Draws new children's records; their NHS numbers are held by nobody in the index."""

    def __init__(self, *, rng: Random, today: date, homes: HomesByDistrict):
        self.rng = rng
        self.today = today
        self.homes = homes
        self.identifiers = IdentifierAllocator(
            seed=0, used_contactpoint_ids=set()
        )  # NHS numbers only

    def baby(self, sibling: FeedRow) -> FeedRow:
        """A baby of a family the index knows, born in the last ten months."""
        rng = self.rng
        row = dict(sibling, upn="", school_urn="", school_start_date="")
        female = rng.random() < 0.5
        given_names = self._given_names(origins()[0], female=female)
        while given_names.split(" ")[0] == sibling["given_names"].split(" ")[0]:
            given_names = self._given_names(origins()[0], female=female)
        row["given_names"], row["gender"] = given_names, "F" if female else "M"
        row["date_of_birth"] = (self.today - timedelta(days=rng.randrange(300))).isoformat()
        row["nhs_number"] = self.identifiers.nhs_number(rng)
        return row

    def moved_in(self, neighbour: FeedRow) -> FeedRow:
        """A child of a family new to England, living in `neighbour`'s district."""
        rng = self.rng
        origin = origins()[_draw(rng, origin_weights())]
        female = rng.random() < 0.5
        family_name = surname_draw(rng, origin)
        born = self.today - timedelta(days=rng.randrange(_DAYS_IN_INDEX))
        line_1, line_2, town, postcode = self.homes.another(rng, postcode=neighbour["postcode"])
        at_school = (self.today - born).days // 365 in _SCHOOL_AGES and neighbour["school_urn"]
        return {
            "given_names": self._given_names(origin, female=female),
            "family_name": family_name,
            "date_of_birth": born.isoformat(),
            "gender": "F" if female else "M",
            "address_line_1": line_1,
            "address_line_2": line_2,
            "town": town,
            "postcode": postcode,
            "nhs_number": self.identifiers.nhs_number(rng),
            "upn": "",
            "carer_given_names": origin.women.draw(rng),
            "carer_family_name": family_name,
            "carer_relationship": "mother",
            "carer_phone": mobile_phone(rng),
            "school_urn": neighbour["school_urn"] if at_school else "",
            "school_start_date": "",
            "gp_ods_code": neighbour["gp_ods_code"],
        }

    def _given_names(self, origin: Origin, *, female: bool) -> str:
        rng = self.rng
        first = (origin.girls if female else origin.boys).draw(rng)
        if rng.random() < MIDDLE_NAME_SHARE:
            middle = (origin.girls_middle if female else origin.boys_middle).draw(rng)
            if middle != first:
                return f"{first} {middle}"
        return first


def nhs_numbers_made_unique(rows: list[FeedRow], new_children: NewChildren) -> None:
    """Give another number to any new child whose drawn NHS number an indexed child holds."""
    while taken := nhs_numbers_taken([row["nhs_number"] for row in rows]):
        for row in _holding(rows, taken):
            row["nhs_number"] = new_children.identifiers.nhs_number(new_children.rng)


def _holding(rows: list[FeedRow], numbers: set[str]) -> Iterator[FeedRow]:
    return (row for row in rows if row["nhs_number"] in numbers)


def _draw(rng: Random, cumulative: list[float]) -> int:
    point = rng.random() * cumulative[-1]
    return next(index for index, weight in enumerate(cumulative) if point < weight)
