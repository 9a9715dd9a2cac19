"""What a new identity must not share with the old one, checked before anything is written.

Sealing keeps a practitioner's search from finding the old record. The new record must not be
found by it either: a search by the birth names and date of birth that returned the new identity
would be exactly the 2009 link. The test is the practitioners' own search scoring
(registry.search.scoring), asked whether it would show the new names and date of birth for the
old ones: with the full date, the month and year, and the year alone. (A search that adds the old
postcode or NHS number cannot find the new record: none of the old contact data is copied to it.)

The team's justification is kept on the new record's shield, so it may not name the old identity:
its ContactPoint ID, or a name the new identity does not share.
"""

import re
from datetime import date

from registry.contactpoint_id import contactpoint_id_format
from registry.matching_keys import name_normalise
from registry.models import Child
from registry.search import PartialDate, SearchCriteria
from registry.search.scoring import CandidateScorer


def birth_identity_finds(
    *, old: Child, given_names: str, family_name: str, date_of_birth: date
) -> bool:
    """Would a search by the old record's names and date of birth show these new ones?"""
    born = old.date_of_birth
    searched_dates = (
        PartialDate(born.year, born.month, born.day),
        PartialDate(born.year, born.month),
        PartialDate(born.year),
    )
    for searched in searched_dates:
        criteria = SearchCriteria(
            given_names=old.given_names, family_name=old.family_name, date_of_birth=searched
        )
        shown = CandidateScorer(criteria).match(
            given_names_norm=name_normalise(given_names),
            family_name_norm=name_normalise(family_name),
            born=date_of_birth,
            at_postcode=False,
        )
        if shown is not None:
            return True
    return False


def old_identity_named(*, text: str, old: Child, given_names: str, family_name: str) -> bool:
    """Does `text` name the old identity: its ContactPoint ID, or an old name not kept?"""
    digits = re.sub(r"\D", "", text)
    if old.contactpoint_id in digits or contactpoint_id_format(old.contactpoint_id) in text:
        return True
    words = set(name_normalise(text).split())
    kept = set(name_normalise(f"{given_names} {family_name}").split())
    old_names = set(name_normalise(f"{old.given_names} {old.family_name}").split())
    return bool((old_names - kept) & words)
