"""The cross-check's display tables: each takes the run's results and parameters.

Four HTML tables, each with a plain-text twin: :func:`verdicts` (every comparison in brief),
:func:`comparisons` (the same with both figures as written, the independent source and the
reason), :func:`topics` and :func:`per_head`; nbval checks all but :func:`comparisons`. The
wide ones put the document's ``source`` and ``line`` first, so a 1,280 px window shows them.
How a value is written in its unit (:func:`fmt_value`) is shared with the findings and
figures.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.present.formats import fmt_amount, fmt_money, fmt_number, fmt_ratio
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
    ``independent`` and ``ratio_text``; ``independent_shown`` the other source's figure as
    written, or marked as the reference list's summary where the source's quoted words do
    not hold it."""
    out = cc.copy()
    out["document"] = [fmt_value(v, u) for v, u in zip(cc["document_value"],
                                                        cc["document_unit"], strict=True)]
    out["independent"] = [fmt_value(v, u) for v, u in zip(cc["independent_value"],
                                                           cc["independent_unit"], strict=True)]
    # the other source's words where they hold the figure, else the reference list's summary
    out["independent_shown"] = [
        str(t) if bool(q) else f"{t} (list's summary)"
        for t, q in zip(cc["independent_text"], cc["independent_text_quoted"], strict=True)]
    out["ratio_text"] = [_ratio_text(r, low, high) for r, low, high in zip(
        cc["ratio"], cc["ratio_low"], cc["ratio_high"], strict=True)]
    return out


def _ratio_text(ratio: object, low: object, high: object) -> str:
    """A ratio, or the range over the cited rates of two currencies ('1.12×–1.14×')."""
    if not pd.isna(ratio):
        return fmt_ratio(float(ratio), 2)
    if pd.isna(low) or pd.isna(high):
        return "—"
    lo, hi = fmt_ratio(float(low), 2), fmt_ratio(float(high), 2)
    return lo if lo == hi else f"{lo}–{hi}"  # a range the rounding closes is one ratio


def verdicts(results: Results, parameters: Parameters) -> Table:
    """Every comparison in brief, its document line first: both values in their units,
    their as-of dates, the ratio and the verdict (the numbers nbval checks, in the table's
    plain-text twin)."""
    return present_table(
        _written_out(results["crosscheck"]), "verdicts",
        columns=["source", "line", "topic", "figure_id", "document", "document_as_of",
                 "independent", "independent_as_of", "ratio_text", "independence",
                 "verdict"],
        labels={"document": "document figure", "document_as_of": "as of",
                "independent": "other source's figure", "independent_as_of": "as of ",
                "ratio_text": "ratio", "independence": "source and issuer"},
        caption="Every comparison and its verdict",
    )


def topics(results: Results, parameters: Parameters) -> Table:
    """The comparisons by topic: each verdict's count and the lowest and highest ratio
    ("—": the topic has no ratio); the note cites the document lines behind each topic."""
    summary = results["topics"]
    return present_table(
        summary, "topics",
        columns=[c for c in summary.columns if c not in ("source", "line")],
        labels={"differs_by_timing": "differs by timing",
                "timing_unknown": "timing unknown",
                "differs_by_definition": "differs by definition",
                "definition_uncertain": "definition uncertain",
                "depends_on_the_rate": "depends on the rate",
                "provenance_unclear": "provenance unclear (no verdict)",
                "ratio_min": "lowest ratio", "ratio_max": "highest ratio"},
        formats={"ratio_min": lambda v: fmt_ratio(v, 2), "ratio_max": lambda v: fmt_ratio(v, 2)},
        caption="The comparisons by topic",
    )


def comparisons(results: Results, parameters: Parameters) -> Table:
    """Every comparison as an HTML table: both figures as written and as values, their
    sources, as-of dates, the ratio, the verdict and its reason."""
    return present_table(
        _written_out(results["crosscheck"]), "crosscheck",
        columns=["source", "line", "topic", "document_raw", "document", "document_as_of",
                 "independent_shown", "independent", "source_title", "source_kind",
                 "independent_as_of", "ratio_text", "independence", "verdict", "reason",
                 "verdict_under_other_definition_readings"],
        labels={"document_raw": "document figure (as written)", "document": "value",
                "document_as_of": "as of",
                "independent_shown": "other source's figure (as written; \"list's "
                                     "summary\": the reference list's words, not the "
                                     "source's)",
                "independent": "value ",
                "source_title": "other source", "source_kind": "kind",
                "independent_as_of": "as of ", "ratio_text": "ratio (other source / document)",
                "independence": "source and issuer",
                "verdict_under_other_definition_readings": "verdict under the register's "
                                                           "other definition readings"},
        caption="Each other source's figure beside the document figure it bears on",
    )


def per_head(results: Results, parameters: Parameters, people: pd.DataFrame) -> Table:
    """Each programme budget per inhabitant per year, with the population used; its caption
    names the population series (``people``: the ``population`` table). Each figure per
    inhabitant is written in its own currency (¥167, US$4.24), as the findings write it: the
    column holds two currencies, never converted into one."""
    heads = results["per_head"]
    shown = heads.assign(per_head_shown=[
        "—" if pd.isna(v) else fmt_money(float(v), str(c))
        for v, c in zip(heads["per_head"], heads["currency"], strict=True)])
    return present_table(
        shown, "per_head",
        columns=["source", "line", "programme_id", "item", "status", "period", "period_years",
                 "annual_amount", "currency", "scope", "population_year", "population",
                 "per_head_shown"],
        labels={"period_years": "years divided by", "annual_amount": "amount per year",
                "scope": "scope (the register's reading)",
                "population_year": "population of",
                "per_head_shown": "per inhabitant per year"},
        formats={"annual_amount": lambda v: fmt_number(v / 1e6) + " million"},
        caption="Programme budgets per inhabitant per year (" + population.label(people) + "); "
                "each in the currency its document states it in, not converted here (the "
                "overseas yen are METI's conversions, at a rate it does not state): a dollar "
                "row is not comparable with a yen row",
    )
