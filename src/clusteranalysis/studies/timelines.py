"""Laws, programmes, plan periods and events on one time axis.

The ``timeline`` table holds one row per entity, its most precise mention; further mentions
(an event dated again in the text, the 2nd Science and Technology Basic Plan in two documents)
are in ``timeline_mentions`` (:func:`merged_mentions` shows them). :func:`entries` turns dates
into positions on a year axis and selects the window, countries and kinds the notebook's
parameters ask for. Open-ended spans run to the window's
end; spans whose end was only planned when written keep ``planned_end``. Events, and anything
dated to a single day, are points.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import figures, vocab
from ..citations import attach, cite

#: Most precise first: the rank that decides which of two mentions of an entity is kept.
PRECISION_ORDER = ("day", "month", "fiscal year", "year", "mid-decade", "decade")
#: Kinds drawn as spans, in the order rows are grouped within a country.
SPAN_KINDS = ("policy era", "law", "plan", "programme", "programme phase")
KIND_ORDER = (*SPAN_KINDS, "event")
#: Spans shorter than this (in years: about two weeks) are drawn as points.
POINT_YEARS = 0.04
KIND_COLORS = {
    "policy era": "#bbbbbb",
    "law": "#0173b2",
    "plan": "#de8f05",
    "programme": "#029e73",
    "programme phase": "#56b4e9",
    "event": "#d55e00",
}


def deduplicate(timeline: pd.DataFrame) -> pd.DataFrame:
    """One row per ``entity_id``: the most precise mention (then the earlier source and line).

    The build already keeps one row per entity (``timeline_mentions`` holds the others);
    this keeps the rule for a timeline put together by hand. Precision is the better of
    start and end; 'fiscal year' beats 'year' because it fixes the first day (1 April).
    """
    rank = {p: i for i, p in enumerate(PRECISION_ORDER)}
    df = timeline.copy()
    start_rank = df["start_precision"].astype("string").map(rank)
    end_rank = df["end_precision"].astype("string").map(rank).fillna(start_rank)
    df["_rank"] = np.minimum(start_rank.astype(float), end_rank.astype(float))
    df = df.sort_values(["entity_id", "_rank", "source", "line"])
    return df.drop_duplicates("entity_id").drop(columns="_rank").reset_index(drop=True)


def merged_mentions(timeline: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Each further mention (``timeline_mentions``) beside the one the timeline keeps."""
    kept = timeline.set_index("entity_id")
    rows = []
    for r in mentions.sort_values(["entity_id", "source", "line"]).itertuples(index=False):
        k = kept.loc[r.entity_id]
        rows.append({
            "entity_id": r.entity_id, "entity_en": k["entity_en"],
            "kept": f"{k['source']}:{k['line']} ({k['start_precision']}: {k['raw']})",
            "also": f"{r.source}:{r.line} ({r.start_precision}: {r.raw})",
        })
    out = pd.DataFrame(rows, columns=["entity_id", "entity_en", "kept", "also"])
    return attach(out, timeline[timeline["entity_id"].isin(mentions["entity_id"])], mentions)


def _position(date: pd.Timestamp | None, year: int, end: bool) -> float:
    """A date as a fractional year; a bare year is its first day, or the day after its end."""
    if date is not None and not pd.isna(date):
        ts = pd.Timestamp(date) + (pd.Timedelta(days=1) if end else pd.Timedelta(0))
        start = pd.Timestamp(year=ts.year, month=1, day=1)
        days = 366 if ts.is_leap_year else 365
        return round(ts.year + (ts - start).days / days, 4)
    return float(year + 1 if end else year)


def _fiscal_year(date: object) -> int:
    ts = pd.Timestamp(date)
    return ts.year if ts.month >= 4 else ts.year - 1


def _one_date(year: int, date: object, precision: str) -> str:
    if precision == "day" and not pd.isna(date):
        return pd.Timestamp(date).strftime("%Y-%m-%d")
    if precision == "month" and not pd.isna(date):
        return pd.Timestamp(date).strftime("%Y-%m")
    if precision == "fiscal year":
        return f"FY{_fiscal_year(date) if not pd.isna(date) else year}"
    if precision == "decade":
        return f"{year}s"
    if precision == "mid-decade":
        return f"mid-{year // 10 * 10}s"
    return str(year)


def date_label(row: pd.Series) -> str:
    """How precisely the documents date an entry, in words: 'FY1996–FY2000', '1972–',
    '2007-11-28–30', '2003–(2008)' (a planned end in parentheses, as the document writes it).
    """
    sp, ep = str(row["start_precision"]), row["end_precision"]
    start = _one_date(int(row["start_year"]), row["start_date"], sp)
    if bool(row["open_ended"]) or pd.isna(row["end_year"]):
        return f"{start}–"
    ep = sp if pd.isna(ep) else str(ep)
    if ep in ("day", "month") and pd.isna(row["end_date"]):
        return start  # a single day or month
    if sp == ep == "decade" and int(row["end_year"]) == int(row["start_year"]) + 9:
        return start  # '1980s'
    end = _one_date(int(row["end_year"]), row["end_date"], ep)
    if end == start:
        return start
    if sp == ep == "day" and end[:8] == start[:8]:
        end = end[8:]  # same month: '2007-11-28–30'
    return f"{start}–({end})" if bool(row["planned_end"]) else f"{start}–{end}"


def entries(timeline: pd.DataFrame, start_year: int = 1970, end_year: int = 2020,
            countries: Sequence[str] | None = None,
            kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """The deduplicated entries overlapping ``start_year``–``end_year``, ready to draw.

    ``kinds=None`` means every kind the notebook parameters allow (vocab.STUDY_TIMELINE_KINDS:
    the overseas clusters' development histories are left out). ``start``/``end`` are
    fractional years; an open-ended span's ``end`` is the day after ``end_year``; events are
    points (``is_point``). Sorted by country (vocab.COUNTRIES order), kind, start, entity.
    """
    kinds = list(kinds) if kinds is not None else list(vocab.STUDY_TIMELINE_KINDS)
    df = deduplicate(timeline)
    df = df[df["kind"].isin(kinds)]
    if countries is not None:
        df = df[df["country"].isin(list(countries))]
    window_end = float(end_year + 1)
    rows = []
    for _, r in df.iterrows():
        start = _position(r["start_date"], int(r["start_year"]), end=False)
        if bool(r["open_ended"]) or pd.isna(r["end_year"]):
            end = window_end
        elif pd.isna(r["end_date"]) and not pd.isna(r["start_date"]) and str(
                r["end_precision"]) in ("day", "month"):
            step = pd.offsets.MonthEnd(0) if str(r["end_precision"]) == "month" else \
                pd.Timedelta(0)
            end = _position(pd.Timestamp(r["start_date"]) + step, int(r["end_year"]), end=True)
        else:
            end = _position(r["end_date"], int(r["end_year"]), end=True)
        if end <= start_year or start >= window_end:
            continue
        rows.append({
            "entity_id": r["entity_id"], "entity": r["entity"], "entity_en": r["entity_en"],
            "country": str(r["country"]), "kind": str(r["kind"]),
            "start_year": r["start_year"], "end_year": r["end_year"],
            "dates": date_label(r), "start": start, "end": end,
            "is_point": str(r["kind"]) == "event" or end - start < POINT_YEARS,
            "open_ended": bool(r["open_ended"]), "planned_end": bool(r["planned_end"]),
            "planned": bool(r["planned"]), "precision": str(r["start_precision"]),
            "source": r["source"], "line": r["line"],
        })
    cols = ["entity_id", "entity", "entity_en", "country", "kind", "start_year", "end_year",
            "dates", "start", "end", "is_point", "open_ended", "planned_end", "planned",
            "precision", "source", "line"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("start_year", "end_year", "line"):
        out[c] = out[c].astype("Int64")
    country_rank = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    out = out.assign(_c=out["country"].map(country_rank).fillna(99),
                     _k=out["kind"].map(kind_rank).fillna(99))
    out = out.sort_values(["_c", "_k", "start", "entity_id"]).drop(columns=["_c", "_k"])
    return out.reset_index(drop=True)


def durations(table: pd.DataFrame) -> pd.DataFrame:
    """Each span's length in the years the documents label (inclusive: 1983–1998 is 16).

    Open-ended spans have no length; ``years_to_window_end`` counts them to the window's end.
    """
    spans = table[~table["is_point"]].copy()
    spans["years"] = (spans["end_year"] - spans["start_year"] + 1).where(~spans["open_ended"])
    to_end = np.floor(spans["end"]).astype("Int64") - spans["start_year"]
    spans["years_to_window_end"] = to_end.where(spans["open_ended"])
    cols = ["entity_id", "entity_en", "country", "kind", "dates", "start_year", "end_year",
            "years", "open_ended", "planned_end", "years_to_window_end", "source", "line"]
    return spans[cols].reset_index(drop=True)


def japan_sequence(table: pd.DataFrame) -> pd.DataFrame:
    """Japan's policy sequence (eras, laws, plans, programmes, terms) in order of start."""
    j = durations(table[(table["country"] == "Japan")])
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    j = j.assign(_k=j["kind"].map(kind_rank)).sort_values(["start_year", "_k", "entity_id"])
    return j.drop(columns="_k").reset_index(drop=True)


def overlaps(table: pd.DataFrame, end_year: int = 2020) -> pd.DataFrame:
    """Which programmes and programme terms ran during which plan period, and for how long.

    Counted in labelled years, inclusive (a plan FY2001–FY2005 and a term 2001–2005 share
    five years), although plans run in fiscal years from April; an open-ended programme
    counts up to ``end_year``. Plan periods are plans longer than one year (the 2008
    strategy is a single day).
    """
    plans = table[(table["kind"] == "plan") & (table["end_year"] > table["start_year"])]
    progs = table[table["kind"].isin(["programme", "programme phase"])]
    rows = []
    for p in progs.itertuples(index=False):
        p_end = end_year if p.open_ended else int(p.end_year)
        for q in plans.itertuples(index=False):
            lo = max(int(p.start_year), int(q.start_year))
            hi = min(p_end, int(q.end_year))
            if hi < lo:
                continue
            rows.append({
                "programme_id": p.entity_id, "programme": p.entity_en,
                "country": p.country, "programme_start": p.start,
                "programme_dates": p.dates,
                "plan_id": q.entity_id, "plan": q.entity_en, "plan_dates": q.dates,
                "overlap_from": lo, "overlap_to": hi, "overlap_years": hi - lo + 1,
                "open_ended": bool(p.open_ended), "planned_end": bool(p.planned_end),
            })
    cols = ["programme_id", "programme", "country", "programme_start", "programme_dates",
            "plan_id", "plan",
            "plan_dates", "overlap_from", "overlap_to", "overlap_years", "open_ended",
            "planned_end"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("overlap_from", "overlap_to", "overlap_years"):
        out[c] = out[c].astype("Int64")
    used = table[table["entity_id"].isin(set(out["programme_id"]) | set(out["plan_id"]))]
    return attach(out.sort_values(["plan_id", "programme_id"]).reset_index(drop=True), used)


def cooperation_events(table: pd.DataFrame, years: tuple[int, int] = (2007, 2008)
                       ) -> pd.DataFrame:
    """The 2007–2008 events (002): joint METI–MEXT fairs and the international ones."""
    ev = table[(table["kind"] == "event") & table["start_year"].between(*years)]
    cols = ["entity_id", "dates", "entity", "entity_en", "planned", "start", "end", "source",
            "line"]
    return ev.sort_values(["start", "entity_id"])[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- figures


def _gantt_rows(table: pd.DataFrame) -> list[tuple[str, pd.Series | None]]:
    """The chart's rows top to bottom: a header row per country, then its entries."""
    rows: list[tuple[str, pd.Series | None]] = []
    for country, group in table.groupby("country", sort=False):
        rows.append((str(country), None))
        rows.extend((str(country), r) for _, r in group.iterrows())
    return rows


def plot_gantt(table: pd.DataFrame, start_year: int, end_year: int) -> Figure:
    """Spans as bars (open ends fade to an arrow; planned spans and planned ends hatched),
    events as points (hollow: planned)."""
    if table.empty:
        return figures.empty_figure(f"Cluster policies on one time axis, {start_year}–{end_year}",
                                    "Nothing in the documents for this selection.", cite())
    rows = _gantt_rows(table)
    n = len(rows)
    height = 0.32 * n + 2.2
    fig, ax = plt.subplots(figsize=(13, height))
    labels = []
    for yi, (country, r) in enumerate(rows):
        if r is None:
            labels.append(country.upper())
            ax.axhspan(yi - 0.5, yi + 0.5, color="0.95", lw=0)
            continue
        labels.append(figures.wrap_label(
            f"{figures.short_label(r['entity_en'], 58)}  [{r['dates']}]", 64, max_lines=2))
        color = KIND_COLORS.get(r["kind"], "0.5")
        lo, hi = max(r["start"], start_year), min(r["end"], end_year + 1)
        if r["is_point"]:
            ax.plot(r["start"], yi, "D", ms=7, color=color,
                    mfc="white" if r["planned"] else color, mew=1.6)
            continue
        if r["open_ended"]:
            ax.barh(yi, hi - lo, left=lo, height=0.6, color=color, alpha=0.45, lw=0)
            ax.annotate("", xy=(hi + 0.7, yi), xytext=(hi - 0.2, yi),
                        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.5})
        else:
            ax.barh(yi, hi - lo, left=lo, height=0.6, color=color,
                    hatch="///" if r["planned_end"] or r["planned"] else None,
                    edgecolor="white" if r["planned_end"] or r["planned"] else color, lw=0)
        if r["start"] < start_year:
            ax.text(lo + 0.15, yi, "◀", va="center", fontsize=7, color="0.2")
    ax.set_yticks(range(n), labels, fontsize=8.5)
    for tick, (_, r) in zip(ax.get_yticklabels(), rows, strict=True):
        if r is None:
            tick.set_fontsize(10.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(start_year, end_year + 2)
    ax.set_xlabel("Year (fiscal-year entries start in April)")
    ax.set_title(f"Cluster policies on one time axis, {start_year}–{end_year}")
    ax.xaxis.set_major_locator(plt.MultipleLocator(5 if end_year - start_year > 15 else 1))
    ax.grid(axis="y", visible=False)
    kinds = set(table["kind"]) | ({"plan"} if table["is_point"].any() else set())
    handles = [Patch(color=KIND_COLORS[k], label=k) for k in SPAN_KINDS if k in kinds]
    handles += [
        Patch(facecolor="0.3", alpha=0.45, label="open-ended (runs on →)"),
        Patch(facecolor="0.3", hatch="///", edgecolor="white",
              label="planned when written (the end, or all)"),
        Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"], label="event (point)"),
        Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"], mfc="white",
               label="event still planned"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -1.1 / height),
              ncol=5, frameon=False, fontsize=9)
    return figures.finish(
        fig, f"{cite(table)} ◀: starts before the window; a single-day plan is drawn as a "
             "point in its kind's colour.")


def plot_overlaps(table: pd.DataFrame) -> Figure:
    """Years each programme (rows) shares with each plan period (columns), as a grid."""
    import seaborn as sns

    if table.empty:
        return figures.empty_figure(
            "Years each programme shares with each Basic Plan period",
            "No programme and plan period overlap in this selection\n(plans are Japanese: "
            "select Japan and the kinds 'plan' and 'programme').", cite())

    grid = table.pivot_table(index="programme", columns="plan", values="overlap_years",
                             aggfunc="sum", observed=True)
    plan_order = table.drop_duplicates("plan").sort_values("plan_dates")["plan"].tolist()
    prog_order = (table.drop_duplicates("programme")
                  .sort_values(["programme_start", "programme"])["programme"].tolist())
    grid = grid.reindex(index=prog_order, columns=plan_order).astype(float)
    fig, ax = plt.subplots(figsize=(9.5, 0.45 * len(grid) + 2.2))
    sns.heatmap(grid, annot=True, fmt=".0f", cmap="Greens", cbar_kws={"label": "Years shared"},
                linewidths=0.5, linecolor="white", ax=ax, vmin=0, vmax=5)
    ax.grid(False)
    dates = table.drop_duplicates("plan").set_index("plan")["plan_dates"]
    ax.set_xticklabels([figures.wrap_label(f"{p} [{dates[p]}]", 22) for p in plan_order],
                       rotation=0, fontsize=9)
    pdates = table.drop_duplicates("programme").set_index("programme")["programme_dates"]
    ax.set_yticklabels([figures.wrap_label(f"{figures.short_label(p, 44)} [{pdates[p]}]", 52, 2)
                        for p in prog_order],
                       rotation=0, fontsize=9)
    ax.set_xlabel("Japanese Science and Technology Basic Plan period")
    ax.set_ylabel("")
    ax.set_title("Years each programme shares with each Basic Plan period")
    return figures.finish(
        fig, f"{cite(table)} Labelled years counted inclusively; open-ended programmes "
             "counted to the window's end.")


def plot_events(events: pd.DataFrame) -> Figure:
    """The 2007–2008 events on a month axis, Japanese names with English beneath."""
    if events.empty:
        return figures.empty_figure("Cluster cooperation events, 2007–2008",
                                    "No 2007–2008 event in this selection.", cite())
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(events) + 1.8))
    y = np.arange(len(events))
    for yi, r in zip(y, events.itertuples(index=False), strict=True):
        color = KIND_COLORS["event"]
        spans = r.end - r.start > 0.1  # a fiscal year: show the span it covers
        if spans:
            ax.plot([r.start, r.end], [yi, yi], color=color, lw=2, alpha=0.5)
        ax.plot(r.start, yi, "D", ms=8, color=color, mfc="white" if r.planned else color,
                mew=1.6)
        ax.text((r.end if spans else r.start) + 0.03, yi, f" {r.dates}", va="center",
                fontsize=8.5, color="0.3")
    labels = [figures.wrap_label(r.entity, 48, 1) + "\n"
              + figures.wrap_label(r.entity_en, 80, 1) for r in events.itertuples(index=False)]
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.set_ylim(len(events) - 0.5, -0.5)
    lo = float(np.floor(events["start"].min())) if len(events) else 2007.0
    hi = float(np.ceil(events["start"].max() + 0.01)) if len(events) else 2009.0
    ax.set_xlim(lo, hi + 0.25)
    ticks = np.arange(lo, hi + 0.01, 0.25)
    ax.set_xticks(ticks, [f"{int(t)}-{round(float(t % 1) * 12) + 1:02d}" for t in ticks])
    ax.set_xlabel("Date (year-month)")
    ax.set_title("Cluster cooperation events, 2007–2008 (hollow: still planned when written)")
    return figures.finish(fig, cite(events))
