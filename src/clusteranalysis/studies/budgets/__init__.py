"""Budgets on a stated basis: METI FY2004 → FY2005, the Knowledge Cluster, the overseas programmes.

The documents state METI's budget in US dollars (001), MEXT's and the overseas programmes' in
yen (001, 003), over periods from one fiscal year to eleven years. These functions convert only
between yen and dollars, only at the rate the reader passes (``jpy_per_usd``; MEXT states 120),
and put every programme's figure on a stated basis (:data:`BASES`):

* ``total``: the figure as the document states it, over the period it covers; one-year
  figures and multi-year totals are two groups, never ranked together;
* ``annual``: the figure ÷ the years it covers. The years are those the amount's own words
  give ("over five years"); only when the amount gives none, the programme's timeframe (first
  to last year). Where the two disagree (BioRegio, InnoRegio) :func:`annual_readings` shows
  both and says which is used; nothing else gives a second annual figure;
* ``annual_per_unit``: the annual figure ÷ the units the programme funds (projects,
  locations, clusters or areas: each label names its divisor), or the per-cluster figure the
  document states;
* ``per_capita``: the annual figure ÷ the population of the programme's country in the year
  the figure covers (the middle year of a period), or in the nearest year Gapminder's series
  has (:mod:`clusteranalysis.studies.population`): yen or dollars per inhabitant per year.
  Each label names the population year used; the table keeps the population and its line in
  Gapminder's file.

Every row carries its labels: the year or period, the status of the figure (a draft request,
a one-year budget or allocation, a multi-year total), who converted the currency and at what
rate, the divisor with its unit. :func:`sensitivity` shows how far each figure moves over a
range of exchange rates and over the divisors the documents allow (:func:`divisor_options`).
The ``*_findings`` functions state the results as :class:`~clusteranalysis.present.Findings`
whose every number is a cell of a result table. Amounts come out in millions.

Adding a basis takes a column of :func:`programme_budgets`, its label column, an entry in
:data:`BASES` and the name in ``params.py``; the comparison, the figure and the findings
follow from the entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullFormatter

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.loading import load
from clusteranalysis.present import figures
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    CURRENCY_SIGNS,
    fmt_amount,
    fmt_money,
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_ratio,
    fmt_signed_pct,
)
from clusteranalysis.present.tables import Caption, Table, caption, citable
from clusteranalysis.present.tables import table as present_table
from clusteranalysis.provenance.citations import (
    CITED,
    attach,
    cite,
    short_citation,
    with_provenance,
)
from clusteranalysis.studies import population as pop

MILLION = 1_000_000
CONVERTIBLE = ("JPY", "USD")
#: What a programme funds, for the per-unit division (participants.participant_type).
UNIT_TYPES = ("areas", "clusters")


@dataclass(frozen=True)
class Basis:
    """One way of putting the programmes side by side (the notebook's ``basis`` parameter).

    ``column`` of :func:`programme_budgets` holds the value, ``label_column`` the row's
    statement of what was divided by what. ``grouped``: the values fall into groups that are
    never ranked together (one-year figures and multi-year totals). ``per_head``: the values
    are currency units per inhabitant per year, not millions. ``extra``: further columns of
    :func:`programme_budgets` the comparison keeps (the population each figure was divided
    by).
    """

    name: str
    column: str
    label_column: str
    title: str
    axis: str
    grouped: bool = False
    per_head: bool = False
    extra: tuple[str, ...] = ()

    def unit(self, currency: str) -> str:
        """The unit of the values beside the axis name: 'million ¥', or '¥' (per inhabitant
        per year, as the axis name says)."""
        return _sign(currency) if self.per_head else f"million {_sign(currency)}"

    def fmt(self, currency: str, approximate: bool = False) -> Any:
        """The format of a value in the findings: '≈¥4.7 billion', or '¥508'."""
        if self.per_head:
            return lambda v: ("≈" if approximate else "") + fmt_money(v, currency)
        return _amount_fmt(currency, approximate)


#: The bases, by parameter value. A new basis needs its columns in programme_budgets.
BASES: dict[str, Basis] = {
    "annual": Basis(
        "annual", "annual", "annual_label",
        "Annual budget: each figure ÷ the years it covers",
        "Annual budget"),
    "annual_per_unit": Basis(
        "annual_per_unit", "annual_per_unit", "per_unit_label",
        "Annual budget per funded unit: the annual figure ÷ the projects, locations, "
        "clusters or areas each programme funds",
        "Annual budget per funded unit"),
    "total": Basis(
        "total", "total", "total_label",
        "Budget as stated, over the period each figure covers",
        "Budget as stated", grouped=True),
    "per_capita": Basis(
        "per_capita", "per_capita", "per_capita_label",
        "Budget per inhabitant per year: each annual figure ÷ the population of the "
        "programme's country in the year it covers, or the nearest year Gapminder's series has",
        "Budget per inhabitant per year", per_head=True,
        extra=("year_covered", "population_year", "population", "population_file",
               "population_line")),
}
#: The groups of a grouped basis, in display order: what the stated figure covers.
SPANS = ("one year", "several years")

#: Result table names (``<name>.csv`` in output_dir): the findings cite these.
TABLES = ("meti_line_items", "meti_summary", "knowledge_cluster", "mext_stated_conversions",
          "programme_budgets", "annual_readings", "programme_comparison", "budget_sensitivity",
          "sensitivity_range")

#: The rule :func:`annual_readings` applies, in words (shown beside the readings).
ANNUAL_RULE = ("annual = the figure ÷ the years it covers: the years the amount's own words "
               "give ('over five years'); the programme's timeframe only when they give none")
_CURRENCY_NAMES = {"JPY": "yen", "USD": "US$", "GBP": "£", "EUR": "€"}


def _basis(basis: str) -> Basis:
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)} (got {basis!r})")
    return BASES[basis]


def _one_programme(budgets: pd.DataFrame, mask: pd.Series, what: str) -> str:
    ids = sorted(set(budgets.loc[mask, "programme_id"].astype(str)))
    if len(ids) != 1:
        raise ClusterAnalysisError(f"expected one programme with {what}, found {ids}")
    return ids[0]


def draft_programme(budgets: pd.DataFrame) -> str:
    """The programme whose budget is a draft beside the previous year's (METI, in 001)."""
    return _one_programme(budgets, budgets["status"] == "draft", "a draft budget")


def per_cluster_programme(budgets: pd.DataFrame) -> str:
    """The programme that states a budget per cluster (MEXT's Knowledge Cluster, in 003)."""
    return _one_programme(budgets, budgets["basis"] == "per_cluster_per_year",
                          "a budget per cluster")


def meti_years(budgets: pd.DataFrame) -> tuple[int, int]:
    """(previous fiscal year, draft fiscal year) of the draft budget, from its totals."""
    meti = budgets[(budgets["programme_id"] == draft_programme(budgets))
                   & (budgets["item"] == "total")]
    years = dict(zip(meti["status"].astype(str), meti["fiscal_year"], strict=True))
    return int(years["previous year"]), int(years["draft"])


def _fy(year: int) -> str:
    return f"fy{year}"


def to_currency(amount: pd.Series, from_currency: pd.Series, currency: str,
                jpy_per_usd: float) -> pd.Series:
    """Amounts in ``currency``, converting yen and dollars at ``jpy_per_usd`` and nothing else.

    The documents convert at unstated rates (METI) or at ¥120 (MEXT); a study should say which
    rate it applies, so there is no default here.
    """
    if currency not in CONVERTIBLE:
        raise ValueError(f"currency must be one of {', '.join(CONVERTIBLE)} (got {currency!r})")
    source = from_currency.astype("string")
    other = sorted(set(source.dropna()) - set(CONVERTIBLE))
    if other:
        raise ValueError(f"cannot convert {', '.join(other)}: only JPY and USD are converted")
    factor = pd.Series(1.0, index=amount.index, dtype="Float64")
    if currency == "JPY":
        factor[source == "USD"] = float(jpy_per_usd)
    else:
        factor[source == "JPY"] = 1.0 / float(jpy_per_usd)
    return amount.astype("Float64") * factor


def _convert(millions: float, from_currency: str, currency: str, jpy_per_usd: float) -> float:
    return float(to_currency(pd.Series([millions]), pd.Series([from_currency]), currency,
                             jpy_per_usd).iloc[0])


def _millions(df: pd.DataFrame, currency: str, jpy_per_usd: float) -> pd.Series:
    return to_currency(df["amount"], df["currency"], currency, jpy_per_usd) / MILLION


def _pct(part: pd.Series | float, whole: pd.Series | float, digits: int = 1) -> pd.Series:
    return (pd.Series(part, dtype="Float64") / whole * 100).round(digits)


def _sign(currency: str) -> str:
    return CURRENCY_SIGNS.get(currency, currency + " ")


def _rate_text(jpy_per_usd: float) -> str:
    return f"¥{fmt_number(jpy_per_usd)} per US$"


def conversion_label(stated_currency: str, currency: str, jpy_per_usd: float,
                     stated_by: str, overseas: bool) -> str:
    """Who converted the currency, and at what rate.

    ``stated_by`` is the document's short citation ("METI 2005"). An overseas programme's
    yen are the document's conversion from the programme's own currency, which the document
    neither gives nor says at what rate.
    """
    name = _CURRENCY_NAMES.get(stated_currency, stated_currency)
    text = f"{name} as {stated_by} states it"
    if overseas:
        text += " (its conversion from the programme's own currency; rate not stated)"
    if stated_currency != currency:
        text += f"; converted here at {_rate_text(jpy_per_usd)}"
    return text


def conversion_short(stated_currency: str, currency: str, jpy_per_usd: float,
                     stated_by: str, overseas: bool) -> str:
    """:func:`conversion_label` in a few words, for a figure's labels."""
    name = _CURRENCY_NAMES.get(stated_currency, stated_currency)
    who = stated_by.split(" ")[0]
    text = (f"{who}'s conversion to {name} (rate not stated)" if overseas
            else f"{who}'s {name}")
    if stated_currency != currency:
        text += f", converted here at ¥{fmt_number(jpy_per_usd)}/US$"
    return text


def show_table(df: pd.DataFrame, name: str, **options: Any) -> Table:
    """:func:`clusteranalysis.present.table` for a result table: its note cites the rows the
    table was computed from (its own ``source``/``line`` may list several lines)."""
    options.setdefault("cited", [citable(df)] if df.attrs.get(CITED) else None)
    return present_table(df, name, **options)


def conversions_text(table: pd.DataFrame) -> str:
    """Who converted which programme's currency, at what rate, in one sentence."""
    t = table.dropna(subset=["conversion"])
    groups: dict[str, list[str]] = {}
    for name, conv in zip(t["programme"], t["conversion"], strict=True):
        groups.setdefault(str(conv), []).append(_short(name))
    return " ".join(f"{', '.join(names)}: {conv}." for conv, names in groups.items())


def _provenance(df: pd.DataFrame, used: dict[Any, list[pd.DataFrame]], key: str) -> pd.DataFrame:
    """``df`` with source and line from the rows each row was computed from (by ``key``)."""
    def rows_of(r: pd.Series) -> pd.DataFrame:
        frames = [f[["source", "line"]] for f in used.get(r[key], []) if not f.empty]
        return pd.concat(frames) if frames else pd.DataFrame(columns=["source", "line"])

    out = with_provenance(df, rows_of)
    every = [f for frames in used.values() for f in frames]
    return attach(out, *every)


# --------------------------------------------------------------------------- METI


def meti_line_items(budgets: pd.DataFrame, currency: str = "JPY",
                    jpy_per_usd: float = 120) -> pd.DataFrame:
    """METI's line items, FY2004 beside the FY2005 draft, in document order.

    ``growth_pct`` is empty for items marked '(new)' in the draft; the shares are of the stated
    national total of the same year, so they show how much each listed item explains. Both
    years of an item stand on one line of the slide: ``source`` and ``line`` are that line.
    """
    programme = draft_programme(budgets)
    prev_fy, draft_fy = meti_years(budgets)
    prev, draft = _fy(prev_fy), _fy(draft_fy)
    rows = budgets[budgets["programme_id"] == programme]
    meti = rows[rows["item"] != "total"].copy()
    meti["value"] = _millions(meti, currency, jpy_per_usd)
    totals = meti_stated_totals(budgets, currency, jpy_per_usd)
    later = meti[meti["fiscal_year"] == draft_fy]
    earlier = meti[meti["fiscal_year"] == prev_fy]
    out = later[["category", "item", "value", "is_new", "source", "line"]].rename(
        columns={"value": draft}
    ).merge(earlier[["item", "value"]].rename(columns={"value": prev}), on="item",
            how="outer")
    out["change"] = (out[draft] - out[prev]).round(4)
    out["growth_pct"] = _pct(out[draft] - out[prev], out[prev])
    out[f"share_{prev}_pct"] = _pct(out[prev], totals[prev_fy])
    out[f"share_{draft}_pct"] = _pct(out[draft], totals[draft_fy])
    out["currency"] = currency
    out = out.sort_values(["line", "item"]).reset_index(drop=True)
    cols = ["category", "item", "currency", prev, draft, "change", "growth_pct",
            f"share_{prev}_pct", f"share_{draft}_pct", "is_new", "source", "line"]
    out[[prev, draft]] = out[[prev, draft]].round(4)
    return attach(out[cols], rows)


def meti_stated_totals(budgets: pd.DataFrame, currency: str = "JPY",
                       jpy_per_usd: float = 120) -> dict[int, float]:
    """The national totals METI states, by fiscal year, in millions of ``currency``."""
    rows = budgets[(budgets["programme_id"] == draft_programme(budgets))
                   & (budgets["item"] == "total")]
    values = _millions(rows, currency, jpy_per_usd)
    return {int(fy): float(v) for fy, v in zip(rows["fiscal_year"], values, strict=True)}


def meti_summary(budgets: pd.DataFrame, currency: str = "JPY",
                 jpy_per_usd: float = 120) -> pd.DataFrame:
    """FY2004 → FY2005 for the stated total, the listed items, and the part not itemised.

    Separating items listed in both years from the new ones shows whether growth comes from
    existing tools or new ones; the explained share says how far the slides itemise the total.
    Each amount is also given in the currency the document states (``*_stated_currency``),
    with the rate applied (``rate_applied``, empty when nothing is converted).
    """
    programme = draft_programme(budgets)
    prev_fy, draft_fy = meti_years(budgets)
    prev, draft = _fy(prev_fy), _fy(draft_fy)
    meti = budgets[budgets["programme_id"] == programme]
    stated_currency = str(meti["currency"].iloc[0])
    frames = {}
    for cur in (currency, stated_currency):
        items = meti_line_items(budgets, cur, jpy_per_usd)
        totals = meti_stated_totals(budgets, cur, jpy_per_usd)
        both = items[items[prev].notna()]
        new = items[items[prev].isna()]
        frames[cur] = [
            (totals[prev_fy], totals[draft_fy]),
            (items[prev].sum(), items[draft].sum()),
            (both[prev].sum(), both[draft].sum()),
            (0.0, new[draft].sum()),
            (totals[prev_fy] - items[prev].sum(), totals[draft_fy] - items[draft].sum()),
        ]
    unit = f"million {currency}"
    measures = ["stated national total", "listed line items (sum)",
                "items listed in both years", f"items new in FY{draft_fy}",
                "not itemised (stated total − listed items)"]
    out = pd.DataFrame({
        "measure": measures, "unit": unit,
        prev: [a for a, _ in frames[currency]], draft: [b for _, b in frames[currency]],
    })
    out[[prev, draft]] = out[[prev, draft]].astype("Float64").round(4)
    out["change"] = (out[draft] - out[prev]).round(4)
    out["growth_pct"] = _pct(out["change"], out[prev].where(out[prev] != 0))
    out["stated_currency"] = stated_currency
    out[f"{prev}_stated_currency"] = pd.array(
        [round(a, 4) for a, _ in frames[stated_currency]], dtype="Float64")
    out[f"{draft}_stated_currency"] = pd.array(
        [round(b, 4) for _, b in frames[stated_currency]], dtype="Float64")
    items = meti_line_items(budgets, currency, jpy_per_usd)
    explained = pd.DataFrame({
        "measure": ["share of the stated total the listed items explain"],
        "unit": ["% of stated total"],
        prev: _pct(items[prev].sum(), out.loc[0, prev]),
        draft: _pct(items[draft].sum(), out.loc[0, draft]),
    })
    explained["change"] = (explained[draft] - explained[prev]).round(1)
    explained["growth_pct"] = pd.array([pd.NA], dtype="Float64")
    explained["stated_currency"] = pd.NA
    out = pd.concat([out, explained], ignore_index=True)
    out["rate_applied"] = pd.array(
        [float(jpy_per_usd) if stated_currency != currency and u != "% of stated total"
         else None for u in out["unit"]], dtype="Float64")
    totals_rows = meti[meti["item"] == "total"]
    item_rows = meti[meti["item"] != "total"]
    new_rows = item_rows[item_rows["is_new"].fillna(False)]
    old_rows = item_rows[item_rows["item"].isin(set(item_rows.loc[
        item_rows["fiscal_year"] == prev_fy, "item"]))]
    used = {
        measures[0]: [totals_rows], measures[1]: [item_rows], measures[2]: [old_rows],
        measures[3]: [new_rows], measures[4]: [totals_rows, item_rows],
        explained["measure"].iloc[0]: [totals_rows, item_rows],
    }
    return _provenance(out, used, "measure")




def meti_findings(items: pd.DataFrame, summary: pd.DataFrame) -> Findings:
    """METI FY2004 → FY2005 in words, every number from ``meti_line_items`` and
    ``meti_summary``; "largest" and "fastest" only when one item is."""
    f = Findings("Findings: METI")
    currency = str(items["currency"].iloc[0])
    stated_cur = str(summary["stated_currency"].iloc[0])
    prev, draft = sorted(c for c in items.columns if re.fullmatch(r"fy\d{4}", c))
    prev_fy, draft_fy = prev[2:], draft[2:]
    money = _amount_fmt(currency)

    def total(column: str, measure: str = "stated national total",
              fmt: Any = money) -> str:
        return f.value(summary, "meti_summary", {"measure": measure}, column, fmt)

    def item(name: str, column: str, fmt: Any = money) -> str:
        return f.value(items, "meti_line_items", {"item": name}, column, fmt)

    f.add(f"METI's national budget for the Industrial Cluster Projects is {total(draft)} in "
          f"the FY{draft_fy} draft request and {total(prev)} in FY{prev_fy}, the figure in "
          f"parentheses beside it: {total('growth_pct', fmt=fmt_signed_pct)}.")
    if stated_cur != currency:
        stated = _amount_fmt(stated_cur)
        f.add(f"METI states {total(f'{draft}_stated_currency', fmt=stated)} and "
              f"{total(f'{prev}_stated_currency', fmt=stated)}; this run converts at "
              f"{total('rate_applied', fmt=_rate_text)}.")
    listed, share = "listed line items (sum)", "share of the stated total the listed items explain"
    f.add(f"The policy tools the slide lists add up to {total(draft, listed)} in "
          f"FY{draft_fy}, {total(draft, share, fmt_pct)} of the stated total, and "
          f"{total(prev, listed)} in FY{prev_fy} ({total(prev, share, fmt_pct)}); the rest of "
          "the national budget is not itemised on the slide.")
    top = items.sort_values([draft, "line"], ascending=[False, True]).iloc[0]
    if (items[draft] == top[draft]).sum() == 1:
        text = (f"The largest listed tool is “{top['item']}”: {item(top['item'], draft)} in "
                f"FY{draft_fy}, {item(top['item'], f'share_{draft}_pct', fmt_pct)} of the "
                "stated total")
        if pd.notna(top["growth_pct"]):
            text += f", {item(top['item'], 'growth_pct', fmt_signed_pct)} on FY{prev_fy}"
        f.add(text + ".")
    grown = items.dropna(subset=["growth_pct"]).sort_values(["growth_pct", "line"],
                                                            ascending=[False, True])
    if len(grown) > 1 and grown["growth_pct"].iloc[0] > grown["growth_pct"].iloc[1]:
        name = grown["item"].iloc[0]
        f.add(f"The fastest-growing tool listed in both years is “{name}”, "
              f"{item(name, prev)} → {item(name, draft)} "
              f"({item(name, 'growth_pct', fmt_signed_pct)}).")
    if items["is_new"].fillna(False).any():
        f.add(f"The tools marked new in FY{draft_fy} add "
              f"{total(draft, f'items new in FY{draft_fy}')}.")
    growth = summary.set_index("measure")["growth_pct"]
    both, whole = growth["items listed in both years"], growth["stated national total"]
    if pd.notna(both) and pd.notna(whole) and both != whole:
        word = "faster" if both > whole else "more slowly"
        f.add(f"The tools listed in both years grow by "
              f"{total('growth_pct', 'items listed in both years', fmt_signed_pct)}, {word} than "
              f"the stated total ({total('growth_pct', fmt=fmt_signed_pct)}).")
    return f


# --------------------------------------------------------------------------- MEXT


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


def _written(rows: pd.DataFrame) -> str:
    parts = [f"{int(c)} {d}" for c, d in zip(rows["count"], rows["detail"], strict=True)]
    return " + ".join(parts)


@dataclass(frozen=True)
class Divisor:
    """One count a programme's annual figure may be divided by, and why."""

    count: float
    label: str  # "÷ 17 areas (3 special areas + 14 other areas)"
    reading: str  # "headline", "special areas only", "one phase", "parts", "per unit"
    rows: pd.DataFrame
    approximate: bool = False

    @property
    def headline(self) -> bool:
        return self.reading == "headline"


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
        label += f" ({_written(head)})"
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


def knowledge_cluster(budgets: pd.DataFrame, participants: pd.DataFrame,
                      currency: str = "JPY", jpy_per_usd: float = 120) -> pd.DataFrame:
    """The Knowledge Cluster budget nationally and per cluster, and how the two fit (003).

    The document states a national budget for one fiscal year and a budget per cluster per
    fiscal year, and appoints 10 areas "consisting of 12 smaller parts". The table checks the
    two stated figures against each other with both counts (a consistency check, not a
    share of itemised spending) and gives the national budget divided by each.
    """
    mext = per_cluster_programme(budgets)
    kc = budgets[budgets["programme_id"] == mext].copy()
    kc["value"] = _millions(kc, currency, jpy_per_usd)
    national_row = kc[kc["basis"] == "annual"]
    per_row = kc[kc["basis"] == "per_cluster_per_year"]
    national, per = national_row.iloc[0], per_row.iloc[0]
    fy = int(national["fiscal_year"])
    options = {d.reading: d for d in divisor_options(participants, mext)}
    areas, parts = options["headline"], options.get("parts")
    if parts is None:
        raise ClusterAnalysisError(f"{mext}: no smaller parts of the appointed areas")
    unit = f"million {currency}"
    nat, pc, years = float(national["value"]), float(per["value"]), int(per["period_years"])
    n, k = areas.count, parts.count
    rows = [
        (f"national budget, FY{fy} (one fiscal year)", nat, unit, [national_row]),
        ("budget per cluster per fiscal year (stated)", pc, unit, [per_row]),
        (f"budget per cluster over the {years} years (stated × {years})", pc * years, unit,
         [per_row]),
        (f"areas appointed, FY{fy}", n, "areas", [areas.rows]),
        ("smaller parts of those areas", k, "parts", [parts.rows]),
        ("areas × budget per cluster", pc * n, unit, [per_row, areas.rows]),
        ("areas × budget per cluster, as % of the national budget", pc * n / nat * 100,
         "% of national budget", [national_row, per_row, areas.rows]),
        ("parts × budget per cluster", pc * k, unit, [per_row, parts.rows]),
        ("parts × budget per cluster, as % of the national budget", pc * k / nat * 100,
         "% of national budget", [national_row, per_row, parts.rows]),
        ("national budget ÷ areas", nat / n, unit, [national_row, areas.rows]),
        ("national budget ÷ parts", nat / k, unit, [national_row, parts.rows]),
    ]
    out = pd.DataFrame([r[:3] for r in rows], columns=["measure", "value", "unit"])
    out["value"] = out["value"].astype("Float64").round(4)
    out.insert(2, "currency", currency)
    out.loc[~out["unit"].str.startswith("million"), "currency"] = pd.NA
    return _provenance(out, {r[0]: r[3] for r in rows}, "measure")


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
        name = _CURRENCY_NAMES.get(str(r.from_currency), str(r.from_currency))
        par = str(r.from_currency) != "USD" and float(r.rate) == usd_rate
        sign = _sign(str(r.from_currency))
        rows.append({
            "kind": "stated rate", "item": f"{sign}1 = ¥{fmt_number(float(r.rate))}",
            "currency": str(r.from_currency), "stated": float(r.rate), "unit": "yen per unit",
            "at_stated_rate": pd.NA, "flag": PAR_FLAG.format(name=f"the {name}") if par else "",
            "source": r.source, "line": int(r.line), "raw": r.raw})
    rate = dict(zip(exchange_rates["from_currency"].astype(str),
                    exchange_rates["rate"].astype(float), strict=True))
    for r in budget_equivalents.itertuples(index=False):
        yen = budgets[(budgets["programme_id"] == r.programme_id) & (budgets["item"] == r.item)
                      & (budgets["currency"] == "JPY")]
        at_rate = (float(yen["amount"].iloc[0]) / rate[str(r.currency)] / MILLION
                   if not yen.empty and str(r.currency) in rate else float("nan"))
        name = _CURRENCY_NAMES.get(str(r.currency), str(r.currency))
        par = str(r.currency) != "USD" and rate.get(str(r.currency)) == usd_rate
        rows.append({
            "kind": "stated equivalent", "item": str(r.item), "currency": str(r.currency),
            "stated": float(r.amount) / MILLION, "unit": f"million {r.currency}",
            "at_stated_rate": round(at_rate, 4),
            "flag": (f"converted at the stated {_sign(str(r.currency))}1 = ¥"
                     f"{fmt_number(rate[str(r.currency)])}: " + PAR_FLAG.format(
                         name=f"the {name}")) if par else "",
            "source": r.source, "line": int(r.line), "raw": r.raw})
    out = pd.DataFrame(rows, columns=["kind", "item", "currency", "stated", "unit",
                                      "at_stated_rate", "flag", "source", "line", "raw"])
    out["stated"] = out["stated"].astype("Float64")
    out["at_stated_rate"] = out["at_stated_rate"].astype("Float64")
    out["line"] = out["line"].astype("Int64")
    return attach(out.reset_index(drop=True), out)


def mext_findings(kc: pd.DataFrame, conversions: pd.DataFrame) -> Findings:
    """The Knowledge Cluster budget in words, every number from ``knowledge_cluster`` and
    ``mext_stated_conversions``. It does not say money goes unaccounted for: the two counts
    the document gives are set side by side."""
    f = Findings("Findings: MEXT")
    currency = str(kc["currency"].dropna().iloc[0])
    m = dict(zip(kc["measure"], kc["value"], strict=True))

    money = _amount_fmt(currency)

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


# --------------------------------------------------------------------------- programmes


def _status_label(h: pd.Series) -> str:
    if h["status"] == "draft":
        return "draft budget request"
    if h["basis"] == "annual":
        return "one-year allocation" if "allocation" in str(h["item"]).lower() \
            else "one-year budget"
    return "multi-year total"


def _period_label(h: pd.Series, planned_end: bool) -> str:
    start, end = int(h["period_start"]), int(h["period_end"])
    fiscal = h["year_basis"] == "fiscal year"
    if start == end:
        return f"FY{start}" if fiscal else str(start)
    last = f"({end})" if planned_end else str(end)
    return f"{'FY' if fiscal else ''}{start}–{last}"


def _years_stated(h: pd.Series) -> bool:
    """Whether the amount's own words give the years it covers ('over five years')."""
    return bool(re.search(r"\byears \(stated\)", str(h["note"] or "")))


def programme_budgets(budgets: pd.DataFrame, participants: pd.DataFrame,
                      programmes: pd.DataFrame, currency: str = "JPY",
                      jpy_per_usd: float = 120,
                      countries: Sequence[str] | None = None,
                      timeline: pd.DataFrame | None = None,
                      population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each programme's budget figure on every basis of :data:`BASES`, with its labels.

    A programme's figure is its stated total (the latest fiscal year where there are
    several), or, where the document gives no total, its one stated figure for a year (UK
    RDA: the 2001 allocation for local innovation). ``annual`` divides it by the years it
    covers (:data:`ANNUAL_RULE`), ``annual_per_unit`` further by the headline count of
    :func:`divisor_options`, or is the per-cluster figure the document states; ``per_capita``
    divides ``annual`` (in currency units) by the population of the programme's country in
    ``year_covered`` (the figure's year, or its period's middle year) or the nearest year the
    series has (``population_year``, ``population``, and the file and line of that
    population in Gapminder's data: ``population_file``, ``population_line``), from
    ``population`` (default: the ``population`` table). Each value
    has a label saying so (``total_label``, ``annual_label``, ``per_unit_label``,
    ``per_capita_label``), and
    ``figure``, ``period`` and ``conversion`` say what the figure is, which years it covers
    and who converted it at what rate. ``timeline`` (optional) marks a planned end year in
    parentheses, as the documents write it. A programme with no budget (France) or no funded
    areas (UK MNT: whole country) keeps its row with the value empty and a note.
    """
    progs = programmes.copy()
    if countries is not None:
        progs = progs[progs["country"].isin(list(countries))]
    heads = budgets[(budgets["basis"] != "per_cluster_per_year")
                    & budgets["category"].isna()].copy()
    heads["_total"] = heads["item"] != "total"  # a stated total first
    heads = heads.sort_values(["programme_id", "_total", "period_end", "line"],
                              ascending=[True, True, False, True])
    heads = heads.drop_duplicates("programme_id").drop(columns="_total")
    per_cluster = budgets[budgets["basis"] == "per_cluster_per_year"]
    planned: set[str] = set()
    if timeline is not None:
        planned = set(timeline.loc[timeline["planned_end"].fillna(False), "entity_id"]
                      .astype(str))
    rows = []
    used: dict[str, list[pd.DataFrame]] = {}
    for prog in progs.itertuples(index=False):
        pid = str(prog.programme_id)
        head = heads[heads["programme_id"] == pid]
        row: dict[str, object] = {"programme_id": pid, "programme": prog.name_en,
                                  "country": str(prog.country)}
        near = int(head["period_end"].iloc[0]) if not head.empty else None
        options = divisor_options(participants, pid, near)
        main = options[0] if options else None
        used[pid] = [head, *([main.rows] if main else [])]
        if main is not None:
            row.update(funded_units=main.count,
                       funded_unit_kind="/".join(sorted(set(main.rows["participant_type"]
                                                            .astype(str)))),
                       funded_as_written=_written(main.rows))
        if head.empty:
            row["note"] = "no budget figure in the documents"
            rows.append(row)
            continue
        h = head.iloc[0]
        stated_by = short_citation(str(h["source"]))
        overseas = str(prog.country) != "Japan" and str(h["currency"]) == "JPY"
        years = int(h["period_years"])
        timeframe = int(h["period_end"]) - int(h["period_start"]) + 1
        total = _convert(float(h["amount"]) / MILLION, str(h["currency"]), currency,
                         jpy_per_usd)
        annual = total / years
        period = _period_label(h, pid in planned)
        status = _status_label(h)
        if years == 1:
            annual_label = f"{period}, {status} (one {h['year_basis']})"
            reading = "one year"
        elif _years_stated(h):
            reading = "stated years"
            annual_label = f"{period} total ÷ {years} years (stated)"
            if timeframe != years:
                annual_label += f"; the timeframe spans {timeframe}"
        else:
            reading = "timeframe"
            annual_label = f"{period} total ÷ {years} years (the timeframe; no years stated)"
        row.update(
            figure=status, period=period, span="one year" if years == 1 else "several years",
            period_start=int(h["period_start"]), period_end=int(h["period_end"]),
            period_years=years, timeframe_years=timeframe, years_reading=reading,
            stated_amount=float(h["amount"]) / MILLION, stated_currency=str(h["currency"]),
            converted=str(h["currency"]) != currency,
            rate_applied=float(jpy_per_usd) if str(h["currency"]) != currency else None,
            conversion=conversion_label(str(h["currency"]), currency, jpy_per_usd, stated_by,
                                        overseas),
            conversion_short=conversion_short(str(h["currency"]), currency, jpy_per_usd,
                                              stated_by, overseas),
            total=total, total_label=f"{period}, {status}", annual=annual,
            annual_label=annual_label, approximate=bool(h["approximate"]),
        )
        stated_pc = per_cluster[per_cluster["programme_id"] == pid]
        notes = []
        if str(h["item"]) != "total":
            notes.append(f"stated as the {str(h['item']).lower()} in {period}, not the "
                         "programme's total")
        if not stated_pc.empty:
            pc = stated_pc.iloc[0]
            row["annual_per_unit"] = _convert(float(pc["amount"]) / MILLION,
                                              str(pc["currency"]), currency, jpy_per_usd)
            row["per_unit_label"] = f"{period}, stated per cluster per fiscal year"
            used[pid].append(stated_pc)
        elif main is None:
            row["per_unit_label"] = "no funded areas stated (whole country)"
        else:
            row["annual_per_unit"] = annual / main.count
            first = (f"{period} {status}" if years == 1
                     else f"{period} total ÷ {years} years")
            row["per_unit_label"] = f"{first} {main.label}"
        row["note"] = "; ".join(notes)
        rows.append(row)
    cols = ["programme_id", "programme", "country", "figure", "period", "span",
            "period_start", "period_end", "period_years", "timeframe_years", "years_reading",
            "stated_amount", "stated_currency", "currency", "converted", "rate_applied",
            "conversion", "conversion_short", "total", "total_label", "annual", "annual_label",
            "funded_units", "funded_unit_kind", "funded_as_written", "annual_per_unit",
            "per_unit_label", "year_covered", "population_year", "population", "per_capita",
            "per_capita_label", "population_file", "population_line", "approximate", "note"]
    out = pd.DataFrame(rows)
    out = _per_capita(out.reindex(columns=[c for c in cols if c not in PER_CAPITA_COLUMNS]),
                      population if population is not None else load("population"))
    out = out.reindex(columns=cols)
    out["currency"] = currency
    for c in ("period_start", "period_end", "period_years", "timeframe_years",
              "year_covered", "population_year", "population", "population_line"):
        out[c] = out[c].astype("Int64")
    for c in ("stated_amount", "rate_applied", "total", "annual", "funded_units",
              "annual_per_unit", "per_capita"):
        out[c] = out[c].astype("Float64").round(4)
    for c in ("converted", "approximate"):
        out[c] = out[c].astype("boolean")
    for c in ("figure", "period", "span", "years_reading", "stated_currency", "conversion",
              "conversion_short", "total_label", "annual_label", "funded_unit_kind",
              "funded_as_written", "per_unit_label", "per_capita_label", "population_file",
              "note", "programme", "programme_id", "country"):
        out[c] = out[c].astype("string").replace("", pd.NA)
    order = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    out["_order"] = out["country"].map(order)
    out = out.sort_values(["_order", "programme_id"]).drop(columns="_order")
    return _provenance(out.reset_index(drop=True), used, "programme_id")


#: The columns :func:`programme_budgets` gets from :func:`_per_capita`.
PER_CAPITA_COLUMNS = ("year_covered", *pop.COLUMNS[:2], "per_capita", "per_capita_label",
                      *pop.ROW_COLUMNS)


def _per_capita(df: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """``df`` (rows of :func:`programme_budgets`, ``annual`` in millions) with the annual
    figure per inhabitant per year (:func:`clusteranalysis.studies.population.per_head`), the
    population it was divided by and where that population stands in Gapminder's file."""
    out = df.copy()
    out["year_covered"] = pd.array(
        [None if pd.isna(a) else pop.year_covered(s, e)
         for a, s, e in zip(out["annual"], out["period_start"], out["period_end"],
                            strict=True)], dtype="Int64")
    out["_annual_units"] = out["annual"].astype("Float64") * MILLION
    out = pop.per_head(out, people, value="_annual_units", year="year_covered")
    out = pop.with_rows(out, people).drop(columns="_annual_units")
    out = out.rename(columns={"per_head": "per_capita"})
    out["per_capita_label"] = [_per_capita_label(r) for _, r in out.iterrows()]
    return out


def _per_capita_label(r: pd.Series) -> str | None:
    """'FY2005 draft budget request ÷ Japan's population in 2007 (Gapminder; nearest
    available year to 2005)': what is divided, the population year used and why."""
    if pd.isna(r["per_capita"]):
        return None
    years, covered, used = int(r["period_years"]), int(r["year_covered"]), \
        int(r["population_year"])
    first = (f"{r['period']} {r['figure']}" if years == 1
             else f"{r['period']} total ÷ {years} years")
    why = "Gapminder"
    if used != covered:
        why += f"; nearest available year to {covered}"
        if years > 1:
            why += ", the period's middle year"
    elif years > 1:
        why += "; the period's middle year"
    return f"{first} ÷ {r['country']}'s population in {used} ({why})"


def annual_readings(table: pd.DataFrame) -> pd.DataFrame:
    """Both readings of the years a multi-year figure covers, and the one :data:`ANNUAL_RULE`
    uses.

    ``annual`` is the figure ÷ the years used (as in :func:`programme_budgets`);
    ``over_timeframe`` the figure ÷ the timeframe's years, shown where the two disagree
    (BioRegio: 1996~2001 but "over five years"; InnoRegio: 1999~(2006) but "over six years")
    and not used anywhere else.
    """
    t = table.dropna(subset=["total"])
    t = t[t["span"] == "several years"]
    out = t[["programme_id", "programme", "country", "period", "total", "currency",
             "period_years", "timeframe_years", "years_reading", "annual"]].copy()
    out = out.rename(columns={"period_years": "years_used"})
    out["readings_agree"] = (out["years_used"] == out["timeframe_years"]).astype("boolean")
    out["over_timeframe"] = (out["total"] / out["timeframe_years"]).astype("Float64").round(4)
    out.loc[out["readings_agree"], "over_timeframe"] = pd.NA
    out["rule"] = ANNUAL_RULE
    out["source"], out["line"] = t["source"], t["line"]
    return attach(out.reset_index(drop=True), citable(table))


def comparison(table: pd.DataFrame, basis: str = "annual") -> pd.DataFrame:
    """The programmes on one basis, ranked largest first within each group.

    A grouped basis (``total``) ranks one-year figures and multi-year totals separately
    (``group``); the others rank every programme with a value. ``ratio_to_next`` is a
    value over the next one down in its group; empty values come last, unranked. A basis's
    ``extra`` columns (per capita: the population used) come before ``source`` and ``line``.
    """
    b = _basis(basis)
    out = table[["programme_id", "programme", "country", "figure", "period", "span",
                 "currency", "conversion", "conversion_short", b.column, b.label_column,
                 "approximate",
                 "converted", "note", *b.extra, "source", "line"]].rename(
        columns={b.column: "value", b.label_column: "basis_label"})
    out.insert(3, "basis", basis)
    out["group"] = out["span"] if b.grouped else "all"
    out.loc[out["value"].isna(), "group"] = pd.NA
    group_order = {g: i for i, g in enumerate(("all", *SPANS))}
    out["_g"] = out["group"].map(group_order).astype("Float64")
    out = out.sort_values(["_g", "value", "programme_id"], ascending=[True, False, True],
                          na_position="last").drop(columns="_g").reset_index(drop=True)
    ranks, ratios = [], []
    for _, r in out.iterrows():
        if pd.isna(r["value"]):
            ranks.append(pd.NA)
            ratios.append(pd.NA)
            continue
        same = out[(out["group"] == r["group"]) & out["value"].notna()]
        ranks.append(int((same["value"] > r["value"]).sum()) + 1)
        lower = same[same["value"] < r["value"]]["value"]
        ratios.append(round(float(r["value"]) / float(lower.max()), 4) if len(lower) else pd.NA)
    out.insert(out.columns.get_loc("value") + 1, "rank", pd.array(ranks, dtype="Int64"))
    out.insert(out.columns.get_loc("rank") + 1, "ratio_to_next",
               pd.array(ratios, dtype="Float64"))
    cols = [c for c in out.columns if c not in ("source", "line")] + ["source", "line"]
    return attach(out[cols], citable(table))


def left_out(programmes: pd.DataFrame, countries: Sequence[str] | None) -> list[str]:
    """The programmes a ``countries`` selection leaves out, as '<name> (<country>)'."""
    if countries is None:
        return []
    gone = programmes[~programmes["country"].isin(list(countries))]
    order = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    gone = gone.assign(_o=gone["country"].map(order)).sort_values(["_o", "programme_id"])
    return [f"{n} ({c})" for n, c in zip(gone["name_en"], gone["country"], strict=True)]


def _short(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", str(name))


def _amount_fmt(currency: str, approximate: bool = False) -> Any:
    return lambda v: ("≈" if approximate else "") + fmt_amount(v, currency)


def programme_findings(head: pd.DataFrame, basis: str, left: Sequence[str] = ()) -> Findings:
    """The comparison on ``basis`` in words, every number from ``programme_comparison``.

    A ranking, "largest" or a ratio is stated only within a group the basis compares and
    only as the run's table gives it; programmes without a value, and those the countries
    selection left out (``left``), are named.
    """
    b = _basis(basis)
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
        sign = _sign(str(valued["currency"].iloc[0]))
        f.add(f"In {sign} per inhabitant per year: each annual figure ÷ the population of the "
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
            f.add(f"{where}{_short(r['programme'])} is the only programme with a figure: "
                  f"{amt(r)} ({lbl(r)}).")
            continue
        first, second = g.iloc[0], g.iloc[1]
        if first["value"] > second["value"]:
            lead = f"{where}the largest is" if where else "The largest is"
            f.add(f"{lead} {_short(first['programme'])}: {amt(first)} "
                  f"({lbl(first)}; {first['conversion']}), "
                  f"{amt(first, 'ratio_to_next', fmt_ratio)} the next, "
                  f"{_short(second['programme'])}: {amt(second)} ({lbl(second)}).")
        else:
            f.add(f"{where}{_short(first['programme'])} and {_short(second['programme'])} "
                  f"share the largest figure, {amt(first)}.")
        order = "; ".join(f"{_short(r['programme'])} {amt(r)} ({lbl(r)})"
                          for _, r in g.iloc[2:].iterrows())
        if order:
            f.add(f"Then, in order: {order}.")
    missing = head[head["value"].isna()]
    if not missing.empty:
        why = "; ".join(
            f"{_short(r['programme'])}: "
            f"{r['basis_label'] if pd.notna(r['basis_label']) else r['note']}"
            for _, r in missing.iterrows())
        f.add(f"No figure on this basis for {why}.")
    kinds = sorted(set(valued["figure"].astype(str)))
    if len(kinds) > 1 and not b.grouped:
        f.add("The figures are of different kinds (" + ", ".join(kinds) + "); each label says "
              "which, and the caveats below what that means for the comparison.")
    return f


# --------------------------------------------------------------------------- sensitivity


def sensitivity(table: pd.DataFrame, participants: pd.DataFrame, budgets: pd.DataFrame,
                jpy_per_usd: float, jpy_per_usd_range: Sequence[float],
                basis: str = "annual") -> pd.DataFrame:
    """Every programme's annual and per-unit figure over the exchange rates and divisors.

    The rates are the ends of ``jpy_per_usd_range`` and the run's ``jpy_per_usd`` (only a
    figure converted here moves with them); the divisors are :func:`divisor_options` (and,
    for a programme that states a per-cluster figure, that figure beside the national budget
    ÷ each count). ``headline`` marks the row the run's tables use. The years are those
    :data:`ANNUAL_RULE` gives; the other reading is in :func:`annual_readings`. On a
    per-head ``basis`` (``per_capita``) the figure per inhabitant per year is a third
    measure, over the same rates; its divisor, the population ``table`` used, is the only one
    (no other population year is tried).
    """
    per_head = _basis(basis).per_head
    low, high = (float(x) for x in jpy_per_usd_range)
    rates = sorted({low, float(jpy_per_usd), high})
    per_cluster = budgets[budgets["basis"] == "per_cluster_per_year"]
    rows = []
    used: dict[tuple[str, str], list[pd.DataFrame]] = {}
    for r in table.dropna(subset=["total"]).itertuples(index=False):
        pid = str(r.programme_id)
        options = divisor_options(participants, pid, int(r.period_end))
        stated_pc = per_cluster[per_cluster["programme_id"] == pid]
        amount = budgets[(budgets["programme_id"] == pid) & budgets["category"].isna()
                         & (budgets["basis"] != "per_cluster_per_year")
                         & (budgets["currency"] == r.stated_currency)
                         & ((budgets["amount"] / MILLION - float(r.stated_amount)).abs() < 1e-6)]
        base = dict(programme_id=pid, programme=r.programme, country=r.country,
                    currency=r.currency, approximate=bool(r.approximate))
        for rate in rates:
            total = _convert(float(r.stated_amount), str(r.stated_currency), str(r.currency),
                             rate)
            annual = total / int(r.period_years)
            at_run = rate == float(jpy_per_usd)
            rate_text = _rate_text(rate) if bool(r.converted) else "no conversion"
            rows.append({**base, "measure": "annual", "jpy_per_usd": rate,
                         "rate_label": rate_text, "divisor": pd.NA,
                         "divisor_label": f"÷ {int(r.period_years)} "
                                          f"{'year' if int(r.period_years) == 1 else 'years'}",
                         "reading": "annual", "value": annual, "headline": at_run})
            if not stated_pc.empty:
                pc = _convert(float(stated_pc["amount"].iloc[0]) / MILLION,
                              str(stated_pc["currency"].iloc[0]), str(r.currency), rate)
                rows.append({**base, "measure": "annual_per_unit", "jpy_per_usd": rate,
                             "rate_label": rate_text, "divisor": pd.NA,
                             "divisor_label": "stated per cluster", "reading": "stated",
                             "value": pc, "headline": at_run})
            for d in options:
                rows.append({**base, "measure": "annual_per_unit", "jpy_per_usd": rate,
                             "rate_label": rate_text, "divisor": d.count,
                             "divisor_label": d.label, "reading": d.reading,
                             "value": annual / d.count,
                             "headline": at_run and d.headline and stated_pc.empty})
            if per_head and pd.notna(r.population):
                rows.append({**base, "measure": basis, "jpy_per_usd": rate,
                             "rate_label": rate_text, "divisor": float(r.population),
                             "divisor_label": f"÷ {r.country}'s population in "
                                              f"{int(r.population_year)} (Gapminder)",
                             "reading": "population", "value": annual * MILLION
                             / float(r.population), "headline": at_run})
        used[(pid, basis)] = [amount]
        used[(pid, "annual")] = [amount]
        used[(pid, "annual_per_unit")] = [amount, stated_pc, *(d.rows for d in options)]
    cols = ["programme_id", "programme", "country", "measure", "reading", "divisor",
            "divisor_label", "jpy_per_usd", "rate_label", "currency", "value", "approximate",
            "headline"]
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        out = out.astype({"value": "Float64"})
    out["divisor"] = out["divisor"].astype("Float64")
    out["jpy_per_usd"] = out["jpy_per_usd"].astype("Float64")
    out["value"] = out["value"].astype("Float64").round(4)
    out["headline"] = out["headline"].astype("boolean")
    out["approximate"] = out["approximate"].astype("boolean")
    order = {p: i for i, p in enumerate(table["programme_id"])}
    out["_p"] = out["programme_id"].map(order)
    out["_m"] = out["measure"].map({"annual": 0, "annual_per_unit": 1, "per_capita": 2})
    out = out.sort_values(["_m", "_p", "jpy_per_usd", "divisor"], na_position="first") \
        .drop(columns=["_p", "_m"]).reset_index(drop=True)
    out["_key"] = list(zip(out["programme_id"], out["measure"], strict=True))
    out = _provenance(out, used, "_key").drop(columns="_key")
    return out


def sensitivity_range(sens: pd.DataFrame) -> pd.DataFrame:
    """How far each headline moves: one row per programme and measure.

    ``rate_low``/``rate_high``: the figure at the ends of the exchange-rate range (divisor
    as in the headline); ``divisor_low``/``divisor_high``: over the divisors at the run's
    rate; ``low``/``high`` over both, ``high_over_low`` their ratio, with the readings that
    give them. ``rank``, ``rank_best`` and ``rank_worst``: the programme's place among the
    others at their headline figures (at the same rate), now and over its own readings.
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
    for c in ("headline", "rate_low", "rate_high", "divisor_low", "divisor_high", "low", "high",
              "high_over_low", "jpy_per_usd_low", "jpy_per_usd_high"):
        out[c] = out[c].astype("Float64")
    for c in ("rank", "rank_best", "rank_worst"):
        out[c] = out[c].astype("Int64")
    out["approximate"] = out["approximate"].astype("boolean")
    return attach(out, citable(sens))


def _headline_divisor(rows: pd.DataFrame, sens: pd.DataFrame) -> pd.Series:
    """Rows whose divisor is their programme's headline one (at any rate)."""
    heads = sens[sens["headline"].fillna(False)][["programme_id", "measure", "divisor_label"]]
    keys = set(zip(heads["programme_id"], heads["measure"], heads["divisor_label"], strict=True))
    return pd.Series([k in keys for k in zip(rows["programme_id"], rows["measure"],
                                             rows["divisor_label"], strict=True)],
                     index=rows.index)


def sensitivity_findings(ranges: pd.DataFrame, left: Sequence[str] = ()) -> Findings:
    """How far the headlines move, in words, every number from ``sensitivity_range``.

    Ranks are among the programmes of the run's selection; ``left`` (the programmes the
    countries selection left out) are named when there are any.
    """
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
        return "; ".join(f"{_short(r['programme'])} ranks between "
                         f"{amt(r, 'rank_best', fmt_ordinal)} and "
                         f"{amt(r, 'rank_worst', fmt_ordinal)}"
                         for _, r in changing.iterrows())

    annual = ranges[ranges["measure"] == "annual"]
    moved = annual[annual["rate_high"] > annual["rate_low"]]
    if moved.empty:
        f.add(f"Over {rate_words} no annual figure moves: none is converted here.")
    else:
        parts = [f"{_short(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')}"
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
        parts = [f"{_short(r['programme'])} {amt(r, 'divisor_low')} to "
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
            parts = [f"{_short(r['programme'])} {amt(r, 'rate_low')}–{amt(r, 'rate_high')}"
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




def stated_rate(exchange_rates: pd.DataFrame) -> float:
    """The yen per US dollar MEXT states (003): the notebook's default ``jpy_per_usd``."""
    row = exchange_rates[(exchange_rates["from_currency"] == "USD")
                         & (exchange_rates["to_currency"] == "JPY")]
    return float(row["rate"].iloc[0])


# --------------------------------------------------------------------------- figures


def meti_caption(items: pd.DataFrame, jpy_per_usd: float) -> Caption:
    """The caption under :func:`plot_meti_items`: its source lines and its basis."""
    currency = str(items["currency"].iloc[0])
    prev, draft = sorted(c for c in items.columns if re.fullmatch(r"fy\d{4}", c))
    text = (f"Bars on a linear axis, million {_sign(currency)}, one fiscal year each: the "
            f"{draft.upper()} draft budget request beside the {prev.upper()} figure in "
            f"parentheses; growth is the draft over {prev.upper()}. METI states US$"
            + (f"; this run converts at {_rate_text(jpy_per_usd)}." if currency != "USD"
               else "."))
    return caption(citable(items), text=text)


def programmes_caption(head: pd.DataFrame, basis: str) -> Caption:
    """The caption under :func:`plot_programmes`: sources, basis, and every conversion."""
    b = _basis(basis)
    kinds = ("one-year figures and multi-year totals in separate panels, each ranked "
             "among itself" if b.grouped else "● a figure for one year, ◆ a figure for "
                                              "several years")
    text = (f"{b.title}. Dots on a log axis; {kinds}; ≈ the document says about. Each label "
            f"gives the period, the kind of figure and what it is divided by. "
            f"{conversions_text(head)}")
    if b.per_head:
        text += (f" Values in {_sign(str(head['currency'].iloc[0]))} per inhabitant per year. "
                 f"{_population_note(head)}")
    return caption(citable(head), text=text)


def _population_note(head: pd.DataFrame) -> str:
    """Where the populations of a per-capita comparison come from, for a caption."""
    used = head.dropna(subset=["population_file"])
    if used.empty:
        return "No population used."
    label = pop.label(used, "population_file")
    return f"{label[0].upper()}{label[1:]} (data/external/population_source.csv)."


def sensitivity_caption(sens: pd.DataFrame) -> Caption:
    """The caption under :func:`plot_sensitivity`."""
    if sens.empty:
        return caption(citable(sens), text="No figure to vary.")
    low, high = float(sens["jpy_per_usd"].min()), float(sens["jpy_per_usd"].max())
    text = (f"Each figure at ¥{fmt_number(low)} and ¥{fmt_number(high)} per US$ (the ends "
            "of jpy_per_usd_range, or the run's rate beyond them) and at the run's rate "
            "(circles), over the "
            "divisors the documents allow (squares); the diamond is the figure the run's "
            "tables use. Log axis. The years divided by are those the amount states (the "
            "annual readings table shows the other reading).")
    if (sens["measure"] == "per_capita").any():
        text += (f" Per inhabitant per year: over the rates only, each figure ÷ the one "
                 f"population the run's tables use, in "
                 f"{_sign(str(sens['currency'].iloc[0]))} (Gapminder; the comparison's labels "
                 "name the years).")
    return caption(citable(sens), text=text)



def _rate_note(currency: str, converted: bool, jpy_per_usd: float | None) -> str:
    if not converted or jpy_per_usd is None:
        return ""
    other = "US$" if currency == "JPY" else "yen"
    return (f" {other} amounts converted here at {_rate_text(jpy_per_usd)} "
            "(parameter jpy_per_usd).")


def plot_meti_items(items: pd.DataFrame, jpy_per_usd: float | None = None) -> Figure:
    """Previous-year and draft bars (linear axis) for each METI line item, growth beside."""
    currency = items["currency"].iloc[0]
    prev, draft = sorted(c for c in items.columns if re.fullmatch(r"fy\d{4}", c))
    prev_label = f"{prev.upper()} (in parentheses beside the draft)"
    draft_label = f"{draft.upper()} draft request"
    long = items.melt(id_vars=["item", "line"], value_vars=[prev, draft],
                      var_name="year", value_name="amount")
    long["year"] = long["year"].map({prev: prev_label, draft: draft_label})
    long["label"] = long["item"].map(lambda s: figures.wrap_label(s, 34))
    order = [figures.wrap_label(s, 34) for s in items["item"]]
    fig, ax = plt.subplots(figsize=(9.5, 6.4))
    sns.barplot(data=long, y="label", x="amount", hue="year", order=order, ax=ax,
                palette=["0.65", figures.COUNTRY_COLORS["Japan"]])
    pad = float(items[draft].max()) * 0.02
    for i, r in enumerate(items.to_dict("records")):
        after = fmt_number(float(r[draft]))
        text = (f"{after}  (new)" if pd.isna(r[prev]) else
                f"{fmt_number(float(r[prev]))} → {after}  ({r['growth_pct']:+.1f} %)")
        ax.text(float(r[draft]) + pad, i + 0.2, text, va="center", fontsize=9)
    ax.set_xlim(0, float(items[draft].max()) * 1.5)
    figures.thousands(ax.xaxis)
    ax.set_title(f"METI Industrial Cluster Project: policy tools, {prev.upper()} → "
                 f"{draft.upper()} draft request")
    ax.set_xlabel(_tex_safe(f"Budget (million {_sign(currency)}, one fiscal year)"))
    ax.set_ylabel("")
    ax.legend(title="Fiscal year", loc="lower right")
    note = _rate_note(currency, currency != "USD", jpy_per_usd)
    return figures.finish(fig, f"{cite(items)} METI states the amounts in US$.{note}")


def _row_label(r: pd.Series, width: int = 46) -> str:
    name = figures.wrap_label(f"{_short(r['programme'])} ({r['country']})", width, 2)
    basis = r["basis_label"] if pd.notna(r["basis_label"]) else (r["note"] or "no figure")
    lines = [name, figures.wrap_label(str(basis), width + 8, 3)]
    if pd.notna(r["conversion_short"]):
        lines.append(figures.wrap_label(str(r["conversion_short"]), width + 8, 2))
    return _tex_safe("\n".join(lines))


def _tex_safe(text: str) -> str:
    """Text for a matplotlib label: a dollar sign is not the start of maths."""
    return text.replace("$", r"\$")


def _legend(ax: Any, handles: list[Line2D], rows: int, fontsize: float) -> None:
    """The markers' legend: in the lower right of a panel of several rows, ranked largest
    first (the smallest values, at the bottom, leave it free); beside a panel of one or two."""
    if rows >= 3:
        ax.legend(handles=handles, loc="lower right", fontsize=fontsize, frameon=True)
    else:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize=fontsize, frameon=False)


def _log_x(ax: Any, lo: float, hi: float) -> None:
    """A log x axis from ``lo`` to ``hi`` widened to whole powers of ten, so that at least
    two major ticks are labelled (as plain numbers) and no minor tick is."""
    powers = np.floor(np.log10(hi)) - np.ceil(np.log10(lo)) + 1  # powers of ten inside
    if powers < 2:
        lo = min(lo, 10 ** np.floor(np.log10(lo)))
        hi = max(hi, 10 ** np.ceil(np.log10(hi)))
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    figures.thousands(ax.xaxis)
    ax.xaxis.set_minor_formatter(NullFormatter())


def _dot_panel(ax: Any, data: pd.DataFrame, title: str, xlabel: str,
               fmt: Any = fmt_number) -> None:
    """One dot per programme on a log axis, largest at the top, values written beside
    (as ``fmt`` writes them)."""
    data = data.reset_index(drop=True)
    y = np.arange(len(data))
    plotted = data["value"].notna()
    vals = data.loc[plotted, "value"].astype(float)
    vmin = float(vals.min()) if len(vals) else 1.0
    vmax = float(vals.max()) if len(vals) else 10.0
    for i, r in data.iterrows():
        color = figures.COUNTRY_COLORS.get(str(r["country"]), (0.5, 0.5, 0.5))
        if pd.isna(r["value"]):
            ax.text(vmin, i, "no figure on this basis", va="center", fontsize=9, color="0.35")
            continue
        v = float(r["value"])
        marker = "o" if r["span"] == "one year" else "D"
        ax.plot([vmin / 3, v], [i, i], color="0.85", lw=1, zorder=1)
        ax.plot(v, i, marker, color=color, ms=9, zorder=3, mec="white", mew=0.8)
        approx = "≈" if bool(r["approximate"]) else ""
        ax.text(v * 1.25, i, approx + fmt(v), va="center", fontsize=9, color="0.15")
    ax.set_yticks(y, [_row_label(r) for _, r in data.iterrows()], fontsize=8.5)
    ax.set_ylim(len(data) - 0.5, -0.5)
    _log_x(ax, vmin / 3, vmax * 8)
    ax.grid(axis="y", visible=False)
    ax.set_title(title, fontsize=11.5)
    ax.set_xlabel(xlabel)


def plot_programmes(head: pd.DataFrame, basis: str, jpy_per_usd: float | None = None
                    ) -> Figure:
    """The comparison on ``basis`` as a dot plot on a log axis (no bars), coloured by
    country; a grouped basis draws each group in a panel of its own."""
    b = _basis(basis)
    if head["value"].notna().sum() == 0:
        return figures.empty_figure(
            figures.wrap_label(b.title, 80, 2),
            "No programme of the selected countries has a figure on this basis:\n"
            + "\n".join(figures.wrap_label(f"{_short(p)}: {n if pd.notna(n) else lbl}", 90, 1)
                        for p, n, lbl in zip(head["programme"], head["note"],
                                             head["basis_label"], strict=True)),
            cite(citable(head)))
    currency = str(head["currency"].iloc[0])
    groups = list(dict.fromkeys(head["group"].dropna())) if b.grouped else ["all"]
    data = {g: head[head["group"] == g] for g in groups}
    if not b.grouped:
        data["all"] = head
    heights = [max(len(d), 1) for d in data.values()]
    # a row's label has up to six lines (name, basis, conversion): 0.75 in holds five
    lines = max((_row_label(r).count("\n") + 1 for _, r in head.iterrows()), default=1)
    row = max(0.75, 0.15 * lines)
    fig, axes = plt.subplots(len(groups), 1, figsize=(10, row * sum(heights) + 1.6 * len(groups)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    unit = b.unit(currency)
    for ax, g in zip(axes[:, 0], groups, strict=True):
        if b.grouped:
            kind = "one-year figures" if g == "one year" else "multi-year totals"
            title = f"{b.axis}: {kind} (ranked among themselves)"
        else:
            title = figures.wrap_label(b.title, 95, 2)
        _dot_panel(ax, data[g], _tex_safe(title), _tex_safe(f"{b.axis} ({unit}, log scale)"),
                   b.fmt(currency) if b.per_head else fmt_number)
    if not b.grouped:
        handles = [Line2D([], [], marker="o", ls="", color="0.4", label="figure for one year"),
                   Line2D([], [], marker="D", ls="", color="0.4",
                          label="figure for several years")]
        _legend(axes[0, 0], handles, len(data["all"]), fontsize=8.5)
    converted = bool(head["converted"].fillna(False).any())
    population = f" {_population_note(head)}" if b.per_head else ""
    return figures.finish(
        fig, f"{cite(citable(head))} ≈: the document says about/approx. "
             f"{_rate_note(currency, converted, jpy_per_usd).strip()}{population}")


def plot_sensitivity(sens: pd.DataFrame, ranges: pd.DataFrame) -> Figure:
    """How far each figure moves: for each programme the range over the exchange rates
    (circles) and the divisors (squares), the run's headline as a diamond; log axis."""
    if sens.empty:
        return figures.empty_figure("How far each budget figure moves",
                                    "No programme of the selected countries has a budget "
                                    "figure.", cite(citable(sens)))
    currency = str(sens["currency"].iloc[0])
    low, high = float(sens["jpy_per_usd"].min()), float(sens["jpy_per_usd"].max())
    measures = [m for m in ("annual", "annual_per_unit", "per_capita")
                if (sens["measure"] == m).any()]
    counts = [int((ranges["measure"] == m).sum()) for m in measures]
    fig, axes = plt.subplots(len(measures), 1, figsize=(10, 0.62 * sum(counts) + 2.2),
                             gridspec_kw={"height_ratios": counts}, squeeze=False)
    titles = {"annual": f"Annual budget over ¥{fmt_number(low)}–{fmt_number(high)} per US$ "
                        "(each figure ÷ the years it covers)",
              "annual_per_unit": "Annual budget per funded unit, over the divisors the "
                                 "documents allow",
              "per_capita": f"Budget per inhabitant per year over ¥{fmt_number(low)}–"
                            f"{fmt_number(high)} per US$ (each ÷ one population year)"}
    for ax, m in zip(axes[:, 0], measures, strict=True):
        rg = ranges[ranges["measure"] == m].sort_values("headline", ascending=False)
        rg = rg.reset_index(drop=True)
        s = sens[sens["measure"] == m]
        for i, r in rg.iterrows():
            rows = s[s["programme_id"] == r["programme_id"]]
            head = rows[rows["headline"].fillna(False)].iloc[0]
            color = figures.COUNTRY_COLORS.get(str(r["country"]), (0.5, 0.5, 0.5))
            ax.plot([float(r["low"]), float(r["high"])], [i, i], color=color, lw=4,
                    alpha=0.35, solid_capstyle="round", zorder=1)
            by_rate = rows[rows["divisor_label"] == head["divisor_label"]]
            by_div = rows[rows["jpy_per_usd"] == head["jpy_per_usd"]]
            ax.plot(by_rate["value"].astype(float), [i] * len(by_rate), "o", ms=5, color=color,
                    mec="white", mew=0.5, zorder=2)
            if m == "annual_per_unit":
                ax.plot(by_div["value"].astype(float), [i] * len(by_div), "s", ms=5,
                        color=color, mec="white", mew=0.5, zorder=2)
                tags: dict[float, list[str]] = {}
                for _, d in by_div.iterrows():
                    tags.setdefault(float(d["value"]), []).append(
                        "stated" if pd.isna(d["divisor"])
                        else "÷" + fmt_number(float(d["divisor"])))
                for k, (value, words) in enumerate(sorted(tags.items())):
                    above = k % 2 == 0
                    ax.annotate(" = ".join(words), (value, i), xytext=(0, 7 if above else -7),
                                textcoords="offset points", ha="center",
                                va="bottom" if above else "top", fontsize=7, color="0.3")
            ax.plot(float(head["value"]), i, "D", ms=10, mfc="none", mec="black", mew=1.2,
                    zorder=3)
            write = BASES[m].fmt(currency) if BASES[m].per_head else fmt_number
            text = write(float(r["headline"]))
            if float(r["high"]) > float(r["low"]):
                text = (f"{write(float(r['low']))}–{write(float(r['high']))} "
                        f"(run: {text})")
            ax.text(float(r["high"]) * 1.3, i, text, va="center", fontsize=8.5, color="0.15")
        labels = [figures.wrap_label(f"{_short(p)} ({c})", 40, 2)
                  for p, c in zip(rg["programme"], rg["country"], strict=True)]
        ax.set_yticks(np.arange(len(rg)), labels, fontsize=9)
        ax.set_ylim(len(rg) - 0.5, -0.5)
        _log_x(ax, float(rg["low"].min()) / 2, float(rg["high"].max()) * 12)
        ax.grid(axis="y", visible=False)
        ax.set_title(_tex_safe(figures.wrap_label(titles[m], 95, 2)), fontsize=11.5)
        ax.set_xlabel(_tex_safe(f"{BASES[m].axis} ({BASES[m].unit(currency)}, log scale)"))
    handles = [
        Line2D([], [], marker="D", ls="", mfc="none", mec="black", ms=8,
               label="this run (jpy_per_usd, headline divisor)"),
        Line2D([], [], marker="o", ls="", color="0.5", ms=5,
               label=_tex_safe(f"exchange rate ¥{fmt_number(low)}–{fmt_number(high)} per US$")),
        Line2D([], [], marker="s", ls="", color="0.5", ms=5,
               label="another divisor the documents allow"),
    ]
    _legend(axes[0, 0], handles, counts[0], fontsize=8)
    population = (" Per inhabitant: ÷ the population the run's tables use (Gapminder, "
                  "data/external/population_source.csv)." if "per_capita" in measures else "")
    return figures.finish(
        fig, f"{cite(citable(sens))} Only a figure converted here moves with the rate; the "
             "years divided by are those the amount states (the annual readings table shows "
             f"the other reading).{population}")
