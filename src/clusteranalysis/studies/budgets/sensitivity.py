"""How far the figures move: over the exchange rates and over the divisors the documents allow.

:func:`budget_sensitivity` is the readings of every programme's annual and per-unit figure
(:func:`clusteranalysis.studies.budgets.programmes.readings`) at the ends of
``jpy_per_usd_range`` and the run's ``jpy_per_usd``; on a per-head basis the figure per
inhabitant per year too. :func:`sensitivity_range` says, per programme and measure, how
far the headline moves and how its rank among the others changes.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.studies.budgets.bases import BASES

#: The measures the sensitivity varies, in display order (per_capita on a per-head basis).
MEASURES = ("annual", "annual_per_unit", "per_capita")


def budget_sensitivity(readings: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Every programme's annual and per-unit figure over the exchange rates and divisors
    (the rows of ``readings``), the run's ``basis`` too when it is per head.

    Only a figure converted here moves with the rate; ``headline`` marks the row the run's
    tables use. The years are those the annual rule gives (the other reading is in
    ``annual_readings``). On a per-head basis (``per_capita``) the figure per inhabitant per
    year is a third measure, over the same rates; its divisor, the population
    ``programme_budgets`` used, is the only one (no other population year is tried).
    """
    measures = [m for m in MEASURES if m != "per_capita" or BASES[basis].per_head]
    out = readings[readings["measure"].isin(measures)].copy()
    order = {p: i for i, p in enumerate(dict.fromkeys(readings["programme_id"]))}
    out["_p"] = out["programme_id"].map(order)
    out["_m"] = out["measure"].map({m: i for i, m in enumerate(MEASURES)})
    out["_d"] = out["divisor"].astype("Float64")
    return out.sort_values(["_m", "_p", "jpy_per_usd", "_d"], na_position="first") \
        .drop(columns=["_p", "_m", "_d"]).reset_index(drop=True)


def sensitivity_range(sens: pd.DataFrame) -> pd.DataFrame:
    """How far each headline moves: one row per programme and measure.

    ``rate_low``/``rate_high``: the figure at the ends of the exchange-rate range (divisor
    as in the headline); ``divisor_low``/``divisor_high``: over the divisors at the run's
    rate; ``low``/``high`` over both, ``high_over_low`` their ratio, with the readings that
    give them. ``rank``, ``rank_best`` and ``rank_worst``: the programme's place among the
    others at their headline figures (at the same rate), now and over its own readings.
    ``source`` and ``line`` are the headline reading's.
    """
    rows = []
    for (measure, pid), g in sens.groupby(["measure", "programme_id"], sort=False):
        head = g[g["headline"].fillna(False)].iloc[0]
        run_rate = float(head["jpy_per_usd"])
        same_divisor = g[(g["divisor_label"] == head["divisor_label"])]
        at_run = g[g["jpy_per_usd"] == run_rate]
        lo, hi = g.loc[g["value"].idxmin()], g.loc[g["value"].idxmax()]
        others = sens[(sens["measure"] == measure) & (sens["programme_id"] != pid)]
        ranks = []
        for _, s in g.iterrows():
            rivals = others[(others["jpy_per_usd"] == s["jpy_per_usd"])
                            & _headline_divisor(others, sens)]
            ranks.append(int((rivals["value"] > s["value"]).sum()) + 1)
        rivals_now = others[(others["jpy_per_usd"] == run_rate) & _headline_divisor(others, sens)]

        def scenario(s: pd.Series) -> str:
            return f"{s['divisor_label']}; {s['rate_label']}"

        rows.append({
            "programme_id": pid, "programme": head["programme"], "country": head["country"],
            "measure": measure, "currency": head["currency"], "approximate": head["approximate"],
            "headline": head["value"],
            "headline_label": scenario(head),
            "rate_low": same_divisor["value"].min(), "rate_high": same_divisor["value"].max(),
            "divisor_low": at_run["value"].min(), "divisor_high": at_run["value"].max(),
            "low": lo["value"], "low_label": scenario(lo),
            "high": hi["value"], "high_label": scenario(hi),
            "high_over_low": round(float(hi["value"]) / float(lo["value"]), 4),
            "jpy_per_usd_low": float(sens["jpy_per_usd"].min()),
            "jpy_per_usd_high": float(sens["jpy_per_usd"].max()),
            "rank": int((rivals_now["value"] > head["value"]).sum()) + 1,
            "rank_best": min(ranks), "rank_worst": max(ranks),
            "source": head["source"], "line": head["line"],
        })
    out = pd.DataFrame(rows, columns=[
        "programme_id", "programme", "country", "measure", "currency", "approximate",
        "headline", "headline_label", "rate_low", "rate_high", "divisor_low", "divisor_high", "low",
        "low_label", "high", "high_label", "high_over_low", "jpy_per_usd_low",
        "jpy_per_usd_high", "rank", "rank_best", "rank_worst", "source", "line"])
    return out


def _headline_divisor(rows: pd.DataFrame, sens: pd.DataFrame) -> pd.Series:
    """Rows whose divisor is their programme's headline one (at any rate)."""
    heads = sens[sens["headline"].fillna(False)][["programme_id", "measure", "divisor_label"]]
    keys = set(zip(heads["programme_id"], heads["measure"], heads["divisor_label"], strict=True))
    return pd.Series([k in keys for k in zip(rows["programme_id"], rows["measure"],
                                             rows["divisor_label"], strict=True)],
                     index=rows.index)
