"""The tables the notebook shows: result tables laid out for a reader (a long table pivoted
to one column per fiscal year, columns picked and named with their units).

Each function takes the run's results and parameters and returns a
:class:`clusteranalysis.present.Table`, whose note cites the rows it shows.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.present.formats import (
    CURRENCY_SIGNS,
    fmt_money,
    fmt_number,
    fmt_ratio,
    fmt_year,
)
from clusteranalysis.present.tables import Table, citable, table
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies import population as pop
from clusteranalysis.studies.budgets.bases import (
    ANNUAL_RULE,
    fiscal_years,
    rate_text,
    stated_digits,
)


def _unit(parameters: Parameters) -> str:
    """'million ¥': the unit of the run's amounts."""
    return f"million {CURRENCY_SIGNS[str(parameters['currency'])]}"


def _meti_conversion(results: Results, parameters: Parameters) -> str:
    """'; US$ converted here at ¥120 per US$' when the run shows METI's dollars in yen (the
    document gives no rate: the register's range is in the sensitivity), else ''."""
    stated = set(results["meti_line_items"]["stated_currency"].astype(str))
    if stated == {str(parameters["currency"])}:
        return ""
    return f"; US$ converted here at {rate_text(float(parameters['jpy_per_usd']))}"


def _signed(v: float) -> str:
    """A change with its sign and one decimal, under a heading that gives the unit: '+19.1'."""
    return f"{v:+.1f}"


def _one_decimal(v: float) -> str:
    return fmt_number(v, 1)


def _as_stated(v: float) -> str:
    """A stated figure with the document's digits (:func:`~.bases.stated_digits`): '4.2',
    '120'; METI's '$6.5 million' stays 6.5, not 6.50."""
    return fmt_number(v, stated_digits(v))


def by_year(df: pd.DataFrame, key: str, value: str, keep: list[str]) -> pd.DataFrame:
    """A long METI table with one column per year for display: ``key`` and ``keep`` (read
    from the draft row, or the previous year's where there is no draft row), then
    ``previous`` and ``draft`` (the ``value`` of each year), in the table's order."""
    prev = df[df["status"] == "previous year"].set_index(key)[value]
    draft = df[df["status"] == "draft"]
    out = draft[[key, *keep]].reset_index(drop=True)
    out.insert(1, "previous", out[key].map(prev).astype("Float64"))
    out.insert(2, "draft", draft[value].reset_index(drop=True).astype("Float64"))
    return out


def meti_cited(results: Results) -> pd.DataFrame:
    """The lines METI's line items stand on, with the stated totals their shares are of."""
    summary = results["meti_summary"]
    return citable(results["meti_line_items"],
                   summary[summary["measure"] == "stated national total"])


def meti_line_items(results: Results, parameters: Parameters) -> Table:
    """METI's policy tools, the previous year beside the draft budget."""
    items = results["meti_line_items"]
    prev_fy, draft_fy = fiscal_years(items)
    unit = _unit(parameters) + _meti_conversion(results, parameters)
    wide = by_year(items, "item", "amount", ["growth_pct", "share_pct"])
    return table(
        wide, "meti_line_items", columns=["item", "previous", "draft", "growth_pct",
                                          "share_pct"],
        labels={"item": "policy tool", "previous": f"FY{prev_fy} ({unit})",
                "draft": f"FY{draft_fy} draft budget ({unit})", "growth_pct": "growth (%)",
                "share_pct": f"share of the FY{draft_fy} stated total (%)"},
        formats={"previous": _as_stated, "draft": _as_stated, "growth_pct": _signed,
                 "share_pct": _one_decimal},
        caption=f"METI's policy tools, FY{prev_fy} → FY{draft_fy} draft budget",
        cited=[meti_cited(results)])


def meti_summary(results: Results, parameters: Parameters) -> Table:
    """The stated national total, the listed tools and the part not itemised, by year."""
    summary = results["meti_summary"]
    prev_fy, draft_fy = fiscal_years(summary)
    wide = by_year(summary, "measure", "value", ["unit", "change", "growth_pct"])
    converted = _meti_conversion(results, parameters)
    if converted:  # the stated dollars shown in yen: the unit says at what rate
        amount = wide["unit"].astype(str).str.startswith("million ")
        wide["unit"] = wide["unit"].where(~amount, wide["unit"] + converted)
    return table(
        wide, "meti_summary", columns=["measure", "unit", "previous", "draft", "change",
                                       "growth_pct"],
        labels={"previous": f"FY{prev_fy}", "draft": f"FY{draft_fy} draft budget",
                "growth_pct": "growth (%)"},
        formats={"previous": _as_stated, "draft": _as_stated, "change": _as_stated,
                 "growth_pct": _signed},
        caption="The stated national total, the listed tools and the part not itemised",
        cited=[citable(summary)])


def knowledge_cluster(results: Results, parameters: Parameters) -> Table:
    """MEXT's national and per-cluster budget, and the two counts."""
    return table(
        results["knowledge_cluster"], "knowledge_cluster",
        columns=["measure", "value", "unit", "value_stated_currency", "divisor_reading"],
        labels={"value_stated_currency": "in yen, the stated currency (million)",
                "divisor_reading": "the register's divisor (divisor:kc-national-budget)"},
        formats={"value": _as_stated, "value_stated_currency": _as_stated},
        caption=f"MEXT's national and per-cluster budget, and the two counts "
                f"({parameters['currency']})")


def mext_stated_conversions(results: Results, parameters: Parameters) -> Table:
    """MEXT's rates and other-currency figures, as the document states them."""
    return table(
        results["mext_stated_conversions"], "mext_stated_conversions",
        columns=["kind", "item", "stated", "unit", "at_stated_rate", "flag", "source", "line"],
        labels={"stated": "as stated",
                "at_stated_rate": "the yen at its stated rate, in this unit"},
        formats={"stated": _as_stated},
        caption="MEXT's rates and other-currency figures, as the document states them")


def annual_readings(results: Results, parameters: Parameters) -> Table:
    """Both readings of the years a multi-year total covers."""
    unit = _unit(parameters)
    return table(
        results["annual_readings"], "annual_readings",
        columns=["programme", "period", "total", "years_used", "annual", "timeframe_years",
                 "over_timeframe"],
        labels={"total": f"total ({unit})", "years_used": "years used",
                "annual": f"annual ({unit})", "timeframe_years": "timeframe (years)",
                "over_timeframe": f"÷ the timeframe instead ({unit}; not used)"},
        caption="The years a multi-year total covers: " + ANNUAL_RULE)


def programme_budgets(results: Results, parameters: Parameters) -> Table:
    """Every programme's budget figure on each basis."""
    unit = _unit(parameters)
    return table(
        results["programme_budgets"], "programme_budgets",
        columns=["programme", "figure", "period", "conversion", "total", "annual",
                 "per_unit_label", "annual_per_unit"],
        labels={"total": f"total ({unit}; stated, or converted as the conversion says)",
                "annual": f"annual ({unit})",
                "per_unit_label": "per funded unit: what is divided",
                "annual_per_unit": f"annual per unit ({unit})"},
        caption=f"Every programme's budget figure on each basis ({unit})")


def per_capita(results: Results, parameters: Parameters) -> Table:
    """Per inhabitant per year: each annual figure ÷ its country's population."""
    currency = str(parameters["currency"])
    budgets = results["programme_budgets"]
    used = budgets.dropna(subset=["population_file"])
    series = pop.label(used, "population_file") if not used.empty else "no population used"
    return table(
        budgets, "per_capita",
        columns=["programme", "country", "period", "annual", "conversion_short",
                 "year_covered", "population_year", "population", "per_capita",
                 "population_line"],
        labels={"annual": f"annual ({_unit(parameters)})",
                "conversion_short": "as stated, or converted",
                "year_covered": "year the figure covers",
                "population_year": "population of (Gapminder year)",
                "per_capita": f"per inhabitant per year ({CURRENCY_SIGNS[currency]})",
                "population_line": "line in Gapminder's file"},
        formats={"year_covered": fmt_year, "population_year": fmt_year,
                 "population_line": str, "per_capita": lambda v: fmt_money(v, currency)},
        caption=f"Per inhabitant per year: each annual figure ÷ its country's population "
                f"({series}); a figure converted here is at the run's rate, its range over "
                "the register's rates " + ("is in the findings and the sensitivity table"
                                           if parameters["basis"] == "per_capita" else
                                           "is in the findings of a run with basis "
                                           "per_capita"))


def sensitivity_range(results: Results, parameters: Parameters) -> Table:
    """Each figure's range over the register's readings (rates, periods, divisors)."""
    return table(
        results["sensitivity_range"], "sensitivity_range",
        columns=["programme", "measure", "scope", "headline", "low", "low_label", "high",
                 "high_label", "high_over_low", "rank", "rank_best", "rank_worst"],
        labels={"headline": f"the run's choice ({_unit(parameters)})", "low": "lowest",
                "low_label": "lowest with", "high": "highest", "high_label": "highest with",
                "high_over_low": "highest ÷ lowest", "rank": "place of the run's choice",
                "rank_best": "best place", "rank_worst": "worst place"},
        formats={"high_over_low": lambda v: fmt_ratio(v, 2)},
        caption="Each figure's range over the readings the register allows: the rates of an "
                "unstated conversion (or jpy_per_usd_range for a conversion made here), the "
                "document's own yen restated at the other rates the register allows for its "
                "conversion, the periods and the divisors. A place is the run's choice among "
                "the others' (none for an umbrella total or a part of a total; on every "
                "basis, among "
                "the figures of its kind only: one-year figures, or multi-year totals and "
                "their averages): not an order, which only ranges that do not overlap give")


def japan_series(results: Results, parameters: Parameters) -> Table:
    """METI's and MEXT's national budgets by fiscal year, each with its scope and source."""
    unit = _unit(parameters)
    return table(
        results["japan_series"], "japan_series",
        columns=["programme", "fiscal_year", "figure", "scope", "stated_currency",
                 "stated_value", "value", "value_low", "value_high", "rates", "figure_id",
                 "quote", "definition", "independence", "source", "line"],
        labels={"fiscal_year": "fiscal year", "stated_currency": "stated in",
                "stated_value": "as stated (million)", "value": f"at the run's rate ({unit})",
                "value_low": f"lowest ({unit})", "value_high": f"highest ({unit})",
                "rates": "range over", "figure_id": "other source's figure (id)",
                "quote": "its source's words", "definition": "definition (register)",
                "independence": "independence",
                "line": "document line (another source's figure: the one it is set beside)"},
        formats={"fiscal_year": lambda v: f"FY{int(v)}", "stated_value": _as_stated},
        caption=f"METI's and MEXT's national budgets by fiscal year ({unit}): a document's "
                "figure with its line, another source's figure with its id; scope, definition "
                "and independence as the register reads them")
