"""A feed file's lines, decoded from UTF-8 one at a time.

Decoding line by line, rather than through a text wrapper, lets an encoding error name its line,
keeps memory flat however large the file, and lets the CSV reader's caller recover the exact text
of each record (`take_consumed`). A byte 0x0A never occurs inside a UTF-8 sequence, so splitting
the bytes at newlines before decoding is safe.
"""

from typing import BinaryIO

from ingest.feed_format.errors import FeedFileRejected

_BOM = b"\xef\xbb\xbf"
# Far beyond any valid record (18 short columns); a longer line is not a feed file.
MAX_LINE_BYTES = 1024 * 1024


class DecodedLines:
    """An iterator of the file's lines as text, line endings kept, counting lines as it goes."""

    def __init__(self, stream: BinaryIO) -> None:
        self._readline = stream.readline
        self.line_number = 0
        self._consumed: list[str] = []

    def __iter__(self) -> "DecodedLines":
        return self

    def __next__(self) -> str:
        line = self._readline(MAX_LINE_BYTES + 1)
        if not line:
            raise StopIteration
        self.line_number += 1
        if len(line) > MAX_LINE_BYTES:
            raise FeedFileRejected(
                f"Line {self.line_number} is longer than {MAX_LINE_BYTES} bytes: "
                "this is not a feed file, or its lines do not end in line breaks."
            )
        if self.line_number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise FeedFileRejected(
                f"Line {self.line_number} is not UTF-8 text: save or export the file as UTF-8."
            ) from None
        if "\x00" in text:
            raise FeedFileRejected(
                f"Line {self.line_number} contains NUL characters: the file may be UTF-16 rather "
                "than UTF-8, or not a text file at all."
            )
        self._consumed.append(text)
        return text

    def take_consumed(self) -> str:
        """The text of the lines read since the last call, without the final line ending."""
        text = "".join(self._consumed)
        self._consumed.clear()
        return text.removesuffix("\n").removesuffix("\r")
