"""Budgets on one scale: METI FY2004 → FY2005, the Knowledge Cluster, the overseas programmes.

The documents state METI's budget in US dollars (001), MEXT's and the overseas programmes' in
yen (001, 003), over periods from one fiscal year to eleven years. These functions convert only
between yen and dollars, only at the rate the reader passes (``jpy_per_usd``; MEXT states 120),
and divide a programme's amount by the years it covers and by the areas it funds, so that
programmes of different lengths and sizes compare on one scale. Amounts come out in millions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .. import figures, vocab
from ..citations import attach, cite
from ..errors import ClusterAnalysisError

MILLION = 1_000_000
CONVERTIBLE = ("JPY", "USD")
#: What a programme funds, for the per-area division (participants.participant_type).
UNIT_TYPES = ("areas", "clusters")
#: Which column of :func:`programme_budgets` each ``basis`` parameter headlines.
BASIS_COLUMNS = {"annual": "annual", "total": "total", "per_cluster": "per_unit_annual"}
BASIS_LABELS = {
    "annual": "Annual budget",
    "total": "Budget over the period the figure covers",
    "per_cluster": "Annual budget per funded area or cluster",
}


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


def _millions(df: pd.DataFrame, currency: str, jpy_per_usd: float) -> pd.Series:
    return to_currency(df["amount"], df["currency"], currency, jpy_per_usd) / MILLION


def _pct(part: pd.Series | float, whole: pd.Series | float, digits: int = 1) -> pd.Series:
    return (pd.Series(part, dtype="Float64") / whole * 100).round(digits)


# --------------------------------------------------------------------------- METI


def meti_line_items(budgets: pd.DataFrame, currency: str = "JPY",
                    jpy_per_usd: float = 120) -> pd.DataFrame:
    """METI's line items, FY2004 beside the FY2005 draft, in document order.

    ``growth_pct`` is empty for items marked '(new)' in the draft; the shares are of the stated
    national total of the same year, so they show how much each listed item explains.
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
    """
    items = meti_line_items(budgets, currency, jpy_per_usd)
    totals = meti_stated_totals(budgets, currency, jpy_per_usd)
    prev_fy, draft_fy = meti_years(budgets)
    prev, draft = _fy(prev_fy), _fy(draft_fy)
    both = items[items[prev].notna()]
    new = items[items[prev].isna()]
    unit = f"million {currency}"
    rows = [
        ("stated national total", unit, totals[prev_fy], totals[draft_fy]),
        ("listed line items (sum)", unit, items[prev].sum(), items[draft].sum()),
        ("items listed in both years", unit, both[prev].sum(), both[draft].sum()),
        (f"items new in FY{draft_fy}", unit, 0.0, new[draft].sum()),
        ("not itemised (stated total − listed items)", unit,
         totals[prev_fy] - items[prev].sum(), totals[draft_fy] - items[draft].sum()),
    ]
    out = pd.DataFrame(rows, columns=["measure", "unit", prev, draft])
    out[[prev, draft]] = out[[prev, draft]].astype("Float64").round(4)
    out["change"] = (out[draft] - out[prev]).round(4)
    out["growth_pct"] = _pct(out["change"], out[prev].where(out[prev] != 0))
    explained = pd.DataFrame({
        "measure": ["share of the stated total the listed items explain"],
        "unit": ["% of stated total"],
        prev: _pct(items[prev].sum(), totals[prev_fy]),
        draft: _pct(items[draft].sum(), totals[draft_fy]),
    })
    explained["change"] = (explained[draft] - explained[prev]).round(1)
    explained["growth_pct"] = pd.array([pd.NA], dtype="Float64")
    return attach(pd.concat([out, explained], ignore_index=True), items)


# --------------------------------------------------------------------------- MEXT


def _funded_units(participants: pd.DataFrame, programme_id: str,
                  near_year: int | None = None, used: list[pd.DataFrame] | None = None
                  ) -> tuple[float, str, str]:
    """(count, kind, as written) of what a programme funds: its headline areas or clusters.

    Programmes that count projects instead (METI) fall back to their headline projects of
    the phase closest to ``near_year``. Nothing stated gives (nan, "", ""). The rows used
    are appended to ``used`` (for the caption).
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
    if units.empty:
        return float("nan"), "", ""
    units = units.sort_values("line")
    if used is not None:
        used.append(units)
    kinds = sorted(set(units["participant_type"].astype(str)))
    written = " + ".join(f"{int(c)} {d}" for c, d in zip(units["count"], units["detail"],
                                                          strict=True))
    return float(units["count"].sum()), "/".join(kinds), written


def knowledge_cluster(budgets: pd.DataFrame, participants: pd.DataFrame,
                      reconciliation: pd.DataFrame, currency: str = "JPY",
                      jpy_per_usd: float = 120) -> pd.DataFrame:
    """The Knowledge Cluster budget nationally and per cluster, and how the two fit (003).

    The appointed areas at the stated per-cluster budget do not add up to the stated
    national budget; the smaller parts the areas consist of do, exactly. The table shows
    both divisors and the document's own dollar figures beside ours.
    """
    mext = per_cluster_programme(budgets)
    kc = budgets[budgets["programme_id"] == mext].copy()
    kc["value"] = _millions(kc, currency, jpy_per_usd)
    national = kc[kc["basis"] == "annual"].iloc[0]
    per = kc[kc["basis"] == "per_cluster_per_year"].iloc[0]
    fy = int(national["fiscal_year"])
    n, _, _ = _funded_units(participants, mext)
    areas = participants[(participants["group_id"] == mext)
                         & (participants["participant_type"] == "areas")
                         & participants["headline"].fillna(False)]
    parts = participants[(participants["group_id"] == mext)
                         & (participants["participant_type"] == "area parts")]
    k = float(parts["count"].sum())
    unit = f"million {currency}"
    nat, pc, years = float(national["value"]), float(per["value"]), int(per["period_years"])
    parts_line = int(parts["line"].iloc[0]) if not parts.empty else None
    rows = [
        (f"national budget, FY{fy}", nat, unit, int(national["line"])),
        (f"clusters (areas) appointed, FY{fy}", n, "clusters", parts_line),
        ("smaller parts of those areas", k, "parts", parts_line),
        ("budget per cluster per fiscal year (stated)", pc, unit, int(per["line"])),
        (f"budget per cluster over the {years} years (stated × {years})", pc * years, unit,
         int(per["line"])),
        ("clusters × budget per cluster, per year", pc * n, unit, None),
        ("share of the national budget the clusters' budgets explain",
         pc * n / nat * 100, "% of national budget", None),
        ("smaller parts × budget per cluster, per year", pc * k, unit, None),
        ("share of the national budget the parts' budgets explain",
         pc * k / nat * 100, "% of national budget", None),
        ("national budget ÷ clusters, per year", nat / n, unit, None),
    ]
    stated_usd = reconciliation[reconciliation["check_id"].isin(
        ["mext_usd_national", "mext_usd_per_cluster"])].sort_values("check_id")
    for _, r in stated_usd.iterrows():
        what = "national budget" if r["check_id"] == "mext_usd_national" else "per cluster"
        rows.append((f"{what} in US$ as the document states it", float(r["stated"]) / MILLION,
                     "million USD (stated)", int(r["line"])))
    out = pd.DataFrame(rows, columns=["measure", "value", "unit", "line"])
    out["value"] = out["value"].astype("Float64").round(4)
    out["line"] = out["line"].astype("Int64")
    return attach(out, kc, areas, parts, stated_usd)


def stated_vs_parts(budgets: pd.DataFrame, participants: pd.DataFrame, currency: str = "JPY",
                    jpy_per_usd: float = 120) -> pd.DataFrame:
    """How much of each stated Japanese total its listed parts explain (METI, MEXT).

    MEXT's budget is put beside both divisors the document gives: the areas appointed and
    the smaller parts they consist of.
    """
    items = meti_line_items(budgets, currency, jpy_per_usd)
    totals = meti_stated_totals(budgets, currency, jpy_per_usd)
    prev_fy, draft_fy = meti_years(budgets)
    prev, draft = _fy(prev_fy), _fy(draft_fy)
    kc_table = knowledge_cluster(budgets, participants, pd.DataFrame(columns=["check_id"]),
                                 currency, jpy_per_usd)
    kc = kc_table.set_index("measure")["value"]
    fy = int(budgets.loc[(budgets["programme_id"] == per_cluster_programme(budgets))
                         & (budgets["basis"] == "annual"), "fiscal_year"].iloc[0])
    rows = [
        (f"METI FY{prev_fy} (previous year): line items listed", totals[prev_fy],
         items[prev].sum(), int(items[prev].notna().sum())),
        (f"METI FY{draft_fy} (draft): line items listed", totals[draft_fy], items[draft].sum(),
         int(items[draft].notna().sum())),
        (f"MEXT FY{fy}: clusters × budget per cluster",
         kc[f"national budget, FY{fy}"], kc["clusters × budget per cluster, per year"],
         int(kc[f"clusters (areas) appointed, FY{fy}"])),
        (f"MEXT FY{fy}: smaller parts × budget per cluster",
         kc[f"national budget, FY{fy}"], kc["smaller parts × budget per cluster, per year"],
         int(kc["smaller parts of those areas"])),
    ]
    out = pd.DataFrame(rows, columns=["total", "stated", "parts", "n_parts"])
    out[["stated", "parts"]] = out[["stated", "parts"]].astype("Float64").round(4)
    out["not_explained"] = (out["stated"] - out["parts"]).round(4)
    out["explained_pct"] = _pct(out["parts"], out["stated"])
    out["currency"] = currency
    out = out[["total", "currency", "stated", "parts", "not_explained", "explained_pct",
               "n_parts"]]
    return attach(out, items, kc_table)


# --------------------------------------------------------------------------- programmes


def programme_budgets(budgets: pd.DataFrame, participants: pd.DataFrame,
                      programmes: pd.DataFrame, currency: str = "JPY",
                      jpy_per_usd: float = 120,
                      countries: Sequence[str] | None = None) -> pd.DataFrame:
    """Each programme's budget as stated, per year, and per funded area, in one currency.

    A programme's figure is its stated total (the latest fiscal year where there are
    several), or, where the document gives no total, its one stated figure for a year (UK
    RDA: the 2001 allocation for local innovation, noted as such); ``annual`` divides it by
    the years it covers, ``per_unit_annual`` further by the
    areas or clusters it funds — or is the per-cluster figure the document states, when it
    states one. A programme with no budget (France) or no funded areas (UK MNT: whole country)
    keeps its row with the missing values empty and a note, rather than an invented number.
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
    heads["stated_m"] = heads["amount"] / MILLION
    heads["total"] = _millions(heads, currency, jpy_per_usd)
    per_cluster = budgets[budgets["basis"] == "per_cluster_per_year"].copy()
    per_cluster["stated_per_unit"] = _millions(per_cluster, currency, jpy_per_usd)
    rows = []
    cited: list[pd.DataFrame] = []
    for prog in progs.itertuples(index=False):
        head = heads[heads["programme_id"] == prog.programme_id]
        row: dict[str, object] = {
            "programme_id": prog.programme_id, "programme": prog.name_en,
            "country": str(prog.country),
        }
        if head.empty:
            n, kind, written = _funded_units(participants, prog.programme_id, used=cited)
            row.update(funded_units=n, funded_unit_kind=kind, funded_as_written=written,
                       note="no budget figure in the documents")
            rows.append(row)
            continue
        h = head.iloc[0]
        years = int(h["period_years"])
        annual = float(h["total"]) / years
        n, kind, written = _funded_units(participants, prog.programme_id,
                                         int(h["period_end"]), used=cited)
        row.update(
            status=str(h["status"]), period_start=int(h["period_start"]),
            period_end=int(h["period_end"]), period_years=years,
            stated_amount=float(h["stated_m"]), stated_currency=str(h["currency"]),
            converted=str(h["currency"]) != currency,
            total=float(h["total"]), annual=annual,
            timeframe_years=int(h["period_end"]) - int(h["period_start"]) + 1,
            approximate=bool(h["approximate"]),
            funded_units=n, funded_unit_kind=kind, funded_as_written=written,
            source=str(h["source"]), line=int(h["line"]),
        )
        stated_pc = per_cluster[per_cluster["programme_id"] == prog.programme_id]
        notes = []
        if str(h["item"]) != "total" and h["basis"] == "total":
            notes.append(f"stated as {h['item']}")
        if years == 1:
            kind_of_year = "fiscal year" if h["year_basis"] == "fiscal year" else "year"
            notes.append(f"one {kind_of_year} ({int(h['period_start'])}) only")
        if str(h["item"]) not in ("total",) and h["basis"] == "annual" and pd.isna(
                h["fiscal_year"]):
            notes.append(f"{h['item']} in {int(h['period_start'])}, not the programme's "
                         "total")
        if not stated_pc.empty:
            row["per_unit_annual"] = float(stated_pc["stated_per_unit"].iloc[0])
            row["per_unit_basis"] = "stated per cluster"
            notes.append(f"national ÷ {int(n)} {kind} would give {annual / n:,.1f}")
        elif np.isnan(n):
            row["per_unit_basis"] = "not applicable"
            notes.append("no funded areas stated (whole country)")
        else:
            row["per_unit_annual"] = annual / n
            row["per_unit_basis"] = f"annual ÷ {written}"
        row["note"] = "; ".join(notes)
        rows.append(row)
    cols = ["programme_id", "programme", "country", "status", "period_start", "period_end",
            "period_years", "timeframe_years", "stated_amount", "stated_currency", "currency",
            "converted", "total", "annual", "annual_over_timeframe", "funded_units",
            "funded_unit_kind", "funded_as_written", "per_unit_annual", "per_unit_basis",
            "approximate", "note", "source", "line"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    out["currency"] = currency
    out["annual_over_timeframe"] = out["total"] / out["timeframe_years"]
    for c in ("period_start", "period_end", "period_years", "timeframe_years", "line"):
        out[c] = out[c].astype("Int64")
    for c in ("stated_amount", "total", "annual", "annual_over_timeframe", "funded_units",
              "per_unit_annual"):
        out[c] = out[c].astype("Float64").round(4)
    for c in ("converted", "approximate"):
        out[c] = out[c].astype("boolean")
    for c in ("status", "stated_currency", "funded_unit_kind", "funded_as_written",
              "per_unit_basis", "note", "source", "programme", "programme_id", "country"):
        out[c] = out[c].astype("string").replace("", pd.NA)
    order = {c: i for i, c in enumerate(vocab.COUNTRIES)}
    out["_order"] = out["country"].map(order)
    out = out.sort_values(["_order", "programme_id"]).drop(columns="_order")
    used = heads[heads["programme_id"].isin(progs["programme_id"])]
    pc = per_cluster[per_cluster["programme_id"].isin(progs["programme_id"])]
    return attach(out.reset_index(drop=True), used, pc, *cited)


def headline(table: pd.DataFrame, basis: str = "annual") -> pd.DataFrame:
    """The comparison the ``basis`` parameter selects, largest first (empty values last)."""
    if basis not in BASIS_COLUMNS:
        raise ValueError(f"basis must be one of {', '.join(BASIS_COLUMNS)} (got {basis!r})")
    col = BASIS_COLUMNS[basis]
    out = table[["programme_id", "programme", "country", "currency", col, "approximate",
                 "converted", "note"]].rename(columns={col: "value"})
    out.insert(3, "basis", basis)
    out = out.sort_values(["value", "programme_id"], ascending=[False, True],
                          na_position="last")
    return attach(out.reset_index(drop=True), table)


def spread_by_year(table: pd.DataFrame) -> pd.DataFrame:
    """Each programme's total spread evenly over the years of its timeframe.

    The spread uses the timeframe (period_start..period_end), not the stated number of
    years, so each programme's bars add up to its total: BioRegio's "about ¥12 billion over
    five years" runs 1996-2001 (six years) and is drawn as ¥2 billion a year, not ¥2.4.
    """
    rows = []
    for r in table.dropna(subset=["annual_over_timeframe"]).itertuples(index=False):
        for year in range(int(r.period_start), int(r.period_end) + 1):
            rows.append((r.programme_id, r.programme, r.country, year,
                         r.annual_over_timeframe, r.currency))
    out = pd.DataFrame(rows, columns=["programme_id", "programme", "country", "year", "annual",
                                      "currency"])
    out["year"] = out["year"].astype("Int64")
    out["annual"] = out["annual"].astype("Float64")
    return attach(out.sort_values(["programme_id", "year"]).reset_index(drop=True), table)


def stated_rate(exchange_rates: pd.DataFrame) -> float:
    """The yen per US dollar MEXT states (003): the notebook's default ``jpy_per_usd``."""
    row = exchange_rates[(exchange_rates["from_currency"] == "USD")
                         & (exchange_rates["to_currency"] == "JPY")]
    return float(row["rate"].iloc[0])


# --------------------------------------------------------------------------- figures


def _fmt(v: float) -> str:
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:,.1f}"
    return f"{v:,.2f}"


def _rate_note(currency: str, converted: bool, jpy_per_usd: float | None) -> str:
    if not converted or jpy_per_usd is None:
        return ""
    other = "US$" if currency == "JPY" else "yen"
    return f" {other} amounts converted at ¥{jpy_per_usd:g} per US$ (parameter jpy_per_usd)."


def plot_meti_items(items: pd.DataFrame, jpy_per_usd: float | None = None) -> Figure:
    """Previous-year and draft bars for each METI line item, growth written beside them."""
    currency = items["currency"].iloc[0]
    prev, draft = sorted(c for c in items.columns if re.fullmatch(r"fy\d{4}", c))
    prev_label, draft_label = prev.upper(), f"{draft.upper()} (draft)"
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
        after = _fmt(float(r[draft]))
        text = (f"{after}  (new)" if pd.isna(r[prev]) else
                f"{_fmt(float(r[prev]))} → {after}  ({r['growth_pct']:+.0f}%)")
        ax.text(float(r[draft]) + pad, i + 0.2, text, va="center", fontsize=9)
    ax.set_xlim(0, float(items[draft].max()) * 1.45)
    figures.thousands(ax.xaxis)
    ax.set_title(f"METI Industrial Cluster Project: line items, {prev_label} → {draft_label}")
    ax.set_xlabel(f"Budget (million {currency})")
    ax.set_ylabel("")
    ax.legend(title="Fiscal year", loc="lower right")
    note = _rate_note(currency, currency != "USD", jpy_per_usd)
    return figures.finish(fig, f"{cite(items)} Growth is the {draft_label} over "
                               f"{prev_label}.{note}")


def plot_stated_vs_parts(table: pd.DataFrame) -> Figure:
    """Share of each stated total that its listed parts explain, as 100% bars."""
    fig, ax = plt.subplots(figsize=(9.5, 3.4))
    labels = [figures.wrap_label(t, 52, 1) + f"\n{_fmt(float(p))} of {_fmt(float(s))} "
              f"million {c}" for t, p, s, c in
              zip(table["total"], table["parts"], table["stated"], table["currency"],
                  strict=True)]
    explained = table["explained_pct"].astype(float).to_numpy()
    y = np.arange(len(table))
    ax.barh(y, explained, color=figures.COUNTRY_COLORS["Japan"], label="listed parts")
    ax.barh(y, 100 - explained, left=explained, color="0.85",
            label="rest of the stated total (not itemised)")
    for yi, e in zip(y, explained, strict=True):
        ax.text(e / 2, yi, f"{e:.1f}%", ha="center", va="center", color="white")
    ax.set_yticks(y, labels, fontsize=9.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the stated total (%)")
    ax.set_title("How much of each stated Japanese budget total the listed parts explain")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
    return figures.finish(fig, cite(table))


def plot_programmes(head: pd.DataFrame, basis: str, jpy_per_usd: float | None = None
                    ) -> Figure:
    """The selected comparison as bars on a log scale, coloured by country."""
    if head["value"].notna().sum() == 0:
        return figures.empty_figure(
            f"{BASIS_LABELS[basis]}, by programme",
            "No programme of the selected countries has a figure on this basis:\n"
            + "; ".join(f"{p}: {n}" for p, n in zip(head["programme"], head["note"],
                                                    strict=True)),
            cite(head))
    currency = head["currency"].iloc[0]
    data = head.copy()
    data["label"] = [figures.wrap_label(f"{p} ({c})", 38)
                     for p, c in zip(data["programme"], data["country"], strict=True)]
    fig, ax = plt.subplots(figsize=(9.5, 0.55 * len(data) + 1.6))
    plotted = data.dropna(subset=["value"])
    sns.barplot(data=plotted, y="label", x="value", hue="country", dodge=False,
                order=list(data["label"]), ax=ax, legend=False,
                palette=figures.country_palette(plotted["country"].unique()))
    ax.set_xscale("log")
    vmax = float(plotted["value"].max()) if not plotted.empty else 1.0
    vmin = float(plotted["value"].min()) if not plotted.empty else 1.0
    ax.set_xlim(vmin / 3, vmax * 12)
    for i, r in enumerate(data.itertuples(index=False)):
        if pd.isna(r.value):
            text, x = "n/a: " + (r.note or "no figure"), vmin / 2.8
        else:
            approx = "≈" if bool(r.approximate) else ""
            text, x = approx + _fmt(float(r.value)), float(r.value) * 1.08
        ax.text(x, i, text, va="center", fontsize=9, color="0.2")
    figures.thousands(ax.xaxis)
    ax.set_title(f"{BASIS_LABELS[basis]}, by programme")
    ax.set_xlabel(f"{BASIS_LABELS[basis]} (million {currency}, log scale)")
    ax.set_ylabel("")
    converted = bool(data["converted"].fillna(False).any())
    return figures.finish(
        fig, f"{cite(head)} ≈: the document says about/approx. METI's amount is stated in "
             f"US$, the others in yen.{_rate_note(currency, converted, jpy_per_usd)}")


def plot_spread(table: pd.DataFrame, jpy_per_usd: float | None = None) -> Figure:
    """Each total spread evenly over its timeframe (log scale), as :func:`spread_by_year`:
    a line's level times its length in years gives back the stated total."""
    progs = table.dropna(subset=["annual_over_timeframe"]).sort_values(
        "annual_over_timeframe", ascending=False)
    if progs.empty:
        return figures.empty_figure(
            "Annual budget, spread evenly over the years each figure covers",
            "No programme of the selected countries has a budget figure.",
            cite(table))
    currency = table["currency"].iloc[0]
    fig, ax = plt.subplots(figsize=(10.5, 5.2))
    last = int(progs["period_end"].max()) + 1
    seen: dict[str, int] = {}
    for r in progs.itertuples(index=False):
        start, end = int(r.period_start), int(r.period_end) + 1
        value = float(r.annual_over_timeframe)
        color = figures.COUNTRY_COLORS.get(r.country, "0.5")
        marker = "os^"[seen.get(r.country, 0) % 3]
        seen[r.country] = seen.get(r.country, 0) + 1
        style = "--" if r.country == "Japan" else "-"
        approx = "≈" if bool(r.approximate) else ""
        label = figures.wrap_label(f"{r.programme} ({r.country}): {approx}{_fmt(value)} a year",
                                   46)
        ax.plot([start, end], [value, value], style, color=color, lw=3, marker=marker,
                markevery=[0], ms=7, label=label)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    figures.thousands(ax.yaxis)
    lo = int(progs["period_start"].min())
    ax.set_xlim(lo - 0.5, last + 0.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8.5,
              labelspacing=0.9)
    ax.xaxis.set_major_locator(plt.MultipleLocator(2))
    ax.set_xlabel("Year (a line spans the programme's timeframe; level × years = total)")
    ax.set_ylabel(f"Annual budget (million {currency}, log scale)")
    ax.set_title("Annual budget, spread evenly over the years each figure covers")
    converted = bool(progs["converted"].fillna(False).any())
    return figures.finish(
        fig, f"{cite(progs)} Japanese programmes dashed: their figures cover one fiscal "
             f"year only.{_rate_note(currency, converted, jpy_per_usd)}")
