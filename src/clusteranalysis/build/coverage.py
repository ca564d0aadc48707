"""The coverage ledger: every number in every raw document, read into a table or skipped.

A *number* is written as the document's language writes one (``language`` in
data/raw/sources.csv; :class:`~clusteranalysis.build.cleaners.Reader`): a run of ASCII or
full-width digits with that language's thousands and decimal symbols ("1,300" and "0.8" in
English, "1.300" and "0,8" in German), a kanji numeral before a counter word ("三回") in
Japanese, or a number word of the language ("Three universities", "acht Cluster"); the
vocabularies are in ``lookups/words.csv``. A number that does not read in the document's
language ("500.000" in English: ambiguous) has no value and can only be skipped.

A number counts as **read** only when a row's value really came from it: the number stands
inside the ``raw`` text of a fact row citing that line, and one of that row's values equals
it, directly or in the form the text writes it (an amount's scale: 540 in "$540 million";
a year's era, short or decade form: 19 in 平成19年, 5 in "2001~5", 1990 in "mid-1990s"; a
date's month or day; a count less the institutions it names). A sentence-long ``raw`` does
not make every number in it read. A number that is not data (a page number, a list number,
a footnote mark, part of a name …) is **skipped** by a reviewed row of
``lookups/coverage_skips.csv``, which gives the reason and a note. A skip row names the
line(s) it was reviewed on, with how many times its pattern matches there ('42x2 57'); only
a pattern that is one exact text ("Bio (Five)-Star") may stand for every line. A number
neither read nor skipped stops the build, so a new or edited document cannot lose numbers
silently; so does a skip row that matches on a line it names other than as reviewed (a
number added beside a skipped one), and one that matches a number a table reads.
:func:`review` lists them all at once (``clusteranalysis build --review``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from clusteranalysis.build.cleaners import DEFAULT, Reader
from clusteranalysis.build.dates import ERA_OFFSETS
from clusteranalysis.build.rawdoc import RawDocument, Row
from clusteranalysis.build.sources import Tables
from clusteranalysis.build.text import words
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
#: What the build says about a number it cannot account for.
REVIEW_HINT = ("read it, or add a reviewed row to lookups/coverage_skips.csv; "
               "'clusteranalysis build --review' lists every such number")


@dataclass(frozen=True)
class Number:
    """One number as written on a line: its text, position and value (None when it does not
    read as a number in the document's language; ``problem`` says why)."""

    line: int
    start: int
    end: int
    text: str
    value: float | None
    problem: str | None = None


def _kanji_value(text: str, digits: dict[str, int]) -> int:
    """一 … 九, 十, 百, 千 and their compounds (二十三 → 23)."""
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
def _patterns(language: str) -> tuple[re.Pattern[str] | None, dict[str, int],
                                      re.Pattern[str] | None]:
    """The kanji-numeral pattern (None in a language without them), their values, and the
    number-word pattern (None without number words) of a reader's languages."""
    codes = tuple(language.split("+"))
    digits = {w: int(v) for w, v in words("kanji numeral", codes).items()}
    counters = "|".join(re.escape(c) for c in sorted(words("counter", codes), key=len,
                                                       reverse=True))
    kanji = (re.compile(rf"[{''.join(digits)}]+(?=(?:{counters}))")
             if digits and counters else None)
    number_words = "|".join(re.escape(w) for w in sorted(words("number", codes), key=len,
                                                          reverse=True))
    word = re.compile(rf"\b(?:{number_words})\b", re.IGNORECASE) if number_words else None
    return kanji, digits, word


def numbers(text: str, line: int, reader: Reader = DEFAULT) -> list[Number]:
    """Every number on one line, in order, as ``reader``'s language writes numbers."""
    kanji, digits, word = _patterns(reader.language)
    found = []
    if reader.foreign_digits is not None:
        for m in reader.foreign_digits.finditer(text):
            try:
                reader.number(m.group(0))
            except ParseError as exc:
                found.append(Number(line, m.start(), m.end(), m.group(0), None, exc.message))
    for m in reader.digits.finditer(text):
        try:
            value: float | None = float(reader.number(m.group(0)))
            problem = None
        except ParseError as exc:
            value, problem = None, exc.message
        found.append(Number(line, m.start(), m.end(), m.group(0), value, problem))
    if kanji is not None:
        for m in kanji.finditer(text):
            found.append(Number(line, m.start(), m.end(), m.group(0),
                                _kanji_value(m.group(0), digits)))
    if word is not None:
        for m in word.finditer(text):
            found.append(Number(line, m.start(), m.end(), m.group(0),
                                reader.number_words[m.group(0).lower()]))
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
    if num.value is None:
        return set()
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
    """A reviewed row of lookups/coverage_skips.csv: the numbers its pattern's groups match
    on the lines it names (None: every line, for a pattern that is one exact text)."""

    source: str
    lines: dict[int, int] | None  # line -> how many times the pattern matches there
    pattern: re.Pattern[str]
    reason: str
    row: int


def is_exact_text(pattern: str) -> bool:
    """Whether a skip pattern matches only the exact text(s) it was reviewed for: literal
    characters and escaped punctuation, plain groups, and ``|`` between whole alternatives
    ('Bio (Five)-Star', 'by (one) side|(one) after another'); no class, wildcard,
    repetition, anchor or escape such as ``\\d``."""
    i, depth = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern) or pattern[i + 1].isalnum():
                return False
            i += 2
            continue
        if ch == "(":
            if pattern.startswith("(?", i):
                return False
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (ch == "|" and depth) or ch in ".^$*+?{}[]":
            return False
        i += 1
    return True


_LINE = re.compile(r"(?P<line>[1-9]\d*)(?:x(?P<times>[1-9]\d*))?")


def _skip_lines(text: str) -> dict[int, int] | None:
    """The lines a row is for, and how many times its pattern matches on each: '44', '12 30
    45', '42x2 57' (twice on line 42); '' is every line."""
    if not text.strip():
        return None
    out = {}
    for part in text.split():
        m = _LINE.fullmatch(part)
        if m is None or int(m["line"]) in out:
            raise ValueError(text)
        out[int(m["line"])] = int(m["times"] or 1)
    return out


def skips(problems: list[str] | None = None) -> list[Skip]:
    """The reviewed skip rows. A bad row is an error naming its line of the lookup; with
    ``problems`` (the review) it is listed there instead and left out."""
    reasons = TABLES[TABLE].field("reason").enum or ()
    out = []
    for n, r in enumerate(lookup(SKIPS), start=2):
        where = f"lookups/{SKIPS}.csv:{n}"
        try:
            try:
                pattern = re.compile(r["pattern"])
            except re.error as exc:
                raise ClusterAnalysisError(f"{where}: bad pattern ({exc})") from None
            if pattern.groups < 1:
                raise ClusterAnalysisError(f"{where}: the pattern needs a group around each "
                                           f"number it skips")
            if r["reason"] not in reasons:
                raise ClusterAnalysisError(f"{where}: unknown reason {r['reason']!r} (one of: "
                                           f"{', '.join(reasons)})")
            if not (r["note"] or "").strip():
                raise ClusterAnalysisError(f"{where}: no note (say why the number is not "
                                           f"data)")
            try:
                lines = _skip_lines(r["line"] or "")
            except ValueError:
                raise ClusterAnalysisError(f"{where}: line must be line numbers separated by "
                                           f"spaces, each with 'xN' where the pattern matches N "
                                           f"times on it ('42x2 57'), not {r['line']!r}"
                                           ) from None
            if lines is None and not is_exact_text(r["pattern"]):
                raise ClusterAnalysisError(
                    f"{where}: /{r['pattern']}/ matches more than one text, so it must name "
                    f"the lines it was reviewed on (a skip for every line must be one exact "
                    f"text, such as 'Bio (Five)-Star')")
        except ClusterAnalysisError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            continue
        out.append(Skip(r["source"], lines, pattern, r["reason"], n))
    return out


@dataclass(frozen=True)
class Entry:
    """One number of a document and what became of it: 'read' (into ``tables``),
    'skipped' (for ``reason``, by a skip row), 'unaccounted', 'conflict' (read and skipped at
    once), or 'changed' (a skip row matches on its line a number of times other than it was
    reviewed for: ``reason`` says so; ``number`` is the line's first number)."""

    source: str
    number: Number
    line_text: str
    status: str
    tables: tuple[str, ...] = ()
    reason: str | None = None


def _entries(docs: dict[str, RawDocument], tables: Tables, rules: list[Skip],
             used: dict[tuple[int, int], list[str]]) -> Iterator[Entry]:
    by_line: dict[tuple[str, int], list[tuple[str, Row]]] = {}
    for name, rows in tables.rows.items():
        if name in DERIVED or name.startswith("_") or name not in TABLES:
            continue
        for row in rows:
            if "raw" in row:
                by_line.setdefault((row["source"], row["line"]), []).append((name, row))
    for name, doc in docs.items():
        for n, text in enumerate(doc.lines, start=1):
            found = numbers(text, n, doc.reader)
            if not found:
                continue
            skipped = _skipped(rules, name, n, text, found, used)
            rows = by_line.get((name, n), [])
            for num in found:
                meant = readings(num, text)
                into = tuple(sorted({table for table, row in rows
                                     if meant & _row_forms(row)
                                     and any(a <= num.start and num.end <= b
                                             for a, b in _spans(text, row["raw"]))},
                                    key=list(TABLES).index))
                reason = skipped.get((num.start, num.end))
                if into and reason:
                    yield Entry(name, num, text, "conflict", into, reason[1])
                elif into:
                    yield Entry(name, num, text, "read", into)
                elif reason:
                    yield Entry(name, num, text, "skipped", (), reason[0])
                else:
                    yield Entry(name, num, text, "unaccounted")
            for rule in rules:  # after the line's numbers: a new one is named first
                if rule.source != name or rule.lines is None or n not in rule.lines:
                    continue
                texts = used.get((rule.row, n), [])
                if len(texts) != rule.lines[n]:
                    yield Entry(name, found[0], text, "changed", (), (
                        f"lookups/{SKIPS}.csv:{rule.row}: the skip /{rule.pattern.pattern}/ "
                        f"matches {len(texts)} times on this line "
                        f"({', '.join(map(repr, texts)) or 'nothing'}), reviewed for "
                        f"{rule.lines[n]}: the line is not as reviewed (review it again)"))


def _stale(rules: list[Skip], docs: dict[str, RawDocument],
           used: dict[tuple[int, int], list[str]]) -> list[str]:
    """A skip row that matches no number on a line it names where that line holds none (or
    is past the document's end), or, for every line, matches nowhere."""
    out = []
    rows_used = {row for row, _ in used}
    for s in rules:
        if s.source not in docs:
            continue
        where = f"lookups/{SKIPS}.csv:{s.row}: the skip /{s.pattern.pattern}/ matches no number"
        if s.lines is None:
            if s.row not in rows_used:
                out.append(f"{where} in {s.source}")
            continue
        doc = docs[s.source]
        out.extend(f"{where} on line {line} of {s.source}" for line in sorted(s.lines)
                   if (s.row, line) not in used and not (
                       line <= len(doc.lines) and numbers(doc.text(line), line, doc.reader)))
    return out


def ledger(docs: dict[str, RawDocument], tables: Tables, strict: bool = True
           ) -> tuple[list[Row], dict[str, dict[str, int]]]:
    """The ledger's rows and, per document, how many numbers it holds, read and skipped.

    ``strict=False`` (for reviewing a new document) lists unaccounted numbers with status
    'unaccounted' instead of raising on the first.
    """
    rules = skips()
    used: dict[tuple[int, int], list[str]] = {}
    out: list[Row] = []
    summary = {name: {"numbers": 0, "read": 0, "skipped": 0} for name in docs}
    for e in _entries(docs, tables, rules, used):
        num = e.number
        if e.status == "conflict":
            raise ParseError(f"number read into {', '.join(e.tables)} but skipped by "
                             f"lookups/{SKIPS}.csv ({e.reason})", num.text, e.source, num.line)
        if e.status == "changed":
            raise ClusterAnalysisError(f"{e.source}:{num.line}: {e.reason}")
        if e.status == "unaccounted":
            if not strict:
                out.append({"source": e.source, "line": num.line, "text": num.text,
                            "status": "unaccounted", "table": None, "reason": e.line_text})
                continue
            if num.problem is not None:
                raise ParseError(num.problem, num.text, e.source, num.line)
            raise ParseError(f"number neither read into a table nor skipped ({REVIEW_HINT})",
                             num.text, e.source, num.line)
        counts = summary[e.source]
        counts["numbers"] += 1
        counts[e.status] += 1
        out.append({"source": e.source, "line": num.line, "text": num.text,
                    "status": e.status, "table": "; ".join(e.tables) or None,
                    "reason": e.reason})
    stale = _stale(rules, docs, used)
    if stale and strict:
        raise ClusterAnalysisError(stale[0])
    return out, summary


def review(docs: dict[str, RawDocument], tables: Tables
           ) -> tuple[list[Entry], list[str]]:
    """Every number of ``docs`` with its status, and every problem with the skip rows (a bad
    row, a number read and skipped at once, a row that matches nothing), all at once."""
    problems: list[str] = []
    rules = skips(problems)
    used: dict[tuple[int, int], list[str]] = {}
    entries = []
    for e in _entries(docs, tables, rules, used):
        if e.status == "conflict":
            problems.append(f"{e.source}:{e.number.line}: {e.number.text!r} is read into "
                            f"{', '.join(e.tables)} but skipped by lookups/{SKIPS}.csv "
                            f"({e.reason})")
        elif e.status == "changed":
            problems.append(f"{e.source}:{e.number.line}: {e.reason}")
        if e.status != "changed":
            entries.append(e)
    return entries, problems + _stale(rules, docs, used)


def _skipped(rules: list[Skip], source: str, n: int, text: str, found: list[Number],
             used: dict[tuple[int, int], list[str]]
             ) -> dict[tuple[int, int], tuple[str, str]]:
    """{(start, end): (reason, where)} for the numbers on a line that a skip row matches;
    ``used`` records the texts each row matched there (a match that skips a number)."""
    spans = {(num.start, num.end) for num in found}
    out = {}
    for skip in rules:
        if skip.source != source or (skip.lines is not None and n not in skip.lines):
            continue
        for m in skip.pattern.finditer(text):
            hit = False
            for g in range(1, skip.pattern.groups + 1):
                span = m.span(g)
                if span in spans:
                    out[span] = (skip.reason, f"row {skip.row}")
                    hit = True
            if hit:
                used.setdefault((skip.row, n), []).append(m.group(0))
    return out


def summary_line(name: str, counts: dict[str, int]) -> str:
    """'001_….txt: 288 numbers, 250 read, 38 skipped' (the build prints one per document)."""
    return (f"{name}: {counts['numbers']} numbers, {counts['read']} read, "
            f"{counts['skipped']} skipped")


# --- the review's view of a number ------------------------------------------------------------

def as_written(num: Number, text: str, reader: Reader) -> tuple[str, str]:
    """The number as the review shows it, with the qualifier before it and the scale word
    after it ('knapp 1,5 Millionen'), and the value that reads as ('1500000, approximate:
    knapp'); for a number that does not read, why not."""
    if num.value is None:
        return num.text, f"no value: {num.problem}"
    start, end, scale, qualifier, kind = num.start, num.end, 1, None, ""
    if reader.prefix_qualifiers:
        q = re.search(rf"(?:^|(?<=\W))(?P<q>{reader.prefix_qualifiers})\s*$",
                      text[:num.start], re.IGNORECASE)
        if q:
            start, qualifier = q.start("q"), q.group("q")
            kind = ("approximate" if qualifier.lower() in
                    {w.lower() for w in reader.approximate_words} else "lower bound")
    if reader.scales and num.text[0].isdigit():
        alternation = "|".join(re.escape(w) for w in sorted(reader.scales, key=len,
                                                              reverse=True))
        s = re.match(rf"\s*(?P<s>{alternation})(?!\w)", text[num.end:], re.IGNORECASE)
        if s:
            end, scale = num.end + s.end("s"), reader.scales[s.group("s").lower()]
    if reader.lower_bound_suffixes and qualifier is None:
        alternation = "|".join(re.escape(w) for w in reader.lower_bound_suffixes)
        s = re.match(rf"\s*(?P<q>{alternation})", text[end:], re.IGNORECASE)
        if s:
            end, qualifier, kind = end + s.end("q"), s.group("q"), "lower bound"
    value = Decimal(repr(num.value)) * scale
    shown = (str(int(value)) if value == value.to_integral_value()
             else format(value.normalize(), "f"))
    if qualifier:
        shown += f", {kind}: {qualifier}"
    return text[start:end], shown


def suggest_reason(num: Number, text: str) -> str:
    """A reason the review proposes where the line's shape shows it (the reviewer decides):
    a number standing alone on its line is a page number, one opening a line as '1.', '2)'
    or '(3)' a list number; otherwise none."""
    stripped = text.strip()
    if stripped == num.text:
        return "page number"
    head = text[:num.start].strip()
    tail = text[num.end:]
    if head in ("", "(") and re.match(r"[.)．](?:\s|$)", tail) and num.text.isdigit() \
            and len(num.text) <= 2:
        return "list number"
    return ""


def stub_pattern(num: Number, text: str) -> str:
    """A skip pattern for one number: the word before it, the number as a group, and what
    stands right after it (else the next word), all as exact text ('Tabelle (1):')."""
    before = re.search(r"(?:\S+[ \t]+)?\S*$", text[:num.start])
    after = re.match(r"\S+|[ \t]+\S+", text[num.end:])
    head = before.group(0) if before else ""
    tail = after.group(0) if after else ""
    def exact(s: str) -> str:
        return re.escape(s).replace("\\ ", " ").replace("\t", r"\t")

    return f"{exact(head)}({exact(num.text)}){exact(tail)}"
