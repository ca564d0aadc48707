"""The cross-check's display tables: each takes the run's results and parameters.

Three tables are printed as plain text (``show_comparisons``, ``show_topics``,
``show_per_head``: the numbers nbval checks) and two shown as HTML tables
(:func:`comparisons`, :func:`per_head`). How a value is written in its unit
(:func:`fmt_value`) is shared with the findings and figures.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.present.formats import fmt_amount, fmt_number, fmt_ratio
from clusteranalysis.present.tables import Table
from clusteranalysis.present.tables import table as present_table
from clusteranalysis.studies import Parameters, Results, population


def fmt_value(value: float, unit: str) -> str:
    """A value in its unit, as the findings, tables and labels write it."""
    if unit in ("JPY", "USD", "GBP", "EUR"):
        return fmt_amount(value / 1e6, unit)
    if unit == "DEM":
        return f"DM {fmt_number(value / 1e6)} million"
    if unit == "JPY per USD":
        return f"¥{fmt_number(value)} per US$"
    if unit == "year":
        return str(int(value))
    if unit == "years":
        return f"{fmt_number(value)} years"
    return fmt_number(value)


def programme_names() -> dict[str, str]:
    """Each programme's English name (lookups/programmes.csv), for labels and findings."""
    return {r["programme_id"]: r["name_en"] for r in lookup("programmes")}


def _written_out(cc: pd.DataFrame) -> pd.DataFrame:
    """The comparisons with their values written out in their units: ``document``,
    ``independent`` and ``ratio_text``."""
    out = cc.copy()
    out["document"] = [fmt_value(v, u) for v, u in zip(cc["document_value"],
                                                        cc["document_unit"], strict=True)]
    out["independent"] = [fmt_value(v, u) for v, u in zip(cc["independent_value"],
                                                           cc["independent_unit"], strict=True)]
    out["ratio_text"] = ["—" if pd.isna(v) else fmt_ratio(v, 2) for v in cc["ratio"]]
    return out


# The three printed tables: plain text (to_string) today; each is the one place to change
# when they become HTML tables.


def show_comparisons(results: Results, parameters: Parameters) -> None:
    """Print every comparison: both values in their units, their as-of dates, the ratio
    and the verdict."""
    cols = ["topic", "figure_id", "document", "document_as_of", "independent",
            "independent_as_of", "ratio_text", "verdict"]
    print(_written_out(results["crosscheck"])[cols].to_string(index=False))


def show_topics(results: Results, parameters: Parameters) -> None:
    """Print the comparisons by topic: each verdict's count, the lowest and highest ratio
    (NaN: the topic has no ratio)."""
    summary = results["topics"].drop(columns=["source", "line"])
    # as NumPy floats, so a topic without a ratio prints NaN (a Float64 prints <NA>)
    summary = summary.astype({"ratio_min": "float64", "ratio_max": "float64"})
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def show_per_head(results: Results, parameters: Parameters) -> None:
    """Print each programme budget per inhabitant per year, with the population used."""
    cols = ["programme_id", "item", "status", "period_start", "period_end", "annual_amount",
            "currency", "population_year", "population", "per_head"]
    print(results["per_head"][cols].to_string(index=False, float_format=lambda v: f"{v:,.2f}"))


def comparisons(results: Results, parameters: Parameters) -> Table:
    """Every comparison as an HTML table: both figures as written and as values, their
    sources, as-of dates, the ratio, the verdict and its reason."""
    return present_table(
        _written_out(results["crosscheck"]), "crosscheck",
        columns=["topic", "document_raw", "document", "document_as_of", "independent_text",
                 "independent", "source_title", "source_kind", "independent_as_of", "ratio",
                 "verdict", "reason", "source", "line"],
        labels={"document_raw": "document figure (as written)", "document": "value",
                "document_as_of": "as of", "independent_text": "independent figure (as written)",
                "independent": "value ",
                "source_title": "independent source", "source_kind": "kind",
                "independent_as_of": "as of ", "ratio": "ratio (independent / document)"},
        formats={"ratio": lambda v: fmt_ratio(v, 2)},
        caption="Each independent figure beside the document figure it bears on",
    )


def per_head(results: Results, parameters: Parameters, people: pd.DataFrame) -> Table:
    """The budgets per head as an HTML table; its caption names the population series
    (``people``: the ``population`` table)."""
    return present_table(
        results["per_head"], "per_head",
        columns=["programme_id", "item", "status", "period_start", "period_end",
                 "annual_amount", "currency", "population_year", "population", "per_head",
                 "source", "line"],
        labels={"annual_amount": "amount per year", "population_year": "population of",
                "per_head": "per inhabitant per year"},
        formats={"annual_amount": lambda v: fmt_number(v / 1e6) + " million",
                 "per_head": lambda v: fmt_number(v, 2)},
        caption="Programme budgets per inhabitant per year (" + population.label(people) + ")",
    )
