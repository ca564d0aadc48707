"""03 Timelines: laws, programmes, plan periods and events on one time axis.

**Question.** In what order did Japan's regional industrial policies follow one another,
which cluster programmes ran during which Science and Technology Basic Plan, and where do
the overseas programmes stand beside Japan's, as far as the documents can tell?

**Rules.**

- One row per entity: the build keeps each entity's most precise mention in ``timeline``
  and the others in ``timeline_mentions`` (:mod:`clusteranalysis.build.rules`). The study
  reads both as built: further mentions are corroborating sources, listed in
  ``merged_mentions`` and counted in ``further_mentions``, never drawn or counted twice.
- What a document can know stops at its own date (the ``documents`` table, from
  ``data/raw/sources.csv``): an open-ended span ('1972~') is drawn to the date of the
  document that states it and its status after is unknown. The window (``start_year``,
  ``end_year``) selects and clips; it never extends a span.
- A span or an end that was only a plan when written (the corrected flags ``planned``,
  ``planned_end``, ``planned_basis``) is drawn as planned.
- Durations and overlaps count the years the documents label, inclusively, and nothing is
  counted past a document's date except as planned. Events, and anything dated to a single
  day, are points.

:mod:`~.compute` makes the result tables (:func:`~.compute.results`), :mod:`~.tables`,
:mod:`~.findings` and :mod:`~.figures` show them.
"""

from __future__ import annotations

from clusteranalysis.studies.timelines import compute, figures, findings, tables

#: The notebook this study computes.
NOTEBOOK = "03_timelines.ipynb"
#: The processed tables it reads (``studies.load_inputs``).
INPUTS = ("timeline", "timeline_mentions", "documents", "judgements", "judgement_readings")

__all__ = ["INPUTS", "NOTEBOOK", "compute", "figures", "findings", "tables"]
