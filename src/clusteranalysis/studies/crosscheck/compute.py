"""The cross-check's computations: tables in, tables out.

:func:`results` computes every result table of ``04_crosscheck`` once: the comparisons
(:func:`comparisons`, each judged by :func:`~clusteranalysis.studies.crosscheck.rule.judge`),
their counts by verdict, by topic and for years, and the budgets per head. Each table is
typed by its declaration (:mod:`clusteranalysis.metadata.results.crosscheck`) when it is
made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from clusteranalysis.build import external
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce
from clusteranalysis.metadata.results.crosscheck import RESULTS
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies import Parameters, Results, population
from clusteranalysis.studies.crosscheck.rule import (
    DEFAULT_TOLERANCE,
    DOCUMENT_MEASURES,
    Evidence,
    document_planned,
    document_span,
    independent_span,
    judge,
    span_text,
)

#: The columns of ``crosscheck`` (the comparisons), in order.
COLUMNS = RESULTS["crosscheck"].columns


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A result table with its declared columns, in order, and their dtypes."""
    return coerce(RESULTS[name], df.reset_index(drop=True))


def _key(verdict: str) -> str:
    """The column of a verdict's count: 'differs by timing' → differs_by_timing."""
    return verdict.replace(" ", "_")


# --------------------------------------------------------------------------- as of


def as_of_text(figure: Mapping[str, Any]) -> str:
    """The date or period an independent figure is as of, as precisely as its source."""
    date = figure["as_of_date"]
    if figure["measure"] in ("amount", "duration") and not pd.isna(figure["period_start"]):
        text = span_text((int(figure["period_start"]), int(figure["period_end"])))
        return f"FY{text}" if figure["year_basis"] == "fiscal year" else text
    if pd.isna(date):
        return span_text(independent_span(figure))
    ts = pd.Timestamp(date)
    precision = figure["as_of_precision"]
    if precision == "day":
        return ts.strftime("%Y-%m-%d")
    if precision == "month":
        return ts.strftime("%Y-%m")
    if precision == "fiscal year":
        return f"FY{ts.year}"
    return str(ts.year)


def decimal_year(figure: Mapping[str, Any]) -> float | None:
    """Where an independent figure stands on a time axis (a decimal year): its date, the
    middle of the period an amount covers, else the end of the period it counts."""
    if figure["measure"] in ("amount", "duration") and not pd.isna(figure["period_start"]):
        return (int(figure["period_start"]) + int(figure["period_end"])) / 2 + 0.5
    date = figure["as_of_date"]
    if not pd.isna(date):
        ts = pd.Timestamp(date)
        return ts.year + (ts.day_of_year - 1) / 365.25
    if not pd.isna(figure["period_end"]):
        return int(figure["period_end"]) + 0.5
    return None


# --------------------------------------------------------------------------- comparisons


def evidence(figure: Mapping[str, Any], rows: pd.DataFrame, document_year: int) -> Evidence:
    """The evidence of one comparison: an independent figure and the processed rows of the
    document figure it bears on (``external.document_rows``)."""
    table, column = str(figure["document_table"]), str(figure["document_column"])
    return Evidence(
        measure=DOCUMENT_MEASURES[(table, column)],
        independent_measure=str(figure["measure"]),
        document=float(rows[column].sum()),
        independent=float(figure["value"]),
        document_unit=external.document_unit(table, rows, column),
        independent_unit=str(figure["unit"]),
        definition=str(figure["definition"]),
        definition_note=figure["definition_note"],
        document_span=document_span(table, rows, document_year),
        independent_span=independent_span(figure),
        document_planned=document_planned(table, rows, column),
    )


def comparisons(figures: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                documents: pd.DataFrame, tolerance: float = DEFAULT_TOLERANCE,
                topics: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per independent figure that bears on a document figure: both values, their
    as-of dates, the ratio (or the difference in years), the verdict and why.

    ``figures`` is ``independent_figures``; ``tables`` holds the processed ``participants``,
    ``budgets``, ``exchange_rates`` and ``timeline`` tables (vocab.DOCUMENT_TABLES);
    ``documents`` gives each document's year. ``topics`` selects (None: all). ``source``,
    ``line`` and ``raw`` are the document figure's (issue 12: a result row names the line it
    stands on). Sorted by topic, document figure, then the independent figure's date.
    """
    years = dict(zip(documents["source"], documents["year"], strict=True))
    linked = figures[figures["document_source"].notna()]
    if topics is not None:
        linked = linked[linked["topic"].isin(list(topics))]
    out = []
    for _, fig in linked.iterrows():
        rows = external.document_rows(fig, tables)
        e = evidence(fig, rows, int(years[fig["document_source"]]))
        result, why = judge(e, tolerance)
        ratio = e.independent / e.document if e.comparable and e.measure != "year" else None
        out.append({
            "topic": fig["topic"], "figure_id": fig["figure_id"],
            "programme_id": fig["programme_id"], "counted": fig["counted"],
            "measure": e.measure, "document_source": fig["document_source"],
            "document_line": fig["document_line"], "document_raw": fig["document_raw"],
            "document_column": fig["document_column"], "document_value": e.document,
            "document_unit": e.document_unit, "document_as_of": span_text(e.document_span),
            "independent_value": e.independent, "independent_unit": e.independent_unit,
            "independent_text": fig["value_text"], "independent_as_of": as_of_text(fig),
            "independent_year": decimal_year(fig), "url": fig["url"],
            "source_title": fig["source_title"], "source_kind": fig["source_kind"],
            "definition": fig["definition"], "ratio": ratio,
            "difference": e.independent - e.document if e.comparable else None,
            "verdict": result, "reason": why,
            "source": fig["document_source"], "line": fig["document_line"],
            "raw": fig["document_raw"],
        })
    df = pd.DataFrame(out, columns=COLUMNS)
    topic_rank = {t: i for i, t in enumerate(vocab.FIGURE_TOPICS)}
    order = pd.DataFrame({
        "topic": [topic_rank[str(t)] for t in df["topic"]],
        "document_source": df["document_source"], "document_line": df["document_line"],
        "document_raw": df["document_raw"],
        "column": [int(c == "end_year") for c in df["document_column"]],
        "year": [9999.0 if pd.isna(y) else float(y) for y in df["independent_year"]],
        "figure_id": df["figure_id"]}, index=df.index)
    df = df.loc[order.sort_values(list(order.columns), kind="stable").index]
    return _typed("crosscheck", df)


# --------------------------------------------------------------------------- counts


def verdict_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """How many comparisons got each verdict (every verdict listed, zero included)."""
    df = pd.DataFrame({"verdict": list(vocab.VERDICTS),
                       "comparisons": [int((cc["verdict"] == v).sum()) for v in vocab.VERDICTS]})
    return with_provenance(df, lambda r: cc[cc["verdict"] == r["verdict"]])


def verdict_counts_with_total(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``verdicts`` table: :func:`verdict_counts` with a last row ``all`` (every
    comparison)."""
    total = pd.DataFrame({"verdict": ["all"], "comparisons": [len(cc)]})
    total = with_provenance(total, lambda _r: cc)
    return _typed("verdicts", pd.concat([verdict_counts(cc), total], ignore_index=True))


def topic_summary(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``topics`` table: per topic, comparisons, each verdict's count, the lowest and
    highest ratio; source and line of the document rows compared."""
    rows = []
    for topic in vocab.FIGURE_TOPICS:
        part = cc[cc["topic"] == topic]
        if part.empty:
            continue
        ratios = part["ratio"].dropna()
        rows.append({"topic": topic, "comparisons": len(part),
                     **{_key(v): int((part["verdict"] == v).sum()) for v in vocab.VERDICTS},
                     "ratio_min": ratios.min() if len(ratios) else None,
                     "ratio_max": ratios.max() if len(ratios) else None})
    columns = [c for c in RESULTS["topics"].columns if c not in ("source", "line")]
    df = pd.DataFrame(rows, columns=columns)
    return _typed("topics", with_provenance(df, lambda r: cc[cc["topic"] == r["topic"]]))


def year_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """The ``years`` table: how many year comparisons agree (the same year) and differ."""
    years = cc[cc["measure"] == "year"]
    agree = years["verdict"] == "agrees"
    df = pd.DataFrame({"years_compared": ["agree", "differ"],
                       "comparisons": [int(agree.sum()), int((~agree).sum())]})
    return _typed("years", with_provenance(
        df, lambda r: years[agree] if r["years_compared"] == "agree" else years[~agree]))


def document_figures(cc: pd.DataFrame) -> list[tuple[tuple[Any, ...], pd.DataFrame]]:
    """The document figures of ``cc`` that have comparable independent figures (a ratio),
    each with its comparisons, in the order of ``cc``: key (document_source, document_line,
    document_raw, measure)."""
    rated = cc[cc["ratio"].notna()]
    keys = ["document_source", "document_line", "document_raw", "measure"]
    return [(key, part) for key, part in rated.groupby(keys, sort=False)]


# --------------------------------------------------------------------------- per head


def per_head_budgets(budgets: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """The documents' programme budgets per inhabitant per year, in the currency the text
    uses: annual amounts as they are, totals spread over their years, each divided by the
    population of the year it covers (the middle year of a period) or the nearest year the
    series has. Line items and per-cluster amounts are left out."""
    b = budgets[((budgets["basis"] == "annual") & budgets["category"].isna())
                | (budgets["item"] == "total")].copy()
    b = b[b["basis"] != "per_cluster_per_year"]
    b["annual_amount"] = [float(a) / (1 if basis == "annual" else int(n))
                          for a, basis, n in zip(b["amount"], b["basis"], b["period_years"],
                                                 strict=True)]
    b["year"] = [population.year_covered(s, e)
                 for s, e in zip(b["period_start"], b["period_end"], strict=True)]
    out = population.per_head(b, people, value="annual_amount", year="year")
    out = out[RESULTS["per_head"].columns]
    rank = {p: i for i, p in enumerate(vocab.PROGRAMME_IDS)}
    order = pd.DataFrame({"programme": [rank[str(p)] for p in out["programme_id"]],
                          "period_start": out["period_start"], "status": out["status"]},
                         index=out.index)
    return _typed("per_head", out.loc[order.sort_values(list(order.columns),
                                                        kind="stable").index])


# --------------------------------------------------------------------------- all at once


def results(inputs: Results, parameters: Parameters) -> dict[str, pd.DataFrame]:
    """Every result table of ``04_crosscheck``, computed once, by its declared name.

    ``inputs`` holds the tables of :data:`clusteranalysis.studies.crosscheck.INPUTS`;
    ``parameters`` the notebook's (checked by ``studies.check_parameters``): ``topics`` and
    ``tolerance``. The per-head view covers every programme budget, whatever the topics.
    """
    tables = {name: inputs[name] for name in vocab.DOCUMENT_TABLES}
    cc = comparisons(inputs["independent_figures"], tables, inputs["documents"],
                     parameters["tolerance"], parameters["topics"])
    return {
        "crosscheck": cc,
        "verdicts": verdict_counts_with_total(cc),
        "topics": topic_summary(cc),
        "years": year_counts(cc),
        "per_head": per_head_budgets(inputs["budgets"], inputs["population"]),
    }


