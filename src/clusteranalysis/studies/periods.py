"""The years a budget figure covers, written once for every study: its period as the
documents write it, with the end the timeline marks as planned in parentheses (001's
``1994~(2004)``), so 01 and 04 cannot write one figure's years two ways."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from clusteranalysis.present.formats import fmt_period


def planned_ends(timeline: pd.DataFrame) -> set[str]:
    """The entities (programme ids) whose end the ``timeline`` marks as planned."""
    return set(timeline.loc[timeline["planned_end"].fillna(False).astype(bool), "entity_id"]
               .astype(str))


def budget_period(row: pd.Series, planned: Collection[str]) -> str:
    """A ``budgets`` row's years (``FY2004``, ``2003–2008``, ``1994–(2004)``): fiscal years
    as FY, the end in parentheses where its programme is in ``planned``
    (:func:`planned_ends`)."""
    return fmt_period(int(row["period_start"]), int(row["period_end"]),
                      fiscal=row["year_basis"] == "fiscal year",
                      planned_end=str(row["programme_id"]) in planned)
