"""The Findings paragraph closing each section of the notebook: every number a cell of a
result table (:class:`clusteranalysis.present.Findings` records which), every claim one the
run's tables support.

Each function takes the run's results and parameters, as the notebook has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    fmt_amount,
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_signed_pct,
)
from clusteranalysis.studies.budgets.bases import (
    BASES,
    amount_fmt,
    fiscal_years,
    left_out,
    rate_number,
    rate_text,
    short_name,
    sign,
    stated_amount_fmt,
)
from clusteranalysis.studies.budgets.sensitivity import above, may_be, other_scopes, overlap
from clusteranalysis.studies.budgets.series import FIGURE_WORDS


def meti(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]) -> Findings:
    """METI FY2004 → FY2005 in words, every number from ``meti_line_items`` and
    ``meti_summary``; "largest" and "fastest" only when one item is."""
    items, summary = results["meti_line_items"], results["meti_summary"]
    f = Findings("Findings: METI")
    currency = str(parameters["currency"])
    stated_cur = str(summary["stated_currency"].dropna().iloc[0])
    prev_fy, draft_fy = fiscal_years(items)
    # in the currency METI states them in, its amounts are written with its digits
    money = stated_amount_fmt(currency) if currency == stated_cur else amount_fmt(currency)
    draft = items[items["fiscal_year"] == draft_fy]

    def total(column: str = "value", measure: str = "stated national total",
              fmt: Any = money, fy: int = draft_fy) -> str:
        return f.value(summary, "meti_summary", {"measure": measure, "fiscal_year": fy},
                       column, fmt)

    def item(name: str, column: str = "amount", fmt: Any = money, fy: int = draft_fy) -> str:
        return f.value(items, "meti_line_items", {"item": name, "fiscal_year": fy}, column,
                       fmt)

    stated = stated_amount_fmt(stated_cur)
    f.add(f"METI states its national budget for the Industrial Cluster Projects as "
          f"{total('value_stated_currency', fmt=stated)} in the FY{draft_fy} draft budget "
          f"and {total('value_stated_currency', fmt=stated, fy=prev_fy)} in FY{prev_fy}, the "
          f"figure in parentheses beside it: {total('growth_pct', fmt=fmt_signed_pct)}.")
    ranges = results["sensitivity_range"]
    meti_range = ranges[(ranges["programme_id"] == vocab.METI_CLUSTER)
                        & (ranges["measure"] == "annual")]
    where = {"programme_id": vocab.METI_CLUSTER, "measure": "annual"}
    if stated_cur != currency:
        if not meti_range.empty and bool(meti_range["rate_high"].iloc[0]
                                         > meti_range["rate_low"].iloc[0]):
            t = "sensitivity_range"
            f.add(f"It states no rate. At the rates the register allows for that conversion, "
                  f"{f.value(ranges, t, where, 'jpy_per_usd_low', rate_number)}–"
                  f"{f.value(ranges, t, where, 'jpy_per_usd_high', rate_number)} yen per US$, "
                  f"the FY{draft_fy} draft is "
                  f"{f.value(ranges, t, where, 'rate_low', money)}–"
                  f"{f.value(ranges, t, where, 'rate_high', money)}; the yen below are at "
                  f"{total('rate_applied', fmt=rate_text)}, this run's choice, not METI's.")
        else:
            f.add(f"It states no rate; the yen below are at "
                  f"{total('rate_applied', fmt=rate_text)}, this run's choice, not METI's.")
    else:
        f.add("It states no rate (conversion:meti-budget); in this run's currency its figures "
              "are shown as stated.")
    f.rests_on("conversion:meti-budget")
    if not meti_range.empty and pd.notna(meti_range["scope"].iloc[0]):
        f.add(f"The register reads the figure as an "
              f"{f.text(ranges, 'sensitivity_range', where, 'scope')} (scope:meti-budget): "
              "a ministry's total for the projects, not one programme's allocation.")
        f.rests_on("scope:meti-budget")
    listed, share = "listed line items (sum)", "share of the stated total the listed items explain"
    f.add(f"In this run's currency, the policy tools the slide lists add up to "
          f"{total(measure=listed)} in "
          f"FY{draft_fy}, {total(measure=share, fmt=fmt_pct)} of the stated total, and "
          f"{total(measure=listed, fy=prev_fy)} in FY{prev_fy} "
          f"({total(measure=share, fmt=fmt_pct, fy=prev_fy)}); the rest of "
          "the national budget is not itemised on the slide.")
    top = draft.sort_values(["amount", "line"], ascending=[False, True]).iloc[0]
    if (draft["amount"] == top["amount"]).sum() == 1:
        text = (f"The largest listed tool is “{top['item']}”: {item(top['item'])} in "
                f"FY{draft_fy}, {item(top['item'], 'share_pct', fmt_pct)} of the "
                "stated total")
        if pd.notna(top["growth_pct"]):
            text += f", {item(top['item'], 'growth_pct', fmt_signed_pct)} on FY{prev_fy}"
        f.add(text + ".")
    grown = draft.dropna(subset=["growth_pct"]).sort_values(["growth_pct", "line"],
                                                            ascending=[False, True])
    if len(grown) > 1 and grown["growth_pct"].iloc[0] > grown["growth_pct"].iloc[1]:
        name = grown["item"].iloc[0]
        f.add(f"The fastest-growing tool listed in both years is “{name}”, "
              f"{item(name, fy=prev_fy)} → {item(name)} "
              f"({item(name, 'growth_pct', fmt_signed_pct)}).")
    if items["is_new"].fillna(False).any():
        f.add(f"The tools marked new in FY{draft_fy} add "
              f"{total(measure=f'items new in FY{draft_fy}')}.")
    growth = summary[summary["fiscal_year"] == draft_fy].set_index("measure")["growth_pct"]
    both, whole = growth["items listed in both years"], growth["stated national total"]
    if pd.notna(both) and pd.notna(whole) and both != whole:
        word = "faster" if both > whole else "more slowly"
        f.add(f"The tools listed in both years grow by "
              f"{total('growth_pct', 'items listed in both years', fmt_signed_pct)}, {word} "
              f"than the stated total ({total('growth_pct', fmt=fmt_signed_pct)}).")
    return f


def mext(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]) -> Findings:
    """The Knowledge Cluster budget in words, every number from ``knowledge_cluster`` and
    ``mext_stated_conversions``. It does not say money goes unaccounted for: the two counts
    the document gives are set side by side."""
    kc, conversions = results["knowledge_cluster"], results["mext_stated_conversions"]
    f = Findings("Findings: MEXT")
    currency = str(kc["currency"].dropna().iloc[0])
    m = dict(zip(kc["measure"], kc["value"], strict=True))

    money = amount_fmt(currency)

    def val(measure: str, fmt: Any = None, column: str = "value") -> str:
        return f.value(kc, "knowledge_cluster", {"measure": measure}, column, fmt or money)

    def conv(where: dict[str, Any], fmt: Any) -> str:
        return f.value(conversions, "mext_stated_conversions", where, "stated", fmt)

    national = next(k for k in m if k.startswith("national budget, FY"))
    fy = national.split(", ")[1].split(" ")[0]
    over = next(k for k in m if k.startswith("budget per cluster over the"))
    areas = next(k for k in m if k.startswith("areas appointed"))
    stated = amount_fmt(str(kc["stated_currency"].dropna().iloc[0]))

    def as_stated(measure: str) -> str:
        return val(measure, stated, "value_stated_currency")

    per = next(k for k in m if k.startswith("budget per cluster per fiscal year"))
    f.add(f"MEXT's Knowledge Cluster Initiative has {as_stated(national)} for {fy}, one "
          f"fiscal year, and {as_stated(per)} for each cluster each fiscal year, as the "
          f"document states them; the per-cluster total over the five years, "
          f"{as_stated(over)}, is computed here (five times the yearly figure).")
    if currency != str(kc["stated_currency"].dropna().iloc[0]):
        run_rate = float(parameters["jpy_per_usd"])
        own = conversions[(conversions["kind"] == "stated rate")
                          & (conversions["currency"] == "USD")]["stated"].astype(float)
        whose = ("the document's own rate" if (own == run_rate).any()
                 else "the run's choice, not the document's")
        f.add(f"Converted at this run's {rate_text(run_rate)} ({whose}), they are "
              f"{val(national)} and {val(per)}.")
    parts, areas_n = "smaller parts of those areas", areas
    reading = dict(zip(kc["measure"], kc["divisor_reading"], strict=True))
    used_count, other_count = ((parts, areas_n) if reading[parts] == "used"
                               else (areas_n, parts))
    word = {parts: "smaller parts", areas_n: "appointed areas"}
    product = {parts: "parts × budget per cluster", areas_n: "areas × budget per cluster"}
    gap = {parts: "national budget not accounted for by parts × budget per cluster",
           areas_n: "national budget not accounted for by areas × budget per cluster"}

    def count_text(count: str) -> str:
        text = (f"the {val(count, fmt_number)} {word[count]} at the per-cluster figure make "
                f"{val(product[count])} "
                f"({val(product[count] + ', as % of the national budget', fmt_pct)} of the "
                "national budget)")
        if m[gap[count]] != 0:
            text += f", leaving {val(gap[count])}"
            if gap[count] + ", as %" in m:
                text += f" ({val(gap[count] + ', as %', fmt_pct)})"
            text += " of it not accounted for"
        return text

    f.add(f"As written, the document calls the {word[areas_n]} 'the CLUSTER' and "
          f"states the subsidy for each cluster, but whether the money follows them or their "
          f"{word[parts]} is a judgement the stated figures bear on; the "
          f"register reads the {word[used_count]} (divisor:kc-national-budget): "
          f"{count_text(used_count)}. On the other reading, {count_text(other_count)}.")
    f.add(f"Dividing the national budget instead gives {val('national budget ÷ areas')} per "
          f"area or {val('national budget ÷ parts')} per part.")
    f.rests_on("divisor:kc-national-budget", "period:kc-national-budget",
               "scope:kc-national-budget", "scope:kc-per-cluster")
    rates = conversions[conversions["kind"] == "stated rate"]
    if (rates["currency"] == "USD").any():
        text = ("The document's own dollar figures are its yen at the rate it states, US$1 = "
                f"¥{conv({'kind': 'stated rate', 'currency': 'USD'}, fmt_number)}")
        eq = conversions[(conversions["kind"] == "stated equivalent")
                         & (conversions["currency"] == "USD")]
        shown = [conv({"kind": "stated equivalent", "currency": "USD", "item": i}, _stated_usd)
                 + f" ({i})" for i in eq["item"]]
        f.add(text + (": " + " and ".join(shown) if shown else "") + ", each "
              "approximately, as stated.")
        f.rests_on("conversion:mext-usd")
    for r in rates[rates["flag"] != ""].itertuples(index=False):
        f.add(f"It gives {r.item} too, the pound at par with the dollar: not a sterling "
              "market rate. Its pound figures are shown as stated and flagged, not corrected.")
        f.rests_on("conversion:mext-gbp")
    return f


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
    scopes = {str(r["scope"]), *other_scopes(r)}
    return bool(scopes & {vocab.SCOPE_UMBRELLA, vocab.SCOPE_PART})


def _umbrella_name(r: pd.Series) -> str:
    """A programme whose figure is, or may be, an umbrella total; the register's reading
    said when the umbrella is only an alternative it allows."""
    name = short_name(str(r["programme"]))
    return name if r["scope"] == vocab.SCOPE_UMBRELLA else f"{name} ({_scope_text(r)})"


def _stated_usd(v: float) -> str:
    """A stated dollar figure with the precision the document gives it (US$4.2 million)."""
    return fmt_amount(v, "USD", 1 if v < 10 else 0)


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
            if hi["span"] != lo["span"]:  # the annual basis: one year against an average
                one, avg = (hi, lo) if hi["span"] == "one year" else (lo, hi)
                pairs.append(f"{a_name} and {b_name} cannot be ordered by the documents' "
                             f"figures: {short_name(one['programme'])}'s is one year's, "
                             f"{short_name(avg['programme'])}'s an average over several "
                             "years, which no one year of it need equal")
            elif above(hi, lo):
                pairs.append(f"{a_name} above {b_name} ({in_yen}its lowest, "
                             f"{yen(hi, 'low_jpy')}, is above the other's highest, "
                             f"{yen(lo, 'high_jpy')})")
            elif above(lo, hi):
                pairs.append(f"{b_name} above {a_name} ({in_yen}its lowest, "
                             f"{yen(lo, 'low_jpy')}, is above the other's highest, "
                             f"{yen(hi, 'high_jpy')})")
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
        if group == "several years":
            f.add("These are totals over each programme's own years, of different lengths and "
                  "times (each label gives its period), in money of those years: an order of "
                  "them is of the sums, not of money a year, which the annual basis compares.")
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

    def rates(r: pd.Series) -> str:
        return (f"¥{amt(r, 'jpy_per_usd_low', rate_number)}–"
                f"{amt(r, 'jpy_per_usd_high', rate_number)} per US$")

    for jids in ranges["judgements"].dropna():
        f.rests_on(*str(jids).split("; "))
    unranked = ranges[ranges["rank"].isna()].drop_duplicates("programme_id")
    barred = unranked.apply(_scope_bars_place, axis=1).astype(bool) if not unranked.empty \
        else pd.Series(dtype=bool)
    sole = unranked[~barred] if not unranked.empty else unranked
    unranked = unranked[barred] if not unranked.empty else unranked
    if not sole.empty:
        f.add("Given no place, as the only figure of its kind with a place to take (one-year "
              "figures and multi-year ones are never rivals): "
              + "; ".join(f"{short_name(r['programme'])} ({r['scope']})"
                          for _, r in sole.iterrows()) + ".")
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
    spread = annual[annual["period_high"] > annual["period_low"]]
    if not spread.empty:
        parts = [f"{short_name(r['programme'])} {amt(r, 'period_low')} to "
                 f"{amt(r, 'period_high')}" for _, r in spread.iterrows()]
        f.add("Over the period readings the register allows (the years a total may cover), "
              f"the annual figures at the run's rate move: {'; '.join(parts)}.")
    restated = annual[annual["restated_high"] > annual["restated_low"]]
    if not restated.empty:
        parts = [f"{short_name(r['programme'])} {amt(r, 'restated_low')} to "
                 f"{amt(r, 'restated_high')}" for _, r in restated.iterrows()]
        f.add("The document converted the overseas programmes' euros and pounds into yen at "
              "rates it does not state; restated from the highest of the register's rates "
              "for the currency to the lowest, and the reverse, the annual figures at the "
              f"run's rate and period move: {'; '.join(parts)}.")
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


#: The series' word for METI's draft (``series.FIGURE_WORDS``).
DRAFT = FIGURE_WORDS["draft"]


def series(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]) -> Findings:
    """METI's and MEXT's budgets in the same fiscal years, every number from
    ``japan_series``. Figures of different scope (an umbrella total, one programme's total)
    are set side by side and never ordered; a programme's own years are compared in the
    currency they are stated in; a figure the register reads as another scope is named
    apart."""
    s, t = results["japan_series"], "japan_series"
    f = Findings("Findings: the two ministries, year by year")
    if s.empty:
        f.add("Neither ministry has a national budget in this run's tables.")
        return f
    currency = str(s["currency"].iloc[0])
    money = amount_fmt(currency)

    def key(r: Any) -> dict[str, Any]:
        return {"programme_id": r.programme_id, "fiscal_year": r.fiscal_year,
                "figure": r.figure}

    def stated(r: Any) -> str:
        return f.value(s, t, key(r), "stated_value", amount_fmt(str(r.stated_currency)))

    def shown(r: Any) -> str:
        """The figure as stated, and its range in the run's currency where converted."""
        text = stated(r)
        if str(r.stated_currency) != currency:
            lo = f.value(s, t, key(r), "value_low", money)
            hi = f.value(s, t, key(r), "value_high", money)
            text += (f" ({lo} at the rate {r.rates.split(',')[0].split(' (')[0]} allows"
                     if lo == hi else f" ({lo}–{hi} over {r.rates.split(',')[0]}")
            text += ")"
        return text

    def source(r: Any) -> str:
        if bool(r.from_documents):
            return "as the document states it"
        return f"from {r.publisher}, a {r.source_kind} source; independence: {r.independence}"

    same, other = s[s["in_series"]], s[~s["in_series"]]
    names = dict(zip(s["programme_id"], s["programme"], strict=False))
    for pid in dict.fromkeys(s["programme_id"]):
        rows = same[same["programme_id"] == pid]
        docs = rows[rows["from_documents"]]
        ext = rows[~rows["from_documents"]]
        text = (f"For the {names[pid]} the documents give FY"
                + " and FY".join(str(y) for y in dict.fromkeys(docs["fiscal_year"])))
        extra = sorted(set(ext["fiscal_year"]) - set(docs["fiscal_year"]))
        if extra:
            text += ("; other sources' figures add FY" + ", FY".join(str(y) for y in extra))
        f.add(text + ".")
    years = sorted(set.intersection(*(set(same.loc[same["programme_id"] == p, "fiscal_year"])
                                      for p in dict.fromkeys(s["programme_id"]))))
    own = same[same["from_documents"]]
    documented = [set(own.loc[own["programme_id"] == p, "fiscal_year"]) for p in names]
    if years and not set.intersection(*documented):
        f.add("No fiscal year has a figure from both ministries' documents: each year below "
              "sets one ministry's document figure beside another source's figure for the "
              "other.")
    for year in years:
        parts, kinds = [], []
        for r in same[same["fiscal_year"] == year].drop_duplicates(
                "programme_id").itertuples(index=False):
            judgement = r.scope_judgement if bool(r.from_documents) else r.definition_judgement
            parts.append(f"the {r.programme}'s {r.figure}, {r.scope} ({judgement}; "
                         f"{source(r)}), is {shown(r)}")
            kinds.append(str(r.figure))
        f.add(f"FY{year}: " + "; ".join(parts) + ".")
        if DRAFT in kinds and len(set(kinds)) > 1:
            f.add(f"In FY{year} a {DRAFT} stands beside a budget its source gives for that "
                  "year: a draft is not an enacted budget, one more reason the pair is not "
                  "ordered.")
    scopes = set(same["scope"])
    if years and len(scopes) > 1:
        f.add("These are figures of different scope (" + ", ".join(sorted(scopes)) + "): "
              "an umbrella total is not ranked against one programme's budget, so the "
              "table and the figure set the two side by side and do not order them.")
    for pid in dict.fromkeys(same["programme_id"]):
        rows = same[same["programme_id"] == pid].drop_duplicates("fiscal_year")
        if len(rows) > 2:
            f.add(f"The {names[pid]} year by year, as stated: " + "; ".join(
                f"FY{r.fiscal_year} {stated(r)} ({source(r)})"
                for r in rows.itertuples(index=False)) + ".")
    for r in other.itertuples(index=False):
        if str(r.definition) == "same":  # the same scope, from a source of unclear origin
            f.add(f"{r.publisher}, a {r.source_kind} source, gives {stated(r)} for "
                  f"FY{r.fiscal_year} under the {r.programme}, of the same scope as the "
                  f"register reads it ({r.definition_judgement}); but who wrote the source "
                  f"and from what is not known (independence: {r.independence}, "
                  f"{r.independence_judgement}), so it is drawn beside the series, not "
                  "joined to it.")
            continue
        f.add(f"{r.publisher}, a {r.source_kind} source (independence: {r.independence}), "
              f"gives {stated(r)} for FY{r.fiscal_year} under the "
              f"{r.programme}; the register reads it as {r.scope} "
              f"({r.definition_judgement}"
              + (f"; other readings it allows: {r.definition_alternatives}"
                 if pd.notna(r.definition_alternatives) else "")
              + "), so it is not drawn as the series' next year"
              + (", and whether it continues the series is not known."
                 if "unknown" in f"{r.definition}; {r.definition_alternatives}" else "."))
    ids = [str(x) for c in ("scope_judgement", "conversion_judgement_id",
                            "definition_judgement", "independence_judgement")
           for x in s[c].dropna()]
    return f.rests_on(*ids)


def judgement_ids(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]
                  ) -> list[str]:
    """The register's judgements the run's findings paragraphs rest on (each paragraph's
    :meth:`~clusteranalysis.present.Findings.rests_on`), in order of first use: the ids the
    notebook's table "Judgements this study rests on" shows."""
    ids: list[str] = []
    for paragraph in (meti, mext, programmes, sensitivity, series):
        ids += paragraph(results, parameters).judgements
    return list(dict.fromkeys(ids))
