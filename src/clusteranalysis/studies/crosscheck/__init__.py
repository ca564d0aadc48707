"""04 Cross-check: each document figure beside the independent figures that bear on it.

**Question.** Where do the numbers in the five documents agree with what other public
sources say (ministry pages, parliamentary reports, the press), and where do they not?

**The rule.** :func:`~.compute.comparisons` pairs every independent figure that names a
document figure (``independent_figures``, from ``data/external``) with that figure, read
from its processed table, and gives the pair a ratio and a verdict. The verdict is decided
from the pair's evidence alone (:class:`~.rule.Evidence`, :func:`~.rule.judge`), in the
order :mod:`~.rule` states once: the definition (the register's reading), then the
currency (converted at the cited rates, the implied rate reported), then the timing, then
the values (exact counts only when equal; ``tolerance`` for amounts only); a source of
unclear provenance carries no verdict of its own. The per-head view divides each programme
budget by the population of the year it covers (:mod:`clusteranalysis.studies.population`).

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
