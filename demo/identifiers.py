"""Identifiers for the demo population: ContactPoint IDs, NHS numbers and unique pupil numbers.

Each is valid by its own check (Damm, modulus 11, the UPN check letter) and unique within a run.
ContactPoint IDs come from a random stream of their own, so that skipping an ID already stored
changes no other value: the same seed gives the same children whatever the index already holds.
"""

from random import Random

from stdnum.gb import upn

from registry.contactpoint_id import contactpoint_id_generate

# UPN serial numbers are three digits for each school and year of issue.
_UPN_SERIALS = 1000


class IdentifierAllocator:
    """Hands out identifiers that have not been handed out before."""

    def __init__(self, *, seed: int, used_contactpoint_ids: set[str]):
        self._id_rng = Random(f"{seed}:contactpoint-ids")
        self._used_contactpoint_ids = used_contactpoint_ids
        self._used_nhs_numbers: set[str] = set()
        self._upn_serials: dict[tuple[str, int, int], int] = {}

    def contactpoint_id(self) -> str:
        while True:
            candidate = contactpoint_id_generate(self._id_rng)
            if candidate not in self._used_contactpoint_ids:
                self._used_contactpoint_ids.add(candidate)
                return candidate

    def nhs_number(self, rng: Random) -> str:
        """Ten digits whose modulus-11 check holds; nine random digits from the English ranges."""
        while True:
            body = str(rng.randrange(400_000_000, 800_000_000))
            remainder = (
                sum(
                    weight * int(digit)
                    for weight, digit in zip(range(10, 1, -1), body, strict=True)
                )
                % 11
            )
            check_digit = (11 - remainder) % 11
            if check_digit == 10:
                continue  # no NHS number has this body
            number = f"{body}{check_digit}"
            if number not in self._used_nhs_numbers:
                self._used_nhs_numbers.add(number)
                return number

    def upn(self, *, la_code: str, establishment_number: int, issued_year: int) -> str:
        """A permanent UPN, issued by a school of the child's local authority in `issued_year`."""
        key = (la_code, establishment_number, issued_year % 100)
        serial = self._upn_serials.get(key, 0)
        self._upn_serials[key] = serial + 1
        body = (
            f"{la_code}{establishment_number:04d}{issued_year % 100:02d}{serial % _UPN_SERIALS:03d}"
        )
        return upn.calc_check_digit(body) + body
