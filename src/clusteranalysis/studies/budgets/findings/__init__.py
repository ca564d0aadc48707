"""The Findings paragraph closing each section of the notebook: every number a cell of a
result table (:class:`clusteranalysis.present.Findings` records which), every claim one the
run's tables support.

Each function takes the run's results and parameters, as the notebook has them:
:mod:`.japan` holds METI's, MEXT's and the two ministries' year-by-year paragraphs,
:mod:`.comparison` the comparison of programmes and its sensitivity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.studies.budgets.findings.comparison import programmes, sensitivity
from clusteranalysis.studies.budgets.findings.japan import meti, mext, series

__all__ = ["judgement_ids", "meti", "mext", "programmes", "sensitivity", "series"]


def judgement_ids(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]
                  ) -> list[str]:
    """The register's judgements the run's findings paragraphs rest on (each paragraph's
    :meth:`~clusteranalysis.present.Findings.rests_on`), in order of first use: the ids the
    notebook's table "Judgements this study rests on" shows."""
    ids: list[str] = []
    for paragraph in (meti, mext, programmes, sensitivity, series):
        ids += paragraph(results, parameters).judgements
    return list(dict.fromkeys(ids))
