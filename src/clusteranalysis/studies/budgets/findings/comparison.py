"""The findings of 01's comparison of programmes: on the run's basis (``programmes``) and
over the register's readings (``sensitivity``). Two programmes are ordered only where their
ranges do not overlap and the figures are of one kind; every number is a result-table cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    fmt_ordinal,
)
from clusteranalysis.studies.budgets.bases import (
    BASES,
    left_out,
    rate_number,
    rivals,
    short_name,
    sign,
)
from clusteranalysis.studies.budgets.sensitivity import above, may_be, other_scopes, overlap


def _scope_text(r: pd.Series) -> str:
    """The register's scope reading of a figure, with the others it allows that keep the
    figure from a place: 'one allocation; scope:uk-rda allows an umbrella total too'."""
    others = [s for s in other_scopes(r) if s in (vocab.SCOPE_UMBRELLA, vocab.SCOPE_PART)]
    if not others:
        return str(r["scope"])
    jid = next((j for j in str(r["judgements"]).split("; ") if j.startswith("scope:")),
               "the register")
    named = " or ".join(("an " if s[0] in "aeiou" else "a ") + s for s in others)
    return f"{r['scope']}; {jid} allows {named} too"


def _scope_bars_place(r: pd.Series) -> bool:
    """Whether the register's scope readings keep a figure from a place: an umbrella total
    or a part of a total, used or allowed."""
    return may_be(r, vocab.SCOPE_UMBRELLA) or may_be(r, vocab.SCOPE_PART)


def _umbrella_name(r: pd.Series) -> str:
    """A programme whose figure is, or may be, an umbrella total; the register's reading
    said when the umbrella is only an alternative it allows."""
    name = short_name(str(r["programme"]))
    return name if r["scope"] == vocab.SCOPE_UMBRELLA else f"{name} ({_scope_text(r)})"


def programmes(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]
               ) -> Findings:
    """The comparison on the run's basis in words, every number from ``programme_comparison``.

    A ranking, "largest" or a ratio is stated only within a group the basis compares and
    only as the run's table gives it; programmes without a value, and those the countries
    selection left out, are named.
    """
    head, basis = results["programme_comparison"], str(parameters["basis"])
    left = left_out(parameters["countries"])
    b = BASES[basis]
    f = Findings(f"Findings: {b.axis.lower()}")
    t = "programme_comparison"
    valued = head.dropna(subset=["value"])
    if left:
        f.add(f"This run's countries selection leaves out {'; '.join(left)}: nothing below "
              "compares with them.")
    if valued.empty:
        f.add(f"No programme of this selection has a figure on this basis "
              f"({b.title.lower()}).")
    def amt(r: pd.Series, column: str = "value", fmt: Any = None) -> str:
        return f.value(head, t, {"programme_id": r["programme_id"], "basis": basis}, column,
                       fmt or b.fmt(str(r["currency"]), bool(r["approximate"])))

    def lbl(r: pd.Series) -> str:
        """The row's label; per head recorded like a number (it names the population year
        used), so that the check against the table covers it."""
        if not b.per_head:
            return str(r["basis_label"])
        return f.text(head, t, {"programme_id": r["programme_id"], "basis": basis},
                      "basis_label")

    if b.per_head and not valued.empty:
        mark = sign(str(valued["currency"].iloc[0]))
        f.add(f"In {mark} per inhabitant per year: each annual figure ÷ the population of the "
              "programme's country in the year the figure covers (a period's middle year) or, "
              "where Gapminder's five-yearly series has none, the nearest available year; "
              "each label names the year used.")

    ranges = results["sensitivity_range"]
    ranges = ranges[ranges["measure"] == basis]
    rt = "sensitivity_range"

    def rng(r: pd.Series, column: str) -> str:
        return f.value(ranges, rt, {"programme_id": r["programme_id"], "measure": basis},
                       column, b.fmt(str(r["currency"]), bool(r["approximate"])))

    def yen(r: pd.Series, column: str) -> str:
        return f.value(ranges, rt, {"programme_id": r["programme_id"], "measure": basis},
                       column, b.fmt("JPY", bool(r["approximate"])))

    in_yen = "" if valued.empty or str(valued["currency"].iloc[0]) == "JPY" else \
        "in yen, so that the currency shown does not decide it: "

    def ordered(top: pd.Series, bottom: pd.Series) -> str:
        """'A above B (its lowest, x, is above the other's highest, y)': the one rule's
        order, in yen (:func:`~clusteranalysis.studies.budgets.sensitivity.above`)."""
        return (f"{short_name(top['programme'])} above {short_name(bottom['programme'])} "
                f"({in_yen}its lowest, {yen(top, 'low_jpy')}, is above the other's "
                f"highest, {yen(bottom, 'high_jpy')})")

    def span(r: pd.Series) -> str:
        low, high = rng(r, "low"), rng(r, "high")
        return low if low == high else f"{low} to {high}"

    if not valued.empty:
        judged = ("where their ranges do not overlap." if not in_yen else
                  "where their ranges in yen do not overlap: the ranges below in "
                  f"{sign(str(valued['currency'].iloc[0]))} also run over jpy_per_usd_range "
                  "for a figure converted here, and one rate moves two yen figures alike, "
                  "so two of them may overlap where the yen ranges do not.")
        f.add("Each figure is a range over the readings the register allows (the rates of an "
              "unstated conversion, the document's own yen restated at the other rates for "
              "the currency it converted, the periods, the divisors); the run's point value is "
              f"its choice (at the run's rate, the used period and divisor). Two programmes "
              f"are ordered only {judged}")
    def choice(r: pd.Series) -> str:
        """The run's point value, said to be at a rate outside the register's readings
        where it is (a run at ¥150 per US$), and then outside the range only if it is."""
        if bool(r["run_in_range"]):
            return f"the run's choice {amt(r)}"
        beyond = not float(r["low"]) <= float(r["value"]) <= float(r["high"])
        return (f"the run's choice {amt(r)}, at a rate outside the register's readings"
                + (", so outside the range" if beyond else ""))

    leads = {"all": "", "one year": "Among the one-year figures, ",
             "several years": "Among the multi-year totals, "}
    for group in dict.fromkeys(valued["group"]):
        g = valued[valued["group"] == group].merge(
            ranges[["programme_id", "scope", "scope_allowed", "low", "high", "low_jpy",
                    "high_jpy", "judgements", "run_in_range"]], on="programme_id")

        where = leads[group]
        for jids in g["judgements"].dropna():
            f.rests_on(*str(jids).split("; "))
        if len(g) == 1:
            r = g.iloc[0]
            f.add(f"{where}{short_name(r['programme'])} is the only programme with a figure: "
                  f"{span(r)} ({choice(r)}; {lbl(r)}; {r['scope']}).")
            continue
        parts = [f"{short_name(r['programme'])} {span(r)} ({choice(r)}; "
                 f"{lbl(r)}; {r['scope']})" for _, r in g.iterrows()]
        f.add(f"{where}{'T' if not where else 't'}he ranges: {'; '.join(parts)}.")
        may_be_umbrella = g.apply(lambda r: may_be(r, vocab.SCOPE_UMBRELLA), axis=1)
        umbrella, single = g[may_be_umbrella], g[~may_be_umbrella]
        if not umbrella.empty and not single.empty:
            names = ", ".join(_umbrella_name(r) for _, r in umbrella.iterrows())
            what = ("an umbrella total" if (umbrella["scope"] == vocab.SCOPE_UMBRELLA).all()
                    else "an umbrella total, or a figure the register allows to be one")
            f.add(f"{names}: {what}, not ranked against single programmes' allocations.")
        if len(single) < 2:
            continue
        pairs = []
        for (_, hi), (_, lo) in zip(single.iloc[:-1].iterrows(), single.iloc[1:].iterrows(),
                                    strict=True):
            a_name, b_name = short_name(hi["programme"]), short_name(lo["programme"])
            if not rivals(hi["span"], lo["span"]):  # one year against an average
                one, avg = (hi, lo) if hi["span"] == "one year" else (lo, hi)
                pairs.append(f"{a_name} and {b_name} cannot be ordered by the documents' "
                             f"figures: {short_name(one['programme'])}'s is one year's, "
                             f"{short_name(avg['programme'])}'s an average over several "
                             "years, which no one year of it need equal")
            elif above(hi, lo):
                pairs.append(ordered(hi, lo))
            elif above(lo, hi):
                pairs.append(ordered(lo, hi))
            elif not overlap(hi, lo):
                part = lo if may_be(lo, vocab.SCOPE_PART) else hi
                jid = next(j for j in str(part["judgements"]).split("; ")
                           if j.startswith("scope:"))
                pairs.append(f"{a_name} and {b_name} cannot be ordered by the documents' "
                             f"figures: {short_name(part['programme'])}'s figure is a part of a "
                             f"total ({jid}), whose whole may be larger")
            else:
                pairs.append(f"{a_name} and {b_name} cannot be ordered by the documents' "
                             f"figures: their ranges {'in yen ' if in_yen else ''}overlap")
        f.add(f"{where}{'T' if not where else 't'}aking the rest in the order of the run's "
              f"choices, next to next: {'; '.join(pairs)}.")
        # an order between two that are not next to next, where the chain between them
        # does not already give it (MNT above BioRegio per head, with MEXT between them)
        rows = [r for _, r in single.iterrows()]
        chained = [above(a, b) and rivals(a["span"], b["span"])
                   for a, b in pairwise(rows)]
        further = []
        for i, hi in enumerate(rows):
            for j in range(i + 2, len(rows)):
                lo = rows[j]
                if all(chained[i:j]) or not rivals(hi["span"], lo["span"]):
                    continue
                if above(hi, lo):
                    further.append(ordered(hi, lo))
                elif above(lo, hi):
                    further.append(ordered(lo, hi))
        if further:
            f.add(f"Not next to next, but ordered by the same rule: {'; '.join(further)}.")
        if group == "several years":
            f.add("These are totals over each programme's own years, of different lengths and "
                  "times (each label gives its period), in money of those years: an order of "
                  "them is of the sums, not of money a year, which the annual basis compares.")
        elif len(set(single["period"].astype(str))) > 1:
            f.add("The figures are of different years (each label gives its period), in "
                  "money of those years and, before conversion, of different currencies: an "
                  "order of them is of the sums as stated, not of what each could buy, for "
                  "which no price index is applied.")
    missing = head[head["value"].isna()]
    if not missing.empty:
        why = "; ".join(
            f"{short_name(r['programme'])}: "
            f"{r['basis_label'] if pd.notna(r['basis_label']) else r['note']}"
            for _, r in missing.iterrows())
        f.add(f"No figure on this basis for {why}.")
    kinds = sorted(set(valued["figure"].astype(str)))
    if len(kinds) > 1 and not b.grouped:
        f.add("The figures are of different kinds (" + ", ".join(kinds) + "); each label says "
              "which, and the caveats below what that means for the comparison.")
    return f


#: How the sensitivity findings name a measure of ``sensitivity_range``.
MEASURE_WORDS = {"annual": "annual figures", "annual_per_unit": "figures per funded unit",
                 "per_capita": "figures per inhabitant", "total": "figures as stated"}


def sensitivity(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]
                ) -> Findings:
    """How far the headlines move, in words, every number from ``sensitivity_range``.

    Ranks are among the programmes of the run's selection; the programmes the countries
    selection left out are named when there are any.
    """
    ranges = results["sensitivity_range"]
    left = left_out(parameters["countries"])
    f = Findings("Findings: sensitivity")
    t = "sensitivity_range"
    if left:
        f.add(f"The ranks below are among this run's selection only; it leaves out "
              f"{'; '.join(left)}.")
    if ranges.empty:
        f.add("No programme of this selection has a budget figure to vary.")
        return f

    def amt(r: pd.Series, column: str, fmt: Any = None) -> str:
        return f.value(ranges, t, {"programme_id": r["programme_id"], "measure": r["measure"]},
                       column, fmt or BASES[str(r["measure"])].fmt(str(r["currency"]),
                                                                   bool(r["approximate"])))

    def ranks(changing: pd.DataFrame) -> str:
        return "; ".join(f"{short_name(r['programme'])} between "
                         f"{amt(r, 'rank_best', fmt_ordinal)} and "
                         f"{amt(r, 'rank_worst', fmt_ordinal)}"
                         for _, r in changing.iterrows())

    def moves(low: str, high: str) -> str:
        """'A x to y; B …' for the programmes whose figure moves between two columns."""
        moved = annual[annual[high] > annual[low]]

        def outside(r: pd.Series) -> str:  # a run's rate the register does not have
            return "" if bool(r["run_in_range"]) else \
                " (at the run's rate, which is none of the register's for it)"
        return "; ".join(f"{short_name(r['programme'])} {amt(r, low)} to {amt(r, high)}"
                         f"{outside(r)}" for _, r in moved.iterrows())

    def rates(r: pd.Series) -> str:
        return (f"¥{amt(r, 'jpy_per_usd_low', rate_number)}–"
                f"{amt(r, 'jpy_per_usd_high', rate_number)} per US$")

    for jids in ranges["judgements"].dropna():
        f.rests_on(*str(jids).split("; "))
    placeless = ranges[ranges["rank"].isna()]
    barred = placeless.apply(_scope_bars_place, axis=1).astype(bool) if not placeless.empty \
        else pd.Series(dtype=bool)
    sole = placeless[~barred] if not placeless.empty else placeless
    unranked = (placeless[barred] if not placeless.empty else placeless) \
        .drop_duplicates("programme_id")
    for measure, alone in sole.groupby("measure", sort=False):
        # a figure's kind may differ by measure (MEXT: one year's national budget, the
        # per-cluster subsidy of every year of five), so the measure is named
        f.add(f"Given no place on the {MEASURE_WORDS[str(measure)]}, as the only figure of "
              "its kind with a place to take (one-year figures and multi-year ones are never "
              "rivals): " + "; ".join(f"{short_name(r['programme'])} ({r['scope']})"
                                      for _, r in alone.iterrows()) + ".")
    if not unranked.empty and ranges["programme_id"].nunique() > 1:
        names = "; ".join(f"{short_name(r['programme'])} ({_scope_text(r)})"
                          for _, r in unranked.iterrows())
        f.add(f"Given no place and counted in no other's: {names}. An umbrella total is "
              "ranked against no single programme, and a part of a total may have a larger "
              "whole; the places below are among the others of the same kind (one-year "
              "figures, or multi-year totals and their averages).")
    annual = ranges[ranges["measure"] == "annual"]
    moved = annual[annual["rate_high"] > annual["rate_low"]]
    if moved.empty:
        f.add("No annual figure moves with the exchange rate: none is converted here.")
    else:
        parts = [f"{short_name(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')} "
                 f"over {rates(r)}" for _, r in moved.iterrows()]
        tail = (" (the figures stated in this run's currency do not move)"
                if len(moved) < len(annual) else "")
        f.add("Over the rates (the register's, for a conversion whose rate is unstated or "
              "stated by the document; jpy_per_usd_range and the run's rate, for a conversion "
              f"made here) the annual figures converted here move: {'; '.join(parts)}{tail}.")
    outside = annual[~annual["run_in_range"].astype(bool)]
    for _, r in outside.iterrows():
        f.add(f"This run's rate is not one of the register's readings for "
              f"{short_name(r['programme'])}'s conversion: its annual figure at that rate, "
              f"{amt(r, 'headline')}, is the run's choice, shown beside the range, not in it.")
    by_period = moves("period_low", "period_high")
    if by_period:
        f.add("Over the period readings the register allows (the years a total may cover), "
              f"the annual figures at the run's rate move: {by_period}.")
    restated = moves("restated_low", "restated_high")
    if restated:
        f.add("The document converted the overseas programmes' euros and pounds into yen at "
              "rates it does not state; restated from the highest of the register's rates "
              "for its conversion to the lowest, and the reverse, the annual figures at the "
              f"run's rate and period move: {restated}.")
    changing = _place_changes(annual)
    if changing.empty:
        f.add("No programme's place among the others' run's choices changes over its own "
              "annual readings (a place is not an order: the ranges above decide that).")
    else:
        f.add("Over its own readings a programme's place among the others' run's choices "
              f"changes (a place, not an order): {ranks(changing)}.")
    per = ranges[ranges["measure"] == "annual_per_unit"]
    spread = per[per["divisor_high"] > per["divisor_low"]]
    spread = spread.assign(_s=spread["divisor_high"] / spread["divisor_low"]).sort_values(
        ["_s", "programme_id"], ascending=[False, True])
    if not spread.empty:
        parts = [f"{short_name(r['programme'])} {amt(r, 'divisor_low')} to "
                 f"{amt(r, 'divisor_high')}" for _, r in spread.iterrows()]
        f.add("Per funded unit, the divisors the register allows move the figures at the "
              f"run's rate and period: {'; '.join(parts)}. The table gives the readings "
              "behind each end of the whole range.")
    fixed = per[(per["divisor_high"] == per["divisor_low"]) & (per["high"] > per["low"])]
    if not fixed.empty:
        parts = [f"{short_name(r['programme'])} {amt(r, 'low')} to {amt(r, 'high')}"
                 for _, r in fixed.sort_values("programme_id").iterrows()]
        f.add("Over all their readings together (the rate, the period and, for a figure "
              "stated per cluster, the national budget divided instead by a count the "
              f"register allows) the others run: {'; '.join(parts)}; the table says which "
              "readings give each end.")
    changing = _place_changes(per)
    if not changing.empty:
        f.add("Per funded unit, over its own readings a programme's place among the others' "
              f"run's choices changes (a place, not an order): {ranks(changing)}.")
    heads = ranges[ranges["measure"] == "per_capita"]
    if not heads.empty:
        moved = heads[heads["rate_high"] > heads["rate_low"]]
        if moved.empty:
            f.add("Per inhabitant per year no figure moves with the rate: none is converted "
                  "here, and the populations do not depend on the rate.")
        else:
            parts = [f"{short_name(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')}"
                     for _, r in moved.iterrows()]
            tail = ("; the figures stated in this run's currency do not move"
                    if len(moved) < len(heads) else "")
            f.add(f"Per inhabitant per year, over the same rates, the figures converted here "
                  f"move: {'; '.join(parts)} (each is divided by one population, which does "
                  f"not depend on the rate{tail}).")
        changing = _place_changes(heads)
        f.add("No programme's place per inhabitant among the others' run's choices changes "
              "over its own readings (a place is not an order)." if changing.empty
              else "Per inhabitant, over its own readings a programme's place among the "
              f"others' run's choices changes (a place, not an order): {ranks(changing)}.")
    return f


def _place_changes(ranges: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``sensitivity_range`` whose place changes over their own readings (a row
    with no place, an umbrella total or a part of a total, is not one)."""
    return ranges[(ranges["rank_best"] != ranges["rank_worst"]).fillna(False)]
