"""What the register of judgements says about a programme's budget figure.

The study decides no interpretive question itself: the years a multi-year figure may cover
(``period``), the units it may be divided by (``divisor``), the rates an unstated conversion
may have been made at (``conversion``) and what the figure covers (``scope``) are rows of the
register (``data/processed/judgements.csv`` and ``judgement_readings.csv``; see
``docs/judgements.md``). :func:`figure_judgements` gathers them for one budget row (by the
``budgets`` key ``programme_id|item|status``); a range over the readings is the rows of one
judgement, the run's point value the row marked ``used``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.judgements import ReadingRate, parse_about, reading_rate

#: The processed tables this module reads.
TABLES = ("judgements", "judgement_readings")
#: The kinds a budget figure's range is built from, and the scope of its label.
KINDS = ("period", "divisor", "conversion", "scope")
#: The restatement of a figure as the document converted it, and of one it did not convert.
AS_CONVERTED, NOT_RESTATED = "as the document converted", "none"


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


def _readings(register: Mapping[str, pd.DataFrame], jid: str) -> list[Reading]:
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
        out.readings[kind] = [x for i in ids for x in _readings(register, i)]
    return out


def rate_readings(register: Mapping[str, pd.DataFrame], programme_id: str,
                  judgements: FigureJudgements) -> tuple[str, list[Reading]]:
    """The conversion judgement that gives yen-per-US$ rates for a programme's figure, and
    its readings with a rate (the 'unstated' reading has none): METI's unstated rate
    (``conversion:meti-budget``), MEXT's stated one (``conversion:mext-usd``, a judgement
    about the rate rather than a budget row). Empty when the register has none."""
    ids = list(judgements.ids.get("conversion", []))
    for r in register["judgements"].itertuples(index=False):
        if str(r.kind) == "conversion" and str(r.programme_id) == programme_id \
                and any(ref.table == "exchange_rates" and ref.key == ("USD", "JPY")
                        for ref in parse_about(str(r.about))):
            ids.append(str(r.judgement_id))
    for jid in ids:
        readings = _readings(register, jid)
        rated = [x for x in readings if x.rate is not None
                 and (x.rate.frm, x.rate.to) == ("USD", "JPY")]
        if rated:
            return jid, rated
    return "", []


def restatements(register: Mapping[str, pd.DataFrame], judgements: FigureJudgements
                 ) -> tuple[str, list[tuple[float, str]]]:
    """The factors a figure the document itself converted into yen, at a rate it does not
    state, may be restated by (the overseas programmes' euros and pounds:
    ``conversion:overseas-yen-*``), and that judgement's id.

    The document may have converted at any of the register's rates for that currency, and
    a comparison in yen may take any of them: the document's yen restated at another
    reading are multiplied by the ratio of the two. So the figure ranges from the lowest
    reading over the highest to the highest over the lowest: ``[(1, as converted),
    (low ÷ high, label), (high ÷ low, label)]``. Empty when the register has no two rates
    into yen of another currency than the dollar for the figure."""
    for jid in judgements.ids.get("conversion", []):
        rated = [x for x in _readings(register, jid) if x.rate is not None
                 and x.rate.to == "JPY" and x.rate.frm != "USD"]
        if len(rated) < 2:
            continue
        low = min(rated, key=lambda x: x.rate.value)  # type: ignore[union-attr]
        high = max(rated, key=lambda x: x.rate.value)  # type: ignore[union-attr]
        lo, hi = low.rate.value, high.rate.value  # type: ignore[union-attr]
        return jid, [
            (1.0, AS_CONVERTED),
            (round(lo / hi, 6), f"the document's yen, if converted at {high.reading}, "
                                f"restated at {low.reading} ({jid})"),
            (round(hi / lo, 6), f"the document's yen, if converted at {low.reading}, "
                                f"restated at {high.reading} ({jid})"),
        ]
    return "", []


def unranked(register: Mapping[str, pd.DataFrame], figures: pd.DataFrame) -> set[str]:
    """The programmes whose headline figure the register reads, or allows to be read, as an
    umbrella total (ranked against no single programme) or a part of a total (whose whole
    may be larger, so no place below another is known): they get no place, and are no
    other's rival. An alternative counts as the used reading does: a place that holds only
    under one reading is not one (UK RDA's allocation may be an umbrella total)."""
    apart = (vocab.SCOPE_UMBRELLA, vocab.SCOPE_PART)
    out = set()
    for f in figures.dropna(subset=["amount"]).itertuples(index=False):
        judged = figure_judgements(register, str(f.programme_id), str(f.item), str(f.status))
        if any(r.reading in apart for r in judged.of("scope")):
            out.add(str(f.programme_id))
    return out
