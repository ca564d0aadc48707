"""The Findings paragraph closing each section of the notebook: every number a cell of a
result table (:class:`clusteranalysis.present.Findings` records which), every claim one the
run's tables support.

Each function takes the run's results and parameters, as the notebook has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    fmt_amount,
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_ratio,
    fmt_signed_pct,
)
from clusteranalysis.studies.budgets.bases import (
    BASES,
    amount_fmt,
    fiscal_years,
    left_out,
    rate_text,
    short_name,
    sign,
)


def meti(results: Mapping[str, pd.DataFrame], parameters: Mapping[str, Any]) -> Findings:
    """METI FY2004 → FY2005 in words, every number from ``meti_line_items`` and
    ``meti_summary``; "largest" and "fastest" only when one item is."""
    items, summary = results["meti_line_items"], results["meti_summary"]
    f = Findings("Findings: METI")
    currency = str(parameters["currency"])
    stated_cur = str(summary["stated_currency"].dropna().iloc[0])
    prev_fy, draft_fy = fiscal_years(items)
    money = amount_fmt(currency)
    draft = items[items["fiscal_year"] == draft_fy]

    def total(column: str = "value", measure: str = "stated national total",
              fmt: Any = money, fy: int = draft_fy) -> str:
        return f.value(summary, "meti_summary", {"measure": measure, "fiscal_year": fy},
                       column, fmt)

    def item(name: str, column: str = "amount", fmt: Any = money, fy: int = draft_fy) -> str:
        return f.value(items, "meti_line_items", {"item": name, "fiscal_year": fy}, column,
                       fmt)

    f.add(f"METI's national budget for the Industrial Cluster Projects is {total()} in "
          f"the FY{draft_fy} draft request and {total(fy=prev_fy)} in FY{prev_fy}, the figure "
          f"in parentheses beside it: {total('growth_pct', fmt=fmt_signed_pct)}.")
    if stated_cur != currency:
        stated = amount_fmt(stated_cur)
        f.add(f"METI states {total('value_stated_currency', fmt=stated)} and "
              f"{total('value_stated_currency', fmt=stated, fy=prev_fy)}; this run converts "
              f"at {total('rate_applied', fmt=rate_text)}.")
    listed, share = "listed line items (sum)", "share of the stated total the listed items explain"
    f.add(f"The policy tools the slide lists add up to {total(measure=listed)} in "
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

    def val(measure: str, fmt: Any = None) -> str:
        return f.value(kc, "knowledge_cluster", {"measure": measure}, "value", fmt or money)

    def conv(where: dict[str, Any], fmt: Any) -> str:
        return f.value(conversions, "mext_stated_conversions", where, "stated", fmt)

    national = next(k for k in m if k.startswith("national budget, FY"))
    fy = national.split(", ")[1].split(" ")[0]
    over = next(k for k in m if k.startswith("budget per cluster over the"))
    areas = next(k for k in m if k.startswith("areas appointed"))
    areas_pct = "areas × budget per cluster, as % of the national budget"
    parts_pct = "parts × budget per cluster, as % of the national budget"
    f.add(f"MEXT's Knowledge Cluster Initiative has {val(national)} for {fy}, one fiscal "
          f"year, and states {val('budget per cluster per fiscal year (stated)')} for each "
          f"cluster each fiscal year, {val(over)} per cluster over the programme.")
    parts_text = (f"the {val('smaller parts of those areas', fmt_number)} smaller parts at that "
                  f"figure make {val('parts × budget per cluster')}, "
                  f"{val(parts_pct, fmt_pct)} of the national budget")
    areas_text = (f"the {val(areas, fmt_number)} appointed areas make "
                  f"{val('areas × budget per cluster')} ({val(areas_pct, fmt_pct)})")
    if m[parts_pct] == 100 and m[areas_pct] != 100:
        f.add(f"The two stated figures agree if the per-cluster budget goes to each smaller "
              f"part: {parts_text}, exactly; {areas_text}. The document does not say which "
              "count the subsidy follows, so neither reading leaves money unaccounted for: "
              "the per-unit comparison below shows both.")
    else:
        f.add(f"Checked against each other, {parts_text}; {areas_text}. The document does "
              "not say which count the subsidy follows.")
    f.add(f"Dividing the national budget instead gives {val('national budget ÷ areas')} per "
          f"area or {val('national budget ÷ parts')} per part.")
    rates = conversions[conversions["kind"] == "stated rate"]
    if (rates["currency"] == "USD").any():
        text = ("The document's own dollar figures are its yen at the rate it states, US$1 = "
                f"¥{conv({'kind': 'stated rate', 'currency': 'USD'}, fmt_number)}")
        eq = conversions[(conversions["kind"] == "stated equivalent")
                         & (conversions["currency"] == "USD")]
        shown = [conv({"kind": "stated equivalent", "currency": "USD", "item": i}, _stated_usd)
                 + f" ({i})" for i in eq["item"]]
        f.add(text + (": " + " and ".join(shown) if shown else "") + ".")
    for r in rates[rates["flag"] != ""].itertuples(index=False):
        f.add(f"It gives {r.item} too, the pound at par with the dollar: not a sterling "
              "market rate. Its pound figures are shown as stated and flagged, not corrected.")
    return f


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

    leads = {"all": "", "one year": "Among the one-year figures, ",
             "several years": "Among the multi-year totals, "}
    for group in dict.fromkeys(valued["group"]):
        g = valued[valued["group"] == group]
        where = leads[group]
        if len(g) == 1:
            r = g.iloc[0]
            f.add(f"{where}{short_name(r['programme'])} is the only programme with a figure: "
                  f"{amt(r)} ({lbl(r)}).")
            continue
        first, second = g.iloc[0], g.iloc[1]
        if first["value"] > second["value"]:
            lead = f"{where}the largest is" if where else "The largest is"
            f.add(f"{lead} {short_name(first['programme'])}: {amt(first)} "
                  f"({lbl(first)}; {first['conversion']}), "
                  f"{amt(first, 'ratio_to_next', fmt_ratio)} the next, "
                  f"{short_name(second['programme'])}: {amt(second)} ({lbl(second)}).")
        else:
            f.add(f"{where}{short_name(first['programme'])} and {short_name(second['programme'])} "
                  f"share the largest figure, {amt(first)}.")
        order = "; ".join(f"{short_name(r['programme'])} {amt(r)} ({lbl(r)})"
                          for _, r in g.iloc[2:].iterrows())
        if order:
            f.add(f"Then, in order: {order}.")
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

    first = {"programme_id": ranges["programme_id"].iloc[0],
             "measure": ranges["measure"].iloc[0]}
    rate_words = (f"¥{f.value(ranges, t, first, 'jpy_per_usd_low')}–"
                  f"{f.value(ranges, t, first, 'jpy_per_usd_high')} per US$")
    def ranks(changing: pd.DataFrame) -> str:
        return "; ".join(f"{short_name(r['programme'])} ranks between "
                         f"{amt(r, 'rank_best', fmt_ordinal)} and "
                         f"{amt(r, 'rank_worst', fmt_ordinal)}"
                         for _, r in changing.iterrows())

    annual = ranges[ranges["measure"] == "annual"]
    moved = annual[annual["rate_high"] > annual["rate_low"]]
    if moved.empty:
        f.add(f"Over {rate_words} no annual figure moves: none is converted here.")
    else:
        parts = [f"{short_name(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')}"
                 for _, r in moved.iterrows()]
        tail = (" (the figures stated in this run's currency do not move)"
                if len(moved) < len(annual) else "")
        f.add(f"Over {rate_words} (the ends of jpy_per_usd_range and the run's rate) the "
              f"annual figures converted here move: {'; '.join(parts)}{tail}.")
        changing = annual[annual["rank_best"] != annual["rank_worst"]]
        if changing.empty:
            f.add("The annual order does not change anywhere in that range.")
        else:
            f.add(f"Within that range the annual order changes: {ranks(changing)}.")
    per = ranges[ranges["measure"] == "annual_per_unit"]
    spread = per[per["divisor_high"] > per["divisor_low"]]
    spread = spread.assign(_s=spread["divisor_high"] / spread["divisor_low"]).sort_values(
        ["_s", "programme_id"], ascending=[False, True])
    if not spread.empty:
        parts = [f"{short_name(r['programme'])} {amt(r, 'divisor_low')} to "
                 f"{amt(r, 'divisor_high')}" for _, r in spread.iterrows()]
        f.add("Per funded unit, the divisors the documents allow move the figures at the "
              f"run's rate: {'; '.join(parts)}. The table gives the divisor behind each end.")
        changing = per[per["rank_best"] != per["rank_worst"]]
        if not changing.empty:
            f.add(f"With another divisor the per-unit order changes: {ranks(changing)}.")
    heads = ranges[ranges["measure"] == "per_capita"]
    if not heads.empty:
        moved = heads[heads["rate_high"] > heads["rate_low"]]
        if moved.empty:
            f.add(f"Per inhabitant per year no figure moves over {rate_words}: none is "
                  "converted here, and the populations do not depend on the rate.")
        else:
            parts = [f"{short_name(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')}"
                     for _, r in moved.iterrows()]
            tail = ("; the figures stated in this run's currency do not move"
                    if len(moved) < len(heads) else "")
            f.add(f"Per inhabitant per year, over the same rates, the figures converted here "
                  f"move: {'; '.join(parts)} (each is divided by one population, which does "
                  f"not depend on the rate{tail}).")
            changing = heads[heads["rank_best"] != heads["rank_worst"]]
            f.add("The per-inhabitant order does not change anywhere in that range."
                  if changing.empty
                  else f"Within that range the per-inhabitant order changes: {ranks(changing)}.")
    return f
