"""The result tables the studies write: one module per study, each table declared like the
processed tables.

A study declares, once, every table its notebook writes into ``output_dir``: its columns
(from the field registry, :mod:`clusteranalysis.metadata.fields`, or fields of the study's
own), their dtypes, descriptions and units (an amount says its scale and currency:
``"million {currency}"`` is filled in with the run's currency), and the row key.
:func:`clusteranalysis.studies.write_results` applies these declarations when it writes the
tables (the dtypes, the checks) and writes the ``datapackage.json`` that describes them.

A column named in two studies is described in the registry instead, so a name means one
thing wherever it appears (``tests/unit/test_results.py`` checks this).
"""

from __future__ import annotations

from clusteranalysis.metadata.results import crosscheck, participants, start_here, timelines
from clusteranalysis.metadata.results.budgets import BUDGETS
from clusteranalysis.metadata.results.declare import StudyResults

#: Every study's result tables, by notebook. A study adds its module here.
RESULTS: dict[str, StudyResults] = {declared.notebook: declared for declared in (
    start_here.RESULTS,
    BUDGETS,
    participants.RESULTS,
    timelines.RESULTS,
    crosscheck.RESULTS,
)}

__all__ = ["RESULTS", "StudyResults"]
