"""What a check of a feed file found, in terms a source can act on and nobody can misuse.

A report names rows, the source's own record IDs, columns and rules, and counts. It never holds a
value from the file (the format's messages never repeat one), never a child of the index, and
says of records that could be a shielded or sealed child only how many there are.

Every error and every duplicate pair is counted; only the first few thousand are kept for the
pages, so that a report of a large file stays small. The command prints every error as it is found.
"""

from collections import Counter
from dataclasses import asdict, dataclass, field

from ingest.feed_format import ReadRecord, RecordRejection
from ingest.models import Outcome

# What a record of a checked file would become if the file were sent now. Matched includes the
# matches that would change nothing: which of the two it would be says whether the index already
# holds what the record says, and for a shielded child that is hidden data.
CHECK_OUTCOMES = tuple(
    outcome.value for outcome in (Outcome.MATCHED, Outcome.REVIEW, Outcome.CREATED, Outcome.HELD)
)
ERRORS_KEPT = 2000
DUPLICATE_PAIRS_KEPT = 1000
FIELDS_SHOWN = {
    "given_names": "given names",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "carers": "carer",
    "gp_practice": "GP practice",
    "nhs_number": "NHS number",
    "upn": "UPN",
}


@dataclass(frozen=True, slots=True)
class RecordError:
    """One rejected record: where it is, and which column broke which rule."""

    row_number: int
    record_id: str  # '' when the record_id itself is missing or broken
    column: str
    rule: str
    message: str

    @classmethod
    def of(cls, read_record: ReadRecord) -> "RecordError":
        rejection: RecordRejection = read_record.outcome
        return cls(
            row_number=read_record.row_number,
            record_id=read_record.record_id or "",
            column=rejection.column,
            rule=rejection.rule,
            message=rejection.message,
        )


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two records of the file that are probably one child. `likely`: the matcher would take
    them for the same child outright; otherwise a person would be asked. `agreeing` names the
    fields that agree (never their values)."""

    first_row: int
    first_record_id: str
    second_row: int
    second_record_id: str
    likely: bool
    agreeing: tuple[str, ...]

    @property
    def agreeing_shown(self) -> str:
        return ", ".join(FIELDS_SHOWN.get(name, name) for name in self.agreeing) or "none"


@dataclass
class QualityReport:
    """One file's check. `file_error` set: the file breaks the format as a whole, and nothing
    else was counted."""

    feed_code: str
    file_name: str
    sha256: str
    file_error: str = ""
    records: int = 0
    error_count: int = 0
    errors: list[RecordError] = field(default_factory=list)
    errors_by_rule: Counter = field(default_factory=Counter)
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECK_OUTCOMES, 0))
    duplicate_pair_count: int = 0
    duplicate_pairs: list[DuplicatePair] = field(default_factory=list)
    duplicate_search_complete: bool = True

    @property
    def valid_records(self) -> int:
        return self.records - self.error_count

    @property
    def has_problems(self) -> bool:
        return bool(self.file_error or self.error_count)

    def error_add(self, error: RecordError) -> None:
        self.error_count += 1
        self.errors_by_rule[(error.column, error.rule)] += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(error)

    def duplicate_pairs_set(self, pairs: list[DuplicatePair]) -> None:
        self.duplicate_pair_count = len(pairs)
        self.duplicate_pairs = pairs[:DUPLICATE_PAIRS_KEPT]

    def file_rejected(self, message: str) -> None:
        """The whole file is rejected: whatever was counted before the error no longer counts."""
        fresh = QualityReport(
            feed_code=self.feed_code, file_name=self.file_name, sha256=self.sha256
        )
        self.__dict__.update(fresh.__dict__, file_error=message)

    def rule_counts(self) -> list[tuple[str, str, int]]:
        """(column, rule, records) for every rule broken, most often broken first."""
        return [
            (column, rule, count)
            for (column, rule), count in sorted(
                self.errors_by_rule.items(), key=lambda item: (-item[1], item[0])
            )
        ]

    def audit_details(self) -> dict:
        """What the audit trail keeps of a check: the file and the counts, no record's content."""
        return {
            "feed": self.feed_code,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "file_rejected": bool(self.file_error),
            "records": self.records,
            "rejected": self.error_count,
            "outcomes": dict(self.outcomes),
            "duplicate_pairs": self.duplicate_pair_count,
        }

    def as_json(self) -> dict:
        data = asdict(self)
        data["errors_by_rule"] = [
            [column, rule, n] for (column, rule), n in self.errors_by_rule.items()
        ]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "QualityReport":
        values = dict(data)
        values["errors"] = [RecordError(**error) for error in data["errors"]]
        values["errors_by_rule"] = Counter(
            {(column, rule): count for column, rule, count in data["errors_by_rule"]}
        )
        values["duplicate_pairs"] = [
            DuplicatePair(**{**pair, "agreeing": tuple(pair["agreeing"])})
            for pair in data["duplicate_pairs"]
        ]
        return cls(**values)
