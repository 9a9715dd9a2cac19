"""What can be wrong with a feed file: the whole file, or one record of it.

Neither kind of message ever repeats a submitted value. A record may be about a child whose
details are hidden, and these messages are shown to operations staff and kept with the batch, so
they name only the column (or line) and the rule that was broken.
"""

from dataclasses import dataclass


class FeedFileRejected(Exception):
    """The file breaks the format as a whole (encoding, header, columns, JSON): no record of it counts."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RecordRejection:
    """One record broke one of the format's rules; `rule` is a short stable code for reports."""

    column: str
    rule: str
    message: str

    @property
    def reason(self) -> str:
        """The reason kept with the record's outcome, e.g. 'nhs_number: This NHS number fails …'."""
        return f"{self.column}: {self.message}"


def column_name_shown(name: str) -> str:
    """A column name from a file, quoted and cut short for a message, e.g. `'postcod'`.

    Header names are not a child's details, but a file without its header row puts a record in
    the header's place; callers only show names once the header is known to be one.
    """
    shown = name if len(name) <= 40 else name[:40] + "…"
    # A JSON key may carry a lone surrogate, which could not be stored or shown as UTF-8.
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"'{shown}'" if shown else "(a column with no name)"
