"""The register of judgements: read, checked against the documents and the tables, built.

``lookups/judgements.csv`` holds one row per interpretive decision (what it is about, its
kind and the reason: one question, decided once, may be about several rows);
``lookups/judgement_readings.csv`` one row per reading a judgement allows, the one the
studies use marked, each with its evidence. The build makes the ``judgements`` table (one row
per judgement: the reading used, the others, all the evidence) and ``judgement_readings``
(one row per reading, its number read by the kind's grammar,
:mod:`clusteranalysis.metadata.judgements`), and fills the independent figures' definition
columns from the register, so a comparison's definition is decided in one place.

The build stops, naming the lookup's file and line, when:

- a value is outside its vocabulary (``lookups/judgements.csv:12: judgements.kind: value
  'divisors' is not one of …``), or a reading does not follow its kind's grammar;
- an 'about' item names no row of its table by that table's primary key;
- an evidence item names a document line that does not exist or does not hold the quoted
  words, an independent figure that does not exist, or a reference rate the
  ``reference_rates`` table does not have; a conversion reading that cites a rate must give
  that rate to the digits it writes;
- a judgement has no reading, or not exactly one used;
- a reading's ``applies_to`` names a row its judgement is not about, or is set on a used
  reading or a reading of a kind other than definition (a used reading answers every row);
- a reading's ``holds_with`` names a reading that does not exist, or the two judgements'
  readings do not pair one to one with the used reading paired with the used reading (two
  judgements that answer one question cannot be read two ways);
- an independent figure that bears on a document figure has no definition judgement, or one
  in two; an independent figure is in no independence judgement, or in two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import pandas as pd

from clusteranalysis.build import external
from clusteranalysis.build.rawdoc import RawDocument, Row
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.judgements import (
    SEPARATOR,
    ReadingError,
    parse_about,
    parse_evidence,
    parse_reading,
    reading_rate,
)
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.metadata.processed import TABLES as SPECS

#: The processed tables this module builds.
TABLE = "judgements"
READINGS_TABLE = "judgement_readings"
JUDGEMENTS_FILE = "judgements"
READINGS_FILE = "judgement_readings"
#: The columns of the two lookups.
JUDGEMENT_COLUMNS = ("judgement_id", "kind", "programme_id", "about", "reason")
READING_COLUMNS = ("judgement_id", "reading", "used", "evidence", "note", "applies_to",
                   "holds_with")
_BOOL = {"yes": True, "no": False}


def _where(name: str, index: int) -> str:
    """The lookup's file and line of its ``index``-th row (header on line 1)."""
    return f"src/clusteranalysis/lookups/{name}.csv:{index + 2}"


def _outside(where: str, table: str, column: str, value: object,
             allowed: tuple[str, ...]) -> ClusterAnalysisError:
    """The one line a value outside its vocabulary gets: table, column, value, file:line."""
    return ClusterAnalysisError(f"{where}: {table}.{column}: value {value!r} is not one of "
                                f"{', '.join(allowed)}")


def _columns(name: str, rows: tuple[dict[str, str], ...], expected: tuple[str, ...]) -> None:
    if rows and tuple(rows[0]) != expected:
        raise ClusterAnalysisError(f"src/clusteranalysis/lookups/{name}.csv: columns "
                                   f"{list(rows[0])} differ from {list(expected)}")


# --------------------------------------------------------------------------- references


def _key_index(frames: Mapping[str, pd.DataFrame]) -> dict[str, set[tuple[str, ...]]]:
    """Every processed table's primary keys, as text (what an 'about' item names)."""
    out = {}
    for name, df in frames.items():
        key = SPECS[name].primary_key
        if not key:
            continue
        cells = [df[c].astype("object").map(lambda v: "" if pd.isna(v) else str(v))
                 for c in key]
        out[name] = set(zip(*cells, strict=True))
    return out


def check_about(about: str, keys: Mapping[str, set[tuple[str, ...]]], where: str) -> None:
    """Each item of an 'about' cell names one row of a processed table by its primary key."""
    try:
        references = parse_about(about)
    except ReadingError as exc:
        raise ClusterAnalysisError(f"{where}: {exc}") from None
    for ref in references:
        if ref.table not in keys:
            raise _outside(where, "judgements", "about", ref.table,
                           tuple(sorted(keys)))
        columns = SPECS[ref.table].primary_key
        if len(ref.key) != len(columns):
            raise ClusterAnalysisError(f"{where}: about {ref.text!r}: {ref.table} is keyed by "
                                       f"{' | '.join(columns)}")
        if ref.key not in keys[ref.table]:
            raise ClusterAnalysisError(f"{where}: about {ref.text!r}: no row of {ref.table} "
                                       f"has {' | '.join(columns)} = {' | '.join(ref.key)}")


def check_evidence(evidence: str, docs: Mapping[str, RawDocument],
                   frames: Mapping[str, pd.DataFrame], where: str) -> list[str]:
    """Each evidence item holds: the document line exists and has the quoted words, the
    independent figure exists, the reference rate exists. Returns the items as text."""
    try:
        items = parse_evidence(evidence)
    except ReadingError as exc:
        raise ClusterAnalysisError(f"{where}: {exc}") from None
    figures = set(frames["independent_figures"]["figure_id"].astype(str))
    rates = _rates(frames)
    for e in items:
        if e.source is not None:
            doc = docs.get(e.source)
            if doc is None:
                raise ClusterAnalysisError(f"{where}: evidence {e.text!r}: {e.source} is not "
                                           "one of the documents")
            if e.line is None or not 1 <= e.line <= len(doc.lines):
                raise ClusterAnalysisError(f"{where}: evidence {e.text!r}: {e.source} has no "
                                           f"line {e.line}")
            if str(e.quote) not in doc.text(e.line):
                raise ClusterAnalysisError(f"{where}: evidence {e.text!r}: {e.source} line "
                                           f"{e.line} does not say {e.quote!r}")
        elif e.figure_id is not None:
            if e.figure_id not in figures:
                raise ClusterAnalysisError(f"{where}: evidence {e.text!r}: no independent "
                                           f"figure {e.figure_id!r} (data/external/"
                                           f"{external.FIGURES_FILE})")
        elif e.rate not in rates:
            raise ClusterAnalysisError(f"{where}: evidence {e.text!r}: reference_rates has no "
                                       "such rate (from, to, period)")
    return [e.text for e in items]


def _rates(frames: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str, str], float]:
    r = frames["reference_rates"]
    return {(str(a), str(b), str(p)): float(v) for a, b, p, v in zip(
        r["from_currency"], r["to_currency"], r["rate_period"], r["rate"], strict=True)}


def _check_rate(text: str, value: float, unit: str, evidence: str,
                rates: Mapping[tuple[str, str, str], float], where: str) -> None:
    """A conversion reading that cites a reference rate of its pair gives that rate to the
    digits it writes ('≈107.5 JPY per USD' for 107.4963)."""
    rate = reading_rate(value, unit, evidence)
    if rate is None or rate.ecb is None:
        return
    number = next(w for w in text.split() if w.lstrip("≈")[:1].isdigit()).lstrip("≈")
    exponent = Decimal(number).as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if round(rates[rate.ecb], digits) != value:
        raise ClusterAnalysisError(
            f"{where}: reading {text!r} cites rate:{rate.frm}-{rate.to}:{rate.period}, "
            f"which is {rates[rate.ecb]} ({round(rates[rate.ecb], digits)} to the digits "
            "written)")


# --------------------------------------------------------------------------- the register


def _read_judgements(keys: Mapping[str, set[tuple[str, ...]]]) -> dict[str, dict[str, str]]:
    rows = lookup(JUDGEMENTS_FILE)
    _columns(JUDGEMENTS_FILE, rows, JUDGEMENT_COLUMNS)
    out: dict[str, dict[str, str]] = {}
    for i, row in enumerate(rows):
        where = _where(JUDGEMENTS_FILE, i)
        jid = row["judgement_id"]
        if not jid or jid in out:
            raise ClusterAnalysisError(f"{where}: judgement_id {jid!r} is empty or used twice")
        if row["kind"] not in vocab.JUDGEMENT_KINDS:
            raise _outside(where, "judgements", "kind", row["kind"], vocab.JUDGEMENT_KINDS)
        if row["programme_id"] and row["programme_id"] not in vocab.PROGRAMME_IDS:
            raise _outside(where, "judgements", "programme_id", row["programme_id"],
                           vocab.PROGRAMME_IDS)
        if not row["reason"].strip():
            raise ClusterAnalysisError(f"{where}: {jid}: a judgement needs its reason")
        check_about(row["about"], keys, where)
        out[jid] = {**row, "_where": where}
    return out


def _read_readings(judgements: Mapping[str, dict[str, str]],
                   docs: Mapping[str, RawDocument], frames: Mapping[str, pd.DataFrame]
                   ) -> dict[str, list[Row]]:
    rows = lookup(READINGS_FILE)
    _columns(READINGS_FILE, rows, READING_COLUMNS)
    rates = _rates(frames)
    out: dict[str, list[Row]] = {}
    for i, row in enumerate(rows):
        where = _where(READINGS_FILE, i)
        jid = row["judgement_id"]
        if jid not in judgements:
            raise _outside(where, "judgement_readings", "judgement_id", jid,
                           tuple(judgements))
        j = judgements[jid]
        if row["used"] not in _BOOL:
            raise _outside(where, "judgement_readings", "used", row["used"], tuple(_BOOL))
        try:
            reading = parse_reading(j["kind"], row["reading"])
        except ReadingError as exc:
            raise ClusterAnalysisError(f"{where}: judgement_readings.reading: {exc}") from None
        evidence = check_evidence(row["evidence"], docs, frames, where)
        if reading.kind == "conversion" and reading.value is not None and reading.unit:
            _check_rate(row["reading"], reading.value, reading.unit, row["evidence"], rates,
                        where)
        if any(r["reading"] == row["reading"] for r in out.get(jid, [])):
            raise ClusterAnalysisError(f"{where}: {jid}: reading {row['reading']!r} twice")
        _check_applies_to(row, j, _BOOL[row["used"]], where)
        out.setdefault(jid, []).append({
            "judgement_id": jid, "kind": j["kind"], "reading": row["reading"],
            "used": _BOOL[row["used"]], "evidence": SEPARATOR.join(evidence) or None,
            "note": row["note"] or None, "applies_to": row["applies_to"] or None,
            "holds_with": row["holds_with"] or None, "value": reading.value,
            "unit": reading.unit, "approximate": reading.approximate,
            "period_start": reading.period_start, "period_end": reading.period_end,
            "year_basis": reading.year_basis, "_where": where,
        })
    for jid, j in judgements.items():
        used = [r for r in out.get(jid, []) if r["used"]]
        if len(used) != 1:
            raise ClusterAnalysisError(f"{j['_where']}: {jid} has {len(used)} readings marked "
                                       f"used in lookups/{READINGS_FILE}.csv; it needs one")
    _check_holds_with(out)
    for own in out.values():
        for r in own:
            del r["_where"]
    return out


def _check_applies_to(row: Mapping[str, str], judgement: Mapping[str, str], used: bool,
                      where: str) -> None:
    """A reading restricted to some of its judgement's rows (an alternative that only one
    of the counts compared raises) names rows the judgement is about, and is not the used
    reading, which answers every row."""
    if not row["applies_to"]:
        return
    if used or judgement["kind"] != "definition":
        raise ClusterAnalysisError(f"{where}: {row['judgement_id']}: applies_to is for an "
                                   "alternative reading of a definition judgement")
    about = {(ref.table, ref.key) for ref in parse_about(judgement["about"])}
    try:
        refs = parse_about(row["applies_to"])
    except ReadingError as exc:
        raise ClusterAnalysisError(f"{where}: applies_to: {exc}") from None
    for ref in refs:
        if (ref.table, ref.key) not in about:
            raise ClusterAnalysisError(f"{where}: applies_to {ref.text!r}: "
                                       f"{row['judgement_id']} is not about that row")


def _check_holds_with(readings: Mapping[str, list[Row]]) -> None:
    """Two judgements that answer one question from two sides (``holds_with``: each reading
    of the one holds exactly when a reading of the other does) pair their readings one to
    one, the used with the used."""
    for jid, own in readings.items():
        linked = [r for r in own if r["holds_with"]]
        if not linked:
            continue
        targets: dict[str, str] = {}
        for r in linked:
            other, sep, reading = str(r["holds_with"]).partition(": ")
            theirs = {str(x["reading"]): x for x in readings.get(other, [])}
            if not sep or other == jid or reading not in theirs:
                raise ClusterAnalysisError(
                    f"{r['_where']}: holds_with {r['holds_with']!r} names no reading of "
                    "another judgement ('<judgement_id>: <reading>')")
            if bool(theirs[reading]["used"]) != bool(r["used"]):
                raise ClusterAnalysisError(
                    f"{r['_where']}: {jid} '{r['reading']}' holds with {other} '{reading}', "
                    "but only one of the two is the reading used")
            targets[str(r["reading"])] = f"{other}: {reading}"
        others = {t.partition(": ")[0] for t in targets.values()}
        other = next(iter(others))
        if (len(others) != 1 or len(linked) != len(own)
                or len(set(targets.values())) != len(targets)
                or len(targets) != len(readings[other])):
            raise ClusterAnalysisError(
                f"{linked[0]['_where']}: {jid}'s readings and {other}'s must pair one to one "
                f"(holds_with: {'; '.join(f'{a} with {b}' for a, b in targets.items())})")


def _covered(judgements: Mapping[str, dict[str, str]], figures: pd.DataFrame
             ) -> dict[str, str]:
    """Each linked independent figure's definition judgement; every figure in one
    independence judgement."""
    definition: dict[str, str] = {}
    independence: dict[str, str] = {}
    for jid, j in judgements.items():
        seen = definition if j["kind"] == "definition" else (
            independence if j["kind"] == "independence" else None)
        if seen is None:
            continue
        for ref in parse_about(j["about"]):
            if ref.table != "independent_figures":
                continue
            fid = ref.key[0]
            if fid in seen:
                raise ClusterAnalysisError(f"{j['_where']}: {fid} is already in {j['kind']} "
                                           f"judgement {seen[fid]}")
            seen[fid] = jid
    linked = figures[figures["document_source"].notna()]["figure_id"].astype(str)
    lacking = sorted(set(linked) - set(definition))
    if lacking:
        raise ClusterAnalysisError(f"src/clusteranalysis/lookups/{JUDGEMENTS_FILE}.csv: no "
                                   f"definition judgement for {', '.join(lacking)} (each "
                                   "comparison of the cross-check needs one)")
    alone = sorted(set(figures["figure_id"].astype(str)) - set(independence))
    if alone:
        raise ClusterAnalysisError(f"src/clusteranalysis/lookups/{JUDGEMENTS_FILE}.csv: no "
                                   f"independence judgement for {', '.join(alone)}")
    return definition


def build(frames: Mapping[str, pd.DataFrame], docs: Mapping[str, RawDocument]
          ) -> tuple[list[Row], list[Row], dict[str, str]]:
    """The rows of ``judgements`` and ``judgement_readings``, and each linked independent
    figure's definition judgement, from the lookups, every reference checked."""
    keys = _key_index(frames)
    judgements = _read_judgements(keys)
    readings = _read_readings(judgements, docs, frames)
    definition = _covered(judgements, frames["independent_figures"])
    rows, reading_rows = [], []
    for jid, j in sorted(judgements.items()):
        own = readings.get(jid, [])
        used = next(r for r in own if r["used"])
        others = [r for r in own if not r["used"]]
        evidence = dict.fromkeys(e for r in (used, *others) if r["evidence"]
                                 for e in str(r["evidence"]).split(SEPARATOR))
        rows.append({
            "judgement_id": jid, "kind": j["kind"], "programme_id": j["programme_id"] or None,
            "about": j["about"], "reading": used["reading"],
            "readings": SEPARATOR.join(r["reading"] for r in others) or None,
            "evidence": SEPARATOR.join(evidence), "reason": j["reason"],
        })
        reading_rows += own
    return rows, reading_rows, definition


def apply(frames: dict[str, pd.DataFrame], docs: Mapping[str, RawDocument],
          to_frame: Callable[[str, list[Row]], pd.DataFrame]) -> None:
    """Add the register's tables to ``frames`` and fill the independent figures' definition
    columns from it: the judgement's reading (``same``, ``wider`` …) and its reason."""
    rows, reading_rows, definition = build(frames, docs)
    frames[TABLE] = to_frame(TABLE, rows)
    frames[READINGS_TABLE] = to_frame(READINGS_TABLE, reading_rows)
    by_id = {r["judgement_id"]: r for r in rows}
    figures = frames["independent_figures"].astype("object").where(
        frames["independent_figures"].notna(), None)
    out = []
    for fig in figures.to_dict("records"):
        jid = definition.get(str(fig["figure_id"]))
        if jid is not None:
            j = by_id[jid]
            fig.update(definition=j["reading"], definition_note=j["reason"],
                       definition_judgement=jid)
        out.append(fig)
    frames["independent_figures"] = to_frame("independent_figures", out)

