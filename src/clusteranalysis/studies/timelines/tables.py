"""The timelines study's display tables: each takes the run's results and parameters.

Each function lays out one result table for the reader (``present.table``: its columns,
labels and formats); the note under it cites the lines its rows stand on.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.present.formats import fmt_number, fmt_year, fmt_yes_no
from clusteranalysis.present.tables import Caption, Table, caption, citable
from clusteranalysis.present.tables import table as present_table
from clusteranalysis.studies import Parameters, Results


def fmt_years(v: float) -> str:
    """A number of labelled years: 5."""
    return fmt_number(v, 0)


def kept_lines(merged: pd.DataFrame) -> pd.DataFrame:
    """The lines the kept mentions of ``merged_mentions`` stand on (``kept_source``,
    ``kept_line``) as ``source`` and ``line``: a corroboration cites both its lines."""
    return pd.DataFrame({"source": merged["kept_source"], "line": merged["kept_line"]})


def _shown_by(r: pd.Series) -> str:
    """Where a later document shows the entry going on ('shown in 2008 by MEXT 2008a')."""
    return f"shown in {int(r['continued_to'])} by {r['continued_by']}"


def _open_end(r: pd.Series) -> str:
    """An open end's status: unknown after its document's date, or after the later
    document's that shows it going on."""
    if not bool(r["open_ended"]):
        return ""
    if pd.isna(r["continued_by"]):
        return f"status unknown after {r['document_date']}"
    return f"status unknown after {int(r['continued_to'])} ({_shown_by(r)})"


def _planned_when_written(r: pd.Series) -> str:
    """Whether the entry, or only its end, was a plan when written, and why; with the later
    document that shows a planned term under way."""
    if not (bool(r["planned"]) or pd.notna(r["planned_from"])):
        return ""
    why = {"stated": "yes (予定)", "after document date": "yes (after its date)"}.get(
        str(r["planned_basis"]), "the part after its date" if pd.notna(r["planned_from"]) else "")
    return why + (f"; {_shown_by(r)}" if pd.notna(r["continued_by"]) else "")


def entries(results: Results, parameters: Parameters) -> Table:
    """Every entry of the selection: its dates, whether its end is open or it was planned,
    and how many more lines date it."""
    data = results["timeline_entries"].copy()
    data["open end"] = [_open_end(r) for _, r in data.iterrows()]
    data["planned when written"] = [_planned_when_written(r) for _, r in data.iterrows()]
    return present_table(
        data, "timeline-entries",
        columns=["country", "kind", "dates", "entity_en", "open end", "planned when written",
                 "further_mentions", "document", "source", "line"],
        labels={"entity_en": "entry", "further_mentions": "also dated in",
                "source": "file"},
        formats={"further_mentions": lambda v: "" if int(v) == 0 else
                 f"{int(v)} more line{'s' if int(v) > 1 else ''}"})


def sequence(results: Results, parameters: Parameters) -> Table:
    """Japan's spans in order of start, with their labelled years."""
    return present_table(
        results["japan_sequence"], "japan-sequence",
        columns=["dates", "kind", "entity_en", "years", "document_year", "continued_to",
                 "years_to_document", "years_after_document", "source", "line"],
        labels={"entity_en": "entry", "years": "years (as stated)",
                "document_year": "document of",
                "continued_to": "shown running to (a later document)",
                "years_to_document": "years known (to the later document, where one)",
                "years_after_document": "years after it", "source": "file"},
        formats={"document_year": fmt_year, "continued_to": fmt_year,
                 "open_ended": fmt_yes_no})


def overlaps(results: Results, parameters: Parameters) -> Table:
    """The years each programme shares with each plan period, counted and planned."""
    shared = results["overlaps"]
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


def events(results: Results, parameters: Parameters) -> Table:
    """The cooperation events, as written and in English, and whether each was planned."""
    data = results["cooperation_events"].copy()
    data["planned when written"] = [
        ("yes (予定)" if b == "stated" else "yes (after its date)") if bool(p) else "no"
        for p, b in zip(data["planned"], data["planned_basis"], strict=True)]
    return present_table(
        data, "cooperation-events",
        columns=["dates", "entity", "entity_en", "planned when written", "source", "line"],
        labels={"entity": "event (as written)", "entity_en": "event (English)",
                "source": "file"})


def mentions(results: Results, parameters: Parameters) -> Table:
    """Each corroborating mention beside the mention the timeline keeps; the note cites
    the lines of both."""
    merged = results["merged_mentions"]
    return present_table(
        merged, "merged-mentions",
        columns=["entity_en", "kept_source", "kept_line", "kept_precision", "kept_raw",
                 "source", "line", "precision", "raw"],
        labels={"entity_en": "entry", "kept_source": "drawn from (file)",
                "kept_line": "line ", "kept_precision": "precision ", "kept_raw": "as written",
                "source": "also dated in (file)", "raw": "as written "},
        cited=[merged, kept_lines(merged)])


def sources(results: Results, parameters: Parameters) -> Caption:
    """Every line the run's result tables stand on (the notebook's Sources cell)."""
    return caption(citable(*results.values(), kept_lines(results["merged_mentions"])))
