"""The findings of 01's Japanese sections: METI FY2004 → FY2005 (``meti``), the Knowledge
Cluster (``mext``) and the two ministries in the same fiscal years (``series``). Every
number is a cell of a result table (:class:`clusteranalysis.present.Findings` records which).
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
    fmt_pct,
    fmt_signed_pct,
)
from clusteranalysis.studies.budgets.bases import (
    amount_fmt,
    fiscal_years,
    rate_number,
    rate_text,
    stated_amount_fmt,
)
from clusteranalysis.studies.budgets.series import APART_UNCLEAR, FIGURE_WORDS


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
        rate = float(kc["rate_applied"].dropna().iloc[0])
        documents = bool(kc["at_document_rate"].dropna().iloc[0])
        whose = ("the document's own rate, whatever the run's rate; the programme "
                 "comparison converts at the run's, as it does every programme"
                 if documents else "the run's choice, not the document's")
        rounds = "; the document rounds its own dollars (below)" if documents else ""
        f.add(f"In {currency} at {rate_text(rate)} ({whose}), they are "
              f"{val(national)} and {val(per)}{rounds}.")
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


def _stated_usd(v: float) -> str:
    """A stated dollar figure with the precision the document gives it (US$4.2 million)."""
    return fmt_amount(v, "USD", 1 if v < 10 else 0)


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
        if str(r.apart_because) == APART_UNCLEAR:  # the same scope, from a source of unclear origin
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
