"""The timelines study's findings: sentences whose every number is a result-table cell.

Each function takes the run's results and parameters and returns a
:class:`~clusteranalysis.present.findings.Findings`, which records the table, row and column
of every number and date it states, so ``check_findings`` can hold it to the CSVs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import fmt_year
from clusteranalysis.studies.timelines.tables import fmt_years

Results = Mapping[str, pd.DataFrame]
Parameters = Mapping[str, Any]


def _first(rows: pd.DataFrame, most: int) -> tuple[pd.DataFrame, str]:
    """The first ``most`` rows a finding lists (it records only the numbers it shows), and
    the words that say there are more."""
    return rows.head(most), ("; and others (table above)" if len(rows) > most else "")


def timeline(results: Results, parameters: Parameters) -> Findings:
    """What the chart shows, from ``timeline_entries`` and ``timeline_documents``."""
    table, docs = results["timeline_entries"], results["timeline_documents"]
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
    planned = table[table["planned"] | table["planned_from"].notna()]
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


def sequence(results: Results, parameters: Parameters) -> Findings:
    """Japan's sequence, from ``japan_sequence``."""
    seq = results["japan_sequence"]
    f = Findings("Findings")
    if seq.empty:
        f.add("The selection holds no Japanese span.")
        return f
    closed = seq[seq["years"].notna() & ~seq["planned"]].sort_values(
        ["years", "start_year", "entity_id"], ascending=[False, True, True])
    if not closed.empty:
        parts = []
        for _, r in closed.head(3).iterrows():
            w = {"entity_id": r["entity_id"]}
            d = f.text(seq, "japan_sequence", w, "dates")
            y = f.value(seq, "japan_sequence", w, "years", fmt_years)
            parts.append(f"{r['entity_en']} ({d}, {y} labelled years)")
        f.add("Japan's longest spans with a stated end: " + "; ".join(parts) + ".")
    opened = seq[seq["open_ended"] & seq["years_to_document"].notna()].sort_values(
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


def overlaps(results: Results, parameters: Parameters) -> Findings:
    """Programmes and plan periods, from ``overlaps``."""
    shared = results["overlaps"]
    f = Findings("Findings")
    if shared.empty:
        f.add("No programme and plan period overlap in this selection.")
        return f
    same = shared[shared["coincide"]]
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
    opened = shared[shared["open_ended"]]
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


def events(results: Results, parameters: Parameters) -> Findings:
    """The cooperation events, from ``cooperation_events``."""
    events = results["cooperation_events"]
    f = Findings("Findings")
    if events.empty:
        f.add("No cooperation event in this selection.")
        return f
    first, last = events.iloc[0], events.iloc[-1]
    d1 = f.text(events, "cooperation_events", {"entity_id": first["entity_id"]}, "dates")
    d2 = f.text(events, "cooperation_events", {"entity_id": last["entity_id"]}, "dates")
    docs = " and ".join(dict.fromkeys(events["document"]))
    f.add(f"{docs} lists events from {d1} ({first['entity_en']}) to {d2} "
          f"({last['entity_en']}).")
    planned = events[events["planned"]]
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
