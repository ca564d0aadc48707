"""Rules the build applies to every document's rows alike, after the parsers.

- **Planned.** A timeline entry is planned when it starts after its document's own date
  (``data/raw/sources.csv``: from the document, or the catalogue where the text gives none),
  or when the text says so (予定). ``planned_basis`` records which.
- **One row per timeline entity.** An entity dated on several lines (an event in a header
  box and again in the text, a Basic Plan in two documents) keeps its most precise mention
  in ``timeline``; the others go to ``timeline_mentions`` as corroborating sources. Mentions
  that disagree on the start year are an error.
"""

from __future__ import annotations

from datetime import date

from clusteranalysis.build.catalogue import Source
from clusteranalysis.build.rawdoc import Row
from clusteranalysis.build.sources import Tables
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata.vocab import PRECISIONS

#: Columns a further mention keeps (timeline_mentions).
MENTION_COLUMNS = ("entity_id", "entity", "start_year", "end_year", "start_date", "end_date",
                   "start_precision", "end_precision", "source", "line", "raw")


def apply(tables: Tables, sources: dict[str, Source]) -> None:
    for row in tables.rows.get("timeline", []):
        mark_planned(row, sources[row["source"]])
    deduplicate(tables)


def _start(row: Row) -> date:
    start = row["start_date"]
    return start if start is not None else date(int(row["start_year"]), 1, 1)


def mark_planned(row: Row, source: Source) -> None:
    """Set ``planned`` and ``planned_basis`` by the one rule for every document."""
    if _start(row) > source.last_day:
        row["planned"], row["planned_basis"] = True, "after document date"
    elif row["planned"]:
        row["planned_basis"] = "stated"
    else:
        row["planned"], row["planned_basis"] = False, None


def _rank(row: Row) -> tuple[int, str, int]:
    """Most precise first (the better of start and end), then the earlier source and line."""
    order = {p: i for i, p in enumerate(PRECISIONS)}
    ranks = [order[row["start_precision"]]]
    if row["end_precision"] is not None:
        ranks.append(order[row["end_precision"]])
    return min(ranks), row["source"], row["line"]


def deduplicate(tables: Tables) -> None:
    """Keep one timeline row per entity; record the other mentions in timeline_mentions."""
    by_entity: dict[str, list[Row]] = {}
    for row in tables.rows.get("timeline", []):
        by_entity.setdefault(row["entity_id"], []).append(row)
    kept: list[Row] = []
    for entity_id, rows in by_entity.items():
        rows = sorted(rows, key=_rank)
        first, others = rows[0], rows[1:]
        for other in others:
            if other["start_year"] != first["start_year"]:
                raise ClusterAnalysisError(
                    f"{other['source']}:{other['line']}: {entity_id} starts in "
                    f"{other['start_year']} here but in {first['start_year']} at "
                    f"{first['source']}:{first['line']}")
            tables.add("timeline_mentions", {k: other[k] for k in MENTION_COLUMNS})
        if any(o["planned_basis"] == "stated" for o in others) and not first["planned"]:
            first["planned"], first["planned_basis"] = True, "stated"
        kept.append(first)
    tables.rows["timeline"] = kept
