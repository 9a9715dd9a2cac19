"""What a practitioner searches with, and the least that is enough, as the NHS spine trace has it.

Enough is any one of:
- a ContactPoint ID or an NHS number, matched exactly;
- given name, family name and date of birth;
- family name, date of birth and postcode;
- given name, date of birth and postcode.
With both names, the date of birth may be partial: a year, or a month and year.

Asking for this much keeps a search from being a way to browse the index, and keeps the
candidates few enough to compare one by one.
"""

from dataclasses import dataclass

from registry.search.partial_date import PartialDate

GIVEN_NAMES = "given_names"
FAMILY_NAME = "family_name"
DATE_OF_BIRTH = "date_of_birth"
POSTCODE = "postcode"
CONTACTPOINT_ID = "contactpoint_id"
NHS_NUMBER = "nhs_number"
NOT_ENOUGH_CRITERIA = "__all__"
DEMOGRAPHIC_FIELDS = (GIVEN_NAMES, FAMILY_NAME, DATE_OF_BIRTH, POSTCODE)
IDENTIFIER_FIELDS = (CONTACTPOINT_ID, NHS_NUMBER)

# Fields that shielding hides: a search that uses one never returns a shielded child.
HIDDEN_FIELDS = frozenset({POSTCODE, NHS_NUMBER})

# The sets of fields that are enough to search by, with a full date of birth and with a partial one.
ENOUGH_WITH_FULL_DATE = (
    frozenset({GIVEN_NAMES, FAMILY_NAME, DATE_OF_BIRTH}),
    frozenset({FAMILY_NAME, DATE_OF_BIRTH, POSTCODE}),
    frozenset({GIVEN_NAMES, DATE_OF_BIRTH, POSTCODE}),
)
ENOUGH_WITH_PARTIAL_DATE = (frozenset({GIVEN_NAMES, FAMILY_NAME, DATE_OF_BIRTH}),)
_OR_AN_IDENTIFIER = ", or a ContactPoint ID or NHS number"


class SearchCriteriaError(ValueError):
    """Search criteria that cannot be used; `errors` maps each field to a message a person can act on."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SearchCriteria:
    """Search criteria in their normal forms (see `search_criteria_parse`), and always enough."""

    given_names: str = ""
    family_name: str = ""
    date_of_birth: PartialDate | None = None
    postcode: str = ""
    contactpoint_id: str = ""
    nhs_number: str = ""

    def __post_init__(self):
        missing = missing_criteria_message(
            fields={field for field in DEMOGRAPHIC_FIELDS if getattr(self, field)},
            date_of_birth_is_full=bool(self.date_of_birth and self.date_of_birth.is_full),
            has_identifier=self.is_identifier_search,
        )
        if missing:
            raise SearchCriteriaError({NOT_ENOUGH_CRITERIA: missing})

    @property
    def is_identifier_search(self) -> bool:
        """An ID or NHS number decides alone: names, date of birth and postcode are then not used."""
        return bool(self.contactpoint_id or self.nhs_number)

    @property
    def fields_used(self) -> frozenset[str]:
        """The fields the search matches on."""
        fields = IDENTIFIER_FIELDS if self.is_identifier_search else DEMOGRAPHIC_FIELDS
        return frozenset(field for field in fields if getattr(self, field))

    @property
    def hidden_fields_used(self) -> frozenset[str]:
        return self.fields_used & HIDDEN_FIELDS


def criteria_are_enough(fields: set[str] | frozenset[str], *, date_of_birth_is_full: bool) -> bool:
    enough = ENOUGH_WITH_FULL_DATE if date_of_birth_is_full else ENOUGH_WITH_PARTIAL_DATE
    return any(combination <= fields for combination in enough)


def missing_criteria_message(
    *, fields: set[str], date_of_birth_is_full: bool, has_identifier: bool
) -> str | None:
    """What to add to `fields` to make a search, in words; None if they are enough already."""
    if has_identifier or criteria_are_enough(fields, date_of_birth_is_full=date_of_birth_is_full):
        return None
    given, family, postcode = GIVEN_NAMES in fields, FAMILY_NAME in fields, POSTCODE in fields
    if not fields:
        return "Enter a name and date of birth" + _OR_AN_IDENTIFIER
    if DATE_OF_BIRTH not in fields:
        return "Enter a date of birth" + _OR_AN_IDENTIFIER
    if not date_of_birth_is_full:
        wanted = (
            "a given name"
            if family
            else "a family name"
            if given
            else "a given name and a family name"
        )
        return f"With only a year or month of birth, enter {wanted}, or the full date of birth"
    if given or family:
        wanted = "a family name" if given else "a given name"
        return f"Enter {wanted} or a postcode" + _OR_AN_IDENTIFIER
    if postcode:
        return "Enter a given name or a family name" + _OR_AN_IDENTIFIER
    return "Enter a given name and a family name" + _OR_AN_IDENTIFIER
