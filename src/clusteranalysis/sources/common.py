"""Helpers the source modules share: the row collector and row builders."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cleaners import QUALIFIED_NUMBER, Count, DateSpan, YearSpan, fiscal_year_bounds
from ..errors import ParseError
from ..rawdoc import RawDocument, Row, lookup


class Tables:
    """Rows collected per table name while the sources are parsed."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = defaultdict(list)

    def add(self, table: str, row: Row) -> None:
        self.rows[table].append(row)


def slug(text: str) -> str:
    """A lower-case ASCII identifier: 'Austin (Texas)' → 'austin_texas'."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


def word_number(text: str) -> int:
    """'six' → 6 ('over six years'); digits are accepted too."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if t not in _WORDS:
        raise ParseError("not a number word", text)
    return _WORDS[t]


_CORRUPT = re.compile(r"\d[A-Za-z]+\d|(?<![A-Za-z])\d+[OoIl]+\b|\b[OoIl]+\d+\b")


def guard_numbers(doc: RawDocument, line: int, text: str) -> None:
    """Free-text cells are searched for counts; a number with a letter in it ('5O0',
    '17S0', 'l00') could be missed or misread, so it is an error here instead."""
    m = _CORRUPT.search(text)
    if m:
        raise ParseError("number with a letter in it", m.group(0), doc.name, line)


def participant_row(doc: RawDocument, line: int, raw: str, *, count: Count,
                    **fields: Any) -> Row:
    return doc.fact(line, raw, **_order_participant(fields, count))


def _order_participant(fields: dict[str, Any], count: Count) -> dict[str, Any]:
    return {
        "group_id": fields["group_id"], "group_kind": fields["group_kind"],
        "phase": fields["phase"], "participant_type": fields["participant_type"],
        "detail": fields["detail"], "count": count.value, "approximate": count.approximate,
        "lower_bound": count.lower_bound, "qualifier": count.qualifier,
        "headline": fields["headline"], "as_of": fields["as_of"],
        "as_of_basis": fields["as_of_basis"],
    }


def span_row(doc: RawDocument, line: int, raw: str, span: YearSpan | DateSpan, *,
             entity_id: str, entity: str, entity_en: str, country: str, kind: str,
             start_precision: str | None = None, fiscal: bool = False,
             planned: bool = False, open_ended: bool = False) -> Row:
    """A timeline row from a year span or a date span.

    ``fiscal=True`` reads a year span as Japanese fiscal years (April to March).
    ``open_ended=True`` marks a dated start with no end ("launched in July 2005").
    A day or fiscal-year span without an end gets end_date = its last day; a month or year
    span gets end_year only (its end_date stays empty: the text gives no day).
    """
    start_date: date | None = None
    end_date: date | None = None
    planned_end = False
    if isinstance(span, DateSpan):
        start_year, start_date = span.start.year, span.start
        s_prec = span.precision
        if open_ended:
            end_year, end_date, e_prec = None, None, None
        else:
            end_date = span.end if span.end is not None else (
                span.start if span.precision == "day" else None)
            end_year = end_date.year if end_date is not None else span.start.year
            if span.precision == "fiscal year" and end_date is not None:
                end_year = end_date.year - 1  # FY N ends on 31 March N+1; label it N, as plans
            e_prec = span.precision
    else:
        start_year, end_year = span.start, span.end
        s_prec, e_prec = span.start_precision, span.end_precision
        open_ended, planned_end = span.open_ended, span.planned_end
        if fiscal:
            start_date = fiscal_year_bounds(span.start)[0]
            end_date = fiscal_year_bounds(span.end)[1] if span.end is not None else None
            s_prec = "fiscal year"
            e_prec = "fiscal year" if span.end is not None else None
    return doc.fact(
        line, raw, entity_id=entity_id, entity=entity, entity_en=entity_en, country=country,
        kind=kind, start_year=start_year, end_year=end_year, start_date=start_date,
        end_date=end_date, start_precision=start_precision or s_prec,
        end_precision=e_prec, open_ended=open_ended, planned_end=planned_end,
        planned=planned,
    )


@dataclass(frozen=True)
class CountPhrase:
    raw: str            # the text matched, verbatim
    number: str         # the number with its qualifier ("approx. 1500")
    detail: str         # the counted noun phrase ("high-tech companies")
    participant_type: str
    in_parentheses: bool


def _noun_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    nouns = {r["noun"]: r["participant_type"] for r in lookup("nouns")}
    alternation = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    rx = re.compile(
        rf"(?P<num>{QUALIFIED_NUMBER})\s+"
        r"(?P<mid>(?:[A-Za-z&\-]+\s+){0,3}?)"
        rf"(?P<noun>{alternation})\b(?!\s+every year)",
        re.IGNORECASE,
    )
    return rx, {k.lower(): v for k, v in nouns.items()}


def count_phrases(text: str) -> Iterator[CountPhrase]:
    """Counted noun phrases in free text ("About 5000 high-tech companies").

    The nouns and the participant type each one counts are in lookups/nouns.csv. A rate
    ("2000 companies every year") is not a count and is left out.
    """
    rx, nouns = _noun_pattern()
    for m in rx.finditer(text):
        inside = text.count("(", 0, m.start()) > text.count(")", 0, m.start())
        detail = (m.group("mid") + m.group("noun")).strip()
        yield CountPhrase(m.group(0).strip(), m.group("num").strip(), detail,
                          nouns[m.group("noun").lower()], inside)


_MARK = re.compile(r"\*\s*([1-5¹²³⁴⁵])?")
_SUPERSCRIPT = {"¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5"}


def footnote_segments(text: str, legend: dict[str, int]) -> list[tuple[str, int | None]]:
    """Split a cell at its footnote marks (*1 … *5, *²): each piece gets the year of the mark
    that ends it; text after the last mark, or ended by a bare '*', gets None."""
    pieces: list[tuple[str, int | None]] = []
    pos = 0
    for m in _MARK.finditer(text):
        mark = m.group(1)
        year = legend[_SUPERSCRIPT.get(mark, mark)] if mark else None
        pieces.append((text[pos:m.start()], year))
        pos = m.end()
    pieces.append((text[pos:], None))
    return [(p, y) for p, y in pieces if p.strip()]
