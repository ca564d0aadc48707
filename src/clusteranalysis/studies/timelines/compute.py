"""The timelines study's computations: tables in, tables out.

:func:`results` computes every result table of ``03_timelines`` once from the processed
``timeline``, ``timeline_mentions`` and ``documents`` tables and the notebook's parameters.
The build has already kept one row per entity in ``timeline`` (its most precise mention,
:mod:`clusteranalysis.build.rules`); nothing here deduplicates again. Every table is typed
by its declaration (:mod:`clusteranalysis.metadata.results.timelines`) when it is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce
from clusteranalysis.metadata.judgements import parse_about, parse_evidence
from clusteranalysis.metadata.results.timelines import RESULTS
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies import Parameters, Results

#: Kinds drawn as spans, in the order rows are grouped within a country.
SPAN_KINDS = ("policy era", "law", "plan", "programme", "programme phase")
#: The kinds :func:`overlaps` puts beside the plan periods.
PROGRAMME_KINDS = ("programme", "programme phase")
KIND_ORDER = (*SPAN_KINDS, "event")
#: Spans shorter than this (in years: about two weeks) are drawn as points.
POINT_YEARS = 0.04
#: Precisions too rough to count years by ('1970s~mid-1990s').
DECADE_PRECISIONS = ("decade", "mid-decade")


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A result table with its declared columns, in order, and their dtypes."""
    return coerce(RESULTS[name], df.reset_index(drop=True))


# --------------------------------------------------------------------------- dates


def position(date: pd.Timestamp | None, year: int, end: bool) -> float:
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


def _end(r: pd.Series, start: float, doc_end: float) -> float:
    """Where an entry ends on the axis: an open-ended one at its document's date (never
    later: the document cannot know), a single day or month at its last day."""
    if bool(r["open_ended"]) or pd.isna(r["end_year"]):
        return max(doc_end, start)
    if pd.isna(r["end_date"]) and not pd.isna(r["start_date"]) and str(
            r["end_precision"]) in ("day", "month"):
        step = pd.offsets.MonthEnd(0) if str(r["end_precision"]) == "month" else \
            pd.Timedelta(0)
        return position(pd.Timestamp(r["start_date"]) + step, int(r["end_year"]), end=True)
    return position(r["end_date"], int(r["end_year"]), end=True)


# --------------------------------------------------------------------------- the register


@dataclass(frozen=True)
class Continuation:
    """The register's continuation judgement about a timeline entity: its id, the reading
    used ('runs to 2008', 'planned end 2004'), that reading's year, and the document lines
    its evidence quotes (source, line, words)."""

    judgement_id: str
    reading: str
    year: int
    quotes: tuple[tuple[str, int, str], ...]

    @property
    def runs_to(self) -> bool:
        return self.reading.startswith("runs to ")

    @property
    def under_way(self) -> bool:
        return self.reading.startswith("under way in ")

    @property
    def planned_end(self) -> bool:
        return self.reading.startswith("planned end ")

    def later_document(self, own: str) -> str | None:
        """The first document the evidence quotes other than ``own``."""
        return next((q[0] for q in self.quotes if q[0] != own), None)

    def basis(self, own_line: int) -> str | None:
        """The words of the first line the evidence quotes other than the entry's own: the
        basis its reading rests on ('FY 2004 industrial cluster study group data')."""
        return next((q[2] for q in self.quotes if q[1] != own_line), None)


def continuations(judgements: pd.DataFrame, readings: pd.DataFrame
                  ) -> dict[str, Continuation]:
    """The register's continuation judgements, by the timeline entity they are about."""
    out: dict[str, Continuation] = {}
    for r in judgements[judgements["kind"] == "continuation"].itertuples(index=False):
        jid = str(r.judgement_id)
        used = readings[(readings["judgement_id"] == jid) & readings["used"].astype(bool)]
        quotes = tuple((str(e.source), int(e.line), str(e.quote))
                       for text in used["evidence"].dropna() for e in parse_evidence(str(text))
                       if e.source is not None and e.line is not None)
        values = used["value"].dropna()
        if values.empty:
            continue
        for ref in parse_about(str(r.about)):
            if ref.table == "timeline":
                out[ref.key[0]] = Continuation(jid, str(r.reading), int(values.iloc[0]),
                                               quotes)
    return out


# --------------------------------------------------------------------------- entries


def entries(timeline: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
            start_year: int = 1970, end_year: int = 2020,
            countries: Sequence[str] | None = None,
            kinds: Sequence[str] | None = None,
            continued: Mapping[str, Continuation] | None = None) -> pd.DataFrame:
    """The entries overlapping ``start_year``–``end_year``, ready to draw (``timeline_entries``).

    ``kinds=None`` means every kind the notebook parameters allow (vocab.STUDY_TIMELINE_KINDS:
    the overseas clusters' development histories are left out). ``start``/``end`` are
    fractional years. Each entry carries its document's date (``document_date`` as the
    ``documents`` table gives it, ``document_end``: the day after the last day that date can
    mean); an open-ended span ends there (``end``), whatever the window, and its status after
    is unknown. ``planned_from`` is where the planned part of a span begins (its start for a
    planned entry, its document's date for a planned end that lies after it). The window
    selects entries; it never lengthens one. An open-ended span a later document shows to
    continue (``continued``, :func:`continuations`: the register's reading 'runs to 2008')
    runs on to that document's date, marked (``continued_from``: where its own document
    stops; ``continued_by``, ``continued_to``, ``continuation_judgement``); its status after
    is still unknown. A term planned when written that a later document shows under way
    (the reading 'under way in 2008') is known from its start to that document's date
    (``continued_from`` its start) and planned only after it (``planned_from``).
    ``further_mentions`` counts the entity's corroborating mentions
    (``timeline_mentions``). Events are points (``is_point``). Sorted by country
    (vocab.COUNTRIES order), kind, start, entity.
    """
    kinds = list(kinds) if kinds is not None else list(vocab.STUDY_TIMELINE_KINDS)
    docs = documents.set_index("source")
    df = timeline[timeline["kind"].isin(kinds)]
    if countries is not None:
        df = df[df["country"].isin(list(countries))]
    counts = mentions["entity_id"].value_counts()
    window_end = float(end_year + 1)
    rows = []
    for _, r in df.iterrows():
        doc = docs.loc[str(r["source"])]
        doc_end = position(doc["last_day"], int(doc["year"]), end=True)
        start = position(r["start_date"], int(r["start_year"]), end=False)
        end = _end(r, start, doc_end)
        open_ended = bool(r["open_ended"]) or pd.isna(r["end_year"])
        judged = (continued or {}).get(str(r["entity_id"]))
        later, continued_from, under_way_to = None, None, None
        later_doc = judged.later_document(str(r["source"])) if judged is not None else None
        if later_doc is not None:
            other = docs.loc[later_doc]
            later_end = position(other["last_day"], int(other["year"]), end=True)
            if judged.runs_to and open_ended and later_end > end:
                continued_from, end, later = end, later_end, judged
            elif judged.under_way and bool(r["planned"]) and later_end > start:
                # a term planned when written that a later document shows under way:
                # known up to that document's date, planned after it
                continued_from, later, under_way_to = start, judged, later_end
        if end <= start_year or start >= window_end:
            continue
        planned = bool(r["planned"])
        planned_from: float | None = None
        planned_end_basis = None
        if under_way_to is not None:
            planned_from = under_way_to if under_way_to < end else None
        elif planned:
            planned_from = start
        elif end > doc_end and continued_from is None:
            # the part after its document's date was still to come when written, whether
            # the end is marked as planned ('1999~(2006)') or not ('2001~5' in June 2005)
            planned_from = max(doc_end, start)
        elif (bool(r["planned_end"]) and judged is not None and judged.planned_end
              and judged.year == r["end_year"]):
            # an end planned in the data the document presents (Finland's '(2004)' in
            # METI's FY2004 data): the span ran to that year, the end itself was a plan, and
            # the status after it is unknown
            planned_end_basis = judged.basis(int(r["line"]))
        rows.append({
            "entity_id": r["entity_id"], "entity": r["entity"], "entity_en": r["entity_en"],
            "country": r["country"], "kind": r["kind"],
            "start_year": r["start_year"], "end_year": r["end_year"],
            "dates": date_label(r), "start": start, "end": end,
            "is_point": str(r["kind"]) == "event" or end - start < POINT_YEARS,
            "open_ended": open_ended, "planned_end": r["planned_end"],
            "planned": planned, "planned_basis": r["planned_basis"],
            "planned_from": planned_from,
            "status_after_end": "unknown" if open_ended or planned_end_basis else None,
            "planned_end_basis": planned_end_basis,
            "continued_from": continued_from,
            "continued_by": None if later is None else docs.loc[later_doc]["citation"],
            "continued_to": None if later is None else later.year,
            "continuation_judgement": None if judged is None else judged.judgement_id,
            "document": doc["citation"], "document_date": doc["document_date"],
            "document_year": doc["year"], "document_end": doc_end,
            "precision": r["start_precision"], "end_precision": r["end_precision"],
            "further_mentions": counts.get(r["entity_id"], 0),
            "source": r["source"], "line": r["line"], "raw": r["raw"],
        })
    out = pd.DataFrame(rows, columns=RESULTS["timeline_entries"].columns)
    country_rank = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    order = pd.DataFrame({"c": [country_rank.get(str(c), 99) for c in out["country"]],
                          "k": [kind_rank.get(str(k), 99) for k in out["kind"]],
                          "start": out["start"], "entity_id": out["entity_id"]})
    out = out.loc[order.sort_values(["c", "k", "start", "entity_id"]).index]
    return _typed("timeline_entries", out)


def entry_documents(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The documents the selected entries come from (``timeline_documents``): date (and
    where it comes from), entries, open-ended ones (which stop at that date) and planned
    ones, in the order of ``documents``."""
    rows = []
    for _, d in documents.iterrows():
        g = table[table["source"] == d["source"]]
        if g.empty:
            continue
        rows.append({
            "document": d["citation"], "document_date": d["document_date"],
            "date_basis": d["date_basis"], "entries": len(g),
            "open_ended": int(g["open_ended"].sum()),
            "planned": int((g["planned"] | g["planned_from"].notna()
                            | g["planned_end_basis"].notna()).sum()),
            "source": d["source"],
        })
    out = pd.DataFrame(rows, columns=["document", "document_date", "date_basis", "entries",
                                      "open_ended", "planned", "source"])
    out = with_provenance(out, lambda r: table[table["source"] == r["source"]])
    return _typed("timeline_documents", out)


# --------------------------------------------------------------------------- durations


def durations(table: pd.DataFrame) -> pd.DataFrame:
    """Each span's length in the years the documents label (inclusive: 1983–1998 is 16).

    ``years`` is the length as stated (empty for an open-ended span: it has none, and for
    a span dated by decade, '1970s~mid-1990s': a count of years would be more precise than
    the text); ``years_to_document`` counts the labelled years from the start up to the
    document's year (for an open-ended span, how long it is known to have run at least: to
    the year a later document shows it in, where one does; likewise for a planned term a
    later document shows under way),
    and ``years_after_document`` the stated years after it (planned or scheduled when
    written).
    """
    spans = table[~table["is_point"]].copy()
    spans["dated_by_decade"] = (spans["precision"].isin(DECADE_PRECISIONS)
                                | spans["end_precision"].isin(DECADE_PRECISIONS))
    open_ended = spans["open_ended"]
    stated = (spans["end_year"] - spans["start_year"] + 1).where(~open_ended)
    # an open-ended span is known to run to its document's year, or to the year a later
    # document shows it in
    known = spans["continued_to"].fillna(spans["document_year"])
    last = spans["end_year"].where(~open_ended, known)
    known_to = np.minimum(last, known)
    to_doc = (known_to - spans["start_year"] + 1).clip(lower=0)
    spans["years"] = stated
    spans["years_to_document"] = to_doc
    spans["years_after_document"] = (stated - to_doc).clip(lower=0)
    for c in ("years", "years_to_document", "years_after_document"):
        spans[c] = spans[c].mask(spans["dated_by_decade"])
    return _typed("durations", spans[RESULTS["durations"].columns])


def japan_sequence(spans: pd.DataFrame) -> pd.DataFrame:
    """Japan's policy sequence (eras, laws, plans, programmes, terms) in order of start:
    its rows of :func:`durations` (``spans``)."""
    j = spans[spans["country"] == "Japan"]
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    j = j.assign(_k=[kind_rank[str(k)] for k in j["kind"]])
    j = j.sort_values(["start_year", "_k", "entity_id"]).drop(columns="_k")
    return _typed("japan_sequence", j)


# --------------------------------------------------------------------------- overlaps


def overlaps(table: pd.DataFrame) -> pd.DataFrame:
    """Which programmes and programme terms ran during which plan period, and for how long.

    Counted in labelled years, inclusive (a plan FY2001–FY2005 and a term 2001–2005 share
    five years), although plans run in fiscal years from April. ``overlap_years`` counts
    only up to the earlier of the two documents' years (for a programme a later document
    shows to continue, that document's year): an open-ended programme stops there, and
    years after it are never counted as shared. ``planned_overlap_years`` are the
    stated years after that date that a planned term or a planned end would share (what the
    documents planned, not what happened). Plan periods are plans longer than one year
    (the 2008 strategy is a single day). Each row cites the programme's line and the plan's.
    """
    plans = table[(table["kind"] == "plan") & (table["end_year"] > table["start_year"])]
    progs = table[table["kind"].isin(list(PROGRAMME_KINDS))]
    rows = []
    for p in progs.itertuples(index=False):
        p_known = int(p.document_year) if pd.isna(p.continued_to) else int(p.continued_to)
        p_end = p_known if p.open_ended else int(p.end_year)
        for q in plans.itertuples(index=False):
            lo = max(int(p.start_year), int(q.start_year))
            hi = min(p_end, int(q.end_year))
            if hi < lo:
                continue
            known_to = min(p_known, int(q.document_year))
            known = max(0, min(hi, known_to) - lo + 1)
            planned = (hi - lo + 1) - known
            programme_years = None if p.open_ended else int(p.end_year) - int(p.start_year) + 1
            plan_years = int(q.end_year) - int(q.start_year) + 1
            rows.append({
                "programme_id": p.entity_id, "programme": p.entity_en,
                "country": p.country, "programme_start": p.start,
                "programme_dates": p.dates, "programme_years": programme_years,
                "plan_id": q.entity_id, "plan": q.entity_en, "plan_dates": q.dates,
                "plan_years": plan_years, "overlap_from": lo, "overlap_to": hi,
                "counted_to": known_to, "overlap_years": known,
                "planned_overlap_years": planned, "open_ended": p.open_ended,
                "planned": p.planned, "planned_end": p.planned_end,
                "continued_by": p.continued_by,
                "continuation_judgement": p.continuation_judgement,
                "coincide": programme_years == plan_years and known + planned == plan_years,
            })
    columns = [c for c in RESULTS["overlaps"].columns if c not in ("source", "line")]
    out = pd.DataFrame(rows, columns=columns).sort_values(["plan_id", "programme_id"])
    out = with_provenance(out, lambda r: table[table["entity_id"].isin(
        [r["programme_id"], r["plan_id"]])])
    return _typed("overlaps", out)


def cooperation_events(table: pd.DataFrame, years: tuple[int, int] = (2007, 2008)
                       ) -> pd.DataFrame:
    """The events of ``years`` (MEXT 2008a: joint METI–MEXT fairs and the international
    ones), with whether each was still planned when written and why."""
    ev = table[(table["kind"] == "event") & table["start_year"].between(*years)]
    ev = ev.sort_values(["start", "entity_id"])
    return _typed("cooperation_events", ev[RESULTS["cooperation_events"].columns])


def merged_mentions(timeline: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Each further mention (``timeline_mentions``) beside the one the timeline keeps: a
    corroborating source, not a second entry. One row per mention, with the mention's own
    ``source``, ``line`` and ``raw`` and where the kept one stands (``kept_source``,
    ``kept_line``, ``kept_raw``): a row stands on both lines."""
    kept = timeline.set_index("entity_id")
    rows = []
    for r in mentions.sort_values(["entity_id", "source", "line"]).itertuples(index=False):
        k = kept.loc[r.entity_id]
        rows.append({
            "entity_id": r.entity_id, "entity_en": k["entity_en"],
            "kept_source": k["source"], "kept_line": k["line"],
            "kept_precision": k["start_precision"], "kept_raw": k["raw"],
            "precision": r.start_precision, "agrees_on_start": r.start_year == k["start_year"],
            "source": r.source, "line": r.line, "raw": r.raw,
        })
    out = pd.DataFrame(rows, columns=RESULTS["merged_mentions"].columns)
    return _typed("merged_mentions", out)


# --------------------------------------------------------------------------- all at once


def results(inputs: Results, parameters: Parameters) -> dict[str, pd.DataFrame]:
    """Every result table of ``03_timelines``, computed once, by its declared name.

    ``inputs`` holds the tables of :data:`clusteranalysis.studies.timelines.INPUTS`;
    ``parameters`` the notebook's (checked by ``studies.check_parameters``): the window
    (``start_year``, ``end_year``) and the ``countries`` and ``kinds`` selected. The
    corroborating mentions are listed for the whole timeline, whatever the selection.
    """
    timeline, mentions = inputs["timeline"], inputs["timeline_mentions"]
    continued = continuations(inputs["judgements"], inputs["judgement_readings"])
    table = entries(timeline, mentions, inputs["documents"], parameters["start_year"],
                    parameters["end_year"], parameters["countries"], parameters["kinds"],
                    continued)
    spans = durations(table)
    return {
        "timeline_entries": table,
        "timeline_documents": entry_documents(table, inputs["documents"]),
        "japan_sequence": japan_sequence(spans),
        "durations": spans,
        "overlaps": overlaps(table),
        "cooperation_events": cooperation_events(table),
        "merged_mentions": merged_mentions(timeline, mentions),
    }
