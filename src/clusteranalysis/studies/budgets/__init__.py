"""Budgets on a stated basis: METI FY2004 → FY2005, the Knowledge Cluster, the overseas programmes.

The question of ``notebooks/01_budgets.ipynb``: how large are Japan's cluster budgets beside
the overseas programmes METI cites, once every figure is put on a stated basis, and how far
do the answers move with the exchange rate and the divisor?

The documents state METI's budget in US dollars (001), MEXT's and the overseas programmes' in
yen (001, 003), over periods from one fiscal year to eleven years. The run's own figures
convert only between yen and dollars, at the rate the reader passes (``jpy_per_usd``; MEXT
states 120); the ranges of section 4 also convert at the register's rates, restating
METI's yen for the overseas programmes over the euro and pound rates (``restatement``). It
puts every programme's figure on a stated basis
(:data:`~clusteranalysis.studies.budgets.bases.BASES`):

* ``total``: the figure as the document states it, over the period it covers; one-year
  figures and multi-year totals are two groups, never ranked together;
* ``annual``: the figure ÷ the years it covers. The years are those the amount's own words
  give ("over five years"); only when the amount gives none, the programme's timeframe (first
  to last year). Where the two disagree (BioRegio, InnoRegio) ``annual_readings`` shows
  both and says which is used; nothing else gives a second annual figure;
* ``annual_per_unit``: the annual figure ÷ the units the programme funds (projects,
  locations, clusters or areas: each label names its divisor), or the per-cluster figure the
  document states;
* ``per_capita``: the annual figure ÷ the population of the programme's country in the year
  the figure covers (the middle year of a period), or in the nearest year Gapminder's series
  has (:mod:`clusteranalysis.studies.population`): yen or dollars per inhabitant per year.

Every row carries its labels (the year or period, the kind of figure, who converted the
currency at what rate, the divisor with its unit) and the ``source`` and ``line`` of the rows
it was computed from. The sums the build already set beside the stated totals are read from
the ``reconciliation`` table, not computed again.

The modules, in the order a run uses them:

* :mod:`~clusteranalysis.studies.budgets.compute`: :func:`~clusteranalysis.studies.budgets.
  compute.results` makes every result table once; METI and MEXT;
* :mod:`~clusteranalysis.studies.budgets.programmes`: each programme's figure, its readings
  (a long table: programme × basis × divisor × rate) and the table of every basis;
* :mod:`~clusteranalysis.studies.budgets.sensitivity`: how far the figures move;
* :mod:`~clusteranalysis.studies.budgets.series`: METI's and MEXT's budgets in the same
  fiscal years, from the documents and the independent figures;
* :mod:`~clusteranalysis.studies.budgets.bases` (the bases, the one currency conversion, the
  words of the labels) and :mod:`~clusteranalysis.studies.budgets.divisors` (what a
  programme funds), which the others use;
* :mod:`~clusteranalysis.studies.budgets.tables`, :mod:`~clusteranalysis.studies.budgets.
  findings` (its ``japan`` paragraphs: METI, MEXT, the two ministries by year; its
  ``comparison``: the programmes and the sensitivity) and
  :mod:`~clusteranalysis.studies.budgets.figures`: what the notebook shows.

The result tables are declared in :mod:`clusteranalysis.metadata.results.budgets`. Adding a
basis takes an entry in ``BASES`` (and ``vocab.BUDGET_BASES``), its readings in
``programmes.readings`` and its label column in ``programme_budgets``.
"""

from __future__ import annotations

from clusteranalysis.metadata.results.budgets import BUDGETS
from clusteranalysis.studies.budgets import (
    bases,
    compute,
    divisors,
    figures,
    findings,
    programmes,
    register,
    sensitivity,
    series,
    tables,
)

#: The notebook this study is the computations of.
NOTEBOOK = BUDGETS.notebook
#: The processed tables the study reads (``studies.load_inputs(INPUTS)``).
INPUTS = ("budgets", "participants", "programmes", "timeline", "exchange_rates",
          "budget_equivalents", "population", "reconciliation", "documents", "judgements",
          "judgement_readings", "independent_figures")

__all__ = ["INPUTS", "NOTEBOOK", "bases", "compute", "divisors", "figures", "findings",
           "programmes", "register", "sensitivity", "series", "tables"]
