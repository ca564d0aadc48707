"""Helpers the source modules share: the row collector and row builders."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from clusteranalysis.build.cleaners import (
    NUMBER_WORD,
    PREFIX_QUALIFIERS,
    QUALIFIED_NUMBER,
    Count,
    parse_count,
    word_number,
)
from clusteranalysis.build.dates import DateSpan, YearSpan, fiscal_year_bounds
from clusteranalysis.build.rawdoc import RawDocument, Row
from clusteranalysis.errors import ParseError
from clusteranalysis.metadata.lookups import lookup


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


_CORRUPT = re.compile(r"\d[A-Za-z]+\d|(?<![A-Za-z])\d+[OoIl]+\b|\b[OoIl]+\d+\b")


def guard_numbers(doc: RawDocument, line: int, text: str) -> None:
    """Free-text cells are searched for counts; a number with a letter in it ('5O0',
    '17S0', 'l00') could be missed or misread, so it is an error here instead."""
    m = _CORRUPT.search(text)
    if m:
        raise ParseError("number with a letter in it", m.group(0), doc.name, line)


def participant_row(doc: RawDocument, line: int, raw: str, *, count: Count,
                    named: int | None = None, since: int | None = None,
                    **fields: Any) -> Row:
    """A participants row; ``named`` counts institutions the text names before 'and N
    other …' (included in the count), ``since`` the first year of a cumulative count."""
    return doc.fact(line, raw, **{
        "group_id": fields["group_id"], "group_kind": fields["group_kind"],
        "phase": fields["phase"], "participant_type": fields["participant_type"],
        "detail": fields["detail"], "count": count.value + (named or 0),
        "approximate": count.approximate, "lower_bound": count.lower_bound,
        "qualifier": count.qualifier, "headline": fields["headline"],
        "as_of": fields["as_of"], "as_of_basis": fields["as_of_basis"], "named": named,
        "since": since,
    })


def qualifier_fields(qualifier: str | None) -> dict[str, object]:
    """approximate, lower_bound and qualifier for a qualifier word (or None)."""
    c = Count(0, qualifier)
    return {"approximate": c.approximate, "lower_bound": c.lower_bound, "qualifier": qualifier}


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
        planned=planned, planned_basis="stated" if planned else None,
    )


@dataclass(frozen=True)
class CountPhrase:
    raw: str            # the text the row cites, verbatim (from a governing qualifier on)
    number: str         # the number with its qualifier ("approx. 1500", "Three")
    detail: str         # the counted noun phrase ("high-tech companies")
    participant_type: str
    in_parentheses: bool
    start: int          # where the number stands in the text
    qualifier: str | None = None  # a qualifier that governs the number from outside it
    part_of: int | None = None    # index of the phrase this one is a part of
    named: int | None = None      # institutions named before 'and N other …'
    since: int | None = None      # 'created since 1995'

    def count(self, doc: RawDocument, line: int) -> Count:
        """The number as a Count (a number word too), with a governing qualifier."""
        if re.fullmatch(NUMBER_WORD, self.number):
            c = Count(doc.parse(line, self.number, word_number))
        else:
            c = doc.parse(line, self.number, parse_count)
        if c.qualifier is None and self.qualifier is not None:
            c = Count(c.value, self.qualifier)
        return c


#: How far back 'including' / 'Includes' may stand before the number it makes a part.
INCLUDING_WINDOW = 12
_INCLUDING = re.compile(r"\b(?:including|includes?)\s*$", re.IGNORECASE)


def nouns(table: str = "participants") -> dict[str, str]:
    """Counted nouns → participant type (lookups/nouns.csv), for one target table."""
    return {r["noun"]: r["participant_type"] for r in lookup("nouns") if r["table"] == table}


#: Words that may stand between a number and the noun it counts ('5000 high-tech companies').
NOUN_GAP_WORDS = 3


def _noun_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    found = nouns()
    alternation = "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))
    rx = re.compile(
        rf"(?P<num>{QUALIFIED_NUMBER}|{NUMBER_WORD})\s+"
        rf"(?P<mid>(?:[A-Za-z&\-]+\s+){{0,{NOUN_GAP_WORDS}}}?)"
        rf"(?P<noun>{alternation})\b(?!\s+every year)"
        r"(?P<since>\s+created since (?P<year>\d{4}))?",
        re.IGNORECASE,
    )
    return rx, {k.lower(): v for k, v in found.items()}


_NAMED = re.compile(r"(?P<names>(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,\s+)*"
                    r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+and\s+)$")


def count_phrases(text: str) -> list[CountPhrase]:
    """Counted noun phrases in free text ("About 5000 high-tech companies"), with parts.

    The nouns and the participant type each one counts are in lookups/nouns.csv. A rate
    ("2000 companies every year") is not a count and is left out. A phrase is a *part* of
    an earlier one (``part_of``) when it stands in parentheses after it, follows
    'including' / 'Includes', or belongs to the run of phrases right after it that adds up
    to it (Daedeok: 59 research organizations, then 25 + 30 + 4). A qualifier opening a
    parenthesis ('(approx. 1500 manufacturers, 2000 R&D …)') governs every number in it.
    'Qinghua University, Beijing University and 30 other universities' counts the named
    ones too (``named``).
    """
    rx, types = _noun_pattern()
    phrases: list[CountPhrase] = []
    for m in rx.finditer(text):
        inside = text.count("(", 0, m.start()) > text.count(")", 0, m.start())
        detail = (m.group("mid") + m.group("noun")).strip()
        raw, qualifier, named = m.group(0).strip(), None, None
        if inside:
            opening = text.rfind("(", 0, m.start())
            q = re.match(rf"\(\s*(?P<q>{PREFIX_QUALIFIERS})\s+", text[opening:],
                         re.IGNORECASE)
            if q and opening + q.end() < m.start():  # governs a later number too
                qualifier = q.group("q")
                raw = text[opening + 1:m.end()].strip()
        if detail.lower().startswith("other "):
            before = _NAMED.search(text[:m.start()])
            if before:
                names = re.split(r",\s+|\s+and\s+", before.group("names").strip())
                named = len([n for n in names if n])
                raw = text[before.start():m.end()].strip()
        since = int(m.group("year")) if m.group("since") else None
        phrases.append(CountPhrase(raw, m.group("num").strip(), detail,
                                   types[m.group("noun").lower()], inside, m.start(),
                                   qualifier, None, named, since))
    return _mark_parts(text, phrases)


def _mark_parts(text: str, phrases: list[CountPhrase]) -> list[CountPhrase]:
    out = list(phrases)
    values = [_value(p) for p in phrases]
    for i, p in enumerate(phrases):
        if out[i].part_of is not None:
            continue
        before = text[max(0, p.start - INCLUDING_WINDOW):p.start]
        heads = [k for k in range(i) if out[k].part_of is None and not out[k].in_parentheses]
        if heads and (p.in_parentheses or _INCLUDING.search(before)):
            out[i] = _replace(p, part_of=heads[-1])
            continue
        # the run right after a total that adds up to it
        total, run = 0, []
        for k in range(i + 1, len(phrases)):
            if phrases[k].in_parentheses or values[k] is None:
                break
            total += values[k]
            run.append(k)
            if values[i] is not None and total >= values[i]:
                break
        if values[i] is not None and len(run) > 1 and total == values[i]:
            for k in run:
                out[k] = _replace(out[k], part_of=i)
    return out


def _value(p: CountPhrase) -> int | None:
    if re.fullmatch(NUMBER_WORD, p.number):
        return word_number(p.number)
    digits = re.sub(r"[^\d]", "", p.number)
    return int(digits) if digits else None


def _replace(p: CountPhrase, **changes: Any) -> CountPhrase:
    return dataclasses.replace(p, **changes)
_MARK = re.compile(r"\*\s*([1-5¹²³⁴⁵])?")
_SUPERSCRIPT = {"¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5"}


def footnote_years(text: str, legend: dict[str, int]) -> list[tuple[int, int | None]]:
    """Where each footnote mark (*1 … *5, *²) ends a stretch of a cell: [(end, year)].

    The text before a mark, back to the previous mark, is dated by that mark's year; text
    after the last mark, or ended by a bare '*', gets None (see :func:`year_at`).
    """
    out: list[tuple[int, int | None]] = []
    for m in _MARK.finditer(text):
        mark = m.group(1)
        out.append((m.start(), legend[_SUPERSCRIPT.get(mark, mark)] if mark else None))
    return out


def year_at(marks: list[tuple[int, int | None]], pos: int) -> int | None:
    """The footnote year of the text at ``pos``: that of the first mark after it."""
    for end, year in marks:
        if pos < end:
            return year
    return None


def check_region_basis(doc: RawDocument, line: int, name: str, region: str,
                       basis: str) -> None:
    """A lookup's region basis must hold: 'name' means a written form of the region (lookups/
    regions.csv) stands in the name; 'stated' must come from the text, not a lookup."""
    if basis == "stated":
        raise ParseError("the text writes no region for this project, so the lookup's "
                         "region_basis cannot be 'stated'", name, doc.name, line)
    if basis == "name":
        forms = [r["written"] for r in lookup("regions") if r["region"] == region]
        if not any(f.lower() in name.lower() for f in forms):
            raise ParseError(f"region_basis 'name', but no form of {region} "
                             f"(lookups/regions.csv) is in the name", name, doc.name, line)
