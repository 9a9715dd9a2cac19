"""One feed record after the format's rules have passed: trimmed, NFC-normalised, in normal forms.

This is what the matcher compares and what the pipeline applies. Names keep their case and accents
for display; the matcher derives its own keys (registry.matching_keys).
"""

from dataclasses import asdict, dataclass, fields
from datetime import date

# The spec's columns, in the spec's order (../shared/spec/feed-format.md).
FEED_COLUMNS = (
    "record_id",
    "given_names",
    "family_name",
    "date_of_birth",
    "gender",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "nhs_number",
    "upn",
    "carer_given_names",
    "carer_family_name",
    "carer_relationship",
    "carer_phone",
    "school_urn",
    "school_start_date",
    "gp_ods_code",
)
_DATE_FIELDS = ("date_of_birth", "school_start_date")


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A valid record. Optional text is '' when absent; gender is 'U' when not specified."""

    record_id: str
    given_names: str
    family_name: str
    date_of_birth: date
    gender: str = "U"
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""  # normal form, e.g. 'SW1A 1AA'
    nhs_number: str = ""  # ten digits, no spaces
    upn: str = ""  # thirteen characters, capitals
    carer_given_names: str = ""
    carer_family_name: str = ""
    carer_relationship: str = ""
    carer_phone: str = ""  # national form, e.g. '01632960001'
    school_urn: str = ""
    school_start_date: date | None = None
    gp_ods_code: str = ""

    def as_json(self) -> dict:
        """A JSON-ready dict: dates as ISO strings."""
        data = asdict(self)
        for name in _DATE_FIELDS:
            if data[name] is not None:
                data[name] = data[name].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "FeedRecord":
        known = {field.name for field in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        for name in _DATE_FIELDS:
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        return cls(**values)

    @property
    def has_address(self) -> bool:
        return bool(self.address_line_1 or self.postcode)

    @property
    def has_carer(self) -> bool:
        return bool(self.carer_given_names or self.carer_family_name)
