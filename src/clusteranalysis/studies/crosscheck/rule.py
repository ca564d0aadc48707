"""The verdict of one comparison, decided from explicit evidence by one stated rule.

:class:`Evidence` holds everything a verdict may depend on (the two values and units, the
reviewed definition, the years each figure is as of, whether the document's figure was a
plan); :func:`judge` gives the verdict and its reason from it and nothing else, so the rule
can be read, tested and changed in this one place. :func:`verdict` is the rule itself, in
the order of the package docstring: differs by definition, agrees, differs by timing,
conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clusteranalysis.present.formats import fmt_number

#: How close a ratio must be to 1 to agree, unless the notebook says otherwise.
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

#: The years a figure is as of: (first year, last year).
Span = tuple[int, int]


# --------------------------------------------------------------------------- as-of periods


def independent_span(figure: Mapping[str, Any]) -> Span | None:
    """The years an independent figure is as of: the period an amount or a duration covers;
    the date of a count, rate or year (else the end of the period it counts)."""
    start, end, date = figure["period_start"], figure["period_end"], figure["as_of_date"]
    if figure["measure"] in ("amount", "duration") and not pd.isna(start):
        return (int(start), int(start) if pd.isna(end) else int(end))
    if not pd.isna(date):
        year = pd.Timestamp(date).year
        return (year, year)
    if not pd.isna(end):
        return (int(end), int(end))
    return None


def document_span(table: str, rows: pd.DataFrame, document_year: int) -> Span:
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
    planned = bool(rows["planned"].any())
    if column == "end_year":
        planned = planned or bool(rows["planned_end"].any())
    return planned


def spans_differ(a: Span | None, b: Span | None) -> bool:
    """Whether two as-of periods (first year, last year) do not overlap; unknown: False."""
    if a is None or b is None:
        return False
    return a[1] < b[0] or b[1] < a[0]


def span_text(span: Span | None) -> str:
    """'2005', '2006–2008', or '' for an unknown period."""
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Evidence:
    """What the verdict of one comparison is decided from, and nothing else.

    ``measure`` is the kind of number the document figure is (:data:`DOCUMENT_MEASURES`),
    ``independent_measure`` the independent figure's; values are in their units (whole
    currency units for amounts, never converted). ``definition`` is the reviewed judgement
    (``same`` or ``different``, with its note); the spans are the years each figure is as of.
    """

    measure: str
    independent_measure: str
    document: float
    independent: float
    document_unit: str
    independent_unit: str
    definition: str
    definition_note: str | None
    document_span: Span
    independent_span: Span | None
    document_planned: bool

    @property
    def comparable(self) -> bool:
        """The same kind of number, in the same unit (counts of different nouns are judged
        by the definition, not here)."""
        return self.measure == self.independent_measure and (
            self.measure == "count" or self.document_unit == self.independent_unit)

    @property
    def timing_differs(self) -> bool:
        return spans_differ(self.document_span, self.independent_span)


def agrees(measure: str, document: float, independent: float, tolerance: float) -> bool:
    """Whether two values of the same kind agree: the same year, or a ratio within
    ``tolerance`` of 1."""
    if measure == "year":
        return int(document) == int(independent)
    return abs(independent / document - 1) <= tolerance + 1e-12


def verdict(*, measure: str, comparable: bool, same_definition: bool, document: float,
            independent: float, tolerance: float, timing_differs: bool,
            document_planned: bool = False) -> str:
    """The verdict of one comparison by the rule (see the package docstring)."""
    if not same_definition or not comparable:
        return "differs by definition"
    if agrees(measure, document, independent, tolerance):
        return "agrees"
    if timing_differs or document_planned:
        return "differs by timing"
    return "conflicts"


def reason(result: str, evidence: Evidence, tolerance: float) -> str:
    """Why a comparison has its verdict, in words (the numbers are in the row)."""
    e = evidence
    if result == "differs by definition":
        if e.definition != "same":
            return f"reviewed: {e.definition_note}"
        return (f"{e.independent_unit} against {e.document_unit}: no document converts "
                f"between them, so there is no ratio")
    if result == "agrees":
        if e.measure == "year":
            return "the same year"
        return f"within {fmt_number(tolerance * 100, 0)} % of the document's value"
    if result == "differs by timing":
        if e.document_planned and not e.timing_differs:
            return "the document's figure was a plan when it was written"
        return (f"as of {span_text(e.independent_span)} against the document's "
                f"{span_text(e.document_span)}")
    return "the same thing at the same time, with another value"


def judge(evidence: Evidence, tolerance: float) -> tuple[str, str]:
    """The verdict of one comparison and its reason, from its evidence alone."""
    result = verdict(measure=evidence.measure, comparable=evidence.comparable,
                     same_definition=evidence.definition == "same",
                     document=evidence.document, independent=evidence.independent,
                     tolerance=tolerance, timing_differs=evidence.timing_differs,
                     document_planned=evidence.document_planned)
    return result, reason(result, evidence, tolerance)
