"""The fields a reviewer compares, how each side of a field is written out, and how the matcher's
comparison levels (ingest.matching.comparison) read on the page."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format

from ingest.records import FeedRecord
from registry.models import Address, Carer, Child, ExternalIdentifier, Gender

# How a level reads, and the GOV.UK tag colour it gets: agreement green, partial agreement
# yellow, disagreement red, and grey when one side says nothing.
_LEVELS = {
    "exact": ("Exact", "green"),
    "agree": ("Agrees", "green"),
    "same_address": ("Same address", "green"),
    "same_name": ("Same name", "green"),
    "close": ("Close", "yellow"),
    "similar": ("Similar", "yellow"),
    "swapped": ("Given and family names swapped", "yellow"),
    "day_month_swapped": ("Day and month swapped", "yellow"),
    "one_part_differs": ("One part differs", "yellow"),
    "same_postcode": ("Same postcode", "yellow"),
    "same_outward_code": ("Same postcode area", "yellow"),
    "similar_name": ("Similar name", "yellow"),
    "different": ("Different", "red"),
    "disagree": ("Different", "red"),
    "missing": ("Not on both", "grey"),
    "unknown": ("Not known", "grey"),
}


def level_label(level: str) -> str:
    if not level:
        return ""
    return _LEVELS.get(level, (level.replace("_", " ").capitalize(), ""))[0]


def level_tag(level: str) -> str:
    return _LEVELS.get(level, ("", "grey"))[1] or "grey"


@dataclass
class CandidateData:
    """One candidate child's current data, as the reviewer may see it."""

    child: Child
    address: Address | None = None
    carers: list[Carer] = field(default_factory=list)
    enrolment: object | None = None
    gp_registration: object | None = None
    identifiers: list[ExternalIdentifier] = field(default_factory=list)

    def identifier_values(self, scheme: str) -> str:
        return ", ".join(
            f"{identifier.issuer}: {identifier.value}" if identifier.issuer else identifier.value
            for identifier in self.identifiers
            if identifier.scheme == scheme
        )


@dataclass(frozen=True)
class ComparedField:
    label: str
    level_key: str
    record_value: Callable[[FeedRecord], str]
    candidate_value: Callable[[CandidateData], str]


def _joined(*parts: str, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def _gender(code: str) -> str:
    return Gender(code or Gender.NOT_SPECIFIED).label


def _born(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _address(data: CandidateData) -> str:
    address = data.address
    if address is None:
        return ""
    if address.status not in (Address.Status.CURRENT, Address.Status.LAST_KNOWN):
        return address.get_status_display()
    return _joined(address.line_1, address.line_2, address.town, address.postcode)


def _record_carer(record: FeedRecord) -> str:
    name = _joined(record.carer_given_names, record.carer_family_name, separator=" ")
    relationship = f"({record.carer_relationship})" if record.carer_relationship else ""
    return _joined(name, relationship, record.carer_phone, separator=" ")


def _carers(data: CandidateData) -> str:
    return "; ".join(
        _joined(
            carer.given_names,
            carer.family_name,
            f"({carer.get_relationship_display().lower()})",
            carer.phone,
            separator=" ",
        )
        for carer in data.carers
    )


def _school(data: CandidateData) -> str:
    return str(data.enrolment.setting) if data.enrolment else ""


def _gp(data: CandidateData) -> str:
    return str(data.gp_registration.practice) if data.gp_registration else ""


COMPARED_FIELDS: tuple[ComparedField, ...] = (
    ComparedField("Given names", "given_names", lambda r: r.given_names,
                  lambda c: c.child.given_names),
    ComparedField("Family name", "family_name", lambda r: r.family_name,
                  lambda c: c.child.family_name),
    ComparedField("Date of birth", "date_of_birth", lambda r: _born(r.date_of_birth),
                  lambda c: _born(c.child.date_of_birth)),
    ComparedField("Gender", "gender", lambda r: _gender(r.gender),
                  lambda c: _gender(c.child.gender)),
    ComparedField("Address", "address",
                  lambda r: _joined(r.address_line_1, r.address_line_2, r.town, r.postcode),
                  _address),
    ComparedField("Parent or carer", "carers", _record_carer, _carers),
    ComparedField("School (URN)", "school", lambda r: r.school_urn, _school),
    ComparedField("GP practice (ODS code)", "gp_practice", lambda r: r.gp_ods_code, _gp),
    ComparedField("NHS number", "nhs_number", lambda r: r.nhs_number,
                  lambda c: c.identifier_values(ExternalIdentifier.Scheme.NHS_NUMBER)),
    ComparedField("Unique pupil number", "upn", lambda r: r.upn,
                  lambda c: c.identifier_values(ExternalIdentifier.Scheme.UPN)),
    ComparedField("Feed record ID", "source_record", lambda r: r.record_id,
                  lambda c: c.identifier_values(ExternalIdentifier.Scheme.SOURCE_RECORD)),
)  # fmt: skip
