"""Budgets on one scale: METI FY2004 → FY2005, the Knowledge Cluster, the overseas programmes.

The documents state METI's budget in US dollars (001), MEXT's and the overseas programmes' in
yen (001, 003), over periods from one fiscal year to eleven years. These functions convert only
between yen and dollars, only at the rate the reader passes (``jpy_per_usd``; MEXT states 120),
and divide a programme's amount by the years it covers and by the areas it funds, so that
programmes of different lengths and sizes compare on one scale. Amounts come out in millions.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .. import figures, params

MILLION = 1_000_000
METI = "meti_industrial_cluster"
MEXT = "mext_knowledge_cluster"
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
SOURCE_METI = "METI 2005 (001_fc47ff42475d4a79.txt)"


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

    ``growth_pct`` is empty for items marked '(new)' in FY2005; the shares are of the stated
    national total of the same year, so they show how much each listed item explains.
    """
    meti = budgets[(budgets["programme_id"] == METI) & (budgets["item"] != "total")].copy()
    meti["value"] = _millions(meti, currency, jpy_per_usd)
    totals = meti_stated_totals(budgets, currency, jpy_per_usd)
    fy05 = meti[meti["fiscal_year"] == 2005]
    fy04 = meti[meti["fiscal_year"] == 2004]
    out = fy05[["category", "item", "value", "is_new", "line"]].rename(
        columns={"value": "fy2005"}
    ).merge(fy04[["item", "value"]].rename(columns={"value": "fy2004"}), on="item", how="outer")
    out["change"] = (out["fy2005"] - out["fy2004"]).round(4)
    out["growth_pct"] = _pct(out["fy2005"] - out["fy2004"], out["fy2004"])
    out["share_fy2004_pct"] = _pct(out["fy2004"], totals[2004])
    out["share_fy2005_pct"] = _pct(out["fy2005"], totals[2005])
    out["currency"] = currency
    out = out.sort_values(["line", "item"]).reset_index(drop=True)
    cols = ["category", "item", "currency", "fy2004", "fy2005", "change", "growth_pct",
            "share_fy2004_pct", "share_fy2005_pct", "is_new", "line"]
    out[["fy2004", "fy2005"]] = out[["fy2004", "fy2005"]].round(4)
    return out[cols]


def meti_stated_totals(budgets: pd.DataFrame, currency: str = "JPY",
                       jpy_per_usd: float = 120) -> dict[int, float]:
    """The national totals METI states, by fiscal year, in millions of ``currency``."""
    rows = budgets[(budgets["programme_id"] == METI) & (budgets["item"] == "total")]
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
    both = items[items["fy2004"].notna()]
    new = items[items["fy2004"].isna()]
    unit = f"million {currency}"
    rows = [
        ("stated national total", unit, totals[2004], totals[2005]),
        ("listed line items (sum)", unit, items["fy2004"].sum(), items["fy2005"].sum()),
        ("items listed in both years", unit, both["fy2004"].sum(), both["fy2005"].sum()),
        ("items new in FY2005", unit, 0.0, new["fy2005"].sum()),
        ("not itemised (stated total − listed items)", unit,
         totals[2004] - items["fy2004"].sum(), totals[2005] - items["fy2005"].sum()),
    ]
    out = pd.DataFrame(rows, columns=["measure", "unit", "fy2004", "fy2005"])
    out[["fy2004", "fy2005"]] = out[["fy2004", "fy2005"]].astype("Float64").round(4)
    out["change"] = (out["fy2005"] - out["fy2004"]).round(4)
    out["growth_pct"] = _pct(out["change"], out["fy2004"].where(out["fy2004"] != 0))
    explained = pd.DataFrame({
        "measure": ["share of the stated total the listed items explain"],
        "unit": ["% of stated total"],
        "fy2004": _pct(items["fy2004"].sum(), totals[2004]),
        "fy2005": _pct(items["fy2005"].sum(), totals[2005]),
    })
    explained["change"] = (explained["fy2005"] - explained["fy2004"]).round(1)
    explained["growth_pct"] = pd.array([pd.NA], dtype="Float64")
    return pd.concat([out, explained], ignore_index=True)


# --------------------------------------------------------------------------- MEXT


def _funded_units(participants: pd.DataFrame, programme_id: str,
                  near_year: int | None = None) -> tuple[float, str, str]:
    """(count, kind, as written) of what a programme funds: its headline areas or clusters.

    Programmes that count projects instead (METI) fall back to their headline projects of
    the phase closest to ``near_year``. Nothing stated gives (nan, "", "").
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
    kinds = sorted(set(units["participant_type"].astype(str)))
    written = " + ".join(f"{int(c)} {d}" for c, d in zip(units["count"], units["detail"],
                                                          strict=True))
    return float(units["count"].sum()), "/".join(kinds), written


def knowledge_cluster(budgets: pd.DataFrame, participants: pd.DataFrame,
                      reconciliation: pd.DataFrame, currency: str = "JPY",
                      jpy_per_usd: float = 120) -> pd.DataFrame:
    """The Knowledge Cluster budget nationally and per cluster, and how the two fit (003).

    Ten clusters at the stated per-cluster budget do not add up to the stated national
    budget; the table shows both and the document's own dollar figures beside ours.
    """
    kc = budgets[budgets["programme_id"] == MEXT].copy()
    kc["value"] = _millions(kc, currency, jpy_per_usd)
    national = kc[kc["item"] == "national budget"].iloc[0]
    per = kc[kc["basis"] == "per_cluster_per_year"].iloc[0]
    n, _, _ = _funded_units(participants, MEXT)
    parts = participants[(participants["group_id"] == MEXT)
                         & (participants["participant_type"] == "area parts")]
    unit = f"million {currency}"
    nat, pc, years = float(national["value"]), float(per["value"]), int(per["period_years"])
    rows = [
        ("national budget, FY2002", nat, unit, int(national["line"])),
        ("clusters (areas) appointed, FY2002", n, "clusters", None),
        ("smaller parts of those areas", float(parts["count"].sum()), "parts",
         int(parts["line"].iloc[0]) if not parts.empty else None),
        ("budget per cluster per fiscal year (stated)", pc, unit, int(per["line"])),
        (f"budget per cluster over the {years} years (stated × {years})", pc * years, unit,
         int(per["line"])),
        ("clusters × budget per cluster, per year", pc * n, unit, None),
        ("share of the national budget the clusters' budgets explain",
         pc * n / nat * 100, "% of national budget", None),
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
    return out


def stated_vs_parts(budgets: pd.DataFrame, participants: pd.DataFrame, currency: str = "JPY",
                    jpy_per_usd: float = 120) -> pd.DataFrame:
    """How much of each stated Japanese total its listed parts explain (METI, MEXT)."""
    items = meti_line_items(budgets, currency, jpy_per_usd)
    totals = meti_stated_totals(budgets, currency, jpy_per_usd)
    kc = knowledge_cluster(budgets, participants, pd.DataFrame(columns=["check_id"]),
                           currency, jpy_per_usd).set_index("measure")["value"]
    rows = [
        ("METI FY2004 (previous year): line items listed", totals[2004],
         items["fy2004"].sum(), int(items["fy2004"].notna().sum())),
        ("METI FY2005 (draft): line items listed", totals[2005], items["fy2005"].sum(),
         int(items["fy2005"].notna().sum())),
        ("MEXT FY2002: clusters × budget per cluster",
         kc["national budget, FY2002"], kc["clusters × budget per cluster, per year"],
         int(kc["clusters (areas) appointed, FY2002"])),
    ]
    out = pd.DataFrame(rows, columns=["total", "stated", "parts", "n_parts"])
    out[["stated", "parts"]] = out[["stated", "parts"]].astype("Float64").round(4)
    out["not_explained"] = (out["stated"] - out["parts"]).round(4)
    out["explained_pct"] = _pct(out["parts"], out["stated"])
    out["currency"] = currency
    return out[["total", "currency", "stated", "parts", "not_explained", "explained_pct",
                "n_parts"]]


# --------------------------------------------------------------------------- programmes


def programme_budgets(budgets: pd.DataFrame, participants: pd.DataFrame,
                      programmes: pd.DataFrame, currency: str = "JPY",
                      jpy_per_usd: float = 120,
                      countries: Sequence[str] | None = None) -> pd.DataFrame:
    """Each programme's budget as stated, per year, and per funded area, in one currency.

    A programme's figure is its stated total (the latest fiscal year where there are
    several); ``annual`` divides it by the years it covers, ``per_unit_annual`` further by the
    areas or clusters it funds — or is the per-cluster figure the document states, when it
    states one. A programme with no budget (France) or no funded areas (UK MNT: whole country)
    keeps its row with the missing values empty and a note, rather than an invented number.
    """
    progs = programmes.copy()
    if countries is not None:
        progs = progs[progs["country"].isin(list(countries))]
    heads = budgets[budgets["item"].isin(["total", "national budget"])].copy()
    heads = heads.sort_values(["programme_id", "period_end", "line"], ascending=[True, False,
                                                                                True])
    heads = heads.drop_duplicates("programme_id")
    heads["stated_m"] = heads["amount"] / MILLION
    heads["total"] = _millions(heads, currency, jpy_per_usd)
    per_cluster = budgets[budgets["basis"] == "per_cluster_per_year"].copy()
    per_cluster["stated_per_unit"] = _millions(per_cluster, currency, jpy_per_usd)
    rows = []
    for prog in progs.itertuples(index=False):
        head = heads[heads["programme_id"] == prog.programme_id]
        row: dict[str, object] = {
            "programme_id": prog.programme_id, "programme": prog.name_en,
            "country": str(prog.country),
        }
        if head.empty:
            n, kind, written = _funded_units(participants, prog.programme_id)
            row.update(funded_units=n, funded_unit_kind=kind, funded_as_written=written,
                       note="no budget figure in the documents")
            rows.append(row)
            continue
        h = head.iloc[0]
        years = int(h["period_years"])
        annual = float(h["total"]) / years
        n, kind, written = _funded_units(participants, prog.programme_id, int(h["period_end"]))
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
        if years == 1:
            notes.append(f"one fiscal year ({int(h['period_start'])}) only")
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
    order = {c: i for i, c in enumerate(params.COUNTRIES)}
    out["_order"] = out["country"].map(order)
    out = out.sort_values(["_order", "programme_id"]).drop(columns="_order")
    return out.reset_index(drop=True)


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
    return out.reset_index(drop=True)


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
    return out.sort_values(["programme_id", "year"]).reset_index(drop=True)


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
    """FY2004 and FY2005-draft bars for each METI line item, growth written beside them."""
    currency = items["currency"].iloc[0]
    long = items.melt(id_vars=["item", "line"], value_vars=["fy2004", "fy2005"],
                      var_name="year", value_name="amount")
    long["year"] = long["year"].map({"fy2004": "FY2004", "fy2005": "FY2005 (draft)"})
    long["label"] = long["item"].map(lambda s: figures.wrap_label(s, 34))
    order = [figures.wrap_label(s, 34) for s in items["item"]]
    fig, ax = plt.subplots(figsize=(9.5, 6.4))
    sns.barplot(data=long, y="label", x="amount", hue="year", order=order, ax=ax,
                palette=["0.65", figures.COUNTRY_COLORS["Japan"]])
    pad = float(items["fy2005"].max()) * 0.02
    for i, r in enumerate(items.itertuples(index=False)):
        after = _fmt(float(r.fy2005))
        text = (f"{after}  (new)" if pd.isna(r.fy2004) else
                f"{_fmt(float(r.fy2004))} → {after}  ({r.growth_pct:+.0f}%)")
        ax.text(float(r.fy2005) + pad, i + 0.2, text, va="center", fontsize=9)
    ax.set_xlim(0, float(items["fy2005"].max()) * 1.45)
    figures.thousands(ax.xaxis)
    ax.set_title("METI Industrial Cluster Project: line items, FY2004 → FY2005 draft")
    ax.set_xlabel(f"Budget (million {currency})")
    ax.set_ylabel("")
    ax.legend(title="Fiscal year", loc="lower right")
    note = _rate_note(currency, currency != "USD", jpy_per_usd)
    return figures.finish(fig, f"Source: {SOURCE_METI[:-1]}, lines 136–182). Growth is the "
                               f"FY2005 draft over FY2004.{note}")


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
    return figures.finish(fig, "Sources: METI 2005 (001_fc47ff42475d4a79.txt, lines "
                               "138–180); MEXT 2002 (003_ea909c88cb2d084b.txt, lines 47, 55–56).")


def plot_programmes(head: pd.DataFrame, basis: str, jpy_per_usd: float | None = None
                    ) -> Figure:
    """The selected comparison as bars on a log scale, coloured by country."""
    if head["value"].notna().sum() == 0:
        return figures.empty_figure(
            f"{BASIS_LABELS[basis]}, by programme",
            "No programme of the selected countries has a figure on this basis:\n"
            + "; ".join(f"{p}: {n}" for p, n in zip(head["programme"], head["note"],
                                                    strict=True)),
            "Sources: METI 2005 (001_fc47ff42475d4a79.txt, lines 75–78); "
            "French note 2005 (000_7b3e377257c25d7a.txt).")
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
        fig, "Sources: METI 2005 (001_fc47ff42475d4a79.txt, lines 75–78 overseas programmes, "
             "101 and 138 METI); MEXT 2002 (003_ea909c88cb2d084b.txt, lines 47, 55–59). "
             "≈: the document says about/approx. METI's amount is stated in US$, the others "
             f"in yen.{_rate_note(currency, converted, jpy_per_usd)}")


def plot_spread(table: pd.DataFrame, jpy_per_usd: float | None = None) -> Figure:
    """Each total spread evenly over its timeframe (log scale), as :func:`spread_by_year`:
    a line's level times its length in years gives back the stated total."""
    progs = table.dropna(subset=["annual_over_timeframe"]).sort_values(
        "annual_over_timeframe", ascending=False)
    if progs.empty:
        return figures.empty_figure(
            "Annual budget, spread evenly over the years each figure covers",
            "No programme of the selected countries has a budget figure.",
            "Sources: METI 2005 (001_fc47ff42475d4a79.txt, lines 76–77).")
    currency = table["currency"].iloc[0]
    fig, ax = plt.subplots(figsize=(10.5, 5.2))
    last = int(progs["period_end"].max()) + 1 if not progs.empty else 2010
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
    lo = int(progs["period_start"].min()) if not progs.empty else 1990
    ax.set_xlim(lo - 0.5, last + 0.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8.5,
              labelspacing=0.9)
    ax.xaxis.set_major_locator(plt.MultipleLocator(2))
    ax.set_xlabel("Year (a line spans the programme's timeframe; level × years = total)")
    ax.set_ylabel(f"Annual budget (million {currency}, log scale)")
    ax.set_title("Annual budget, spread evenly over the years each figure covers")
    converted = bool(progs["converted"].fillna(False).any())
    return figures.finish(
        fig, "Sources: METI 2005 (001_fc47ff42475d4a79.txt, lines 76–77, 138); MEXT 2002 "
             "(003_ea909c88cb2d084b.txt, line 55). Japanese programmes dashed: their figures "
             f"cover one fiscal year only.{_rate_note(currency, converted, jpy_per_usd)}")
