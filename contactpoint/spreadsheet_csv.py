"""CSV files that people open in spreadsheets, written line by line for a streamed response.

A spreadsheet runs a cell that starts with "=", "+", "-", "@", a tab or a carriage return as a
formula, so text that came from outside (a feed's record ID, a name typed into a search, a user
agent) could run in the reader's spreadsheet. Every such cell is written with a leading apostrophe,
which the spreadsheet shows as text. Both the ingest reconciliation report and the audit export
write their files through here.
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """The value, with an apostrophe before text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _LineBuffer:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header, then each row, one CSV line at a time, every cell made spreadsheet-safe."""
    writer = csv.writer(_LineBuffer())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])
