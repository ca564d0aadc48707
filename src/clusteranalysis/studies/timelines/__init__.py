"""Laws, programmes, plan periods and events on one time axis.

The ``timeline`` table holds one row per entity, its most precise mention; further mentions
(an event dated again in the text, the 2nd Science and Technology Basic Plan in two documents)
are in ``timeline_mentions``: corroborating sources, listed by :func:`merged_mentions` and
counted in ``further_mentions``, never drawn or counted twice. :func:`entries` turns dates
into positions on a year axis and selects the window, countries and kinds the notebook's
parameters ask for.

What a document can know stops at its own date (``data/raw/sources.csv``, read through
:mod:`clusteranalysis.build.catalogue`): an open-ended span ('1972~') is drawn to the date of the
document that states it and its status after is unknown; the window (``start_year``,
``end_year``) selects and clips, it never extends a span. A span or an end that was only a
plan when written (the corrected flags ``planned``, ``planned_end``, ``planned_basis``) is
drawn as planned. Durations and overlaps count the years the documents label, and nothing
is counted past a document's date except as planned. Events, and anything dated to a single
day, are points.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from clusteranalysis.build import catalogue
from clusteranalysis.metadata import vocab
from clusteranalysis.present import figures
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import fmt_number, fmt_yes_no
from clusteranalysis.present.tables import Caption, Table, caption, citable
from clusteranalysis.present.tables import table as present_table
from clusteranalysis.provenance.citations import attach, provenance, short_citation

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
#: The hatch of whatever was a plan when written (a planned term, the years of a planned
#: end after the document's date); the legend draws its swatch with the same.
PLANNED_HATCH = "///"
#: The mark at the end of an open-ended span, where its document's knowledge stops.
UNKNOWN_MARK = "$?$"


def fmt_years(v: float) -> str:
    """A number of labelled years: 5."""
    return fmt_number(v, 0)


def fmt_year(v: float) -> str:
    return str(int(v))


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
    """Each further mention (``timeline_mentions``) beside the one the timeline keeps: a
    corroborating source, not a second entry. One row per mention, with the mention's own
    ``source``, ``line`` and ``raw`` and where the kept one stands (``kept_source``,
    ``kept_line``, ``kept_raw``)."""
    kept = timeline.set_index("entity_id")
    rows = []
    for r in mentions.sort_values(["entity_id", "source", "line"]).itertuples(index=False):
        k = kept.loc[r.entity_id]
        rows.append({
            "entity_id": r.entity_id, "entity_en": k["entity_en"],
            "kept_source": k["source"], "kept_line": int(k["line"]),
            "kept_precision": k["start_precision"], "kept_raw": k["raw"],
            "precision": r.start_precision, "agrees_on_start": r.start_year == k["start_year"],
            "source": r.source, "line": int(r.line), "raw": r.raw,
        })
    cols = ["entity_id", "entity_en", "kept_source", "kept_line", "kept_precision", "kept_raw",
            "precision", "agrees_on_start", "source", "line", "raw"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("kept_line", "line"):
        out[c] = out[c].astype("Int64")
    out["agrees_on_start"] = out["agrees_on_start"].astype("boolean")
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


def _documents() -> dict[str, catalogue.Source]:
    return catalogue.read()


def entries(timeline: pd.DataFrame, start_year: int = 1970, end_year: int = 2020,
            countries: Sequence[str] | None = None,
            kinds: Sequence[str] | None = None,
            mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The deduplicated entries overlapping ``start_year``–``end_year``, ready to draw.

    ``kinds=None`` means every kind the notebook parameters allow (vocab.STUDY_TIMELINE_KINDS:
    the overseas clusters' development histories are left out). ``start``/``end`` are
    fractional years. Each entry carries its document's date (``document_date`` as the
    catalogue gives it, ``document_end``: the day after the last day that date can mean);
    an open-ended span ends there (``end``), whatever the window, and its status after is
    unknown. ``planned_from`` is where the planned part of a span begins (its start for a
    planned entry, its document's date for a planned end that lies after it). The window
    selects entries; it never lengthens one. ``further_mentions`` counts the entity's
    corroborating mentions (``timeline_mentions``). Events are points (``is_point``).
    Sorted by country (vocab.COUNTRIES order), kind, start, entity.
    """
    kinds = list(kinds) if kinds is not None else list(vocab.STUDY_TIMELINE_KINDS)
    docs = _documents()
    df = deduplicate(timeline)
    df = df[df["kind"].isin(kinds)]
    if countries is not None:
        df = df[df["country"].isin(list(countries))]
    counts = (mentions["entity_id"].value_counts() if mentions is not None
              else pd.Series(dtype="int64"))
    window_end = float(end_year + 1)
    rows = []
    for _, r in df.iterrows():
        doc = docs[str(r["source"])]
        doc_end = _position(pd.Timestamp(doc.last_day), doc.year, end=True)
        start = _position(r["start_date"], int(r["start_year"]), end=False)
        open_ended = bool(r["open_ended"]) or pd.isna(r["end_year"])
        if open_ended:
            end = max(doc_end, start)  # never past what the document can know
        elif pd.isna(r["end_date"]) and not pd.isna(r["start_date"]) and str(
                r["end_precision"]) in ("day", "month"):
            step = pd.offsets.MonthEnd(0) if str(r["end_precision"]) == "month" else \
                pd.Timedelta(0)
            end = _position(pd.Timestamp(r["start_date"]) + step, int(r["end_year"]), end=True)
        else:
            end = _position(r["end_date"], int(r["end_year"]), end=True)
        if end <= start_year or start >= window_end:
            continue
        planned = bool(r["planned"])
        planned_from: float | None = None
        if planned:
            planned_from = start
        elif bool(r["planned_end"]) and end > doc_end:
            planned_from = max(doc_end, start)
        rows.append({
            "entity_id": r["entity_id"], "entity": r["entity"], "entity_en": r["entity_en"],
            "country": str(r["country"]), "kind": str(r["kind"]),
            "start_year": r["start_year"], "end_year": r["end_year"],
            "dates": date_label(r), "start": start, "end": end,
            "is_point": str(r["kind"]) == "event" or end - start < POINT_YEARS,
            "open_ended": open_ended, "planned_end": bool(r["planned_end"]),
            "planned": planned, "planned_basis": r["planned_basis"],
            "planned_from": planned_from,
            "status_after_end": "unknown" if open_ended else pd.NA,
            "document": doc.citation, "document_date": doc.date,
            "document_year": doc.year, "document_end": doc_end,
            "precision": str(r["start_precision"]),
            "end_precision": r["end_precision"],
            "further_mentions": int(counts.get(r["entity_id"], 0)),
            "source": r["source"], "line": r["line"], "raw": r["raw"],
        })
    cols = ["entity_id", "entity", "entity_en", "country", "kind", "start_year", "end_year",
            "dates", "start", "end", "is_point", "open_ended", "planned_end", "planned",
            "planned_basis", "planned_from", "status_after_end", "document", "document_date",
            "document_year", "document_end", "precision", "end_precision", "further_mentions",
            "source", "line", "raw"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("start_year", "end_year", "document_year", "further_mentions", "line"):
        out[c] = out[c].astype("Int64")
    for c in ("is_point", "open_ended", "planned_end", "planned"):
        out[c] = out[c].astype("boolean")
    for c in ("start", "end", "planned_from", "document_end"):
        out[c] = out[c].astype("Float64")
    for c in ("planned_basis", "status_after_end", "document", "document_date", "source",
              "raw", "dates", "entity", "entity_en", "country", "kind", "precision",
              "end_precision"):
        out[c] = out[c].astype("string")
    country_rank = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    out = out.assign(_c=out["country"].map(country_rank).fillna(99),
                     _k=out["kind"].map(kind_rank).fillna(99))
    out = out.sort_values(["_c", "_k", "start", "entity_id"]).drop(columns=["_c", "_k"])
    return out.reset_index(drop=True)


def documents(table: pd.DataFrame) -> pd.DataFrame:
    """The documents the selected entries come from: date (and where it comes from),
    entries, open-ended ones (which stop at that date) and planned ones."""
    docs = _documents()
    rows = []
    for source, g in table.groupby("source", sort=False):
        d = docs[str(source)]
        rows.append({
            "document": d.citation, "document_date": d.date, "date_basis": d.date_basis,
            "entries": len(g), "open_ended": int(g["open_ended"].sum()),
            "planned": int((g["planned"] | (g["planned_from"].notna())).sum()),
            "source": str(source), "line": ", ".join(str(n) for n in sorted(set(g["line"]))),
        })
    cols = ["document", "document_date", "date_basis", "entries", "open_ended", "planned",
            "source", "line"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("entries", "open_ended", "planned"):
        out[c] = out[c].astype("Int64")
    order = list(docs)
    out = out.assign(_o=out["source"].map(lambda s: order.index(s) if s in order else 99))
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def durations(table: pd.DataFrame) -> pd.DataFrame:
    """Each span's length in the years the documents label (inclusive: 1983–1998 is 16).

    ``years`` is the length as stated (empty for an open-ended span: it has none, and for
    a span dated by decade, '1970s~mid-1990s': a count of years would be more precise than
    the text); ``years_to_document`` counts the labelled years from the start up to the
    document's year (for an open-ended span, how long it is known to have run at least),
    and ``years_after_document`` the stated years after it (planned or scheduled when
    written).
    """
    spans = table[~table["is_point"].astype(bool)].copy()
    rough = ("decade", "mid-decade")
    spans["dated_by_decade"] = (spans["precision"].isin(rough)
                                | spans["end_precision"].isin(rough)).fillna(False).astype(
        "boolean")
    stated = (spans["end_year"] - spans["start_year"] + 1).astype("Int64")
    spans["years"] = stated.where(~spans["open_ended"].astype(bool))
    last = spans["end_year"].where(~spans["open_ended"].astype(bool), spans["document_year"])
    known_to = np.minimum(last.astype("Float64"), spans["document_year"].astype("Float64"))
    to_doc = (known_to - spans["start_year"] + 1).clip(lower=0).astype("Int64")
    spans["years_to_document"] = to_doc
    spans["years_after_document"] = (spans["years"] - to_doc).clip(lower=0).astype("Int64")
    for c in ("years", "years_to_document", "years_after_document"):
        spans[c] = spans[c].mask(spans["dated_by_decade"].astype(bool))
    cols = ["entity_id", "entity_en", "country", "kind", "dates", "start_year", "end_year",
            "years", "dated_by_decade", "open_ended", "planned_end", "planned", "document",
            "document_year", "years_to_document", "years_after_document", "source", "line", "raw"]
    return spans[cols].reset_index(drop=True)


def japan_sequence(table: pd.DataFrame) -> pd.DataFrame:
    """Japan's policy sequence (eras, laws, plans, programmes, terms) in order of start."""
    j = durations(table[(table["country"] == "Japan")])
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    j = j.assign(_k=j["kind"].map(kind_rank)).sort_values(["start_year", "_k", "entity_id"])
    return j.drop(columns="_k").reset_index(drop=True)


def overlaps(table: pd.DataFrame) -> pd.DataFrame:
    """Which programmes and programme terms ran during which plan period, and for how long.

    Counted in labelled years, inclusive (a plan FY2001–FY2005 and a term 2001–2005 share
    five years), although plans run in fiscal years from April. ``overlap_years`` counts
    only up to the earlier of the two documents' years: an open-ended programme stops
    there, and years after it are never counted as shared. ``planned_overlap_years`` are the
    stated years after that date that a planned term or a planned end would share (what the
    documents planned, not what happened). Plan periods are plans longer than one year
    (the 2008 strategy is a single day).
    """
    plans = table[(table["kind"] == "plan") & (table["end_year"] > table["start_year"])]
    progs = table[table["kind"].isin(["programme", "programme phase"])]
    rows = []
    for p in progs.itertuples(index=False):
        p_end = int(p.document_year) if p.open_ended else int(p.end_year)
        for q in plans.itertuples(index=False):
            lo = max(int(p.start_year), int(q.start_year))
            hi = min(p_end, int(q.end_year))
            if hi < lo:
                continue
            known_to = min(int(p.document_year), int(q.document_year))
            known = max(0, min(hi, known_to) - lo + 1)
            planned = (hi - lo + 1) - known
            rows.append({
                "programme_id": p.entity_id, "programme": p.entity_en,
                "country": p.country, "programme_start": p.start,
                "programme_dates": p.dates,
                "programme_years": pd.NA if p.open_ended else int(p.end_year) - int(
                    p.start_year) + 1,
                "plan_id": q.entity_id, "plan": q.entity_en, "plan_dates": q.dates,
                "plan_years": int(q.end_year) - int(q.start_year) + 1,
                "overlap_from": lo, "overlap_to": hi, "counted_to": known_to,
                "overlap_years": known, "planned_overlap_years": planned,
                "open_ended": bool(p.open_ended), "planned": bool(p.planned),
                "planned_end": bool(p.planned_end),
                "_rows": pd.DataFrame({"source": [p.source, q.source],
                                       "line": [p.line, q.line]}),
            })
    cols = ["programme_id", "programme", "country", "programme_start", "programme_dates",
            "programme_years", "plan_id", "plan", "plan_dates", "plan_years", "overlap_from",
            "overlap_to", "counted_to", "overlap_years", "planned_overlap_years", "open_ended",
            "planned", "planned_end"]
    out = pd.DataFrame(rows, columns=[*cols, "_rows"])
    for c in ("programme_years", "plan_years", "overlap_from", "overlap_to", "counted_to",
              "overlap_years", "planned_overlap_years"):
        out[c] = out[c].astype("Int64")
    for c in ("open_ended", "planned", "planned_end"):
        out[c] = out[c].astype("boolean")
    out["coincide"] = ((out["programme_years"] == out["plan_years"])
                       & (out["overlap_years"] + out["planned_overlap_years"]
                          == out["plan_years"])).fillna(False).astype("boolean")
    prov = [provenance(r) for r in out["_rows"]]
    out["source"] = pd.array([p[0] for p in prov], dtype="string")
    out["line"] = pd.array([p[1] for p in prov], dtype="string")
    out = out.drop(columns="_rows")
    used = table[table["entity_id"].isin(set(out["programme_id"]) | set(out["plan_id"]))]
    return attach(out.sort_values(["plan_id", "programme_id"]).reset_index(drop=True), used)


def cooperation_events(table: pd.DataFrame, years: tuple[int, int] = (2007, 2008)
                       ) -> pd.DataFrame:
    """The events of ``years`` (MEXT 2008a: joint METI–MEXT fairs and the international
    ones), with whether each was still planned when written and why."""
    ev = table[(table["kind"] == "event") & table["start_year"].between(*years)]
    cols = ["entity_id", "dates", "entity", "entity_en", "planned", "planned_basis",
            "further_mentions", "start", "end", "document", "source", "line", "raw"]
    return ev.sort_values(["start", "entity_id"])[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- findings


def _first(rows: pd.DataFrame, most: int) -> tuple[pd.DataFrame, str]:
    """The first ``most`` rows a finding lists (it records only the numbers it shows), and
    the words that say there are more."""
    return rows.head(most), ("; and others (table above)" if len(rows) > most else "")


def timeline_findings(table: pd.DataFrame, docs: pd.DataFrame) -> Findings:
    """What the chart shows, from ``timeline_entries`` and ``timeline_documents``."""
    f = Findings("Findings")
    if table.empty:
        f.add("The selection holds no entry.")
        return f
    firsts = []
    progs = table[table["kind"] == "programme"].sort_values(["start", "entity_id"])
    for country, g in progs.groupby("country", sort=False):
        r = g.iloc[0]
        d = f.text(table, "timeline_entries", {"entity_id": r["entity_id"]}, "dates")
        firsts.append(f"{country}, {r['entity_en']} ({d})")
    if firsts:
        f.add("First programme of each country in the selection, earliest first: "
              + "; ".join(firsts) + ".")
    opened = docs[docs["open_ended"] > 0]
    if not opened.empty:
        parts = []
        for _, d in opened.iterrows():
            w = {"source": d["source"]}
            n = f.value(docs, "timeline_documents", w, "open_ended", fmt_years)
            date = f.text(docs, "timeline_documents", w, "document_date")
            parts.append(f"{n} from {d['document']} (dated {date})")
        f.add("Open-ended spans stop at the date of the document that states them, and "
              "their status after it is unknown: " + "; ".join(parts) + ".")
    planned = table[table["planned"].astype(bool) | table["planned_from"].notna()]
    if not planned.empty:
        parts = []
        listed, more = _first(planned, 6)
        for _, r in listed.iterrows():
            d = f.text(table, "timeline_entries", {"entity_id": r["entity_id"]}, "dates")
            why = {"stated": "the text says 予定",
                   "after document date": f"it starts after {r['document']}'s date"}.get(
                str(r["planned_basis"]), f"its end lies after {r['document']}'s date")
            parts.append(f"{r['entity_en']} ({d}: {why})")
        f.add("Planned when written, and drawn as planned: " + "; ".join(parts) + more + ".")
    again = table[table["further_mentions"] > 0]
    if not again.empty:
        parts = []
        for _, r in again.iterrows():
            n = f.value(table, "timeline_entries", {"entity_id": r["entity_id"]},
                        "further_mentions", fmt_years)
            parts.append(f"{r['entity_en']} ({n} more)")
        f.add("Dated again elsewhere, each drawn once from its most precise mention (the "
              "others corroborate it, table at the end): " + "; ".join(parts) + ".")
    return f


def sequence_findings(seq: pd.DataFrame) -> Findings:
    """Japan's sequence, from ``japan_sequence``."""
    f = Findings("Findings")
    if seq.empty:
        f.add("The selection holds no Japanese span.")
        return f
    closed = seq[seq["years"].notna() & ~seq["planned"].astype(bool)].sort_values(
        ["years", "start_year", "entity_id"], ascending=[False, True, True])
    if not closed.empty:
        parts = []
        for _, r in closed.head(3).iterrows():
            w = {"entity_id": r["entity_id"]}
            d = f.text(seq, "japan_sequence", w, "dates")
            y = f.value(seq, "japan_sequence", w, "years", fmt_years)
            parts.append(f"{r['entity_en']} ({d}, {y} labelled years)")
        f.add("Japan's longest spans with a stated end: " + "; ".join(parts) + ".")
    opened = seq[seq["open_ended"].astype(bool) & seq["years_to_document"].notna()].sort_values(
        ["start_year", "entity_id"])
    if not opened.empty:
        parts = []
        listed, more = _first(opened, 5)
        for _, r in listed.iterrows():
            w = {"entity_id": r["entity_id"]}
            d = f.text(seq, "japan_sequence", w, "dates")
            y = f.value(seq, "japan_sequence", w, "years_to_document", fmt_years)
            doc = f.value(seq, "japan_sequence", w, "document_year", fmt_year)
            parts.append(f"{r['entity_en']} ({d}: at least {y} labelled years, up to {doc})")
        f.add("Open-ended, so known only up to their document's year, not beyond: "
              + "; ".join(parts) + more + ".")
    ahead = seq[seq["years_after_document"].fillna(0) > 0].sort_values(
        ["start_year", "entity_id"])
    if not ahead.empty:
        parts = []
        listed, more = _first(ahead, 5)
        for _, r in listed.iterrows():
            w = {"entity_id": r["entity_id"]}
            d = f.text(seq, "japan_sequence", w, "dates")
            y = f.value(seq, "japan_sequence", w, "years_after_document", fmt_years)
            doc = f.value(seq, "japan_sequence", w, "document_year", fmt_year)
            kind = "planned" if bool(r["planned"]) or bool(r["planned_end"]) else "scheduled"
            parts.append(f"{r['entity_en']} ({d}: {y} after {doc}, {kind})")
        f.add("Years that lay after their document's date when written: "
              + "; ".join(parts) + more + ".")
    return f


def overlaps_findings(shared: pd.DataFrame) -> Findings:
    """Programmes and plan periods, from ``overlaps``."""
    f = Findings("Findings")
    if shared.empty:
        f.add("No programme and plan period overlap in this selection.")
        return f
    same = shared[shared["coincide"].astype(bool)]
    if not same.empty:
        parts = []
        for _, r in same.iterrows():
            w = {"programme_id": r["programme_id"], "plan_id": r["plan_id"]}
            pd_ = f.text(shared, "overlaps", w, "programme_dates")
            qd = f.text(shared, "overlaps", w, "plan_dates")
            if int(r["planned_overlap_years"]) == 0:
                y = f.value(shared, "overlaps", w, "overlap_years", fmt_years)
                parts.append(f"{r['programme']} ({pd_}) and the {r['plan']} ({qd}) share all "
                             f"{y} labelled years")
            else:
                y = f.value(shared, "overlaps", w, "planned_overlap_years", fmt_years)
                parts.append(f"{r['programme']} ({pd_}) would share all {y} labelled years "
                             f"with the {r['plan']} ({qd}), as planned when written")
        f.add("Spans that coincide in labelled years (not a statement that one was cut to "
              "the other; fiscal plans start in April): " + "; ".join(parts) + ".")
    opened = shared[shared["open_ended"].astype(bool)]
    if not opened.empty:
        parts = []
        listed, more = _first(opened.sort_values(["programme_start", "plan_id"]), 6)
        for _, r in listed.iterrows():
            w = {"programme_id": r["programme_id"], "plan_id": r["plan_id"]}
            y = f.value(shared, "overlaps", w, "overlap_years", fmt_years)
            to = f.value(shared, "overlaps", w, "counted_to", fmt_year)
            parts.append(f"{r['programme']} with the {r['plan']}: {y} (to {to})")
        f.add("Open-ended programmes count only up to their document's year: "
              + "; ".join(parts) + more + ".")
    ahead = shared[shared["planned_overlap_years"] > 0]
    if not ahead.empty:
        parts = []
        listed, more = _first(ahead.sort_values(["programme_start", "plan_id"]), 6)
        for _, r in listed.iterrows():
            w = {"programme_id": r["programme_id"], "plan_id": r["plan_id"]}
            y = f.value(shared, "overlaps", w, "planned_overlap_years", fmt_years)
            parts.append(f"{r['programme']} with the {r['plan']}: {y}")
        f.add("Years shared only as planned (after the documents' dates), not counted as "
              "shared: " + "; ".join(parts) + more + ".")
    return f


def events_findings(events: pd.DataFrame) -> Findings:
    """The cooperation events, from ``cooperation_events``."""
    f = Findings("Findings")
    if events.empty:
        f.add("No cooperation event in this selection.")
        return f
    first, last = events.iloc[0], events.iloc[-1]
    d1 = f.text(events, "cooperation_events", {"entity_id": first["entity_id"]}, "dates")
    d2 = f.text(events, "cooperation_events", {"entity_id": last["entity_id"]}, "dates")
    docs = " and ".join(dict.fromkeys(events["document"].astype(str)))
    f.add(f"{docs} lists events from {d1} ({first['entity_en']}) to {d2} "
          f"({last['entity_en']}).")
    planned = events[events["planned"].astype(bool)]
    if not planned.empty:
        parts = []
        for _, r in planned.iterrows():
            d = f.text(events, "cooperation_events", {"entity_id": r["entity_id"]}, "dates")
            why = "予定: the text says it is planned" if r["planned_basis"] == "stated" else \
                "it starts after the document's date"
            parts.append(f"{r['entity_en']} ({d}; {why})")
        f.add("Still planned when written, so drawn hollow: " + "; ".join(parts) + ". "
              "Whether they took place is not in the documents.")
    return f


# --------------------------------------------------------------------------- tables




def entries_table(table: pd.DataFrame) -> Table:
    data = table.copy()
    data["open end"] = [f"status unknown after {d}" if bool(o) else "" for d, o in
                        zip(data["document_date"], data["open_ended"], strict=True)]
    data["planned when written"] = [
        {"stated": "yes (予定)", "after document date": "yes (after its date)"}.get(
            str(b), "end only" if not pd.isna(pf) else "") if bool(p) or not pd.isna(pf)
        else "" for p, b, pf in zip(data["planned"], data["planned_basis"],
                                    data["planned_from"], strict=True)]
    return present_table(
        data, "timeline-entries",
        columns=["country", "kind", "dates", "entity_en", "open end", "planned when written",
                 "further_mentions", "document", "source", "line"],
        labels={"entity_en": "entry", "further_mentions": "also dated in",
                "source": "file"},
        formats={"further_mentions": lambda v: "" if int(v) == 0 else
                 f"{int(v)} more line{'s' if int(v) > 1 else ''}"})


def sequence_table(seq: pd.DataFrame) -> Table:
    return present_table(
        seq, "japan-sequence",
        columns=["dates", "kind", "entity_en", "years", "document_year", "years_to_document",
                 "years_after_document", "source", "line"],
        labels={"entity_en": "entry", "years": "years (as stated)",
                "document_year": "document of", "years_to_document": "years to the document",
                "years_after_document": "years after it", "source": "file"},
        formats={"document_year": fmt_year, "open_ended": fmt_yes_no})


def overlaps_table(shared: pd.DataFrame) -> Table:
    return present_table(
        shared, "overlaps",
        columns=["plan", "plan_dates", "programme", "programme_dates", "overlap_from",
                 "overlap_to", "counted_to", "overlap_years", "planned_overlap_years"],
        labels={"plan_dates": "plan period", "programme_dates": "programme dates",
                "overlap_from": "from", "overlap_to": "to", "counted_to": "counted up to",
                "overlap_years": "years shared", "planned_overlap_years":
                "more years, as planned"},
        formats={"overlap_from": fmt_year, "overlap_to": fmt_year, "counted_to": fmt_year},
        cited=[citable(shared)])


def events_table(events: pd.DataFrame) -> Table:
    data = events.copy()
    data["planned when written"] = [
        ("yes (予定)" if b == "stated" else "yes (after its date)") if bool(p) else "no"
        for p, b in zip(data["planned"], data["planned_basis"], strict=True)]
    return present_table(
        data, "cooperation-events",
        columns=["dates", "entity", "entity_en", "planned when written", "source", "line"],
        labels={"entity": "event (as written)", "entity_en": "event (English)",
                "source": "file"})


def mentions_table(merged: pd.DataFrame) -> Table:
    return present_table(
        merged, "merged-mentions",
        columns=["entity_en", "kept_source", "kept_line", "kept_precision", "kept_raw",
                 "source", "line", "precision", "raw"],
        labels={"entity_en": "entry", "kept_source": "drawn from (file)",
                "kept_line": "line ", "kept_precision": "precision ", "kept_raw": "as written",
                "source": "also dated in (file)", "raw": "as written "})


# --------------------------------------------------------------------------- figures


def _gantt_rows(table: pd.DataFrame) -> list[tuple[str, pd.Series | None]]:
    """The chart's rows top to bottom: a header row per country, then its entries."""
    rows: list[tuple[str, pd.Series | None]] = []
    for country, group in table.groupby("country", sort=False):
        rows.append((str(country), None))
        rows.extend((str(country), r) for _, r in group.iterrows())
    return rows


def gantt_caption(table: pd.DataFrame) -> Caption:
    return caption(citable(table), text=(
        "Open-ended spans end at the date of the document that states them (?: status "
        "unknown after); hatched: planned when written; ◀ ▶: runs on beyond the window; a "
        "single-day plan is a point in its kind's colour; (+n): dated again on n more lines, "
        "drawn once."))


def _legend(ax: plt.Axes, kinds: set[str], height: float) -> None:
    """Two rows: the kinds' colours, then how a span or point is drawn (the swatches use
    the bars' own hatch and end mark)."""
    grey = "0.45"
    first: list[tuple[object, str]] = [(Patch(color=KIND_COLORS[k]), k) for k in SPAN_KINDS
                                       if k in kinds]
    second: list[tuple[object, str]] = [
        ((Patch(facecolor=grey, lw=0),
          Line2D([], [], marker=UNKNOWN_MARK, ls="", color="0.15", ms=9)),
         "open-ended: to its document's date, status unknown after"),
        (Patch(facecolor=grey, hatch=PLANNED_HATCH, edgecolor="white", lw=0),
         "planned when written"),
        (Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"]), "event"),
        (Line2D([], [], marker="D", ls="", color=KIND_COLORS["event"], mfc="white", mew=1.6),
         "event still planned"),
    ]
    n = max(len(first), len(second))
    blank = (Patch(alpha=0), "")
    first += [blank] * (n - len(first))
    second += [blank] * (n - len(second))
    items = [x for pair in zip(first, second, strict=True) for x in pair]  # column by column
    ax.legend(handles=[h for h, _ in items], labels=[lab for _, lab in items],
              loc="upper center", bbox_to_anchor=(0.4, -1.1 / height), ncol=n, frameon=False,
              fontsize=9, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.0)})


def plot_gantt(table: pd.DataFrame, start_year: int, end_year: int) -> Figure:
    """Spans as bars: an open-ended one stops at its document's date with a '?' (status
    unknown after), planned spans and the planned part of an end are hatched; events are
    points (hollow: planned)."""
    title = f"Cluster policies on one time axis, {start_year}–{end_year}"
    if table.empty:
        return figures.empty_figure(title, "Nothing in the documents for this selection.",
                                    gantt_caption(table).plain())
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
        labels.append(figures.wrap_label(
            f"{figures.short_label(r['entity_en'], 58)}  [{r['dates']}]{extra}", 64,
            max_lines=2))
        color = KIND_COLORS.get(str(r["kind"]), "0.5")
        start, end = float(r["start"]), float(r["end"])
        if bool(r["is_point"]):
            if lo_lim <= start <= hi_lim:
                ax.plot(start, yi, "D", ms=7, color=color,
                        mfc="white" if bool(r["planned"]) else color, mew=1.6)
            continue
        lo, hi = max(start, lo_lim), min(end, hi_lim)
        split = float(r["planned_from"]) if not pd.isna(r["planned_from"]) else hi
        split = min(max(split, lo), hi)
        if split > lo:
            ax.barh(yi, split - lo, left=lo, height=0.6, color=color, lw=0)
        if hi > split:
            ax.barh(yi, hi - split, left=split, height=0.6, color=color,
                    hatch=PLANNED_HATCH, edgecolor="white", lw=0)
        if bool(r["open_ended"]) and end <= hi_lim:
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
    kinds = set(table["kind"]) | ({"plan"} if table["is_point"].astype(bool).any() else set())
    _legend(ax, kinds, height)
    return figures.finish(fig, gantt_caption(table).plain())


def overlaps_caption(shared: pd.DataFrame) -> Caption:
    return caption(citable(shared), text=(
        "Labelled years counted inclusively, only up to the earlier document's year; "
        "'+n planned': further years the documents planned (hatched where only planned)."))


def plot_overlaps(table: pd.DataFrame) -> Figure:
    """Years each programme (rows) shares with each plan period (columns), as a grid:
    the count up to the documents' dates, and apart from it the years only planned."""
    import seaborn as sns

    title = "Years each programme shares with each Basic Plan period"
    if table.empty:
        return figures.empty_figure(
            title, "No programme and plan period overlap in this selection\n(plans are "
            "Japanese: select Japan and the kinds 'plan' and 'programme').",
            overlaps_caption(table).plain())
    plan_order = table.drop_duplicates("plan").sort_values("plan_dates")["plan"].tolist()
    prog_order = (table.drop_duplicates("programme")
                  .sort_values(["programme_start", "programme"])["programme"].tolist())

    def grid(column: str) -> pd.DataFrame:
        g = table.pivot_table(index="programme", columns="plan", values=column,
                              aggfunc="sum", observed=True)
        return g.reindex(index=prog_order, columns=plan_order).astype(float)

    known, planned = grid("overlap_years"), grid("planned_overlap_years")
    annot = known.copy().astype(object)
    for i in range(known.shape[0]):
        for j in range(known.shape[1]):
            k, p = known.iat[i, j], planned.iat[i, j]
            if np.isnan(k) and np.isnan(p):
                annot.iat[i, j] = ""
            elif p and not np.isnan(p):
                annot.iat[i, j] = (f"{fmt_years(k)}\n" if k else "") + f"+{fmt_years(p)} planned"
            else:
                annot.iat[i, j] = fmt_years(k)
    fig, ax = plt.subplots(figsize=(9.5, 0.5 * len(known) + 2.3))
    shown = known.where(~(known.isna() & planned.notna()), 0.0)
    sns.heatmap(shown, annot=annot, fmt="", cmap="Greens", cbar_kws={"label": "Years shared"},
                linewidths=0.5, linecolor="white", ax=ax, vmin=0, vmax=5,
                annot_kws={"fontsize": 9})
    for i in range(known.shape[0]):
        for j in range(known.shape[1]):
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
    return figures.finish(fig, overlaps_caption(table).plain())


def events_caption(events: pd.DataFrame) -> Caption:
    return caption(citable(events), text="Hollow: still planned when written (予定); a "
                   "fiscal-year event is drawn over its fiscal year.")


def plot_events(events: pd.DataFrame) -> Figure:
    """The cooperation events on a month axis, Japanese names with English beneath."""
    title = "Cluster cooperation events (hollow: still planned when written)"
    if events.empty:
        return figures.empty_figure(title, "No cooperation event in this selection.",
                                    events_caption(events).plain())
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(events) + 1.8))
    y = np.arange(len(events))
    for yi, r in zip(y, events.itertuples(index=False), strict=True):
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
              + figures.wrap_label(r.entity_en, 80, 1) for r in events.itertuples(index=False)]
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.set_ylim(len(events) - 0.5, -0.5)
    lo = float(np.floor(events["start"].min()))
    hi = float(np.ceil(events["start"].max() + 0.01))
    ax.set_xlim(lo, hi + 0.5)
    ticks = np.arange(lo, hi + 0.01, 0.25)
    months = ("Jan", "Apr", "Jul", "Oct")
    ax.set_xticks(ticks, [f"{months[round(float(t % 1) * 4) % 4]}"
                          + (f"\n{int(t)}" if round(float(t % 1) * 4) % 4 == 0 else "")
                          for t in ticks])
    ax.set_xlabel("Date (month, year)")
    first, last = int(events["start"].min()), int(events["start"].max())
    ax.set_title(f"Cluster cooperation events, {first}–{last} (hollow: still planned when "
                 "written)")
    return figures.finish(fig, events_caption(events).plain())


def short_sources(table: pd.DataFrame) -> str:
    """'METI 2005, MEXT 2002' for the documents a table's rows come from."""
    return ", ".join(short_citation(s) for s in dict.fromkeys(table["source"].astype(str)))
