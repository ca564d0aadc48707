"""How far the figures move: over the exchange rates and over the divisors the documents allow.

:func:`budget_sensitivity` is the readings of every programme's annual and per-unit figure
(:func:`clusteranalysis.studies.budgets.programmes.readings`) at the ends of
``jpy_per_usd_range`` and the run's ``jpy_per_usd``; on a per-head basis the figure per
inhabitant per year too. :func:`sensitivity_range` says, per programme and measure, how
far the headline moves and how its rank among the others changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.studies.budgets import register as reg
from clusteranalysis.studies.budgets.bases import rivals

#: The measures the sensitivity varies, in display order (per_capita on a per-head basis,
#: total on the total basis).
MEASURES = ("annual", "annual_per_unit", "per_capita", "total")


def budget_sensitivity(readings: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Every programme's annual and per-unit figure over the exchange rates, the period
    readings and the divisors (the rows of ``readings``), and the run's ``basis`` too
    when it is per head or the total.

    Only a figure converted here moves with the rate (a document's own yen for another
    currency are restated instead: ``restatement``); ``headline`` marks the row the run's
    tables use, ``in_range`` the rows its range is taken over. On a per-head basis
    (``per_capita``) its divisor, the population ``programme_budgets`` used, is the only
    one (no other population year is tried).
    """
    measures = [m for m in MEASURES if m in ("annual", "annual_per_unit") or m == basis]
    out = readings[readings["measure"].isin(measures)].copy()
    order = {p: i for i, p in enumerate(dict.fromkeys(readings["programme_id"]))}
    out["_p"] = out["programme_id"].map(order)
    out["_m"] = out["measure"].map({m: i for i, m in enumerate(MEASURES)})
    out["_d"] = out["divisor"].astype("Float64")
    out["_y"] = out["years_divided_by"].astype("Float64")
    return out.sort_values(["_m", "_p", "jpy_per_usd", "_y", "_d", "restated_by"],
                           na_position="first") \
        .drop(columns=["_p", "_m", "_d", "_y"]).reset_index(drop=True)


def _same(a: pd.Series, value: object) -> pd.Series:
    """Rows of ``a`` equal to ``value``, an empty value equal to an empty one."""
    if pd.isna(value):
        return a.isna()
    return (a == value).fillna(False).astype(bool)


def _rivals(others: pd.DataFrame, rate: float) -> pd.DataFrame:
    """Each other programme's headline reading (period and divisor), at ``rate`` where it
    is converted at that rate, else at the run's rate."""
    out = []
    for _, g in others.groupby("programme_id", sort=False):
        head = g[g["headline"].fillna(False).astype(bool)].iloc[0]
        same = g[_same(g["divisor_label"], head["divisor_label"])
                 & (g["jpy_per_usd"] == rate) & (g["restated_by"] == 1)]
        out.append(same.iloc[0] if len(same) else head)
    return pd.DataFrame(out)


def _kind(programme_id: object, measure: object, groups: Mapping[str, str],
          per_unit_groups: Mapping[str, str] | None) -> str:
    """A programme's kind of figure on a measure: its ``groups`` entry, or on the per-unit
    measure its ``per_unit_groups`` entry where it has one (MEXT's per-cluster subsidy)."""
    if measure == "annual_per_unit" and per_unit_groups and str(programme_id) in \
            per_unit_groups:
        return per_unit_groups[str(programme_id)]
    return groups.get(str(programme_id), "")


def sensitivity_range(sens: pd.DataFrame, figures: pd.DataFrame,
                      register: Mapping[str, pd.DataFrame],
                      per_cluster: pd.DataFrame,
                      groups: Mapping[str, str] | None = None,
                      per_unit_groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each programme's range on each measure: one row per programme and measure.

    ``low``/``high``: over every reading in the range (``in_range``: the register's rates
    for a conversion it judges, else jpy_per_usd_range and the run's rate; every period and
    divisor reading), with the readings that give them; ``headline`` the run's choice and
    ``run_in_range`` whether it is one of those readings (not when the run converts at a
    rate the register does not have). ``rate_low``/``rate_high``: over the rates in the
    range (the used period and divisor); ``period_low``/``period_high``: over the period
    readings (the run's rate and divisor); ``divisor_low``/``divisor_high``: over the
    divisors (the run's rate, the used period); ``restated_low``/``restated_high``: over
    the restatements of the document's own yen (the run's rate, the used period and
    divisor; the figure itself where the document converted nothing). ``scope`` is the
    register's reading of what the figure covers (``scope:*``), ``scope_allowed`` every
    reading it allows,
    ``judgements`` the ids the range rests on. ``rank``, ``rank_best`` and ``rank_worst``:
    the programme's place among the others' headline readings (at the same rate where they
    are converted at it), now and over its own readings; a figure the register reads, or
    allows to be read, as an umbrella total or a part of a total has no rank and is no
    other's rival. ``groups`` gives each programme's kind (one year or several years) and,
    on every basis, a rank is among the programmes of its kind only: a one-year figure is
    no rival of a multi-year total or of its average; ``per_unit_groups`` overrides it on
    the per-unit measure for a figure stated per cluster per year
    (:func:`~clusteranalysis.studies.budgets.register.per_unit_spans`). ``per_cluster``
    holds the budgets rows of a figure stated per cluster (MEXT), whose scope and period
    judgements label the per-unit row. ``source`` and ``line`` are the headline
    reading's.
    """
    keys = {str(f.programme_id): (str(f.item), str(f.status))
            for f in figures.dropna(subset=["amount"]).itertuples(index=False)}
    unranked = reg.unranked(register, figures)
    rows = []
    for (measure, pid), g in sens.groupby(["measure", "programme_id"], sort=False):
        head = g[g["headline"].fillna(False).astype(bool)].iloc[0]
        run_rate = float(head["jpy_per_usd"])
        same_reading = _same(g["reading"], head["reading"]) & _same(g["divisor"],
                                                                   head["divisor"])
        same_years = _same(g["years_divided_by"], head["years_divided_by"])
        inside_mask = g["in_range"].fillna(True).astype(bool)
        as_converted, at_run = g["restated_by"] == 1, g["jpy_per_usd"] == run_rate
        by_rate = g[same_reading & same_years & inside_mask & as_converted]
        by_period = g[same_reading & at_run & as_converted]
        by_divisor = g[same_years & at_run & as_converted]
        by_restatement = g[same_reading & same_years & at_run]
        inside = g[inside_mask]
        lo, hi = inside.loc[inside["value"].idxmin()], inside.loc[inside["value"].idxmax()]
        others = sens[(sens["measure"] == measure) & (sens["programme_id"] != pid)
                      & ~sens["programme_id"].isin(list(unranked))]
        if groups:  # one-year figures and multi-year ones are never rivals, on any basis
            own = _kind(pid, measure, groups, per_unit_groups)
            others = others[[rivals(_kind(o, measure, groups, per_unit_groups), own)
                             for o in others["programme_id"]]]
        # a place needs a rival of its kind: the only one-year figure has none
        ranked = pid not in unranked and not others.empty
        ranks = [_rank(s, others) for _, s in inside.iterrows()] if ranked else [None]
        judged = reg.figure_judgements(register, pid, *keys[str(pid)])
        scope, allowed = judged.used("scope"), judged.of("scope")
        if measure == "annual_per_unit" and head["reading"] == "stated":
            stated = per_cluster[per_cluster["programme_id"] == pid]
            own = reg.figure_judgements(register, pid, str(stated["item"].iloc[0]),
                                        str(stated["status"].iloc[0]))
            if own.used("scope") is not None:  # the per-cluster figure's own judgement
                scope, allowed = own.used("scope"), own.of("scope")
            extra = own.all_ids()
        else:
            extra = []
        ids = list(dict.fromkeys(judged.all_ids() + extra))
        jid, rated = reg.rate_readings(register, str(pid), judged)
        if rated and jid not in ids and g["rate_label"].ne("no conversion").any():
            ids.append(jid)

        def scenario(s: pd.Series) -> str:
            restated = "" if s["restated_by"] == 1 else f"; {s['restatement']}"
            return f"{s['divisor_label']}; {s['rate_label']}{restated}"

        rows.append({
            "programme_id": pid, "programme": head["programme"], "country": head["country"],
            "measure": measure, "currency": head["currency"], "approximate": head["approximate"],
            "scope": scope.reading if scope else None,
            "scope_allowed": "; ".join(r.reading for r in allowed) or None,
            "headline": head["value"], "headline_label": scenario(head),
            "run_in_range": bool(head["in_range"]),
            "rate_low": by_rate["value"].min(), "rate_high": by_rate["value"].max(),
            "period_low": by_period["value"].min(), "period_high": by_period["value"].max(),
            "divisor_low": by_divisor["value"].min(), "divisor_high": by_divisor["value"].max(),
            "restated_low": by_restatement["value"].min(),
            "restated_high": by_restatement["value"].max(),
            "low": lo["value"], "low_label": scenario(lo),
            "high": hi["value"], "high_label": scenario(hi),
            "high_over_low": round(float(hi["value"]) / float(lo["value"]), 4),
            "jpy_per_usd_low": float(inside["jpy_per_usd"].min()),
            "jpy_per_usd_high": float(inside["jpy_per_usd"].max()),
            "rank": _rank(head, others) if ranked else None,
            "rank_best": min(ranks) if ranked else None,
            "rank_worst": max(ranks) if ranked else None,
            "judgements": "; ".join(ids),
            "source": head["source"], "line": head["line"],
        })
    return pd.DataFrame(rows, columns=[
        "programme_id", "programme", "country", "measure", "currency", "approximate", "scope",
        "scope_allowed", "headline", "headline_label", "run_in_range", "rate_low", "rate_high",
        "period_low", "period_high", "divisor_low", "divisor_high", "restated_low",
        "restated_high", "low", "low_label", "high",
        "high_label", "high_over_low", "jpy_per_usd_low", "jpy_per_usd_high", "rank",
        "rank_best", "rank_worst", "judgements", "source", "line"])


def _rank(s: pd.Series, others: pd.DataFrame) -> int:
    """The place of reading ``s`` among the other programmes' headline readings."""
    if others.empty:
        return 1
    rivals = _rivals(others, float(s["jpy_per_usd"]))
    return int((rivals["value"] > s["value"]).sum()) + 1


def in_yen(ranges: pd.DataFrame, ranges_jpy: pd.DataFrame) -> pd.DataFrame:
    """``ranges`` with ``low_jpy``/``high_jpy``: the same ranges in yen (``ranges_jpy``,
    :func:`sensitivity_range` of a yen run), the basis two programmes are ordered on, so
    that the currency a run shows never changes an order: two yen figures converted at one
    rate move alike, which their ranges in dollars, each over the whole rate range, hide."""
    yen = ranges_jpy[["programme_id", "measure", "low", "high"]].rename(
        columns={"low": "low_jpy", "high": "high_jpy"})
    out = ranges.drop(columns=["low_jpy", "high_jpy"], errors="ignore").merge(
        yen, on=["programme_id", "measure"], how="left", validate="one_to_one")
    columns = [c for c in ranges.columns if c not in ("low_jpy", "high_jpy")]
    at = columns.index("high_over_low") + 1
    return out[[*columns[:at], "low_jpy", "high_jpy", *columns[at:]]]


def other_scopes(row: Mapping[str, Any]) -> list[str]:
    """The scope readings the register allows for a :func:`sensitivity_range` row's figure
    besides the one it uses (``scope_allowed`` without ``scope``): the one reader of that
    column, for the rule below and the findings' and figures' labels."""
    allowed = row.get("scope_allowed")
    if not isinstance(allowed, str):
        return []
    return [s for s in allowed.split("; ") if s != row.get("scope")]


def may_be(row: pd.Series, scope: str) -> bool:
    """Whether the register allows ``scope`` as a reading of a :func:`sensitivity_range`
    row's figure: its used reading, or one of the others it allows (``scope_allowed``)."""
    return row["scope"] == scope or scope in other_scopes(row)


def above(a: pd.Series, b: pd.Series) -> bool:
    """Whether the documents' figures put ``a`` above ``b`` (rows of
    :func:`sensitivity_range` with :func:`in_yen`'s columns): ``a``'s lowest reading in yen
    is above ``b``'s highest, and ``b`` may not be a part of a total (a scope reading the
    register allows), whose whole may be larger."""
    return bool(a["low_jpy"] > b["high_jpy"]) and not may_be(b, vocab.SCOPE_PART)


def overlap(a: pd.Series, b: pd.Series) -> bool:
    """Whether two ranges in yen (rows of :func:`sensitivity_range` with :func:`in_yen`'s
    columns) overlap: then the documents' figures cannot order the two programmes."""
    return bool(a["low_jpy"] <= b["high_jpy"] and b["low_jpy"] <= a["high_jpy"])
