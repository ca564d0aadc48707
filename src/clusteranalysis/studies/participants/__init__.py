"""Who takes part: phase II projects, phase I → II, stated totals, example and overseas clusters.

The question: how are the companies and universities of METI's Industrial Cluster Project
spread over its phase II projects, regions and fields; what can be said of the change from
phase I to phase II when the two documents count different groups; do the stated national
totals agree with the projects; and what do the example and overseas clusters add?

Phase II (MEXT 2008a) gives companies and universities for each of its 18 projects; phase I
(METI 2005) gives only national totals and, for three example clusters, a breakdown by
participant type. The study's rules keep that asymmetry visible:

- a phase I figure the document does not give stays empty instead of being estimated;
- a count whose definition changes between the documents is never marked comparable
  (SMEs in 2005, 中堅・中小企業 in 2008), and researchers are not compared with universities;
- a university counts once in each project it takes part in, so companies per university
  place is not per university, and university counts are not added across projects;
- the stated national totals and their sums over the projects are the build's
  reconciliation (``data/processed/reconciliation.csv``), shown, not recomputed;
- overseas counts compare only within one kind of count (the counted noun as written).

The modules, each one job: :mod:`.compute` (result tables from the processed tables;
the overseas clusters' counts in :mod:`.overseas`),
:mod:`.register` (what the register of judgements says of the counts),
:mod:`.tables`, :mod:`.figures` and :mod:`.findings` (what the notebook shows, from the
result tables and the parameters) and :mod:`.labels` (names in Japanese and English, the
region rule, the study's roundings).
"""

from __future__ import annotations

from clusteranalysis.studies.participants import compute, figures, findings, labels, tables

NOTEBOOK = "02_participants.ipynb"
#: The processed tables the study reads (:func:`clusteranalysis.studies.load_inputs`).
INPUTS = ("projects", "participants", "clusters", "crosswalk", "reconciliation", "documents",
          "judgements", "judgement_readings")

__all__ = ["INPUTS", "NOTEBOOK", "compute", "figures", "findings", "labels", "tables"]
