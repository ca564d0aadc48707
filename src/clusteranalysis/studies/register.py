"""What the register of judgements says about one budget figure, gathered one way for
every study that reads budget figures.

The years a multi-year figure may cover (``period``), the units it may be divided by
(``divisor``), the rates an unstated conversion may have been made at (``conversion``) and
what the figure covers (``scope``) are rows of the register (``data/processed/judgements.csv``
and ``judgement_readings.csv``; see ``docs/judgements.md``). :func:`figure_judgements`
gathers them for one budget row (by the ``budgets`` key ``programme_id|item|status``): 01
builds its ranges from them, 04 labels its per-head figures with the same scope reading, so
the two cannot read one figure's scope two ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata.judgements import ReadingRate, parse_about, reading_rate

__all__ = ["KINDS", "TABLES", "FigureJudgements", "Reading", "figure_judgements", "readings_of"]

#: The processed tables this module reads.
TABLES = ("judgements", "judgement_readings")
#: The kinds a budget figure's range is built from, and the scope of its label.
KINDS = ("period", "divisor", "conversion", "scope")


@dataclass(frozen=True)
class Reading:
    """One reading of a judgement: its words, its number (years, a count, a rate) and, for
    a conversion, the rate as :func:`~clusteranalysis.metadata.judgements.reading_rate`
    reads it (the cross-check reads the same rows there)."""

    judgement_id: str
    reading: str
    used: bool
    value: float | None
    note: str
    rate: ReadingRate | None = None


@dataclass
class FigureJudgements:
    """The register's judgements about one budget figure, by kind (each a list of readings,
    the used one first)."""

    key: tuple[str, str, str]
    ids: dict[str, list[str]] = field(default_factory=dict)
    readings: dict[str, list[Reading]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Reading]:
        return self.readings.get(kind, [])

    def used(self, kind: str) -> Reading | None:
        return next((r for r in self.of(kind) if r.used), None)

    def all_ids(self) -> list[str]:
        return [i for k in KINDS for i in self.ids.get(k, [])]


def readings_of(register: Mapping[str, pd.DataFrame], jid: str) -> list[Reading]:
    """Every reading of judgement ``jid``, the used one first."""
    rows = register["judgement_readings"]
    rows = rows[rows["judgement_id"].astype(str) == jid]
    out = [Reading(jid, str(r.reading), bool(r.used),
                   None if pd.isna(r.value) else float(r.value),
                   "" if pd.isna(r.note) else str(r.note),
                   reading_rate(None if pd.isna(r.value) else float(r.value),
                                None if pd.isna(r.unit) else str(r.unit),
                                None if pd.isna(r.evidence) else str(r.evidence)))
           for r in rows.itertuples(index=False)]
    return sorted(out, key=lambda r: not r.used)


def figure_judgements(register: Mapping[str, pd.DataFrame], programme_id: str, item: str,
                      status: str) -> FigureJudgements:
    """The period, divisor, conversion and scope judgements about a budget row.

    A period, conversion or scope judgement must name the row itself; a divisor judgement
    names any budget row of the programme (the divisor is the programme's, not one
    figure's). Two judgements of one kind about the same row are an error: the register
    makes each decision once.
    """
    key = (programme_id, item, status)
    out = FigureJudgements(key)
    for r in register["judgements"].itertuples(index=False):
        kind = str(r.kind)
        if kind not in KINDS:
            continue
        refs = [ref for ref in parse_about(str(r.about)) if ref.table == "budgets"]
        hit = any(ref.key == key for ref in refs) or (
            kind == "divisor" and any(ref.key[0] == programme_id for ref in refs))
        if hit:
            out.ids.setdefault(kind, []).append(str(r.judgement_id))
    for kind, ids in out.ids.items():
        if len(ids) > 1 and kind != "conversion":
            raise ClusterAnalysisError(f"register: {len(ids)} {kind} judgements about "
                                       f"budgets:{'|'.join(key)} ({', '.join(ids)})")
        out.readings[kind] = [x for i in ids for x in readings_of(register, i)]
    return out
