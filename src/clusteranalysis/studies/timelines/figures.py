"""The timelines study's figures and their captions: each takes the run's results and
parameters.

Open-ended spans stop at their document's date with a '?' (status unknown after); whatever
was a plan when written is hatched (spans) or hollow (events); the window clips what is
drawn and never lengthens a span.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from clusteranalysis.present import figures
from clusteranalysis.present.tables import Caption, caption, citable
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.timelines.compute import SPAN_KINDS
from clusteranalysis.studies.timelines.tables import fmt_years

KIND_COLORS = {
    "policy era": "#bbbbbb",
    "law": "#0173b2",
    "plan": "#de8f05",
    "programme": "#029e73",
    "programme phase": "#56b4e9",
    "event": "#d55e00",
}
#: The hatch of whatever was a plan when written (a planned term, the years of a planned
#: end after the document's date); the legend draws its swatch with the same.
#: How the part of a span a later document shows is drawn: paler, dotted.
CONTINUED_HATCH = ".."
CONTINUED_ALPHA = 0.45
PLANNED_HATCH = "///"
#: The mark at the end of an open-ended span, where its document's knowledge stops.
UNKNOWN_MARK = "$?$"
#: How pale the years are where a date given only by decade could lie ('1970s', 'mid-1990s').
DECADE_ALPHA = 0.35
#: The years a date of each rough precision could lie in, from its decade: the 1970s are
#: 1970-1979, the mid-1990s taken as 1993-1997.
DECADE_WINDOWS = {"decade": (0, 10), "mid-decade": (3, 8)}


def _gantt_rows(table: pd.DataFrame) -> list[tuple[str, pd.Series | None]]:
    """The chart's rows top to bottom: a header row per country, then its entries."""
    rows: list[tuple[str, pd.Series | None]] = []
    for country, group in table.groupby("country", sort=False):
        rows.append((str(country), None))
        rows.extend((str(country), r) for _, r in group.iterrows())
    return rows


def _passed_planned_ends(table: pd.DataFrame) -> list[str]:
    """The spans of ``table`` whose planned end had passed by their document's date, with
    their dates ("Finnish Centres of Expertise Programme, 1994–(2004)"): drawn to that end
    with '?', their status after unknown."""
    if table.empty:
        return []
    passed = table[table["planned_end"].fillna(False).astype(bool)
                   & (table["status_after_end"] == "unknown")]
    return [f"{r['entity_en']}, {r['dates']}" for _, r in passed.iterrows()]


def _gantt_caption(table: pd.DataFrame) -> Caption:
    passed = _passed_planned_ends(table)
    planned = (f", and a span whose planned end had passed by its document's date "
               f"({'; '.join(passed)}) at that end" if passed else "")
    return caption(citable(table), text=(
        "Open-ended spans end at the date of the document that states them (?: status "
        f"unknown after){planned}; a span a later document shows continuing runs on to that "
        "document's date, paler and dotted; hatched: planned when written; pale: the years a "
        "date given only by decade could lie in (the 1970s; the mid-1990s taken as "
        "1993–1997); ◀ ▶: runs on beyond the window; a single-day plan is a point in its "
        "kind's colour; (+n): dated again on n more lines, drawn once."))


def _legend(ax: plt.Axes, kinds: set[str], height: float, passed: bool) -> None:
    """Three rows: the kinds' colours, then how a span or point is drawn (the swatches use
    the bars' own hatch, shade and end mark); ``passed``: some span's planned end had
    passed by its document's date (:func:`_passed_planned_ends`)."""
    grey = "0.45"
    unknown = ("open end, or a planned end passed: status unknown after" if passed
               else "open end: status unknown after")
    kinds_row: list[tuple[object, str]] = [(Patch(color=KIND_COLORS[k]), k) for k in SPAN_KINDS
                                           if k in kinds]
    marks: list[tuple[object, str]] = [
        ((Patch(facecolor=grey, lw=0),
          Line2D([], [], marker=UNKNOWN_MARK, ls="", color="0.15", ms=9)),
         unknown),
        (Patch(facecolor=grey, hatch=PLANNED_HATCH, edgecolor="white", lw=0),
         "planned when written"),
        (Patch(facecolor=grey, alpha=DECADE_ALPHA, lw=0), "dated by decade: where it could be"),
        (Patch(facecolor=grey, alpha=CONTINUED_ALPHA, hatch=CONTINUED_HATCH, edgecolor="white",
               lw=0), "continued: shown by a later document, to its date"),
        (Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"]), "event"),
        (Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"], mfc="white", mew=1.6),
         "event still planned"),
    ]
    rows = [kinds_row, marks[:3], marks[3:]]
    n = max(len(r) for r in rows)
    blank = (Patch(alpha=0), "")
    rows = [r + [blank] * (n - len(r)) for r in rows]
    items = [x for column in zip(*rows, strict=True) for x in column]  # column by column
    ax.legend(handles=[h for h, _ in items], labels=[lab for _, lab in items],
              loc="upper center", bbox_to_anchor=(0.4, -1.1 / height), ncol=n, frameon=False,
              fontsize=9, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.0)})


def gantt_caption(results: Results, parameters: Parameters) -> Caption:
    """The timeline's caption: the lines of its entries, and how to read the marks."""
    return _gantt_caption(results["timeline_entries"])


def gantt(results: Results, parameters: Parameters) -> Figure:
    """Every entry of the selection on one time axis, a row each, grouped by country.

    Spans are bars: an open-ended one stops at its document's date with a '?' (status
    unknown after), or, where a later document shows it continuing (the register's
    continuation judgement), runs on to that document's date, paler and dotted; planned
    spans and the planned part of an end are hatched; events are points (hollow: planned).
    The window is ``start_year``–``end_year``.
    """
    table = results["timeline_entries"]
    start_year, end_year = int(parameters["start_year"]), int(parameters["end_year"])
    title = f"Cluster policies on one time axis, {start_year}–{end_year}"
    if table.empty:
        return figures.empty_figure(title, "Nothing in the documents for this selection.",
                                    _gantt_caption(table).plain())
    rows = _gantt_rows(table)
    n = len(rows)
    height = 0.32 * n + 2.4
    fig, ax = plt.subplots(figsize=(13, height))
    lo_lim, hi_lim = float(start_year), float(end_year + 1)
    labels = []
    for yi, (country, r) in enumerate(rows):
        if r is None:
            labels.append(country.upper())
            ax.axhspan(yi - 0.5, yi + 0.5, color="0.95", lw=0)
            continue
        extra = f" (+{int(r['further_mentions'])})" if int(r["further_mentions"]) else ""
        later = (f", shown to {int(r['continued_to'])} by {r['continued_by']}"
                 if not pd.isna(r["continued_by"]) else "")
        labels.append(figures.wrap_label(
            f"{figures.short_label(r['entity_en'], 58)}  [{r['dates']}{later}]{extra}", 64,
            max_lines=2))
        color = KIND_COLORS.get(str(r["kind"]), "0.5")
        start, end = float(r["start"]), float(r["end"])
        if bool(r["is_point"]):
            if lo_lim <= start <= hi_lim:
                ax.plot(start, yi, "D", ms=7, color=color,
                        mfc="white" if bool(r["planned"]) else color, mew=1.6)
            continue
        lo, hi = max(start, lo_lim), min(end, hi_lim)
        planned_from = None if pd.isna(r["planned_from"]) else float(r["planned_from"])
        solid_hi = hi
        if not pd.isna(r["continued_from"]):  # a later document shows it continuing
            cont = min(max(float(r["continued_from"]), lo), hi)
            # up to its end, or, for a planned term shown under way, to where the plan resumes
            cont_to = (min(max(planned_from, cont), hi) if planned_from is not None
                       and planned_from > float(r["continued_from"]) else hi)
            if cont_to > cont:
                ax.barh(yi, cont_to - cont, left=cont, height=0.6, color=color,
                        alpha=CONTINUED_ALPHA, hatch=CONTINUED_HATCH, edgecolor="white", lw=0)
            solid_hi = cont
        split = min(max(planned_from if planned_from is not None else solid_hi, lo), solid_hi)
        planned_lo = max(split, min(max(planned_from, lo), hi)) if planned_from is not None \
            else hi
        rough = [(max(a, lo_lim), min(b, hi_lim)) for a, b in _decade_windows(r)]
        for a, b in _outside(lo, split, rough):
            ax.barh(yi, b - a, left=a, height=0.6, color=color, lw=0)
        for a, b in rough:  # a date given by decade: pale over the years it could be
            if b > a:
                ax.barh(yi, b - a, left=a, height=0.6, color=color, alpha=DECADE_ALPHA, lw=0)
        if hi > planned_lo:
            ax.barh(yi, hi - planned_lo, left=planned_lo, height=0.6, color=color,
                    hatch=PLANNED_HATCH, edgecolor="white", lw=0)
        if (bool(r["open_ended"]) or pd.notna(r["planned_end_basis"])) and end <= hi_lim:
            ax.plot(end + 0.35, yi, marker=UNKNOWN_MARK, ls="", color="0.15", ms=9)
        if start < lo_lim:
            ax.text(lo + 0.15, yi, "◀", va="center", fontsize=7, color="0.2")
        if end > hi_lim:
            ax.text(hi - 0.15, yi, "▶", va="center", ha="right", fontsize=7, color="0.2")
    ax.set_yticks(range(n), labels, fontsize=8.5)
    for tick, (_, r) in zip(ax.get_yticklabels(), rows, strict=True):
        if r is None:
            tick.set_fontsize(10.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(lo_lim, hi_lim + 1)
    ax.set_xlabel("Year (fiscal-year entries start in April)")
    ax.set_title(title)
    ax.xaxis.set_major_locator(plt.MultipleLocator(5 if end_year - start_year > 15 else 1))
    ax.grid(axis="y", visible=False)
    kinds = set(table["kind"]) | ({"plan"} if table["is_point"].any() else set())
    _legend(ax, kinds, height, bool(_passed_planned_ends(table)))
    return figures.finish(fig, _gantt_caption(table).plain())


def _decade_windows(r: pd.Series) -> list[tuple[float, float]]:
    """The years a start or an end dated only by decade could lie in ('1970s~mid-1990s':
    1970-1979 and 1993-1997), as (from, to) positions."""
    out = []
    for precision, year in ((r["precision"], r["start_year"]),
                            (r["end_precision"], r["end_year"])):
        if str(precision) in DECADE_WINDOWS and not pd.isna(year):
            a, b = DECADE_WINDOWS[str(precision)]
            decade = int(year) // 10 * 10
            out.append((float(decade + a), float(decade + b)))
    return out


def _outside(lo: float, hi: float, windows: list[tuple[float, float]]
             ) -> list[tuple[float, float]]:
    """The parts of ``lo``–``hi`` outside every window."""
    parts = [(lo, hi)] if hi > lo else []
    for a, b in windows:
        parts = [p for x, y in parts for p in ((x, min(y, a)), (max(x, b), y)) if p[1] > p[0]]
    return parts


def _overlaps_caption(shared: pd.DataFrame) -> Caption:
    return caption(citable(shared), text=(
        "Labelled years counted inclusively, only up to the earlier document's year (a later "
        "document's, where it shows a programme continuing); '+n planned': further years the "
        "documents planned (hatched where only planned); 'no data': a programme with an open "
        "or only planned end whose known part ends before the plan period, grey and "
        "cross-hatched, unlike '0' (no year shared)."))


def overlaps_caption(results: Results, parameters: Parameters) -> Caption:
    """The overlaps grid's caption: the lines of the programmes and plans, how it counts."""
    return _overlaps_caption(results["overlaps"])


def overlaps(results: Results, parameters: Parameters) -> Figure:
    """Years each programme (rows) shares with each plan period (columns), as a grid:
    the count up to the documents' dates, and apart from it the years only planned."""
    table = results["overlaps"]
    title = "Years each programme shares with each Basic Plan period"
    if table.empty:
        return figures.empty_figure(
            title, "No overlap of a programme and a plan period is counted in this "
            "selection\n(see the findings: it may hold no plan or no programme).",
            _overlaps_caption(table).plain())
    plan_order = table.drop_duplicates("plan").sort_values("plan_dates")["plan"].tolist()
    prog_order = (table.drop_duplicates("programme")
                  .sort_values(["programme_start", "programme"])["programme"].tolist())

    def grid(column: str) -> pd.DataFrame:
        g = table.pivot_table(index="programme", columns="plan", values=column,
                              aggfunc="sum", observed=True)
        return g.reindex(index=prog_order, columns=plan_order).astype(float)

    known, planned = grid("overlap_years"), grid("planned_overlap_years")
    nodata = _no_data(table, results["timeline_entries"], prog_order, plan_order)
    annot = known.copy().astype(object)
    for i in range(known.shape[0]):
        for j in range(known.shape[1]):
            k, p = known.iat[i, j], planned.iat[i, j]
            if np.isnan(k) and np.isnan(p):
                annot.iat[i, j] = "no data" if nodata.iat[i, j] else "0"
            elif p and not np.isnan(p):
                annot.iat[i, j] = (f"{fmt_years(k)}\n" if k else "") + f"+{fmt_years(p)} planned"
            else:
                annot.iat[i, j] = fmt_years(k)
    fig, ax = plt.subplots(figsize=(9.5, 0.5 * len(known) + 2.3))
    shown = known.where(~(known.isna() & planned.notna()), 0.0)
    shown = shown.where(~(shown.isna() & ~nodata), 0.0)  # no year shared: zero
    sns.heatmap(shown, annot=annot, fmt="", cmap="Greens", cbar_kws={"label": "Years shared"},
                linewidths=0.5, linecolor="white", ax=ax, vmin=0, vmax=5,
                annot_kws={"fontsize": 9})
    for i in range(known.shape[0]):
        for j in range(known.shape[1]):
            if nodata.iat[i, j]:  # unknown, drawn unlike zero: grey, cross-hatched
                ax.add_patch(plt.Rectangle((j, i), 1, 1, facecolor="0.88", hatch="xx",
                                           edgecolor="0.6", lw=0))
            if planned.iat[i, j] and not np.isnan(planned.iat[i, j]) and not known.iat[i, j]:
                ax.add_patch(plt.Rectangle((j, i), 1, 1, fill=False, hatch=PLANNED_HATCH,
                                           edgecolor="0.7", lw=0))
    ax.grid(False)
    dates = table.drop_duplicates("plan").set_index("plan")["plan_dates"]
    ax.set_xticklabels([figures.wrap_label(f"{p} [{dates[p]}]", 22) for p in plan_order],
                       rotation=0, fontsize=9)
    pdates = table.drop_duplicates("programme").set_index("programme")["programme_dates"]
    ax.set_yticklabels([figures.wrap_label(f"{figures.short_label(p, 44)} [{pdates[p]}]", 52, 2)
                        for p in prog_order], rotation=0, fontsize=9)
    ax.set_xlabel("Japanese Science and Technology Basic Plan period")
    ax.set_ylabel("")
    ax.set_title(title)
    return figures.finish(fig, _overlaps_caption(table).plain())


def _no_data(shared: pd.DataFrame, entries: pd.DataFrame, programmes: list[str],
             plans: list[str]) -> pd.DataFrame:
    """Which cells of the overlaps grid are unknown rather than zero: a programme and a plan
    period with no shared year, where the programme is open-ended or its end was only
    planned (Finland's '(2004)') and its known part ends before the plan period starts (its
    status after is unknown). The other empty cells share no labelled year: zero."""
    spans = entries.drop_duplicates("entity_en").set_index("entity_en")
    plan_start = {str(r["entity_en"]): float(r["start"]) for _, r in entries.iterrows()}
    out = pd.DataFrame(False, index=programmes, columns=plans)
    pairs = set(zip(shared["programme"], shared["plan"], strict=True))
    for prog in programmes:
        if prog not in spans.index or not (bool(spans.loc[prog, "open_ended"])
                                           or bool(spans.loc[prog, "planned_end"])):
            continue
        for plan in plans:
            if (prog, plan) not in pairs and float(spans.loc[prog, "end"]) <= plan_start[plan]:
                out.loc[prog, plan] = True
    return out


def _events_caption(events: pd.DataFrame) -> Caption:
    return caption(citable(events), text="Hollow: still planned when written (予定); a "
                   "fiscal-year event is drawn over its fiscal year.")


def events_caption(results: Results, parameters: Parameters) -> Caption:
    """The events figure's caption: the events' lines, and what hollow means."""
    return _events_caption(results["cooperation_events"])


def events(results: Results, parameters: Parameters) -> Figure:
    """The cooperation events on a month axis, Japanese names with English beneath."""
    table = results["cooperation_events"]
    title = "Cluster cooperation events (hollow: still planned when written)"
    if table.empty:
        return figures.empty_figure(title, "No cooperation event in this selection.",
                                    _events_caption(table).plain())
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(table) + 1.8))
    y = np.arange(len(table))
    for yi, r in zip(y, table.itertuples(index=False), strict=True):
        color = KIND_COLORS["event"]
        spans = float(r.end) - float(r.start) > 0.1  # a fiscal year: show the span it covers
        if spans:
            ax.plot([r.start, r.end], [yi, yi], color=color, lw=2, alpha=0.5)
        ax.plot(r.start, yi, "D", ms=8, color=color, mfc="white" if r.planned else color,
                mew=1.6)
        note = ", planned (予定)" if r.planned and r.planned_basis == "stated" else (
            ", planned" if r.planned else "")
        ax.text((float(r.end) if spans else float(r.start)) + 0.03, yi, f" {r.dates}{note}",
                va="center", fontsize=8.5, color="0.3")
    labels = [figures.wrap_label(r.entity, 48, 1) + "\n"
              + figures.wrap_label(r.entity_en, 80, 1) for r in table.itertuples(index=False)]
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.set_ylim(len(table) - 0.5, -0.5)
    lo = float(np.floor(table["start"].min()))
    hi = float(np.ceil(table["start"].max() + 0.01))
    ax.set_xlim(lo, hi + 0.5)
    ticks = np.arange(lo, hi + 0.01, 0.25)
    months = ("Jan", "Apr", "Jul", "Oct")
    ax.set_xticks(ticks, [f"{months[round(float(t % 1) * 4) % 4]}"
                          + (f"\n{int(t)}" if round(float(t % 1) * 4) % 4 == 0 else "")
                          for t in ticks])
    ax.set_xlabel("Date (month, year)")
    first, last = int(table["start"].min()), int(table["start"].max())
    ax.set_title(f"Cluster cooperation events, {first}–{last} (hollow: still planned when "
                 "written)")
    return figures.finish(fig, _events_caption(table).plain())
