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

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.judgements import parse_about, parse_reading
from clusteranalysis.studies.register import (
    KINDS,
    TABLES,
    FigureJudgements,
    Reading,
    figure_judgements,
    readings_of,
)

__all__ = ["AS_CONVERTED", "KINDS", "NOT_RESTATED", "TABLES", "FigureJudgements", "Reading",
           "figure_judgements", "headline_rate", "per_unit_spans", "rate_readings",
           "restatements", "unranked"]

#: The restatement of a figure as the document converted it, and of one it did not convert.
AS_CONVERTED, NOT_RESTATED = "as the document converted", "none"


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
        readings = readings_of(register, jid)
        rated = [x for x in readings if x.rate is not None
                 and (x.rate.frm, x.rate.to) == ("USD", "JPY")]
        if rated:
            return jid, rated
    return "", []


def per_unit_spans(register: Mapping[str, pd.DataFrame], per_cluster: pd.DataFrame,
                   spans: tuple[str, str]) -> dict[str, str]:
    """What a figure stated per cluster per year covers, by its own period judgement
    (``spans``: the words for one year and for several): MEXT's ¥500 million "for each
    cluster, each FY (5 years as a total)" is every year's of five
    (``period:kc-per-cluster``), not the national budget's one year, so on the per-unit
    basis it is a multi-year figure. A programme whose judgement has no years is left out."""
    out: dict[str, str] = {}
    for r in per_cluster.itertuples(index=False):
        used = figure_judgements(register, str(r.programme_id), str(r.item),
                                 str(r.status)).used("period")
        if used is not None and used.value is not None:
            out[str(r.programme_id)] = spans[0] if used.value == 1 else spans[1]
    return out


def headline_rate(register: Mapping[str, pd.DataFrame], programme_id: str,
                  judgements: FigureJudgements, jpy_per_usd: float) -> tuple[float, bool]:
    """The yen per US$ a converted figure's headline is at, and whether it is the
    document's own: where the register reads the conversion as stated (MEXT's ¥120, at which
    003 gives its dollars), the figure in the other currency is the document's and is shown
    as stated, whatever the run's rate; otherwise the run's rate (``jpy_per_usd``)."""
    _, readings = rate_readings(register, programme_id, judgements)
    for r in readings:
        if r.used and parse_reading("conversion", r.reading).stated:
            return float(r.value), True  # type: ignore[arg-type]
    return float(jpy_per_usd), False


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
        rated = [x for x in readings_of(register, jid) if x.rate is not None
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
