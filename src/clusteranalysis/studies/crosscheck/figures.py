"""The cross-check's figures and their captions: each takes the run's results and
parameters.

Every comparison is drawn in its verdict's colour and marker; a caption cites the document
lines compared and the file the independent figures come from.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.results.crosscheck import VERDICTS
from clusteranalysis.present import figures
from clusteranalysis.present.formats import fmt_number, fmt_ratio
from clusteranalysis.present.tables import Caption, caption
from clusteranalysis.provenance import citations
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.crosscheck.compute import document_figures
from clusteranalysis.studies.crosscheck.tables import programme_names

VERDICT_COLORS = {
    "agrees": "#1a7f37",
    "differs by timing": "#0969da",
    "timing unknown": "#54aeff",
    "differs by definition": "#8250df",
    "definition uncertain": "#bf8700",
    "depends on the rate": "#953800",
    "conflicts": "#cf222e",
    "provenance unclear": "#8c959f",
}
VERDICT_MARKERS = {"agrees": "o", "differs by timing": "s", "timing unknown": "h",
                   "differs by definition": "D",
                   "definition uncertain": "P", "depends on the rate": "^",
                   "conflicts": "X", "provenance unclear": "v"}
#: How a count's unit is written on an axis.
UNIT_LABELS = {"smes": "SMEs", "areas": "areas", "area parts": "area parts"}


def _drawn(groups: Iterable[tuple[object, pd.DataFrame]]) -> list[str]:
    """The verdicts the panels draw, in the rule's order: the legend names no other."""
    drawn = {str(v) for _, part in groups for v in part["verdict"]}
    return [v for v in VERDICTS if v in drawn]


def _caption_rows(cc: pd.DataFrame) -> str:
    return (f"{citations.cite(cc)} Other sources' figures: "
            "data/external/independent_figures.csv.")


def document_label(source: str, line: int, raw: str, width: int = 44) -> str:
    """'METI 2005, line <n>: <raw text>' (wrapped), naming a document figure."""
    return figures.wrap_label(f"{citations.short_citation(source)}, line {line}: {raw}",
                              width, 2)


def ratios(results: Results, parameters: Parameters) -> Figure:
    """Every comparison with a ratio: independent / document on a log axis, coloured by
    verdict, grouped under the document figure compared with, the band of agreement
    (``tolerance``) shaded."""
    cc, tolerance = results["crosscheck"], parameters["tolerance"]
    rated = cc[cc["ratio"].notna()].reset_index(drop=True)
    title = "Other sources' figures against the documents: ratio"
    if rated.empty:
        return figures.empty_figure(title, "No comparison with a ratio in this selection.",
                                    _caption_rows(cc))
    slots: list[tuple[str, pd.Series | None]] = []
    for (source, line, raw, measure), part in rated.groupby(
            ["document_source", "document_line", "document_raw", "measure"], sort=False,
            observed=True):
        # a line may give an amount and a duration ("12 billion yen (over five years)"):
        # the header says which of them the ratios below are of
        which = "" if measure == "count" else f"  [its {measure}]"
        slots.append((document_label(source, line, raw, 70) + which, None))
        uncertain = part.loc[part["definition"].isin(vocab.DEFINITIONS_UNCERTAIN),
                             ["definition", "definition_judgement"]].drop_duplicates()
        for d in uncertain.itertuples(index=False):  # the words as written, not their unit
            slots.append((f"  as written; what it counts: {d.definition} "
                          f"({d.definition_judgement})", None))
        slots.extend(("", r) for _, r in part.iterrows())
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(slots) + 1.6))
    ax.axvspan(1 - tolerance, 1 + tolerance, color="0.9", zorder=0,
               label=f"amounts agree (±{fmt_number(tolerance * 100, 0)} %); "
               "counts only when equal")
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
    ax.set_xlabel("other source's figure / document figure (log scale; 1× = the same value)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    return figures.finish(fig, _caption_rows(rated) + " Amounts in two currencies have a "
                          "range of ratios, not a point: they are in the comparisons table.")


def _scale(unit: str, values: Iterable[float]) -> tuple[float, str]:
    top = max([abs(v) for v in values] or [0])
    if unit == "JPY":
        return (1e9, "billion yen") if top >= 1e9 else (1e6, "million yen")
    money = {"EUR": "million euro", "GBP": "million pounds", "USD": "million US$",
             "DEM": "million DM"}
    if unit in money:
        return 1e6, money[unit]
    return 1.0, UNIT_LABELS.get(unit, unit)


def over_time_caption(results: Results, parameters: Parameters) -> Caption:
    """The caption under :func:`over_time`: every document line compared, and where the
    independent figures come from."""
    return caption(results["crosscheck"], text="Other sources' figures: "
                   "data/external/independent_figures.csv (the address of each is in the "
                   "table above).")


def over_time(results: Results, parameters: Parameters) -> Figure:
    """For each document figure with comparable independent figures: the independent values
    by the date they are as of (dots coloured by verdict; undated ones at the right) and the
    document's value (a star at its date, a dashed line across)."""
    cc = results["crosscheck"]
    title = "Document figures beside other sources' figures, by as-of date"
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
        if (part["definition"] != "same").any():  # the axis names the document's noun only
            unit_label += "\n(the document's noun; the others\ncount their own: see the table)"
        ax.set_ylabel(unit_label, fontsize=9)
        ax.set_xlabel("as of (year)", fontsize=9)
        ax.set_title(document_label(source, line, raw, 44), fontsize=9.5, loc="left")
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], marker="*", markerfacecolor="white", markeredgecolor="black",
                          ls="", ms=14, label="document")]
    handles += [plt.Line2D([], [], marker=VERDICT_MARKERS[v], color=VERDICT_COLORS[v], ls="",
                           ms=7, label=f"other source: {v}") for v in _drawn(groups)]
    fig.legend(handles=handles, loc="upper center", ncol=5, fontsize=9, frameon=False,
               bbox_to_anchor=(0.5, 1.0))
    fig.suptitle(title, x=0.01, y=1.04, ha="left", fontsize=13)
    return figures.finish(fig, f"{_caption_rows(cc)} Each panel: one document figure; its "
                               f"value at its own date (star, dashed line), independent "
                               f"values at theirs (an amount at the middle of the years it "
                               f"covers). The y axes do not start at zero.")


def years(results: Results, parameters: Parameters) -> Figure:
    """Years the documents give (programme starts and ends, term limits) beside the years
    independent sources give for the same: the document's year a star, the others dots
    below it."""
    cc = results["crosscheck"]
    title = "Programme years: the documents beside other sources"
    compared = cc[cc["measure"] == "year"].copy()
    if compared.empty:
        return figures.empty_figure(title, "No year to compare in this selection.",
                                    _caption_rows(cc))
    names = programme_names()
    compared["_c"] = (compared["document_column"] != "start_year").astype(int)
    compared = compared.sort_values(
        ["document_source", "document_line", "document_raw", "_c"], kind="stable")
    keys = ["document_source", "document_line", "document_raw", "document_column"]
    groups = list(compared.groupby(keys, sort=False))
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
        # the span's year, not the programme's: a span may be a term of it
        labels.append(figures.wrap_label(f"{programme}: {which} of the document's '{raw}' "
                                         f"({span})", 46, 2))
    ax.set_yticks(range(len(groups))[::-1], labels, fontsize=8.5)
    ax.set_ylim(-0.7, len(groups) - 0.4)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_title(title)
    handles = [plt.Line2D([], [], marker="*", color="black", ls="", ms=12, label="document")]
    handles += [plt.Line2D([], [], marker=VERDICT_MARKERS[v], color=VERDICT_COLORS[v], ls="",
                           ms=7, label=v) for v in _drawn(groups)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    return figures.finish(fig, _caption_rows(compared))
