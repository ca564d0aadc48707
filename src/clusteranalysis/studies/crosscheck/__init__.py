"""04 Cross-check: each document figure beside the independent figures that bear on it.

**Question.** Where do the numbers in the five documents agree with what other public
sources say (ministry pages, parliamentary reports, the press), and where do they not?

**The rule.** :func:`~.compute.comparisons` pairs every independent figure that names a
document figure (``independent_figures``, from ``data/external``) with that figure, read
from its processed table, and gives the pair a ratio and a verdict. The verdict is decided
from the pair's evidence alone (:class:`~.rule.Evidence`, :func:`~.rule.judge`), in this
order:

1. **differs by definition** when the reviewed ``definition`` is ``different`` (another
   noun, a part of the total, another programme period), or when the two numbers are of
   different kinds or units that no document converts between (euro or Deutsche Mark
   against yen): such a pair has no ratio;
2. **agrees** when the values agree: within ``tolerance`` of each other (independent /
   document between 1 - tolerance and 1 + tolerance) for counts, amounts, rates and
   durations; the same year for years;
3. **differs by timing** when they do not agree and the as-of periods differ: the years the
   two figures are as of (a count's date, the years an amount covers) do not overlap, or the
   document figure was still a plan when written (an end in parentheses, a term after the
   document's date);
4. **conflicts** otherwise: the same thing, at the same time, with different values.

Ratios are independent / document; years get the difference in years instead. Amounts are
never converted: a ratio needs both in the same currency. The per-head view divides each
programme budget by the population of the year it covers
(:mod:`clusteranalysis.studies.population`).

:mod:`~.rule` holds the rule, :mod:`~.compute` the result tables
(:func:`~.compute.results`); :mod:`~.tables`, :mod:`~.findings` and :mod:`~.figures` show
them.
"""

from __future__ import annotations

from clusteranalysis.studies.crosscheck import compute, figures, findings, rule, tables

#: The notebook this study computes.
NOTEBOOK = "04_crosscheck.ipynb"
#: The processed tables it reads (``studies.load_inputs``): the independent figures, the
#: document tables they bear on, the documents' dates, the population series, the
#: register of judgements and the reference rates its conversion readings cite.
INPUTS = ("independent_figures", "participants", "budgets", "exchange_rates", "timeline",
          "documents", "population", "judgements", "judgement_readings", "reference_rates")

__all__ = ["INPUTS", "NOTEBOOK", "compute", "figures", "findings", "rule", "tables"]
