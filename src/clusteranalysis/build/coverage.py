"""The coverage ledger: every number in every raw document, read into a table or skipped.

A *number* is a run of ASCII or full-width digits (with thousands commas and a decimal
part: "1,300", "0.8", "１２"), a kanji numeral before a counter word ("三回"), or an English
number word ("Three universities"); the vocabularies are in ``lookups/words.csv``.

A number counts as **read** only when a row's value really came from it: the number stands
inside the ``raw`` text of a fact row citing that line, and one of that row's values equals
it, directly or in the form the text writes it (an amount's scale: 540 in "$540 million";
a year's era, short or decade form: 19 in 平成19年, 5 in "2001~5", 1990 in "mid-1990s"; a
date's month or day; a count less the institutions it names). A sentence-long ``raw`` does
not make every number in it read. A number that is not data (a page number, a list number,
a footnote mark, part of a name …) is **skipped** by a reviewed row of
``lookups/coverage_skips.csv``, which gives the reason and a note. A number neither read nor
skipped stops the build, so a new or edited document cannot lose numbers silently; so does
a skip row that matches no number, or one that matches a number a table reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from clusteranalysis.build.cleaners import ERA_OFFSETS, NUMBER_WORDS, words
from clusteranalysis.build.rawdoc import RawDocument, Row
from clusteranalysis.build.sources import Tables
from clusteranalysis.errors import ClusterAnalysisError, ParseError
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.metadata.processed import TABLES

TABLE = "coverage"
SKIPS = "coverage_skips"
#: Tables whose rows are read from the text (derived tables such as the reconciliation
#: repeat a fact row's citation and are left out).
DERIVED = ("reconciliation", "crosswalk", TABLE)
#: Scales an amount or value may be written in (540 in "$540 million").
_SCALES = (1e3, 1e4, 1e6, 1e8, 1e9, 1e12)

_DIGITS = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?")


@dataclass(frozen=True)
class Number:
    """One number as written on a line: its text, position and value."""

    line: int
    start: int
    end: int
    text: str
    value: float


def _kanji_value(text: str) -> int:
    """一 … 九, 十, 百, 千 and their compounds (二十三 → 23)."""
    digits = {w: int(v) for w, v in words("kanji numeral").items()}
    total, current = 0, 0
    for ch in text:
        v = digits[ch]
        if v >= 10:
            total += (current or 1) * v
            current = 0
        else:
            current = current * 10 + v
    return total + current


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    kanji = "".join(words("kanji numeral"))
    counters = "|".join(re.escape(c) for c in sorted(words("counter"), key=len, reverse=True))
    number_words = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    return (re.compile(rf"[{kanji}]+(?=(?:{counters}))"),
            re.compile(rf"\b(?:{number_words})\b", re.IGNORECASE))


def numbers(text: str, line: int) -> list[Number]:
    """Every number on one line, in order."""
    kanji, word = _patterns()
    found = []
    for m in _DIGITS.finditer(text):
        s = unicodedata.normalize("NFKC", m.group(0)).replace(",", "")
        found.append(Number(line, m.start(), m.end(), m.group(0), float(s)))
    for m in kanji.finditer(text):
        found.append(Number(line, m.start(), m.end(), m.group(0), _kanji_value(m.group(0))))
    for m in word.finditer(text):
        found.append(Number(line, m.start(), m.end(), m.group(0),
                            NUMBER_WORDS[m.group(0).lower()]))
    return sorted(found, key=lambda n: n.start)


def _forms(value: Any) -> set[float]:
    """The values a row's field may be written as."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, date):
        return {float(value.month), float(value.day)} | _forms(value.year)
    if not isinstance(value, int | float):
        return set()
    v = float(value)
    out = {v} | {v / s for s in _SCALES}
    if v.is_integer() and 1000 <= v <= 2999:  # a year also reads as its decade (mid-1990s)
        out.add(float(int(v) // 10 * 10))
    return out


_ERA_BEFORE = re.compile(rf"(?P<era>{'|'.join(ERA_OFFSETS)})(?:[0-9０-９]+\s*[~～〜∼-]\s*)?$")
_SPAN_START = re.compile(r"(?P<y>\d{4})\s*[~～〜∼-]\s*\(?\s*$")


def readings(num: Number, text: str) -> set[float]:
    """What a number may stand for, from the text around it: itself; a Gregorian year after
    an era name (平成19 → 2007); a span's short end ('2001~5' → 2005); a two-digit decade
    ('the 90s' → 1990)."""
    out = {num.value}
    before, after = text[:num.start], text[num.end:]
    era = _ERA_BEFORE.search(before)
    if era:
        out.add(num.value + ERA_OFFSETS[era.group("era")])
    span = _SPAN_START.search(before)
    if span and len(num.text) < 4 and num.value.is_integer():
        start = int(span.group("y"))
        digits = len(num.text)
        end = start - start % 10**digits + int(num.value)
        out.add(float(end if end >= start else end + 10**digits))
    if len(num.text) == 2 and after.startswith("s"):
        out.add(1900 + num.value)
    return {round(v, 6) for v in out}


def _row_forms(row: Row) -> set[float]:
    forms: set[float] = set()
    for key, value in row.items():
        if key != "line":
            forms |= _forms(value)
    if row.get("named") and row.get("count") is not None:
        forms.add(float(row["count"] - row["named"]))
    return {round(f, 6) for f in forms}


def _spans(text: str, raw: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(raw)
    while pos >= 0 and raw:
        out.append((pos, pos + len(raw)))
        pos = text.find(raw, pos + 1)
    return out


@dataclass(frozen=True)
class Skip:
    source: str
    line: int | None
    pattern: re.Pattern[str]
    reason: str
    row: int


def _skips() -> list[Skip]:
    out = []
    for n, r in enumerate(lookup(SKIPS), start=2):
        try:
            pattern = re.compile(r["pattern"])
        except re.error as exc:
            raise ClusterAnalysisError(f"lookups/{SKIPS}.csv:{n}: bad pattern ({exc})") from None
        if pattern.groups < 1:
            raise ClusterAnalysisError(f"lookups/{SKIPS}.csv:{n}: the pattern needs a group "
                                       f"around each number it skips")
        if r["reason"] not in TABLES[TABLE].field("reason").enum:  # type: ignore[operator]
            raise ClusterAnalysisError(f"lookups/{SKIPS}.csv:{n}: unknown reason "
                                       f"{r['reason']!r}")
        out.append(Skip(r["source"], int(r["line"]) if r["line"] else None, pattern,
                        r["reason"], n))
    return out


def ledger(docs: dict[str, RawDocument], tables: Tables, strict: bool = True
           ) -> tuple[list[Row], dict[str, dict[str, int]]]:
    """The ledger's rows and, per document, how many numbers it holds, read and skipped.

    ``strict=False`` (for reviewing a new document) lists unaccounted numbers with status
    'unaccounted' instead of raising on the first.
    """
    by_line: dict[tuple[str, int], list[tuple[str, Row]]] = {}
    for name, rows in tables.rows.items():
        if name in DERIVED or name.startswith("_") or name not in TABLES:
            continue
        for row in rows:
            if "raw" in row:
                by_line.setdefault((row["source"], row["line"]), []).append((name, row))
    skips = _skips()
    used: set[int] = set()
    out: list[Row] = []
    summary: dict[str, dict[str, int]] = {}
    for name, doc in docs.items():
        counts = {"numbers": 0, "read": 0, "skipped": 0}
        for n, text in enumerate(doc.lines, start=1):
            found = numbers(text, n)
            if not found:
                continue
            skipped = _skipped(skips, name, n, text, found, used)
            rows = by_line.get((name, n), [])
            for num in found:
                meant = readings(num, text)
                into = sorted({table for table, row in rows
                               if meant & _row_forms(row)
                               and any(a <= num.start and num.end <= b
                                       for a, b in _spans(text, row["raw"]))},
                              key=list(TABLES).index)
                reason = skipped.get((num.start, num.end))
                if into and reason:
                    raise ParseError(f"number read into {', '.join(into)} but skipped by "
                                     f"lookups/{SKIPS}.csv ({reason[1]})", num.text, name, n)
                if not into and not reason and not strict:
                    out.append({"source": name, "line": n, "text": num.text,
                                "status": "unaccounted", "table": None, "reason": text})
                    continue
                if not into and not reason:
                    raise ParseError(f"number neither read into a table nor skipped (read "
                                     f"it, or add a reviewed row to lookups/{SKIPS}.csv)",
                                     num.text, name, n)
                counts["numbers"] += 1
                counts["read" if into else "skipped"] += 1
                out.append({"source": name, "line": n, "text": num.text,
                            "status": "read" if into else "skipped",
                            "table": "; ".join(into) or None,
                            "reason": None if into else reason[0]})
        summary[name] = counts
    stale = [s for s in skips if s.row not in used and s.source in docs]
    if stale and strict:
        raise ClusterAnalysisError(f"lookups/{SKIPS}.csv:{stale[0].row}: the skip "
                                   f"/{stale[0].pattern.pattern}/ matches no number")
    return out, summary


def _skipped(skips: list[Skip], source: str, n: int, text: str, found: list[Number],
             used: set[int]) -> dict[tuple[int, int], tuple[str, str]]:
    """{(start, end): (reason, where)} for the numbers on a line that a skip row matches."""
    spans = {(num.start, num.end) for num in found}
    out = {}
    for skip in skips:
        if skip.source != source or (skip.line is not None and skip.line != n):
            continue
        for m in skip.pattern.finditer(text):
            for g in range(1, skip.pattern.groups + 1):
                span = m.span(g)
                if span in spans:
                    out[span] = (skip.reason, f"row {skip.row}")
                    used.add(skip.row)
    return out


def summary_line(name: str, counts: dict[str, int]) -> str:
    """'001_….txt: 288 numbers, 250 read, 38 skipped' (the build prints one per document)."""
    return (f"{name}: {counts['numbers']} numbers, {counts['read']} read, "
            f"{counts['skipped']} skipped")
