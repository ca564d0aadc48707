"""How the register of judgements writes a reading, its evidence and what it is about.

The register (``lookups/judgements.csv`` and ``lookups/judgement_readings.csv``, built into
the ``judgements`` and ``judgement_readings`` tables by :mod:`clusteranalysis.build.judgements`)
holds every interpretive decision a study rests on. This module is its grammar, shared by the
build (which checks every row) and the studies (which read the numbers back):

- a **reading** is written in its kind's grammar (:func:`parse_reading`): a word of
  :data:`~clusteranalysis.metadata.vocab.JUDGEMENT_READINGS` (definition, independence,
  scope), or a number with its unit:

  ========================  ==============================================================
  divisor                   ``17 areas``, ``≈120 clusters``, ``8 areas (phase 1)``, ``none``
  period                    ``1996–2001, 5 years``; ``FY2002–FY2006, 5 years``;
                            ``2001, 1 year (basis not stated)``; ``FY2002, 0.75 years``
  conversion                ``stated 120 JPY per USD``, ``unstated``, ``110 JPY per USD``,
                            ``≈107.5 JPY per USD``
  continuation              ``runs to 2008``, ``planned end 2004``, ``ends 2001``,
                            ``open after 2005``, ``under way in 2008`` (a planned term)
  ========================  ==============================================================

- **evidence** is a list of references separated by ``; `` (:func:`parse_evidence`): a
  document line with the words it must hold, ``001_fc47ff42475d4a79.txt:101 "5,800 SMEs"``;
  an independent figure, ``figure:meti-cao2003-companies``; a reference rate,
  ``rate:USD-JPY:FY2004``;
- **about** names rows of the processed tables by their primary key, ``table:key``, the key's
  values joined by ``|`` in the order of the table's primary key
  (``budgets:de_bioregio|total|stated``, ``programmes:de_bioregio``,
  ``independent_figures:meti-cao2003-companies``), several separated by ``; ``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from clusteranalysis.metadata import vocab

#: What separates the items of an 'about' or 'evidence' cell (and the readings of the
#: ``judgements.readings`` column).
SEPARATOR = "; "
#: The en dash between the years of a period ('1996–2001').
DASH = "–"
#: The statuses of a continuation reading.
CONTINUATIONS = ("runs to", "planned end", "ends", "open after", "under way in")


class ReadingError(ValueError):
    """A reading, evidence or about cell that does not follow the grammar."""


@dataclass(frozen=True)
class Reading:
    """A reading as its kind's grammar reads it.

    ``word`` for the kinds read as words (and a divisor's ``none``, a conversion's
    ``unstated``, a continuation's status); ``value`` and ``unit`` for a number: a divisor's
    count ('areas'), a period's years ('years'), a conversion's rate ('JPY per USD'), a
    continuation's year ('year'). A period also has its first and last years and their basis.
    """

    kind: str
    text: str
    word: str | None = None
    value: float | None = None
    unit: str | None = None
    approximate: bool = False
    stated: bool = False
    period_start: int | None = None
    period_end: int | None = None
    year_basis: str | None = None
    note: str | None = None


_NUMBER = r"\d+(?:\.\d+)?"
_DIVISOR = re.compile(rf"(?P<approx>≈)?(?P<n>{_NUMBER}) (?P<unit>[a-z][a-z ]*?)"
                      r"(?: \((?P<note>[^()]+)\))?")
_YEAR = r"(?P<{0}fy>FY)?(?P<{0}>\d{{4}})"
_PERIOD = re.compile(_YEAR.format("a") + rf"(?:{DASH}" + _YEAR.format("b") + ")?"
                     rf", (?P<n>{_NUMBER}) years?(?: \((?P<note>[^()]+)\))?")
_RATE = re.compile(rf"(?P<stated>stated )?(?P<approx>≈)?(?P<rate>{_NUMBER}) "
                   r"(?P<to>[A-Z]{3}) per (?P<from>[A-Z]{3})")
_CONTINUATION = re.compile(rf"(?P<status>{'|'.join(CONTINUATIONS)}) (?P<year>\d{{4}})")
#: A period whose basis the text does not give: the note that says so.
BASIS_NOT_STATED = "basis not stated"


def _grammar(pattern: re.Pattern[str], kind: str, text: str, examples: str) -> re.Match[str]:
    """``text`` matched whole by a kind's grammar, or a :class:`ReadingError` with examples."""
    m = pattern.fullmatch(text)
    if m is None:
        raise ReadingError(f"{text!r} is not a {kind} ({examples})")
    return m


def parse_reading(kind: str, text: str) -> Reading:
    """A reading of ``kind`` as its grammar reads it; :class:`ReadingError` says why not."""
    if kind not in vocab.JUDGEMENT_KINDS:
        raise ReadingError(f"{kind!r} is not a kind of judgement "
                           f"({', '.join(vocab.JUDGEMENT_KINDS)})")
    if kind in vocab.JUDGEMENT_READINGS:
        words = vocab.JUDGEMENT_READINGS[kind]
        if text not in words:
            raise ReadingError(f"{text!r} is not a {kind} reading ({', '.join(words)})")
        return Reading(kind, text, word=text)
    if kind == "divisor":
        if text == "none":
            return Reading(kind, text, word="none")
        m = _grammar(_DIVISOR, kind, text, "'17 areas', '≈120 clusters', '8 areas (phase 1)' "
                     "or 'none'")
        return Reading(kind, text, value=float(m["n"]), unit=m["unit"],
                       approximate=bool(m["approx"]), note=m["note"])
    if kind == "period":
        m = _grammar(_PERIOD, kind, text, "'1996–2001, 5 years', 'FY2002–FY2006, 5 years', "
                     "'2001, 1 year (basis not stated)'")
        start, end = int(m["a"]), int(m["b"] or m["a"])
        if m["b"] and bool(m["afy"]) != bool(m["bfy"]):
            raise ReadingError(f"{text!r}: both years are fiscal years (FY) or neither is")
        if end < start:
            raise ReadingError(f"{text!r}: the period ends before it starts")
        basis = ("fiscal year" if m["afy"] else
                 "year, basis not stated" if m["note"] == BASIS_NOT_STATED else
                 "calendar year")
        return Reading(kind, text, value=float(m["n"]), unit="years", period_start=start,
                       period_end=end, year_basis=basis, note=m["note"])
    if kind == "conversion":
        if text == "unstated":
            return Reading(kind, text, word="unstated")
        m = _grammar(_RATE, kind, text, "'stated 120 JPY per USD', 'unstated', "
                     "'110 JPY per USD', '≈107.5 JPY per USD'")
        return Reading(kind, text, value=float(m["rate"]),
                       unit=f"{m['to']} per {m['from']}", approximate=bool(m["approx"]),
                       stated=bool(m["stated"]))
    m = _grammar(_CONTINUATION, kind, text, "'runs to 2008', 'planned end 2004', 'ends 2001', "
                 "'open after 2005', 'under way in 2008'")
    return Reading(kind, text, word=m["status"], value=float(m["year"]), unit="year")


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """One reference: a document line and its words, an independent figure, or a rate."""

    text: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None
    figure_id: str | None = None
    rate: tuple[str, str, str] | None = None  # (from, to, period)


_EVIDENCE = re.compile(
    r'(?P<source>[^\s:"]+\.txt):(?P<line>\d+) "(?P<quote>[^"]+)"'
    r"|figure:(?P<figure>[a-z0-9][a-z0-9-]*)"
    r"|rate:(?P<from>[A-Z]{3})-(?P<to>[A-Z]{3}):(?P<period>FY\d{4}|\d{4}|fixed)")


def parse_evidence(text: str) -> list[Evidence]:
    """The references of an evidence cell, in order; an empty cell has none."""
    out: list[Evidence] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        m = _EVIDENCE.match(text, pos)
        if m is None:
            raise ReadingError(f"evidence {text[pos:pos + 40]!r}… is not a document line "
                               "('<file>:<line> \"<words>\"'), a figure ('figure:<id>') or a "
                               "rate ('rate:USD-JPY:FY2004')")
        if m["source"]:
            out.append(Evidence(m.group(0), source=m["source"], line=int(m["line"]),
                                quote=m["quote"]))
        elif m["figure"]:
            out.append(Evidence(m.group(0), figure_id=m["figure"]))
        else:
            out.append(Evidence(m.group(0), rate=(m["from"], m["to"], m["period"])))
        pos = m.end()
        if pos < len(text):
            if not text.startswith(SEPARATOR, pos):
                raise ReadingError(f"evidence: expected {SEPARATOR!r} after {m.group(0)!r}")
            pos += len(SEPARATOR)
    return out


# --------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class ReadingRate:
    """The rate a conversion reading names: ``to`` per ``frm`` at ``value``, the number its
    words give (an ECB mean to the digits written: '≈107.5'), and ``period``, the ECB's
    reference rate its evidence cites for that pair (the exact rate), or None for a rate
    another source states (MEXT's ¥120)."""

    frm: str
    to: str
    value: float
    period: str | None = None

    @property
    def ecb(self) -> tuple[str, str, str] | None:
        """The key of the reference rate cited, (from, to, period), if any."""
        return None if self.period is None else (self.frm, self.to, self.period)


def reading_rate(value: float | None, unit: str | None, evidence: str | None
                 ) -> ReadingRate | None:
    """The rate of a conversion reading, from the ``value``, ``unit`` ('JPY per USD') and
    ``evidence`` cells of its row; None for a reading with no rate ('unstated'). The build,
    the budgets study and the cross-check all read a conversion's rates here."""
    if value is None or value != value or not unit or " per " not in unit:  # NaN != NaN
        return None
    to, _, frm = unit.partition(" per ")
    cited = [e.rate for e in parse_evidence(evidence)] if evidence else []
    periods = [r[2] for r in cited if r is not None and r[:2] == (frm, to)]
    if len(periods) > 1:
        raise ReadingError(f"{unit}: the evidence cites {len(periods)} rates of the pair "
                           f"({', '.join(periods)}): a reading is one rate")
    return ReadingRate(frm, to, float(value), periods[0] if periods else None)


# --------------------------------------------------------------------------- about


@dataclass(frozen=True)
class Reference:
    """A row of a processed table named by its primary key."""

    text: str
    table: str
    key: tuple[str, ...]


def parse_about(text: str) -> list[Reference]:
    """The rows an 'about' cell names: ``table:key`` items separated by ``; ``."""
    out = []
    for item in text.split(SEPARATOR):
        table, colon, key = item.partition(":")
        if not colon or not table or not key:
            raise ReadingError(f"about {item!r} is not 'table:key'")
        out.append(Reference(item, table, tuple(key.split("|"))))
    return out


def figure_ids(about: str) -> list[str]:
    """The independent figures an 'about' cell names."""
    return [r.key[0] for r in parse_about(about) if r.table == "independent_figures"]


def independence_by_figure(judgements: Iterable[tuple[str, str, str, str]]
                           ) -> dict[str, tuple[str, str]]:
    """Each independent figure's independence reading and judgement id, from the register's
    rows as (judgement_id, kind, about, reading); a figure in two independence judgements is
    an error (the register decides each question once). The cross-check and the budgets
    study's series both read it here."""
    out: dict[str, tuple[str, str]] = {}
    for jid, kind, about, reading in judgements:
        if kind != "independence":
            continue
        for fid in figure_ids(about):
            if fid in out:
                raise ValueError(f"{fid}: two independence judgements ({out[fid][1]}, {jid})")
            out[fid] = (reading, jid)
    return out


def _blank(value: object) -> bool:
    """An empty cell: None, NaN, pandas' NA or ''."""
    return value is None or bool(pd.isna(value)) or str(value) == ""


def row_reference(table: str, key: Iterable[object]) -> tuple[str, tuple[str, ...]]:
    """A processed row as an 'about' item names it: its table and its primary key's values
    as text, in the key's order (``key``)."""
    return table, tuple("" if _blank(v) else str(v) for v in key)


def reading_applies(applies_to: object, rows: Iterable[tuple[str, tuple[str, ...]]]) -> bool:
    """Whether a reading bears on a comparison of the ``rows`` named (as
    :func:`row_reference` names them): a reading with no ``applies_to`` bears on every
    comparison its judgement is about, one restricted to some rows only on a comparison of
    one of them. The cross-check and the participants study both decide it here."""
    if _blank(applies_to):
        return True
    named = {(ref.table, ref.key) for ref in parse_about(str(applies_to))}
    return not named.isdisjoint(set(rows))


def holds_with_links(readings: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Each reading that holds with another judgement's (``holds_with``), both ways:
    (judgement id, reading) → '<judgement_id>: <reading>', from the register's readings
    (the ``judgement_readings`` table, or any frame with its ``judgement_id``, ``reading``
    and ``holds_with``). The cross-check and the judgements table both read the links here."""
    out = {}
    for jid, reading, linked in zip(readings["judgement_id"], readings["reading"],
                                    readings["holds_with"], strict=True):
        if _blank(linked):
            continue
        other, _, theirs = str(linked).partition(": ")
        out[(str(jid), str(reading))] = str(linked)
        out[(other, theirs)] = f"{jid}: {reading}"
    return out
