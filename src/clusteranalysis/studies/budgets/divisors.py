"""The divisors of a per-unit figure: what a programme funds, as the documents count it.

A programme's annual figure is divided by the units it funds (projects, locations, clusters
or areas). :func:`divisor_options` lists every count the documents allow, the headline
first; each :class:`Divisor` keeps the ``participants`` rows it stands on, so a result row
divided by it cites them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from clusteranalysis.present.formats import fmt_number

#: What a programme funds, for the per-unit division (participants.participant_type).
UNIT_TYPES = ("areas", "clusters")


def _headline_units(participants: pd.DataFrame, programme_id: str,
                    near_year: int | None = None) -> pd.DataFrame:
    """The rows of what a programme funds: its headline areas or clusters.

    Programmes that count projects instead (METI) fall back to their headline projects of
    the phase closest to ``near_year``.
    """
    rows = participants[(participants["group_id"] == programme_id)
                        & (participants["group_kind"] == "programme")
                        & participants["headline"].fillna(False)]
    units = rows[rows["participant_type"].isin(UNIT_TYPES)]
    if units.empty:
        units = rows[rows["participant_type"] == "projects"]
        if not units.empty and near_year is not None:
            gap = (units["as_of"].astype("Float64") - near_year).abs()
            units = units[gap == gap.min()]
    return units.sort_values("line")


def written(rows: pd.DataFrame) -> str:
    """The units as the document writes them: '3 special areas + 14 other areas'."""
    parts = [f"{int(c)} {d}" for c, d in zip(rows["count"], rows["detail"], strict=True)]
    return " + ".join(parts)


@dataclass(frozen=True)
class Divisor:
    """One count a programme's annual figure may be divided by, and why."""

    count: float
    label: str  # "÷ 17 areas (3 special areas + 14 other areas)"
    reading: str  # "headline", "special areas only", "one phase", "parts", "per unit"
    rows: pd.DataFrame  # the participants rows the count stands on
    approximate: bool = False

    @property
    def headline(self) -> bool:
        """The count the run's tables divide by."""
        return self.reading == "headline"

    @property
    def kind(self) -> str:
        """What is counted: 'areas', 'projects', 'locations'."""
        return "/".join(sorted(set(self.rows["participant_type"].astype(str))))


def divisor_options(participants: pd.DataFrame, programme_id: str,
                    near_year: int | None = None) -> list[Divisor]:
    """The divisors the documents allow for a programme's per-unit figure, headline first.

    * headline: the funded units the document states as a figure of its own (all of them:
      BioRegio's 3 special + 14 other areas; for METI, the projects of the phase nearest
      the budget's year);
    * special areas only: a part of the headline the text singles out ("3 special areas");
    * one phase: the areas of one phase (Finland's 8, 8 and 6), when only one phase's areas
      are funded in a year;
    * parts: the smaller parts the units consist of (MEXT: 10 areas of 12 parts);
    * per unit: a count given for each unit ("approx. 10 clusters each") times the headline.

    The areas a programme studied but did not fund (MEXT's feasibility studies) are none of
    these. Nothing stated gives an empty list.
    """
    head = _headline_units(participants, programme_id, near_year)
    if head.empty:
        return []
    total = float(head["count"].sum())
    kind = "/".join(sorted(set(head["participant_type"].astype(str))))
    label = f"÷ {fmt_number(total)} {kind}"
    if len(head) > 1:
        label += f" ({written(head)})"
    elif str(head["detail"].iloc[0]) != kind:
        label = f"÷ {fmt_number(total)} {head['detail'].iloc[0]}"
    if kind == "projects" and pd.notna(head["phase"].iloc[0]):
        label += f" (phase {head['phase'].iloc[0]})"
    out = [Divisor(total, label, "headline", head, bool(head["approximate"].any()))]
    rows = participants[(participants["group_id"] == programme_id)
                        & (participants["group_kind"] == "programme")]
    special = head[head["detail"].astype(str).str.startswith("special ")]
    if len(head) > 1:
        for _, r in special.iterrows():
            out.append(Divisor(float(r["count"]), f"÷ {int(r['count'])} {r['detail']} only",
                               "special areas only", special.loc[[r.name]]))
    others = rows[~rows["headline"].fillna(False)]
    phases = others[others["participant_type"].isin(UNIT_TYPES)
                    & others["detail"].astype(str).str.contains(r"\(phase \d+\)")]
    for count in sorted(set(phases["count"].astype(int)), reverse=True):
        these = phases[phases["count"] == count]
        names = ", ".join(re.search(r"phase \d+", str(d)).group(0)  # type: ignore[union-attr]
                          for d in these["detail"])
        out.append(Divisor(float(count), f"÷ {count} areas (one phase at a time: {names})",
                           "one phase", these))
    parts = others[others["participant_type"] == "area parts"]
    for _, r in parts.iterrows():
        out.append(Divisor(float(r["count"]), f"÷ {int(r['count'])} {r['detail']}", "parts",
                           parts.loc[[r.name]]))
    each = others[others["participant_type"].isin(UNIT_TYPES)
                  & others["detail"].astype(str).str.endswith(" each")]
    for _, r in each.iterrows():
        n = float(r["count"]) * total
        approx = "≈" if bool(r["approximate"]) else ""
        noun = str(r["detail"]).removesuffix(" each")
        out.append(Divisor(n, f"÷ {approx}{fmt_number(n)} {noun} ({approx}{int(r['count'])} in "
                              f"each of the {fmt_number(total)} {head['detail'].iloc[0]})",
                           "per unit", pd.concat([head, each.loc[[r.name]]]),
                           bool(r["approximate"])))
    return out
