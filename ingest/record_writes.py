"""Writing a chunk's outcomes to the registry: new children and the changes matched records bring.

Writes are collected while a chunk is decided and made together at its end, a few statements per
kind of row, inside the chunk's transaction and the matcher's database scope (the hidden tables'
row-level security lets the matcher write any child's rows, and no user sees them through it).
The `unscoped_objects` managers are used here for that reason: this is the feed's own write path,
and it reads nothing back to anyone.
"""

from datetime import date

from django.utils import timezone

from ingest.matching.candidates import CandidateChild
from ingest.records import FeedRecord
from ingest.reference_lookup import ReferenceLookup
from ingest.source_precedence import RecordChanges
from registry.contactpoint_id import contactpoint_id_generate
from registry.matching_keys import child_matching_keys
from registry.models import (
    Address,
    Carer,
    Child,
    ExternalIdentifier,
    GPRegistration,
    SettingEnrolment,
)
from shielding.moves import children_follow_addresses

_ID_ATTEMPTS = 5


class ChunkWriter:
    """Collects one chunk's creations and updates, then writes them in bulk with `flush()`."""

    def __init__(self, *, feed_code: str, references: ReferenceLookup, decided_by=None):
        """`decided_by` is the person whose decision on a held or review record this writes, if
        any: a move it causes is theirs (None for the pipeline's own decisions)."""
        self.feed_code = feed_code
        self.references = references
        self.decided_by = decided_by
        self.today = timezone.localdate()
        self._new_children: list[tuple[Child, FeedRecord]] = []
        self._updates: list[tuple[CandidateChild, FeedRecord, RecordChanges]] = []

    def child_create(self, *, record: FeedRecord, responsible_authority_id: int) -> Child:
        """A new child from `record`; its id is set by `flush()`."""
        child = Child(
            given_names=record.given_names,
            family_name=record.family_name,
            date_of_birth=record.date_of_birth,
            gender=record.gender,
            responsible_local_authority_id=responsible_authority_id,
            **child_matching_keys(
                given_names=record.given_names,
                family_name=record.family_name,
                date_of_birth=record.date_of_birth,
            ),
        )
        self._new_children.append((child, record))
        return child

    def child_update(
        self, *, candidate: CandidateChild, record: FeedRecord, changes: RecordChanges
    ) -> None:
        self._updates.append((candidate, record, changes))

    def flush(self) -> None:
        """Write everything collected: children first, then the hidden rows that point at them."""
        self._children_insert()
        self._identities_update()
        rows = HiddenRows()
        for child, record in self._new_children:
            rows.add_all(child_id=child.pk, record=record, writer=self)
        for candidate, record, changes in self._updates:
            rows.add_changes(
                child_id=candidate.child_id, record=record, changes=changes, writer=self
            )
        rows.write(today=self.today)
        self._children_move()
        self._new_children, self._updates = [], []

    def _children_insert(self) -> None:
        children = [child for child, _record in self._new_children]
        if not children:
            return
        _contactpoint_ids_assign(children)
        Child.unscoped_objects.bulk_create(children)

    def _children_move(self) -> None:
        """A new current address in another authority's area moves the child there, with its
        shield (shielding.moves). The matcher read each child's authority with its candidate, so
        a chunk in which nobody moves asks the database nothing."""
        moving = {}
        for candidate, record, changes in self._updates:
            authority_id = self.references.address_authority_id(record) if changes.address else None
            if authority_id and authority_id != candidate.responsible_local_authority_id:
                moving[candidate.child_id] = authority_id
        if moving:
            children_follow_addresses(
                authority_by_child=moving, source=f"feed {self.feed_code}", by=self.decided_by
            )

    def _identities_update(self) -> None:
        for candidate, _record, changes in self._updates:
            if not changes.identity:
                continue
            child = Child.unscoped_objects.get(pk=candidate.child_id)
            for name, value in changes.identity.items():
                setattr(child, name, value)
            child.save(update_fields=[*changes.identity, "updated_at"])


class HiddenRows:
    """The contact-data rows of a chunk, by table, and the open rows they replace."""

    def __init__(self):
        self.addresses: list[Address] = []
        self.carers: list[Carer] = []
        self.enrolments: list[SettingEnrolment] = []
        self.registrations: list[GPRegistration] = []
        self.identifiers: list[ExternalIdentifier] = []
        self.replaced: dict[type, set[int]] = {
            Address: set(),
            SettingEnrolment: set(),
            GPRegistration: set(),
        }

    def add_all(self, *, child_id: int, record: FeedRecord, writer: ChunkWriter) -> None:
        """Everything a new child's record holds."""
        if record.has_address:
            self._address(child_id, record, writer.references)
        if record.has_carer:
            self._carer(child_id, record)
        self._school(child_id, record, writer.references)
        self._gp(child_id, record, writer.references)
        identifiers = [("source_record", writer.feed_code, record.record_id)]
        identifiers += [("nhs_number", "", record.nhs_number)] if record.nhs_number else []
        identifiers += [("upn", "", record.upn)] if record.upn else []
        self._identifiers(child_id, identifiers)

    def add_changes(self, *, child_id, record, changes: RecordChanges, writer) -> None:
        if changes.address:
            self.replaced[Address].add(child_id)
            self._address(child_id, record, writer.references)
        if changes.carer:
            self._carer(child_id, record)
        if changes.school and self._school(child_id, record, writer.references):
            self.replaced[SettingEnrolment].add(child_id)
        if changes.gp and self._gp(child_id, record, writer.references):
            self.replaced[GPRegistration].add(child_id)
        self._identifiers(child_id, changes.identifiers)

    def write(self, *, today: date) -> None:
        for model, child_ids in self.replaced.items():
            if child_ids:
                model.unscoped_objects.filter(child_id__in=child_ids, ended_on__isnull=True).update(
                    ended_on=today
                )
        for model, rows in (
            (Address, self.addresses),
            (Carer, self.carers),
            (SettingEnrolment, self.enrolments),
            (GPRegistration, self.registrations),
            (ExternalIdentifier, self.identifiers),
        ):
            if rows:
                model.unscoped_objects.bulk_create(rows)

    def _address(self, child_id: int, record: FeedRecord, references: ReferenceLookup) -> None:
        self.addresses.append(
            Address(
                child_id=child_id,
                status=Address.Status.CURRENT,
                line_1=record.address_line_1,
                line_2=record.address_line_2,
                town=record.town,
                postcode=record.postcode,
                local_authority_id=references.address_authority_id(record),
            )
        )

    def _carer(self, child_id: int, record: FeedRecord) -> None:
        self.carers.append(
            Carer(
                child_id=child_id,
                given_names=record.carer_given_names,
                family_name=record.carer_family_name,
                relationship=record.carer_relationship or Carer.Relationship.OTHER,
                phone=record.carer_phone,
            )
        )

    def _school(self, child_id: int, record: FeedRecord, references: ReferenceLookup) -> bool:
        """Enrol at the record's school when it is a known setting; False when it is not."""
        setting = references.setting_by_urn.get(record.school_urn)
        if setting is None:
            return False
        self.enrolments.append(
            SettingEnrolment(
                child_id=child_id, setting_id=setting[0], started_on=record.school_start_date
            )
        )
        return True

    def _gp(self, child_id: int, record: FeedRecord, references: ReferenceLookup) -> bool:
        practice_id = references.practice_by_ods_code.get(record.gp_ods_code)
        if practice_id is None:
            return False
        self.registrations.append(GPRegistration(child_id=child_id, practice_id=practice_id))
        return True

    def _identifiers(self, child_id: int, identifiers: list[tuple[str, str, str]]) -> None:
        self.identifiers.extend(
            ExternalIdentifier(child_id=child_id, scheme=scheme, issuer=issuer, value=value)
            for scheme, issuer, value in identifiers
        )


def _contactpoint_ids_assign(children: list[Child]) -> None:
    """Fresh random IDs, none already stored: at 11 million children a clash in a chunk of new
    children is likely enough to be checked for rather than retried."""
    for _attempt in range(_ID_ATTEMPTS):
        unassigned = [child for child in children if not child.contactpoint_id]
        if not unassigned:
            return
        for child in unassigned:
            child.contactpoint_id = contactpoint_id_generate()
        proposed = [child.contactpoint_id for child in unassigned]
        taken = set(
            Child.unscoped_objects.filter(contactpoint_id__in=proposed).values_list(
                "contactpoint_id", flat=True
            )
        )
        seen: set[str] = set()
        for child in unassigned:
            if child.contactpoint_id in taken or child.contactpoint_id in seen:
                child.contactpoint_id = ""
            else:
                seen.add(child.contactpoint_id)
    if not all(child.contactpoint_id for child in children):
        raise RuntimeError("Could not find unused ContactPoint IDs.")
