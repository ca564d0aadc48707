"""The verdict of one comparison, decided from explicit evidence by one stated rule.

:class:`Evidence` holds everything a verdict may depend on (the two values, units and
approximations, the register's definition reading, the cited rates that convert one
currency into the other, the years each figure is as of, whether the document's figure was
a plan, and how independent the source is of the document's issuer); :func:`judge` gives
the verdict and its reason from it and nothing else, so the rule can be read, tested and
changed in this one place. The rule, in order:

1. **definition** (the register's reading): ``unknown`` or ``probable mistranslation``
   leaves open whether the two count the same thing and gives *definition uncertain* (the
   values are not judged); any other reading but ``same``, or two numbers of different
   kinds (an amount against a duration), gives *differs by definition*. A currency is not
   a definition: two amounts in two currencies go on to step 2.
2. **currency**: an amount in another currency is converted with the cited rates the
   register's conversion judgement names (``reference_rates``), giving a ratio at each of
   those rates (each a reading, not an end of an interval; ``ratio_low``/``ratio_high``
   are the lowest and highest), and the rate the document's figure implies is reported. No
   cited rate is an error, never a verdict.
3. **timing**: as-of periods that do not overlap give *differs by timing*, whatever the
   values. A year (a programme's first or last year) is a date, not a figure as of a date:
   two equal years agree whenever each source wrote it, and unequal ones differ by timing
   where the as-of periods differ or the document's year was a plan. Any other figure
   whose source gives no date (nor a period it is as of) gives *timing unknown*, whatever
   the values: the rule cannot tell whether it is as of the document's date, so it neither
   agrees nor conflicts (the reason says whether the values would agree).
4. **values**: exact counts of discrete things (and years, durations and conversion rates)
   agree only when equal; an approximate figure (約, about, 程度, some) stands for the
   interval its rounding implies (half a unit of its last non-zero digit either side: 約5,800
   is 5,750–5,850), and a lower bound (over, を超える) for the values above it; two counts
   agree when their intervals meet. ``tolerance`` applies to amounts only: they agree when
   a ratio lies within 1 ± tolerance, or, as counts do, when an approximate amount's
   rounding interval meets the other ("About 28 billion yen" is ¥27.5–28.5 billion),
   whatever the tolerance. Two amounts in two currencies agree only when they do at each
   cited rate: each rate is a reading the register allows, so amounts that agree at some
   cited rates and not at others give *depends on the rate* (the reason says at how many).
   Values that agree at no rate give *differs by timing* where the document's figure was a
   plan when written, else *conflicts*.

Independence comes last: a source of unclear provenance (the register's independence
reading) carries no verdict of its own (*provenance unclear*); the others keep theirs, and
the counts keep the issuer's own pages (same ministry) apart from the same government's and
from independent sources.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.results.crosscheck import INDEPENDENCE, VERDICTS
from clusteranalysis.present.formats import fmt_number

__all__ = ["DEFAULT_TOLERANCE", "DOCUMENT_MEASURES", "INDEPENDENCE", "UNCLEAR", "VERDICTS",
           "Evidence", "judge", "verdict"]

#: How close a ratio of two amounts must be to 1 to agree, unless the notebook says
#: otherwise (amounts only: counts, years, durations and rates agree only when equal).
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

#: The verdict of a source of unclear provenance: no verdict of its own.
UNCLEAR = "provenance unclear"

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


# --------------------------------------------------------------------------- values


def rounding_unit(value: float) -> float:
    """The unit an approximate whole number is rounded to: its last non-zero digit's place
    (5,800 → 100; 220 → 10; 5,000 → 1,000; 19 → 1). A number with a fraction: 1."""
    if value != int(value) or value == 0:
        return 1.0
    n, unit = abs(int(value)), 1
    while n % (unit * 10) == 0:
        unit *= 10
    return float(unit)


def interval(value: float, approximate: bool = False, lower_bound: bool = False
             ) -> tuple[float, float]:
    """The values a figure as written stands for: itself when exact; half its rounding unit
    either side when approximate; itself and above when a lower bound."""
    if lower_bound:
        return (value, math.inf)
    if approximate:
        half = rounding_unit(value) / 2
        return (value - half, value + half)
    return (value, value)


def intervals_meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two closed intervals share a value."""
    return a[0] <= b[1] and b[0] <= a[1]


def within(ratios: tuple[float, float], tolerance: float) -> bool:
    """Whether a range of ratios reaches into 1 ± tolerance."""
    return intervals_meet(ratios, (1 - tolerance - 1e-12, 1 + tolerance + 1e-12))


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Evidence:
    """What the verdict of one comparison is decided from, and nothing else.

    ``measure`` is the kind of number the document figure is (:data:`DOCUMENT_MEASURES`),
    ``independent_measure`` the independent figure's; values are in their units (whole
    currency units for amounts). ``definition`` is the register's reading (``same``,
    ``wider``, ``narrower``, ``different``, ``probable mistranslation`` or ``unknown``, with
    its reason); ``rates`` the cited rates, in document units per independent unit, that
    convert the independent amount (empty: none, or the same unit);
    the spans are the years each figure is as of; ``independence`` the register's reading
    of the source's relation to the document's issuer.
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
    document_approximate: bool = False
    document_lower_bound: bool = False
    independent_approximate: bool = False
    independent_lower_bound: bool = False
    rates: tuple[float, ...] = ()
    rates_note: str = ""
    independence: str = "independent"

    @property
    def same_kind(self) -> bool:
        """The same kind of number: for anything but amounts, also the same unit (counts
        of different nouns are judged by the definition, not here)."""
        if self.measure != self.independent_measure:
            return False
        return self.measure in ("count", "amount") or self.document_unit == self.independent_unit

    @property
    def converted(self) -> bool:
        """Two amounts in two currencies."""
        return self.measure == "amount" and self.document_unit != self.independent_unit

    @property
    def ratios(self) -> tuple[float, float] | None:
        """The range of independent / document, in the document's unit (over the cited
        rates for two currencies); None for years and where there is no ratio."""
        if not self.same_kind or self.measure == "year" or self.document == 0:
            return None
        if not self.converted:
            r = self.independent / self.document
            return (r, r)
        if not self.rates:
            return None
        values = [self.independent * rate / self.document for rate in self.rates]
        return (min(values), max(values))

    @property
    def implied_rate(self) -> float | None:
        """The rate (document units per independent unit) at which the two amounts would
        be equal; None unless two currencies."""
        if not self.converted or self.independent == 0:
            return None
        return self.document / self.independent

    def quoted(self) -> tuple[float, float, float, str] | None:
        """The cited rates (lowest, highest) and the implied rate as a rate is quoted: yen
        per unit of the other currency where one side is yen, else document per
        independent unit; with that unit. None unless two currencies."""
        implied = self.implied_rate
        if implied is None or not self.rates:
            return None
        low, high = min(self.rates), max(self.rates)
        if self.independent_unit == "JPY":
            return (1 / high, 1 / low, 1 / implied, f"JPY per {self.document_unit}")
        return (low, high, implied, f"{self.document_unit} per {self.independent_unit}")

    @property
    def timing_differs(self) -> bool:
        return spans_differ(self.document_span, self.independent_span)

    @property
    def timing_unknown(self) -> bool:
        """A figure as of a date (anything but a year, which is a date itself) whose
        source gives none: step 3 cannot be taken."""
        return self.measure != "year" and (self.independent_span is None
                                           or self.document_span is None)

    def rounding_meets(self) -> bool:
        """Whether two amounts meet within what an approximate one's rounding implies
        ("About 28 billion yen" is ¥27.5–28.5 billion), whatever the tolerance: as for a
        count, an approximate amount stands for its rounding interval."""
        ratios = self.ratios
        if ratios is None or self.independent == 0:
            return False
        doc = interval(self.document, self.document_approximate, self.document_lower_bound)
        ind = interval(self.independent, self.independent_approximate,
                       self.independent_lower_bound)
        own = (doc[0] / self.document, doc[1] / self.document)
        theirs = (ratios[0] * ind[0] / self.independent, ratios[1] * ind[1] / self.independent)
        return intervals_meet(own, theirs)

    def at_each_rate(self) -> list[Evidence]:
        """One evidence per cited rate for an amount in two currencies (each rate is a
        reading of its own, not an end of an interval), else this one."""
        if self.converted and len(self.rates) > 1:
            return [replace(self, rates=(r,)) for r in self.rates]
        return [self]

    def _amount_agrees(self, tolerance: float) -> bool:
        ratios = self.ratios
        return ratios is not None and (within(ratios, tolerance) or self.rounding_meets())

    def rates_agreeing(self, tolerance: float) -> tuple[int, int]:
        """(at how many cited rates the two amounts agree, how many rates there are)."""
        each = self.at_each_rate()
        return sum(e._amount_agrees(tolerance) for e in each), len(each)

    def agrees_at_every_rate(self, tolerance: float) -> bool:
        """Whether two amounts in two currencies agree at each cited rate, not only some."""
        agreeing, rates = self.rates_agreeing(tolerance)
        return agreeing == rates

    def values_agree(self, tolerance: float) -> bool:
        """Step 4 of the rule: whether the values agree (see the module docstring): an
        amount in two currencies agrees when it does at each cited rate."""
        if self.measure == "amount":
            return self.agrees_at_every_rate(tolerance)
        doc = interval(self.document, self.document_approximate, self.document_lower_bound)
        ind = interval(self.independent, self.independent_approximate,
                       self.independent_lower_bound)
        return intervals_meet(doc, ind)


def verdict(evidence: Evidence, tolerance: float) -> str:
    """The rule's verdict on the values (steps 1–4 of the module docstring), before
    independence."""
    e = evidence
    if e.definition in vocab.DEFINITIONS_UNCERTAIN and e.same_kind:
        return "definition uncertain"
    if e.definition != "same" or not e.same_kind:
        return "differs by definition"
    if e.converted and not e.rates:
        raise ValueError(f"no cited rate converts {e.independent_unit} into "
                         f"{e.document_unit}: the register needs a conversion judgement")
    if e.timing_differs and e.measure != "year":
        return "differs by timing"
    if e.timing_unknown:
        return "timing unknown"
    if e.values_agree(tolerance):
        return "agrees"
    if e.measure == "amount" and e.rates_agreeing(tolerance)[0] > 0:
        return "depends on the rate"
    if e.document_planned or e.timing_differs:
        return "differs by timing"
    return "conflicts"


def reason(result: str, evidence: Evidence, tolerance: float) -> str:
    """Why a comparison has its verdict, in words (the numbers are in the row)."""
    e = evidence
    if result == "definition uncertain":
        return (f"the register reads '{e.definition}': {e.definition_note}; whether the two "
                "count the same thing is open, so their values are not judged")
    if result == "differs by definition":
        if e.definition != "same":
            return f"the register reads '{e.definition}': {e.definition_note}"
        return (f"{e.independent_measure} ({e.independent_unit}) against {e.measure} "
                f"({e.document_unit}): different kinds of number")
    converted = ""
    quoted = e.quoted()
    if quoted is not None:
        low, high, implied, unit = quoted
        at = (f"{fmt_number(low, 1)} {unit}" if low == high
              else f"{fmt_number(low, 1)}–{fmt_number(high, 1)} {unit}")
        converted = (f"converted at {at} ({e.rates_note}); the document's figure implies "
                     f"{fmt_number(implied, 1)} {unit}; ")
    if result == "differs by timing":
        if not e.timing_differs:
            return converted + "the document's figure was a plan when it was written"
        same = (" (the same value at another date: not a disagreement, and not a "
                "confirmation as of the document's date)"
                if e.same_kind and not e.converted and e.independent == e.document else "")
        return (converted + f"as of {span_text(e.independent_span)} against the "
                f"document's {span_text(e.document_span)}{same}")
    band = (f"within {fmt_number(tolerance * 100, 0)} % of the document's value, or within "
            "what the approximate figure's rounding implies")
    if result == "timing unknown":
        would = "would agree" if e.values_agree(tolerance) else "would not agree"
        return (converted + "the other source gives no date for its figure: whether it is "
                f"as of the document's {span_text(e.document_span)} is unknown, so it is "
                f"neither an agreement nor a conflict (the values {would})")
    if result == "depends on the rate":
        k, n = e.rates_agreeing(tolerance)
        return (converted + f"at {k} of the {n} cited rates {band}, at the others not: the "
                "rates the register allows do not settle whether the two agree")
    if result == "agrees":
        if e.measure == "amount":
            if e.converted and len(e.rates) > 1:
                return converted + f"at each of the {len(e.rates)} cited rates, {band}"
            return converted + band
        if e.measure == "year":
            return "the same year"
        if (e.document_approximate or e.independent_approximate or e.document_lower_bound
                or e.independent_lower_bound):
            return "within what the approximate figure's rounding implies"
        return "equal"
    if e.measure == "amount":
        return converted + (f"the same thing at the same time, more than "
                            f"{fmt_number(tolerance * 100, 0)} % apart")
    return "the same thing at the same time, with another value"


def judge(evidence: Evidence, tolerance: float) -> tuple[str, str]:
    """The verdict of one comparison and its reason, from its evidence alone: the rule's
    verdict, or :data:`UNCLEAR` for a source of unclear provenance."""
    result = verdict(evidence, tolerance)
    why = reason(result, evidence, tolerance)
    if evidence.independence == UNCLEAR:
        return UNCLEAR, ("the register cannot say who wrote the source or from what, so it "
                         "carries no verdict of its own")
    return result, why
