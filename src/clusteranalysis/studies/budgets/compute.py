"""The study's computations: tables in, tables out, and :func:`results`, which makes every
result table of a run once.

METI's FY2004 → FY2005 budget (:func:`meti_line_items`, :func:`meti_summary`) and MEXT's
Knowledge Cluster (:func:`knowledge_cluster`, :func:`stated_conversions`) are here; every
programme on a stated basis is :mod:`~clusteranalysis.studies.budgets.programmes`, and how
far the figures move :mod:`~clusteranalysis.studies.budgets.sensitivity`. The sums the build
already set beside the stated totals (the ``reconciliation`` table: METI's listed items, MEXT's
areas and parts times the per-cluster budget) are read from it, not computed again. Amounts
are in millions of the run's currency; each row carries the ``source`` and ``line`` of the
rows it was computed from (:func:`clusteranalysis.provenance.citations.with_provenance`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce
from clusteranalysis.metadata.results.budgets import BUDGETS
from clusteranalysis.present.formats import fmt_number
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies.budgets import programmes, sensitivity, series
from clusteranalysis.studies.budgets import register as reg
from clusteranalysis.studies.budgets.bases import (
    CURRENCY_NAMES,
    MILLION,
    SPANS,
    convert,
    converted_here,
    fiscal_years,
    sign,
    to_currency,
)
from clusteranalysis.studies.budgets.divisors import divisor_options
from clusteranalysis.studies.budgets.register import TABLES as REGISTER
from clusteranalysis.studies.budgets.register import figure_judgements

#: The reconciliation checks (lookups/reconciliation.csv) this study reads, by what they
#: set beside the stated total.
METI_CHECKS = {"previous year": "meti_budget_previous_year", "draft": "meti_budget_draft"}
MEXT_AREAS_CHECK = "mext_clusters_budget"
MEXT_PARTS_CHECK = "mext_parts_budget"
#: The unit of a share of the stated total, in meti_summary.
SHARE_UNIT = "% of stated total"
SHARE_MEASURE = "share of the stated total the listed items explain"


def results(inputs: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]
            ) -> dict[str, pd.DataFrame]:
    """Every result table of a run, each computed once, by its declared name
    (:mod:`clusteranalysis.metadata.results.budgets`), with its declared columns and dtypes.

    ``inputs`` are the processed tables of :data:`~clusteranalysis.studies.budgets.INPUTS`;
    ``parameters`` the notebook's, as ``studies.check_parameters`` returned them.
    """
    currency, rate = str(parameters["currency"]), float(parameters["jpy_per_usd"])
    budgets, participants = inputs["budgets"], inputs["participants"]
    out: dict[str, pd.DataFrame] = {}

    def keep(name: str, df: pd.DataFrame) -> pd.DataFrame:
        out[name] = coerce(BUDGETS[name], df)
        return out[name]

    items = keep("meti_line_items", meti_line_items(budgets, currency, rate))
    keep("meti_summary", meti_summary(items, inputs["reconciliation"], currency, rate))
    keep("knowledge_cluster", knowledge_cluster(budgets, participants,
                                                inputs["reconciliation"], currency, rate,
                                                {name: inputs[name] for name in REGISTER}))
    keep("mext_stated_conversions", stated_conversions(
        budgets, inputs["exchange_rates"], inputs["budget_equivalents"]))
    figures = programmes.stated_figures(budgets, inputs["programmes"], inputs["documents"],
                                        inputs["timeline"], inputs["population"],
                                        parameters["countries"])
    register = {name: inputs[name] for name in REGISTER}
    divisors = programmes.divisors(participants, figures, register)
    low, high = (float(x) for x in parameters["jpy_per_usd_range"])
    readings = programmes.readings(figures, divisors, budgets, currency,
                                   sorted({low, rate, high}), rate, register)
    table = keep("programme_budgets", programmes.programme_budgets(
        figures, readings, divisors, budgets, currency, rate))
    keep("annual_readings", programmes.annual_readings(table))
    basis = str(parameters["basis"])
    per_cluster = budgets[budgets["basis"] == "per_cluster_per_year"]
    per_unit = reg.per_unit_spans(register, per_cluster, SPANS)
    keep("programme_comparison", programmes.comparison(
        table, basis, reg.unranked(register, figures), per_unit))
    sens = keep("budget_sensitivity", sensitivity.budget_sensitivity(readings, basis))
    groups = dict(zip(table["programme_id"].astype(str), table["span"].astype(str),
                      strict=True))
    ranges = sensitivity.sensitivity_range(sens, figures, register, per_cluster, groups,
                                           per_unit)
    ranges_jpy = ranges if currency == "JPY" else sensitivity.sensitivity_range(
        sensitivity.budget_sensitivity(programmes.readings(
            figures, divisors, budgets, "JPY", sorted({low, rate, high}), rate, register),
            basis), figures, register, per_cluster, groups, per_unit)
    keep("sensitivity_range", sensitivity.in_yen(ranges, ranges_jpy))
    keep("japan_series", series.japan_series(budgets, inputs["independent_figures"],
                                             inputs["programmes"], register, currency, rate,
                                             (low, high)))
    return {name: out[name] for name in BUDGETS}


def _pct(part: pd.Series | float, whole: pd.Series | float, digits: int = 1) -> pd.Series:
    return (pd.Series(part, dtype="Float64") / whole * 100).round(digits)


def _check(reconciliation: pd.DataFrame, check_id: str) -> pd.Series:
    """The reconciliation row of ``check_id``, as the build made it."""
    rows = reconciliation[reconciliation["check_id"] == check_id]
    if len(rows) != 1:
        raise ClusterAnalysisError(f"reconciliation: expected the check {check_id!r}")
    return rows.iloc[0]


# --------------------------------------------------------------------------- METI


def meti_years(budgets: pd.DataFrame) -> tuple[int, int]:
    """(previous fiscal year, draft fiscal year) of METI's draft budget, from its totals."""
    return fiscal_years(budgets[(budgets["programme_id"] == vocab.METI_CLUSTER)
                                & (budgets["item"] == "total")])


def meti_line_items(budgets: pd.DataFrame, currency: str, jpy_per_usd: float) -> pd.DataFrame:
    """METI's line items, one row per item and fiscal year (the draft and the previous
    year's figure beside it), in document order.

    On a draft row ``change`` and ``growth_pct`` compare it with the previous year's figure
    (empty for an item marked '(new)'); ``share_pct`` is of the stated national total of the
    same year, so it shows how much of the total the item explains. ``stated_amount`` is the
    figure in the currency the slide states. Both years of an item stand on one line of the
    slide: ``source`` and ``line`` are that line.
    """
    meti = budgets[budgets["programme_id"] == vocab.METI_CLUSTER]
    totals = meti[meti["item"] == "total"]
    total_of = dict(zip(totals["fiscal_year"].astype(int),
                        to_currency(totals["amount"], totals["currency"], currency,
                                    jpy_per_usd) / MILLION, strict=True))
    rows = meti[meti["item"] != "total"]
    out = rows[["category", "item", "fiscal_year", "status", "is_new", "source", "line"]].copy()
    out["amount"] = to_currency(rows["amount"], rows["currency"], currency,
                                jpy_per_usd) / MILLION
    out["stated_currency"] = rows["currency"]
    out["stated_amount"] = (rows["amount"].astype("Float64") / MILLION).round(4)
    previous = out.loc[out["status"] == "previous year", ["item", "amount"]]
    out = out.merge(previous.rename(columns={"amount": "_previous"}), on="item", how="left")
    out.loc[out["status"] != "draft", "_previous"] = pd.NA
    out["change"] = (out["amount"] - out["_previous"]).round(4)
    out["growth_pct"] = _pct(out["amount"] - out["_previous"], out["_previous"])
    out["share_pct"] = _pct(out["amount"], out["fiscal_year"].astype(int).map(total_of)
                            .astype("Float64"))
    out["amount"] = out["amount"].round(4)
    out["currency"] = currency
    return out.drop(columns="_previous").sort_values(["line", "item", "fiscal_year"]) \
        .reset_index(drop=True)


def meti_summary(items: pd.DataFrame, reconciliation: pd.DataFrame, currency: str,
                 jpy_per_usd: float) -> pd.DataFrame:
    """FY2004 → FY2005 for the stated total, the listed items, and the part not itemised:
    one row per measure and fiscal year.

    The stated total, the sum of the listed items, their difference and the share they
    explain are the build's reconciliation of each year (``check_id``); separating the items
    listed in both years from the new ones (from ``items``, :func:`meti_line_items`) shows
    whether growth comes from existing tools or new ones. On a draft row ``change`` and
    ``growth_pct`` compare it with the previous year. Each amount is also in the currency the
    document states (``value_stated_currency``), with the rate applied (``rate_applied``,
    empty when nothing is converted).
    """
    previous_fy, draft_fy = fiscal_years(items)
    years = {"previous year": previous_fy, "draft": draft_fy}
    stated_currency = str(items["stated_currency"].iloc[0])
    in_both = set(items.loc[items["status"] == "previous year", "item"])
    both, new = items[items["item"].isin(in_both)], items[items["is_new"].fillna(False)]
    checks = reconciliation[reconciliation["check_id"].isin(list(METI_CHECKS.values()))]
    new_measure = f"items new in FY{years['draft']}"
    used = {"stated national total": [checks], "listed line items (sum)": [items],
            "items listed in both years": [both], new_measure: [new],
            "not itemised (stated total − listed items)": [checks, items],
            SHARE_MEASURE: [checks, items]}
    rate = float(jpy_per_usd) if stated_currency != currency else None

    def amounts(stated: float) -> tuple[float, float]:
        return convert(stated, stated_currency, currency, jpy_per_usd) / MILLION, stated / MILLION

    rows = []
    for status, check_id in METI_CHECKS.items():
        fy, check = years[status], _check(reconciliation, check_id)
        measures = [
            ("stated national total", amounts(float(check["stated"])), check_id),
            ("listed line items (sum)", amounts(float(check["computed"])), check_id),
            ("items listed in both years", _sums(both[both["fiscal_year"] == fy]), None),
            (new_measure, _sums(new[new["fiscal_year"] == fy]), None),
            ("not itemised (stated total − listed items)",
             amounts(-float(check["difference"])), check_id),
        ]
        for measure, (value, stated), key in measures:
            rows.append({"measure": measure, "fiscal_year": fy, "status": status,
                         "unit": f"million {currency}", "value": value,
                         "stated_currency": stated_currency,
                         "value_stated_currency": round(stated, 4), "rate_applied": rate,
                         "check_id": key})
        rows.append({"measure": SHARE_MEASURE, "fiscal_year": fy, "status": status,
                     "unit": SHARE_UNIT, "value": float(check["ratio"]) * 100,
                     "check_id": check_id})
    out = pd.DataFrame(rows)
    share = out["unit"] == SHARE_UNIT
    value = out["value"].astype("Float64")
    out["value"] = value.round(4).where(~share, value.round(1))
    draft = out["status"] == "draft"
    previous = out["measure"].map(out.loc[~draft].set_index("measure")["value"]) \
        .astype("Float64").where(draft)
    change = out["value"] - previous
    out["change"] = change.round(4).where(~share, change.round(1))
    out["growth_pct"] = _pct(out["change"], previous.where((previous != 0) & ~share))
    out["_order"] = out["measure"].map({m: i for i, m in enumerate(used)})
    out = out.sort_values(["_order", "fiscal_year"]).drop(columns="_order") \
        .reset_index(drop=True)
    return with_provenance(out, lambda r: pd.concat(
        [f[["source", "line"]] for f in used[r["measure"]]]))


def _sums(rows: pd.DataFrame) -> tuple[float, float]:
    """The items' sum in the run's currency and in the stated currency."""
    return float(rows["amount"].sum()), float(rows["stated_amount"].sum())


# --------------------------------------------------------------------------- MEXT


def knowledge_cluster(budgets: pd.DataFrame, participants: pd.DataFrame,
                      reconciliation: pd.DataFrame, currency: str,
                      jpy_per_usd: float, register: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The Knowledge Cluster budget nationally and per cluster, and how the two fit (003).

    The document states a national budget for one fiscal year and a budget per cluster per
    fiscal year, and appoints 10 areas "consisting of 12 smaller parts". The build's
    reconciliation checks the two stated figures against each other with both counts (a
    consistency check, not a share of itemised spending: ``check_id``); the table gives
    those checks, what each count leaves unaccounted for, and the national budget divided by
    each count. ``divisor_reading`` marks the rows of the count the register's divisor
    judgement uses and of its alternative; ``value_stated_currency`` is an amount as the
    document states it (yen), whatever the run's currency.
    """
    kc = budgets[budgets["programme_id"] == vocab.MEXT_KNOWLEDGE_CLUSTER]
    national_row = kc[kc["basis"] == "annual"]
    per_row = kc[kc["basis"] == "per_cluster_per_year"]
    national, per = national_row.iloc[0], per_row.iloc[0]
    stated = str(national["currency"])

    judged = figure_judgements(register, str(national["programme_id"]),
                               str(national["item"]), str(national["status"]))
    # the document's own rate where it states its dollars too: a stated figure as stated
    rate, own_rate = (reg.headline_rate(register, vocab.MEXT_KNOWLEDGE_CLUSTER, judged,
                                        jpy_per_usd)
                      if stated != currency else (float(jpy_per_usd), False))

    def money(amount: float, from_currency: str) -> float:
        return convert(amount, from_currency, currency, rate) / MILLION

    fy = int(national["fiscal_year"])
    options = {d.reading: d for d in divisor_options(participants,
                                                     vocab.MEXT_KNOWLEDGE_CLUSTER)}
    areas, parts = options["headline"], options.get("parts")
    if parts is None:
        raise ClusterAnalysisError(f"{vocab.MEXT_KNOWLEDGE_CLUSTER}: no smaller parts of "
                                   "the appointed areas")
    used = judged.used("divisor")
    if used is None or {r.value for r in judged.of("divisor")} != {areas.count, parts.count}:
        raise ClusterAnalysisError(f"{vocab.MEXT_KNOWLEDGE_CLUSTER}: the register's divisor "
                                   "readings are not the document's areas and parts")

    def reading(count: float) -> str:
        return "used" if count == used.value else "alternative"

    by_areas = _check(reconciliation, MEXT_AREAS_CHECK)
    by_parts = _check(reconciliation, MEXT_PARTS_CHECK)
    check_currency = str(by_areas["unit"])
    unit = f"million {currency}"
    nat, nat_stated = float(national["amount"]), str(national["currency"])
    pc, pc_stated = float(per["amount"]), str(per["currency"])
    years = int(per["period_years"])
    n, k = areas.count, parts.count
    pct = "% of national budget"
    # A figure converted into the run's currency is not the document's figure: the label
    # says so, and the document's own amount stays in value_stated_currency.
    nat_note, pc_note = ((f"stated in {nat_stated}, and in {currency} at its own rate",
                          f"stated in {pc_stated}, and in {currency} at its own rate")
                         if own_rate else (converted_here(nat_stated, currency),
                                           converted_here(pc_stated, currency)))
    # (measure, value, unit, check, rows, amount as stated (currency units), count reading)
    rows = [
        (f"national budget, FY{fy} (one fiscal year{'; ' + nat_note if nat_note else ''})",
         money(nat, nat_stated), unit, None,
         [national_row], nat, None),
        (f"budget per cluster per fiscal year ({pc_note or 'stated'})", money(pc, pc_stated),
         unit, None,
         [per_row], pc, None),
        (f"budget per cluster over the {years} years (stated × {years}"
         f"{pc_note.removeprefix('stated') if pc_note else ''})",
         money(pc, pc_stated) * years, unit, None, [per_row], pc * years, None),
        (f"areas appointed, FY{fy}", n, "areas", None, [areas.rows], None, reading(n)),
        ("smaller parts of those areas", k, "parts", None, [parts.rows], None, reading(k)),
        ("areas × budget per cluster", money(float(by_areas["computed"]), check_currency),
         unit, MEXT_AREAS_CHECK, [per_row, areas.rows], float(by_areas["computed"]),
         reading(n)),
        ("areas × budget per cluster, as % of the national budget",
         float(by_areas["ratio"]) * 100, pct, MEXT_AREAS_CHECK,
         [national_row, per_row, areas.rows], None, reading(n)),
        ("national budget not accounted for by areas × budget per cluster",
         money((0.0 - float(by_areas["difference"])), check_currency), unit, MEXT_AREAS_CHECK,
         [national_row, per_row, areas.rows], (0.0 - float(by_areas["difference"])), reading(n)),
        ("national budget not accounted for by areas × budget per cluster, as %",
         (1 - float(by_areas["ratio"])) * 100, pct, MEXT_AREAS_CHECK,
         [national_row, per_row, areas.rows], None, reading(n)),
        ("parts × budget per cluster", money(float(by_parts["computed"]), check_currency),
         unit, MEXT_PARTS_CHECK, [per_row, parts.rows], float(by_parts["computed"]),
         reading(k)),
        ("parts × budget per cluster, as % of the national budget",
         float(by_parts["ratio"]) * 100, pct, MEXT_PARTS_CHECK,
         [national_row, per_row, parts.rows], None, reading(k)),
        ("national budget not accounted for by parts × budget per cluster",
         money((0.0 - float(by_parts["difference"])), check_currency), unit, MEXT_PARTS_CHECK,
         [national_row, per_row, parts.rows], (0.0 - float(by_parts["difference"])), reading(k)),
        ("national budget ÷ areas", money(nat, nat_stated) / n, unit, None,
         [national_row, areas.rows], nat / n, reading(n)),
        ("national budget ÷ parts", money(nat, nat_stated) / k, unit, None,
         [national_row, parts.rows], nat / k, reading(k)),
    ]
    out = pd.DataFrame([r[:4] for r in rows], columns=["measure", "value", "unit", "check_id"])
    out["value"] = out["value"].astype("Float64").round(4)
    out["currency"] = [currency if u == unit else None for u in out["unit"]]
    out["value_stated_currency"] = pd.array(
        [None if r[5] is None else round(r[5] / MILLION, 4) for r in rows], dtype="Float64")
    out["stated_currency"] = [stated if r[5] is not None else None for r in rows]
    out["rate_applied"] = pd.array([None if pd.isna(c) or c == stated else rate
                                    for c in out["currency"]], dtype="Float64")
    out["at_document_rate"] = pd.array([None if pd.isna(r) else own_rate
                                        for r in out["rate_applied"]], dtype="boolean")
    out["divisor_reading"] = [r[6] for r in rows]
    used_rows = {r[0]: r[4] for r in rows}
    return with_provenance(out, lambda r: pd.concat(
        [f[["source", "line"]] for f in used_rows[r["measure"]]]))


#: The flag on a stated rate that puts another currency at par with the US dollar.
PAR_FLAG = ("at par with the US dollar as stated: not a market rate for {name}; shown as "
            "the document states it, not corrected")


def stated_conversions(budgets: pd.DataFrame, exchange_rates: pd.DataFrame,
                       budget_equivalents: pd.DataFrame) -> pd.DataFrame:
    """The rates and the other-currency figures a document states beside its yen, as stated.

    003 gives its dollar and pound figures "calculated as US$1 = £1 = ¥120". A rate that puts
    another currency at par with the dollar (here the pound) is flagged: it is the
    document's shorthand, not a market rate. ``at_stated_rate`` is the yen figure at the
    stated rate, to compare with the figure the document gives. One row per stated fact:
    source, line and raw are the processed table's.
    """
    usd = exchange_rates[(exchange_rates["from_currency"] == "USD")
                         & (exchange_rates["to_currency"] == "JPY")]
    usd_rate = float(usd["rate"].iloc[0]) if not usd.empty else float("nan")
    rows = []
    for r in exchange_rates.itertuples(index=False):
        name = CURRENCY_NAMES.get(str(r.from_currency), str(r.from_currency))
        par = str(r.from_currency) != "USD" and float(r.rate) == usd_rate
        rows.append({
            "kind": "stated rate",
            "item": f"{sign(str(r.from_currency))}1 = ¥{fmt_number(float(r.rate))}",
            "currency": str(r.from_currency), "stated": float(r.rate), "unit": "yen per unit",
            "at_stated_rate": None, "flag": PAR_FLAG.format(name=f"the {name}") if par else "",
            "source": r.source, "line": int(r.line), "raw": r.raw})
    rate = dict(zip(exchange_rates["from_currency"].astype(str),
                    exchange_rates["rate"].astype(float), strict=True))
    for r in budget_equivalents.itertuples(index=False):
        yen = budgets[(budgets["programme_id"] == r.programme_id) & (budgets["item"] == r.item)
                      & (budgets["currency"] == "JPY")]
        at_rate = (float(yen["amount"].iloc[0]) / rate[str(r.currency)] / MILLION
                   if not yen.empty and str(r.currency) in rate else float("nan"))
        name = CURRENCY_NAMES.get(str(r.currency), str(r.currency))
        par = str(r.currency) != "USD" and rate.get(str(r.currency)) == usd_rate
        rows.append({
            "kind": "stated equivalent", "item": str(r.item), "currency": str(r.currency),
            "stated": float(r.amount) / MILLION, "unit": f"million {r.currency}",
            "at_stated_rate": round(at_rate, 4),
            "flag": (f"converted at the stated {sign(str(r.currency))}1 = ¥"
                     f"{fmt_number(rate[str(r.currency)])}: " + PAR_FLAG.format(
                         name=f"the {name}")) if par else "",
            "source": r.source, "line": int(r.line), "raw": r.raw})
    return pd.DataFrame(rows, columns=["kind", "item", "currency", "stated", "unit",
                                       "at_stated_rate", "flag", "source", "line", "raw"])
