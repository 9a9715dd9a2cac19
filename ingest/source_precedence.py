"""What a matched record may change: only the parts its feed is trusted for, and of a shielded
child only the hidden data, so that the child stays exactly as shielded as before.

`record_changes` compares a record with the candidate's current data and names what is new; the
pipeline then writes it. A record with no changes is `unchanged`.
"""

from dataclasses import dataclass, field

from ingest.matching.candidates import CandidateChild
from ingest.models import TrustedField
from ingest.records import FeedRecord
from registry.matching_keys import name_normalise

IDENTITY_FIELDS = ("given_names", "family_name", "date_of_birth", "gender")


@dataclass
class RecordChanges:
    """The parts of one child's record that a matched feed record brings something new to."""

    identity: dict[str, object] = field(default_factory=dict)
    address: bool = False
    carer: bool = False
    school: bool = False
    gp: bool = False
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.identity
            or self.address
            or self.carer
            or self.school
            or self.gp
            or self.identifiers
        )

    def parts(self) -> list[str]:
        """Plain names of what changed, for the reconciliation report; never a value."""
        named = [
            ("identity", bool(self.identity)),
            ("address", self.address),
            ("carer", self.carer),
            ("school", self.school),
            ("GP", self.gp),
            ("identifiers", bool(self.identifiers)),
        ]
        return [name for name, changed in named if changed]


def record_changes(
    *, record: FeedRecord, candidate: CandidateChild, trusted: frozenset[str], feed_code: str
) -> RecordChanges:
    """What `record` would change on `candidate`, within what its feed is trusted for."""
    changes = RecordChanges(identifiers=_new_identifiers(record, candidate, trusted, feed_code))
    if TrustedField.IDENTITY in trusted and not candidate.shielded:
        changes.identity = _identity_changes(record, candidate)
    if TrustedField.ADDRESS in trusted and record.has_address:
        changes.address = _address_differs(record, candidate)
    if TrustedField.CARERS in trusted and record.has_carer:
        changes.carer = not _carer_known(record, candidate)
    if TrustedField.SCHOOL in trusted and record.school_urn:
        changes.school = record.school_urn != candidate.school_urn
    if TrustedField.GP in trusted and record.gp_ods_code:
        changes.gp = record.gp_ods_code != candidate.gp_ods_code
    return changes


def _identity_changes(record: FeedRecord, candidate: CandidateChild) -> dict[str, object]:
    changed = {}
    for name in IDENTITY_FIELDS:
        value = getattr(record, name)
        if name == "gender" and value == "U":
            continue  # "not specified" adds nothing to a known gender
        if value != getattr(candidate, name):
            changed[name] = value
    return changed


def _address_differs(record: FeedRecord, candidate: CandidateChild) -> bool:
    return (record.postcode, _comparable(record.address_line_1)) != (
        candidate.postcode,
        _comparable(candidate.address_line_1),
    )


def _carer_known(record: FeedRecord, candidate: CandidateChild) -> bool:
    wanted = (name_normalise(record.carer_given_names), name_normalise(record.carer_family_name))
    return any(
        (name_normalise(given), name_normalise(family)) == wanted
        for given, family, _relationship in candidate.carers
    )


def _new_identifiers(record, candidate, trusted, feed_code) -> list[tuple[str, str, str]]:
    """Identifiers to add: this feed's record_id always; an NHS number or UPN when trusted for
    it and the child has none of that kind (a second, different one is a conflict, not news)."""
    new = []
    if record.record_id not in candidate.source_record_ids:
        new.append(("source_record", feed_code, record.record_id))
    if TrustedField.NHS_NUMBER in trusted and record.nhs_number and not candidate.nhs_numbers:
        new.append(("nhs_number", "", record.nhs_number))
    if TrustedField.UPN in trusted and record.upn and not candidate.upns:
        new.append(("upn", "", record.upn))
    return new


def _comparable(text: str) -> str:
    return " ".join(text.lower().split())
