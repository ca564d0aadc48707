"""04 Cross-check: each document figure beside the independent figures that bear on it.

:func:`comparisons` pairs every independent figure that names a document figure
(``independent_figures``, from ``data/external``) with that figure, read from its processed
table, and gives the pair a ratio and a verdict by :func:`verdict`'s rule:

1. **differs by definition** when the reviewed ``definition`` is ``different`` (another
   noun, a part of the total, another programme period), or when the two numbers are of
   different kinds or units that no document converts between (euro or Deutsche Mark
   against yen): such a pair has no ratio;
2. **agrees** when the values agree: within ``tolerance`` of each other (independent /
   document between 1 - tolerance and 1 + tolerance) for counts, amounts, rates and
   durations; the same year for years;
3. **differs by timing** when they do not agree and the as-of periods differ: the years the
   two figures are as of (a count's date, the years an amount covers) do not overlap, or the
   document figure was still a plan when written (an end in parentheses, a term after the
   document's date);
4. **conflicts** otherwise: the same thing, at the same time, with different values.

Ratios are independent / document; years get the difference in years instead. Amounts are
never converted: a ratio needs both in the same currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from clusteranalysis.build import catalogue, external
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.present import figures
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import fmt_amount, fmt_number, fmt_ratio
from clusteranalysis.provenance import citations
from clusteranalysis.studies import population

DEFAULT_TOLERANCE = 0.05

#: The kind of number each document column holds.
DOCUMENT_MEASURES = {
    ("participants", "count"): "count",
    ("budgets", "amount"): "amount",
    ("budgets", "period_years"): "duration",
    ("exchange_rates", "rate"): "rate",
    ("timeline", "start_year"): "year",
    ("timeline", "end_year"): "year",
}

VERDICT_COLORS = {
    "agrees": "#1a7f37",
    "differs by timing": "#0969da",
    "differs by definition": "#8250df",
    "conflicts": "#cf222e",
}
VERDICT_MARKERS = {"agrees": "o", "differs by timing": "s", "differs by definition": "D",
                   "conflicts": "X"}

COLUMNS = [
    "topic", "figure_id", "programme_id", "counted", "measure", "document_source",
    "document_line", "document_raw", "document_column", "document_value", "document_unit",
    "document_as_of",
    "independent_value", "independent_unit", "independent_text", "independent_as_of",
    "independent_year", "url",
    "source_title", "source_kind", "definition", "ratio", "difference", "verdict", "reason",
    "source", "line", "raw",
]


# --------------------------------------------------------------------------- the rule


def agrees(measure: str, document: float, independent: float, tolerance: float) -> bool:
    """Whether two values of the same kind agree: the same year, or a ratio within
    ``tolerance`` of 1."""
    if measure == "year":
        return int(document) == int(independent)
    return abs(independent / document - 1) <= tolerance + 1e-12


def verdict(*, measure: str, comparable: bool, same_definition: bool, document: float,
            independent: float, tolerance: float, timing_differs: bool,
            document_planned: bool = False) -> str:
    """The verdict of one comparison by the module's rule (see the module docstring)."""
    if not same_definition or not comparable:
        return "differs by definition"
    if agrees(measure, document, independent, tolerance):
        return "agrees"
    if timing_differs or document_planned:
        return "differs by timing"
    return "conflicts"


def spans_differ(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Whether two as-of periods (first year, last year) do not overlap; unknown: False."""
    if a is None or b is None:
        return False
    return a[1] < b[0] or b[1] < a[0]


# --------------------------------------------------------------------------- as-of periods


def _year(v: Any) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def independent_span(figure: Mapping[str, Any]) -> tuple[int, int] | None:
    """The years an independent figure is as of: the period an amount or a duration covers;
    the date of a count, rate or year (else the end of the period it counts)."""
    start, end = _year(figure["period_start"]), _year(figure["period_end"])
    date = figure["as_of_date"]
    dated = None if pd.isna(date) else int(pd.Timestamp(date).year)
    if figure["measure"] in ("amount", "duration") and start is not None:
        return (start, end if end is not None else start)
    if dated is not None:
        return (dated, dated)
    if end is not None:
        return (end, end)
    return None


def document_span(table: str, rows: pd.DataFrame, document_year: int) -> tuple[int, int]:
    """The years a document figure is as of: a count's as_of year, the period a budget
    covers; the document's own year for rates and timeline entries."""
    if table == "participants":
        years = [int(y) for y in rows["as_of"].dropna()]
        return (min(years), max(years)) if years else (document_year, document_year)
    if table == "budgets":
        return (int(rows["period_start"].min()), int(rows["period_end"].max()))
    return (document_year, document_year)


def document_planned(table: str, rows: pd.DataFrame, column: str) -> bool:
    """Whether the document figure was a plan when written (timeline: a planned entry, or a
    planned end for its last year)."""
    if table != "timeline":
        return False
    planned = bool(rows["planned"].fillna(False).any())
    if column == "end_year":
        planned = planned or bool(rows["planned_end"].fillna(False).any())
    return planned


def _span_text(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def as_of_text(figure: Mapping[str, Any]) -> str:
    """The date or period an independent figure is as of, as precisely as its source."""
    date = figure["as_of_date"]
    if figure["measure"] in ("amount", "duration") and not pd.isna(figure["period_start"]):
        text = _span_text((int(figure["period_start"]), int(figure["period_end"])))
        return f"FY{text}" if figure["year_basis"] == "fiscal year" else text
    if pd.isna(date):
        return _span_text(independent_span(figure))
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


def comparisons(figures_df: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                tolerance: float = DEFAULT_TOLERANCE,
                topics: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per independent figure that bears on a document figure: both values, their
    as-of dates, the ratio (or the difference in years), the verdict and why.

    ``tables`` holds the processed ``participants``, ``budgets``, ``exchange_rates`` and
    ``timeline`` tables; ``topics`` selects (None: all). ``source``, ``line`` and ``raw`` are
    the document figure's (issue 12: a result row names the line it stands on).
    """
    years = {name: entry.year for name, entry in catalogue.read().items()}
    linked = figures_df[figures_df["document_source"].notna()]
    if topics is not None:
        linked = linked[linked["topic"].astype("object").isin(list(topics))]
    out = []
    for _, fig in linked.iterrows():
        table, column = str(fig["document_table"]), str(fig["document_column"])
        rows = external.document_rows(fig, tables)
        document_value = float(rows[column].astype("float64").sum())
        unit = external.document_unit(table, rows, column)
        measure = DOCUMENT_MEASURES[(table, column)]
        comparable = measure == fig["measure"] and (
            measure == "count" or unit == fig["unit"])
        doc_span = document_span(table, rows, years[str(fig["document_source"])])
        ind_span = independent_span(fig)
        planned = document_planned(table, rows, column)
        value = float(fig["value"])
        ratio = value / document_value if comparable and measure != "year" else np.nan
        difference = value - document_value if comparable else np.nan
        result = verdict(measure=measure, comparable=comparable,
                         same_definition=fig["definition"] == "same",
                         document=document_value, independent=value, tolerance=tolerance,
                         timing_differs=spans_differ(doc_span, ind_span),
                         document_planned=planned)
        out.append({
            "topic": str(fig["topic"]), "figure_id": fig["figure_id"],
            "programme_id": str(fig["programme_id"]), "counted": fig["counted"],
            "measure": measure, "document_source": fig["document_source"],
            "document_line": int(fig["document_line"]), "document_raw": fig["document_raw"],
            "document_column": column, "document_value": document_value, "document_unit": unit,
            "document_as_of": _span_text(doc_span), "independent_value": value,
            "independent_unit": fig["unit"], "independent_text": fig["value_text"],
            "independent_as_of": as_of_text(fig), "independent_year": decimal_year(fig),
            "url": fig["url"],
            "source_title": fig["source_title"], "source_kind": str(fig["source_kind"]),
            "definition": str(fig["definition"]), "ratio": ratio, "difference": difference,
            "verdict": result,
            "reason": reason(result, fig, unit, measure, comparable, doc_span, ind_span,
                             planned, tolerance),
            "source": fig["document_source"], "line": int(fig["document_line"]),
            "raw": fig["document_raw"],
        })
    df = pd.DataFrame(out, columns=COLUMNS)
    if df.empty:
        return _typed(df)
    order = {t: i for i, t in enumerate(vocab.FIGURE_TOPICS)}
    df["_topic"] = df["topic"].map(order)
    df["_year"] = df["independent_year"].astype("float64").fillna(9999.0)
    df["_column"] = (df["document_column"] == "end_year").astype(int)
    df = df.sort_values(["_topic", "document_source", "document_line", "document_raw",
                         "_column", "_year", "figure_id"], kind="stable")
    df = df.drop(columns=["_year", "_column"])
    return _typed(df.drop(columns="_topic").reset_index(drop=True))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"document_line": "Int64", "line": "Int64"})
    for c in ("document_value", "independent_value", "independent_year", "ratio",
              "difference"):
        df[c] = df[c].astype("Float64")
    return df


def reason(result: str, fig: Mapping[str, Any], unit: str, measure: str, comparable: bool,
           doc_span: tuple[int, int], ind_span: tuple[int, int] | None, planned: bool,
           tolerance: float) -> str:
    """Why a comparison has its verdict, in words (the numbers are in the row)."""
    if result == "differs by definition":
        if fig["definition"] != "same":
            return f"reviewed: {fig['definition_note']}"
        return (f"{fig['unit']} against {unit}: no document converts between them, so there "
                f"is no ratio")
    if result == "agrees":
        if measure == "year":
            return "the same year"
        return f"within {fmt_number(tolerance * 100, 0)} % of the document's value"
    if result == "differs by timing":
        if planned and not spans_differ(doc_span, ind_span):
            return "the document's figure was a plan when it was written"
        return (f"as of {_span_text(ind_span)} against the document's "
                f"{_span_text(doc_span)}")
    return "the same thing at the same time, with another value"


def topic_summary(cc: pd.DataFrame) -> pd.DataFrame:
    """Per topic: comparisons, each verdict's count, the lowest and highest ratio; source and
    line of the document rows compared."""
    rows = []
    for topic in vocab.FIGURE_TOPICS:
        part = cc[cc["topic"] == topic]
        if part.empty:
            continue
        ratios = part["ratio"].dropna()
        rows.append({"topic": topic, "comparisons": len(part),
                     **{_key(v): int((part["verdict"] == v).sum()) for v in vocab.VERDICTS},
                     "ratio_min": float(ratios.min()) if len(ratios) else np.nan,
                     "ratio_max": float(ratios.max()) if len(ratios) else np.nan})
    df = pd.DataFrame(rows, columns=["topic", "comparisons", *map(_key, vocab.VERDICTS),
                                     "ratio_min", "ratio_max"])
    return citations.with_provenance(df, lambda r: cc[cc["topic"] == r["topic"]])


def verdict_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """How many comparisons got each verdict (every verdict listed, zero included)."""
    df = pd.DataFrame({"verdict": list(vocab.VERDICTS),
                       "comparisons": [int((cc["verdict"] == v).sum()) for v in vocab.VERDICTS]})
    return citations.with_provenance(df, lambda r: cc[cc["verdict"] == r["verdict"]])


def _key(v: str) -> str:
    return v.replace(" ", "_")


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
    cols = ["programme_id", "country", "item", "status", "period_start", "period_end",
            "period_years", "basis", "amount", "currency", "annual_amount", "year",
            "population_year", "population", "per_head", "source", "line", "raw"]
    order = {p: i for i, p in enumerate(vocab.PROGRAMME_IDS)}
    out = out[cols].copy()
    out["_p"] = out["programme_id"].astype("object").map(order)
    out = out.sort_values(["_p", "period_start", "status"], kind="stable").drop(columns="_p")
    out["annual_amount"] = out["annual_amount"].astype("Float64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- figures

UNIT_LABELS = {"smes": "SMEs", "areas": "areas", "area parts": "area parts"}


def _caption_rows(cc: pd.DataFrame) -> str:
    return f"{citations.cite(cc)} Independent sources: data/external/independent_figures.csv."


def document_label(source: str, line: int, raw: str, width: int = 44) -> str:
    """'METI 2005, line <n>: <raw text>' (wrapped), naming a document figure."""
    return figures.wrap_label(f"{citations.short_citation(source)}, line {line}: {raw}",
                              width, 2)


def display(cc: pd.DataFrame) -> pd.DataFrame:
    """The comparisons with their values written out in their units (for printing and for
    the HTML table): document, independent, ratio, difference."""
    out = cc.copy()
    out["document"] = [fmt_value(v, u) for v, u in zip(cc["document_value"],
                                                        cc["document_unit"], strict=True)]
    out["independent"] = [fmt_value(v, u) for v, u in zip(cc["independent_value"],
                                                           cc["independent_unit"], strict=True)]
    out["ratio_text"] = ["—" if pd.isna(v) else fmt_ratio(v, 2) for v in cc["ratio"]]
    return out


def plot_ratios(cc: pd.DataFrame, tolerance: float) -> Figure:
    """Every comparison with a ratio: independent / document on a log axis, coloured by
    verdict, grouped under the document figure compared with, the band of agreement
    shaded."""
    rated = cc[cc["ratio"].notna()].reset_index(drop=True)
    title = "Independent figures against the documents: ratio"
    if rated.empty:
        return figures.empty_figure(title, "No comparison with a ratio in this selection.",
                                    _caption_rows(cc))
    slots: list[tuple[str, pd.Series | None]] = []
    for (source, line, raw), part in rated.groupby(
            ["document_source", "document_line", "document_raw"], sort=False):
        slots.append((document_label(source, line, raw, 70), None))
        slots.extend(("", r) for _, r in part.iterrows())
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(slots) + 1.6))
    ax.axvspan(1 - tolerance, 1 + tolerance, color="0.9", zorder=0,
               label=f"agrees (±{fmt_number(tolerance * 100, 0)} %)")
    ax.axvline(1, color="0.5", lw=0.8, zorder=1)
    n = len(slots)
    ticks, labels = [], []
    low = min(float(rated["ratio"].min()), 1 - tolerance) * 0.9
    high = max(float(rated["ratio"].max()), 1 + tolerance) * 1.1
    seen: set[str] = set()
    for i, (header, r) in enumerate(slots):
        y = n - 1 - i
        if r is None:
            ax.text(low * 1.005, y, header, fontsize=8.5, va="center", ha="left",
                    color="0.15", zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
            continue
        v = str(r["verdict"])
        ax.scatter([float(r["ratio"])], [y], s=46, zorder=3, color=VERDICT_COLORS[v],
                   marker=VERDICT_MARKERS[v], label=None if v in seen else v)
        seen.add(v)
        ticks.append(y)
        when = r["independent_as_of"] or "undated"
        labels.append(figures.wrap_label(f"{r['source_title']} ({when})", 48, 2))
    ax.set_yticks(ticks, labels, fontsize=7.5)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    marks = [t for t in (0.5, 0.6, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5)
             if low <= t <= high]
    ax.set_xticks(marks, [fmt_ratio(t, 2) for t in marks])
    ax.minorticks_off()
    ax.set_xlabel("independent figure / document figure (log scale; 1× = the same value)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    return figures.finish(fig, _caption_rows(rated))


def _scale(unit: str, values: Iterable[float]) -> tuple[float, str]:
    top = max([abs(v) for v in values] or [0])
    if unit == "JPY":
        return (1e9, "billion yen") if top >= 1e9 else (1e6, "million yen")
    money = {"EUR": "million euro", "GBP": "million pounds", "USD": "million US$",
             "DEM": "million DM"}
    if unit in money:
        return 1e6, money[unit]
    return 1.0, UNIT_LABELS.get(unit, unit)


def document_figures(cc: pd.DataFrame) -> list[tuple[tuple[Any, ...], pd.DataFrame]]:
    """The document figures of ``cc`` that have comparable independent figures (a ratio),
    each with its comparisons, in the order of ``cc``."""
    rated = cc[cc["ratio"].notna()]
    keys = ["document_source", "document_line", "document_raw", "measure"]
    return [(key, part) for key, part in rated.groupby(keys, sort=False)]


def plot_over_time(cc: pd.DataFrame) -> Figure:
    """For each document figure with comparable independent figures: the independent values
    by the date they are as of (dots coloured by verdict; undated ones at the right) and the
    document's value (a star at its date, a dashed line across)."""
    title = "Document figures beside independent figures, by as-of date"
    groups = document_figures(cc)
    if not groups:
        return figures.empty_figure(title, "No comparable figures in this selection.",
                                    _caption_rows(cc))
    ncols = 3 if len(groups) > 2 else len(groups)
    nrows = -(-len(groups) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.3 * nrows + 0.8),
                             squeeze=False)
    for ax, (key, part) in zip(axes.flat, groups, strict=False):
        source, line, raw, _measure = key
        unit = str(part["document_unit"].iloc[0])
        values = [*part["independent_value"].astype(float), float(part["document_value"].iloc[0])]
        factor, unit_label = _scale(unit, values)
        span = [int(y) for y in str(part["document_as_of"].iloc[0]).split("–")]
        doc_x = (span[0] + span[-1]) / 2 + 0.5
        doc_y = float(part["document_value"].iloc[0]) / factor
        dated = part["independent_year"].dropna().astype(float).tolist()
        lo, hi = int(min([doc_x, *dated])) - 1, int(max([doc_x, *dated])) + 2
        undated_x = hi + 1.0
        ax.axhline(doc_y, color="0.35", ls="--", lw=1, zorder=1)
        # a hollow star under the dots: an independent figure at the same place shows
        ax.scatter([doc_x], [doc_y], marker="*", s=300, facecolor="white", edgecolor="black",
                   linewidth=1.3, zorder=3)
        has_undated = False
        for _, r in part.iterrows():
            x = undated_x if pd.isna(r["independent_year"]) else float(r["independent_year"])
            has_undated = has_undated or pd.isna(r["independent_year"])
            v = str(r["verdict"])
            ax.scatter([x], [float(r["independent_value"]) / factor], s=58, zorder=5,
                       color=VERDICT_COLORS[v], marker=VERDICT_MARKERS[v],
                       edgecolor="white", linewidth=0.6)
        ax.set_xlim(lo, undated_x + 1 if has_undated else hi)
        years = [t for t in plt.MaxNLocator(integer=True, nbins=5).tick_values(lo, hi)
                 if lo <= t <= hi]
        if has_undated:
            ax.axvspan(hi + 0.3, undated_x + 1, color="0.95", zorder=0)
            ax.set_xticks([*years, undated_x], [*(str(int(t)) for t in years), "undated"])
        else:
            ax.set_xticks(years, [str(int(t)) for t in years])
        scaled = [v / factor for v in values]
        top, bottom = max(scaled), min(scaled)
        pad = max((top - bottom) * 0.3, top * 0.1, 1.0 if factor == 1.0 else 0.0)
        ax.set_ylim(max(0.0, bottom - pad), top + pad)
        if factor == 1.0:  # counts, years, rates: whole numbers on the axis
            ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
        figures.thousands(ax.yaxis)
        ax.set_ylabel(unit_label, fontsize=9)
        ax.set_xlabel("as of (year)", fontsize=9)
        ax.set_title(document_label(source, line, raw, 44), fontsize=9.5, loc="left")
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], marker="*", markerfacecolor="white", markeredgecolor="black",
                          ls="", ms=14, label="document")]
    handles += [plt.Line2D([], [], marker=VERDICT_MARKERS[v], color=VERDICT_COLORS[v], ls="",
                           ms=7, label=f"independent: {v}") for v in vocab.VERDICTS]
    fig.legend(handles=handles, loc="upper center", ncol=5, fontsize=9, frameon=False,
               bbox_to_anchor=(0.5, 1.0))
    fig.suptitle(title, x=0.01, y=1.04, ha="left", fontsize=13)
    return figures.finish(fig, f"{_caption_rows(cc)} Each panel: one document figure; its "
                               f"value at its own date (star, dashed line), independent "
                               f"values at theirs (an amount at the middle of the years it "
                               f"covers). The y axes do not start at zero.")


def plot_years(cc: pd.DataFrame) -> Figure:
    """Years the documents give (programme starts and ends, term limits) beside the years
    independent sources give for the same: the document's year a star, the others dots
    below it."""
    title = "Programme years: the documents beside independent sources"
    years = cc[cc["measure"] == "year"].copy()
    if years.empty:
        return figures.empty_figure(title, "No year to compare in this selection.",
                                    _caption_rows(cc))
    names = {r["programme_id"]: r["name_en"] for r in _programme_names()}
    years["_c"] = (years["document_column"] != "start_year").astype(int)
    years = years.sort_values(["document_source", "document_line", "document_raw", "_c"],
                              kind="stable")
    keys = ["document_source", "document_line", "document_raw", "document_column"]
    groups = list(years.groupby(keys, sort=False))
    fig, ax = plt.subplots(figsize=(11, 0.62 * len(groups) + 1.6))
    labels = []
    for i, ((_source, _line, raw, column), sub) in enumerate(groups):
        y = len(groups) - 1 - i
        ax.scatter([float(sub["document_value"].iloc[0])], [y + 0.14], marker="*", s=200,
                   color="black", zorder=4)
        offsets = np.linspace(-0.1, -0.3, len(sub)) if len(sub) > 1 else [-0.2]
        for off, (_, r) in zip(offsets, sub.iterrows(), strict=True):
            v = str(r["verdict"])
            ax.scatter([float(r["independent_value"])], [y + off], s=46, zorder=3,
                       color=VERDICT_COLORS[v], marker=VERDICT_MARKERS[v],
                       edgecolor="white", linewidth=0.6)
        which = "first year" if column == "start_year" else "last year"
        programme = names.get(str(sub["programme_id"].iloc[0]), sub["programme_id"].iloc[0])
        span = f"{int(sub['document_value'].iloc[0])}"
        labels.append(figures.wrap_label(f"{programme}: {which} ({span} in the document's "
                                         f"'{raw}')", 46, 2))
    ax.set_yticks(range(len(groups))[::-1], labels, fontsize=8.5)
    ax.set_ylim(-0.7, len(groups) - 0.4)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_title(title)
    handles = [plt.Line2D([], [], marker="*", color="black", ls="", ms=12, label="document")]
    handles += [plt.Line2D([], [], marker=VERDICT_MARKERS[v], color=VERDICT_COLORS[v], ls="",
                           ms=7, label=v) for v in vocab.VERDICTS]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    return figures.finish(fig, _caption_rows(years))


def _programme_names() -> list[dict[str, str]]:

    return list(lookup("programmes"))


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


# --------------------------------------------------------------------------- findings


def verdict_counts_with_total(cc: pd.DataFrame) -> pd.DataFrame:
    """:func:`verdict_counts` with a last row ``all`` (every comparison)."""
    counts = verdict_counts(cc)
    total = pd.DataFrame({"verdict": ["all"], "comparisons": [len(cc)]})
    total = citations.with_provenance(total, lambda _r: cc)
    return pd.concat([counts, total], ignore_index=True)


def _value(f: Any, cc: pd.DataFrame, figure_id: str, column: str, unit_column: str) -> str:
    row = cc[cc["figure_id"] == figure_id].iloc[0]
    unit = str(row[unit_column])
    return f.value(cc, "crosscheck", {"figure_id": figure_id}, column,
                   lambda v: fmt_value(v, unit))


def findings_overview(cc: pd.DataFrame, counts: pd.DataFrame, tolerance: float) -> Any:
    """How many comparisons got each verdict."""

    f = Findings("Findings")
    if cc.empty:
        f.add("No independent figure bears on a document figure in this selection.")
        return f

    def n(verdict: str) -> str:
        return f.value(counts, "verdicts", {"verdict": verdict}, "comparisons",
                       lambda v: fmt_number(v, 0))

    f.add(f"Of {n('all')} comparisons of an independent figure with the document figure it "
          f"bears on, {n('agrees')} agree (within ±{fmt_number(tolerance * 100, 0)} %, or "
          f"the same year), {n('differs by timing')} differ by timing, "
          f"{n('differs by definition')} differ by definition and {n('conflicts')} "
          f"conflict.")
    conflicts = cc[cc["verdict"] == "conflicts"]
    if conflicts.empty:
        f.add("No independent figure conflicts with the document figure it bears on.")
    for _, r in conflicts.iterrows():
        fid = r["figure_id"]
        ratio = f.value(cc, "crosscheck", {"figure_id": fid}, "ratio",
                        lambda v: fmt_ratio(v, 2))
        ind = _value(f, cc, fid, "independent_value", "independent_unit")
        doc = _value(f, cc, fid, "document_value", "document_unit")
        f.add(f"Conflict: {r['source_title']} ({r['source_kind']}, as of "
              f"{r['independent_as_of']}) gives {ind} for the {r['counted']}, where "
              f"{citations.short_citation(r['source'])} writes '{r['raw']}' ({doc}, as of "
              f"{r['document_as_of']}): {ratio}.")
    return f


def findings_over_time(cc: pd.DataFrame) -> Any:
    """For each document figure with comparable independent figures: the values in date
    order and their verdicts; the document figures every independent figure agrees with are
    named together."""

    f = Findings("Findings")
    unanimous = []
    for (source, line, raw, _measure), part in document_figures(cc):
        part = part.sort_values("independent_as_of", kind="stable")
        first = part.iloc[0]["figure_id"]
        doc = _value(f, cc, first, "document_value", "document_unit")
        where = f"{citations.short_citation(source)} line {line} ('{raw}')"
        if (part["verdict"] == "agrees").all():
            unanimous.append(f"{where}, {doc}")
            continue
        items = []
        for _, r in part.iterrows():
            value = _value(f, cc, r["figure_id"], "independent_value", "independent_unit")
            when = r["independent_as_of"] or "undated"
            items.append(f"{value} ({when}, {r['verdict']})")
        f.add(f"{where}: the document's {doc}, as of {part.iloc[0]['document_as_of']}, "
              f"beside {'; '.join(items)}.")
    if unanimous:
        f.add(f"Every independent figure agrees with: {'; '.join(unanimous)}.")
    if not f.sentences:
        f.add("No document figure in this selection has a comparable independent figure.")
    return f


def findings_years(cc: pd.DataFrame) -> Any:
    """The years that differ from the documents' (first and last years of programmes and
    terms), with the difference in years."""

    f = Findings("Findings")
    years = cc[cc["measure"] == "year"]
    same = years[years["verdict"] == "agrees"]
    other = years[years["verdict"] != "agrees"]
    if years.empty:
        f.add("No year to compare in this selection.")
        return f
    if not same.empty:
        n = f.value(_count_table(years), "years", {"group": "agree"}, "comparisons",
                    lambda v: fmt_number(v, 0))
        f.add(f"{n} of the years independent sources give are the documents' own.")
    for _, r in other.iterrows():
        diff = f.value(cc, "crosscheck", {"figure_id": r["figure_id"]}, "difference",
                       lambda v: f"{fmt_number(abs(v), 0)} year{'s' if abs(v) != 1 else ''}"
                       f" {'later' if v > 0 else 'earlier'}")
        f.add(f"{r['source_title']} gives {int(r['independent_value'])} as the "
              f"{r['counted']}, {diff} than the document's '{r['raw']}' "
              f"({r['verdict']}: {r['reason']}).")
    return f


def _count_table(years: pd.DataFrame) -> pd.DataFrame:
    """The years compared, agreeing and not (the table :func:`findings_years` cites)."""
    agree = years[years["verdict"] == "agrees"]
    df = pd.DataFrame({"group": ["agree", "differ"],
                       "comparisons": [len(agree), len(years) - len(agree)]})
    return citations.with_provenance(
        df, lambda r: agree if r["group"] == "agree" else years[years["verdict"] != "agrees"])


def year_counts(cc: pd.DataFrame) -> pd.DataFrame:
    """The table ``years.csv``: how many year comparisons agree and differ."""
    return _count_table(cc[cc["measure"] == "year"])


def findings_per_head(per_head: pd.DataFrame, label: str) -> Any:
    """Each programme budget per inhabitant per year, with the population year used."""

    f = Findings("Findings")
    names = {r["programme_id"]: r["name_en"] for r in _programme_names()}
    items = []
    for _, r in per_head.iterrows():
        where = {"programme_id": str(r["programme_id"]), "item": r["item"],
                 "status": str(r["status"])}
        currency = str(r["currency"])
        sign = {"JPY": "¥", "USD": "US$", "GBP": "£", "EUR": "€"}.get(currency, currency)
        value = f.value(per_head, "per_head", where, "per_head",
                        lambda v, s=sign: f"{s}{fmt_number(v)}")
        year = f.value(per_head, "per_head", where, "population_year",
                       lambda v: str(int(v)))
        period = (str(int(r["period_start"])) if r["period_start"] == r["period_end"]
                  else f"{int(r['period_start'])}–{int(r['period_end'])}")
        items.append(f"{names.get(str(r['programme_id']), r['programme_id'])} "
                     f"({r['item']}, {r['status']}, {period}) {value} (population of {year})")
    if items:
        f.add("Per inhabitant per year, in the currency each document uses: "
              + "; ".join(items) + f" ({label}).")
    else:
        f.add("No programme budget to put per head.")
    return f
