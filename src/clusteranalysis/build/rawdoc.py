"""A raw document as the parsers see it: its lines, numbered from 1, and how to cite them.

Every fact row is made by :meth:`RawDocument.fact`, which checks that the ``raw`` text really
stands on the cited line. That check is what makes "every number traces back" hold by
construction rather than by care.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from clusteranalysis.build.cleaners import Reader, reader
from clusteranalysis.errors import ClusterAnalysisError, ParseError, TableNotFoundError
from clusteranalysis.files import sha256_bytes

T = TypeVar("T")
Row = dict[str, Any]

#: A line ends at CR LF, CR or LF, as editors count lines. (``str.splitlines`` also splits at
#: form feeds, U+2028 and other separators an editor shows inside a line, so it is not used.)
LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """A document's lines without their line ends; CRLF, CR and LF files split alike."""
    return LINE_END.split(text)


@dataclass
class RawDocument:
    """One raw file: name, text split into lines (without line ends), SHA-256, and the
    language(s) it is written in (data/raw/sources.csv: 'en', 'ja', 'en+ja', 'de' …), which
    decide how its numbers and dates are read (:attr:`reader`)."""

    name: str
    lines: list[str]
    sha256: str
    language: str = "en"
    _cursor: int = field(default=0, repr=False)

    @classmethod
    def read(cls, path: Path, language: str = "en") -> RawDocument:
        data, text = read_bytes_and_text(path)
        return cls(path.name, split_lines(text), sha256_bytes(data), language)

    @property
    def reader(self) -> Reader:
        """How this document writes numbers, amounts and dates:
        ``doc.parse(line, text, doc.reader.amount)``."""
        return reader(self.language)

    def text(self, line: int) -> str:
        """The text of a 1-based line."""
        return self.lines[line - 1]

    def find(self, pattern: str, table: str, start: int = 1, end: int | None = None,
             flags: int = 0) -> int:
        """The first line in [start, end] matching ``pattern``; TableNotFoundError if none."""
        rx = re.compile(pattern, flags)
        last = len(self.lines) if end is None else min(end, len(self.lines))
        for n in range(max(start, 1), last + 1):
            if rx.search(self.lines[n - 1]):
                return n
        raise TableNotFoundError(self.name, table, f"no line matching /{pattern}/")

    def find_all(self, pattern: str, start: int = 1, end: int | None = None,
                 flags: int = 0) -> list[int]:
        """Every line in [start, end] matching ``pattern`` (possibly none)."""
        rx = re.compile(pattern, flags)
        last = len(self.lines) if end is None else min(end, len(self.lines))
        return [n for n in range(max(start, 1), last + 1) if rx.search(self.lines[n - 1])]

    def next_nonblank(self, line: int, direction: int = 1) -> int:
        """The nearest non-blank line after (or, with direction=-1, before) ``line``."""
        n = line + direction
        while 1 <= n <= len(self.lines):
            if self.lines[n - 1].strip():
                return n
            n += direction
        raise TableNotFoundError(self.name, "continuation line", f"nothing after line {line}")

    def nonblank(self, start: int, end: int) -> Iterator[int]:
        """Non-blank line numbers in [start, end]."""
        for n in range(start, min(end, len(self.lines)) + 1):
            if self.lines[n - 1].strip():
                yield n

    def fact(self, line: int, raw: str, **fields: Any) -> Row:
        """A fact row citing this document; ``raw`` must stand on ``line`` verbatim."""
        if not 1 <= line <= len(self.lines) or raw not in self.lines[line - 1]:
            raise ParseError("the text a row cites is not on its line", raw, self.name, line)
        return {**fields, "source": self.name, "line": line, "raw": raw}

    def search(self, pattern: str | re.Pattern[str], line: int, what: str,
               text: str | None = None, flags: int = 0) -> re.Match[str]:
        """``re.search`` on a line (or on ``text`` taken from it); a ParseError naming this
        file, the line and ``what`` was expected when nothing matches."""
        subject = self.text(line) if text is None else text
        m = re.search(pattern, subject, flags)
        if m is None:
            raise ParseError(f"{what} not found", subject.strip(), self.name, line)
        return m

    def match(self, pattern: str | re.Pattern[str], line: int, what: str,
              text: str | None = None, flags: int = 0) -> re.Match[str]:
        """Like :meth:`search`, anchored at the start (``re.match``)."""
        subject = self.text(line) if text is None else text
        m = re.match(pattern, subject, flags)
        if m is None:
            raise ParseError(f"{what} not found", subject.strip(), self.name, line)
        return m

    def parse(self, line: int, raw: str, parser: Callable[[str], T]) -> T:
        """Run a cleaner on ``raw`` and give any ParseError this file and line."""
        try:
            return parser(raw)
        except ParseError as exc:
            raise exc.located(self.name, line) from None


def read_bytes_and_text(path: Path) -> tuple[bytes, str]:
    """A file of data/raw as bytes and UTF-8 text: a one-line error if it cannot be read or
    is not UTF-8 (naming the line). The one way the documents, the catalogue and the
    manifest are read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:  # unreadable: one line, like every error a user can cause
        raise ClusterAnalysisError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError("not UTF-8 text", repr(data[exc.start : exc.start + 8]),
                         Path(path).name, text_line(data, exc.start)) from None


def read_text(path: Path) -> str:
    """A metadata file of data/raw (catalogue, manifest) as text; see read_bytes_and_text."""
    return read_bytes_and_text(path)[1]


def text_line(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset (CR LF, CR and LF each end a line)."""
    return len(_LINE_END_BYTES.findall(data, 0, offset)) + 1


def require(mapping: dict[str, T], key: str, doc: RawDocument, line: int, what: str,
            lookup_name: str) -> T:
    """``mapping[key]``, or a ParseError saying which lookup lacks it."""
    if key not in mapping:
        raise ParseError(f"unknown {what} (add it to lookups/{lookup_name}.csv)", key,
                         doc.name, line)
    return mapping[key]
