"""The benchmark's ground truth: feed records whose true child (or its absence) is known.

- existing: a record of an active, unshielded child, perturbed (bench.match_quality_perturb),
  sometimes after a move or with a new carer; the right outcome is a match with that child (a
  review that lists the child is a safe second best);
- shielded and sealed: the same, of shielded or sealed children; the right outcome is held for
  that child (or, for a shielded child, a match with that same child), never anything else;
- new: a child not in the index: an ordinary one, a twin of a child in the index (same family
  name, birth date, home and carer; another given name), or a namesake (same names and birth date,
  another home); the right outcome is create.

Sources send different fields: a health feed sends NHS numbers and GP practices, a school census
UPNs and schools, child benefit neither. Each record takes one source's fields at random, so about
a third of the records carry no identifier at all and are matched on names, dates and addresses
alone.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from stdnum.gb import upn

from bench.match_quality_perturb import identity_perturb
from demo.names import origins
from ingest.matching.candidates import CandidateChild
from ingest.records import FeedRecord

# Per source: the chance that a record carries each optional field the index holds.
SOURCES = {
    "health": {"nhs_number": 0.97, "gp_ods_code": 0.95, "carer": 0.8, "address": 0.98},
    "schools": {"upn": 0.95, "school_urn": 0.97, "carer": 0.6, "address": 0.97},
    "benefits": {"carer": 0.95, "address": 0.99},
    "local": {
        "nhs_number": 0.5,
        "upn": 0.4,
        "gp_ods_code": 0.5,
        "school_urn": 0.5,
        "carer": 0.7,
        "address": 0.9,
    },
}
MOVED_SHARE = 0.15
NEW_CARER_SHARE = 0.08
NEW_KINDS = ("ordinary", "twin", "namesake")
NEW_KIND_SHARES = (0.7, 0.15, 0.15)


@dataclass(frozen=True)
class BenchRecord:
    record: FeedRecord
    kind: str  # existing, shielded, sealed, new
    changes: tuple[str, ...]  # the perturbations, or the kind of new child
    child_id: int | None  # the true child; None for a new child


class RecordMaker:
    """Makes records from children's snapshots, with pools of places and names to draw on."""

    def __init__(self, *, seed: int, places: list[CandidateChild]):
        self.rng = Random(f"{seed}:match-quality")
        self.places = [place for place in places if place.postcode]
        self.british = origins()[0]
        self.numbers = 0

    def variant(self, child: CandidateChild, *, kind: str) -> BenchRecord:
        fields = self._fields_of(child)
        self._drop_unsent(fields)
        changes = identity_perturb(fields, self.rng)
        if self.rng.random() < MOVED_SHARE:
            self._move(fields)
            changes.append("moved")
        if self.rng.random() < NEW_CARER_SHARE and fields["carer_given_names"]:
            self._new_carer(fields)
            changes.append("new_carer")
        return BenchRecord(self._record(fields), kind, tuple(changes), child.child_id)

    def new_child(self, near: CandidateChild, *, kind: str) -> BenchRecord:
        """A child not in the index: ordinary, or a twin or namesake of `near` (NEW_KINDS)."""
        rng = self.rng
        fields = self._fields_of(near)
        fields.update(nhs_number=self._nhs_number(), upn=self._upn())
        if kind == "twin":
            fields["gender"] = rng.choice(("F", "M"))
            fields["given_names"] = self._first_name(fields["gender"], unlike=near.given_names)
        elif kind == "namesake":
            self._move(fields, new_services=True)
            self._new_carer(fields)
        else:
            fields["gender"] = rng.choice(("F", "M"))
            fields["given_names"] = self._first_name(fields["gender"], unlike="")
            fields["family_name"] = self.british.surnames.draw(rng)
            fields["date_of_birth"] = date.today() - timedelta(days=rng.randrange(1, 6570))
            self._move(fields, new_services=True)
            self._new_carer(fields)
        self._drop_unsent(fields)
        return BenchRecord(self._record(fields), "new", (kind,), None)

    def _fields_of(self, child: CandidateChild) -> dict:
        carer = self.rng.choice(child.carers) if child.carers else ("", "", "")
        fields = {
            "given_names": child.given_names,
            "family_name": child.family_name,
            "date_of_birth": child.date_of_birth,
            "gender": child.gender,
            "address_line_1": child.address_line_1,
            "address_line_2": child.address_line_2,
            "town": child.town,
            "postcode": child.postcode,
            "nhs_number": min(child.nhs_numbers, default=""),
            "upn": min(child.upns, default=""),
            "carer_given_names": carer[0],
            "carer_family_name": carer[1],
            "carer_relationship": carer[2],
            "school_urn": child.school_urn,
            "gp_ods_code": child.gp_ods_code,
        }
        return fields

    def _drop_unsent(self, fields: dict) -> None:
        """Keep only what this record's source sends."""
        sends = SOURCES[self.rng.choice(list(SOURCES))]
        for field in ("nhs_number", "upn", "gp_ods_code", "school_urn"):
            if self.rng.random() >= sends.get(field, 0):
                fields[field] = ""
        if self.rng.random() >= sends["carer"]:
            fields.update(carer_given_names="", carer_family_name="", carer_relationship="")
        if self.rng.random() >= sends["address"]:
            fields.update(address_line_1="", address_line_2="", town="", postcode="")

    def _move(self, fields: dict, *, new_services: bool = False) -> None:
        """A new home in another family's street, with another GP practice half the time (and
        a school three times in ten); with `new_services`, that family's GP and school."""
        place = self.rng.choice(self.places)
        street = place.address_line_1.split(" ", 1)[-1] if place.address_line_1 else "Road"
        fields.update(
            address_line_1=f"{self.rng.randrange(200, 400)} {street}",
            address_line_2="",
            town=place.town,
            postcode=place.postcode,
        )
        if new_services or (fields["gp_ods_code"] and self.rng.random() < 0.5):
            fields["gp_ods_code"] = place.gp_ods_code
        if new_services or (fields["school_urn"] and self.rng.random() < 0.3):
            fields["school_urn"] = place.school_urn

    def _new_carer(self, fields: dict) -> None:
        fields.update(
            carer_given_names=self.british.women.draw(self.rng),
            carer_family_name=self.british.surnames.draw(self.rng),
            carer_relationship="mother",
        )

    def _first_name(self, gender: str, *, unlike: str) -> str:
        pool = self.british.girls if gender == "F" else self.british.boys
        unlike_first = unlike.split(" ")[0]
        while (name := pool.draw(self.rng)) == unlike_first:
            continue
        return name

    def _nhs_number(self) -> str:
        """From the 999 range, which the demo population never uses: never another child's."""
        while True:
            body = f"999{self.rng.randrange(1_000_000):06d}"
            digits = zip(range(10, 1, -1), body, strict=True)
            remainder = sum(weight * int(digit) for weight, digit in digits)
            check_digit = (11 - remainder % 11) % 11
            if check_digit != 10:
                return f"{body}{check_digit}"

    def _upn(self) -> str:
        """Local authority code 999, which no school of the demo population has."""
        self.numbers += 1
        body = f"999{self.numbers:09d}"
        return upn.calc_check_digit(body) + body

    def _record(self, fields: dict) -> FeedRecord:
        self.numbers += 1
        return FeedRecord(record_id=f"BENCH-{self.numbers}", **fields)
