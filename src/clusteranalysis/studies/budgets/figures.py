"""The notebook's figures and the captions under them.

Dots on log axes for the programmes (their figures span three orders of magnitude), bars on a
linear axis for METI's line items. Each figure's source note and caption cite the rows it
draws; each function takes the run's results and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullFormatter

from clusteranalysis.metadata import vocab
from clusteranalysis.present import figures
from clusteranalysis.present.formats import fmt_number
from clusteranalysis.present.tables import Caption, caption, citable
from clusteranalysis.provenance.citations import cite
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies import population as pop
from clusteranalysis.studies.budgets import series
from clusteranalysis.studies.budgets.bases import (
    BASES,
    conversions_text,
    fiscal_years,
    rate_text,
    short_name,
    sign,
    stated_digits,
)
from clusteranalysis.studies.budgets.sensitivity import other_scopes
from clusteranalysis.studies.budgets.tables import by_year, meti_cited


def _stated_number(value: float) -> str:
    """An amount in the currency METI states it in, with the document's digits: '6.5', not
    '6.50' (:func:`~clusteranalysis.studies.budgets.bases.stated_digits`)."""
    return fmt_number(value, stated_digits(value))


def _rate_note(currency: str, converted: bool, jpy_per_usd: float | None) -> str:
    if not converted or jpy_per_usd is None:
        return ""
    other = "US$" if currency == "JPY" else "yen"
    return (f" {other} amounts converted here at {rate_text(jpy_per_usd)} "
            "(parameter jpy_per_usd).")


def meti_line_items(results: Results, parameters: Parameters) -> Figure:
    """Previous-year and draft bars (linear axis) for each METI line item, growth beside."""
    currency, jpy_per_usd = str(parameters["currency"]), float(parameters["jpy_per_usd"])
    prev_fy, draft_fy = fiscal_years(results["meti_line_items"])
    items = by_year(results["meti_line_items"], "item", "amount", ["growth_pct", "line"])
    prev_label = f"FY{prev_fy} (in parentheses beside the draft)"
    draft_label = f"FY{draft_fy} draft budget"
    long = items.melt(id_vars=["item", "line"], value_vars=["previous", "draft"],
                      var_name="year", value_name="amount")
    long["year"] = long["year"].map({"previous": prev_label, "draft": draft_label})
    long["label"] = long["item"].map(lambda s: figures.wrap_label(s, 34))
    order = [figures.wrap_label(s, 34) for s in items["item"]]
    fig, ax = plt.subplots(figsize=(9.5, 6.4))
    sns.barplot(data=long, y="label", x="amount", hue="year", order=order, ax=ax,
                palette=["0.65", figures.COUNTRY_COLORS["Japan"]])
    pad = float(items["draft"].max()) * 0.02
    number = _stated_number if currency == "USD" else fmt_number
    for i, r in enumerate(items.to_dict("records")):
        after = number(float(r['draft']))
        text = (f"{after}  (new)" if pd.isna(r['previous']) else
                f"{number(float(r['previous']))} → {after}  ({r['growth_pct']:+.1f} %)")
        ax.text(float(r['draft']) + pad, i + 0.2, text, va="center", fontsize=9)
    ax.set_xlim(0, float(items["draft"].max()) * 1.5)
    figures.thousands(ax.xaxis)
    ax.set_title(f"METI Industrial Cluster Project: policy tools, FY{prev_fy} → "
                 f"FY{draft_fy} draft budget")
    ax.set_xlabel(_tex_safe(f"Budget (million {sign(currency)}, one fiscal year)"))
    ax.set_ylabel("")
    ax.legend(title="Fiscal year", loc="lower right")
    note = _rate_note(currency, currency != "USD", jpy_per_usd)
    return figures.finish(fig, f"{cite(meti_cited(results))} METI states the amounts in US$.{note}")


def meti_line_items_caption(results: Results, parameters: Parameters) -> Caption:
    """The caption under :func:`meti_line_items`: its source lines and its basis."""
    currency, jpy_per_usd = str(parameters["currency"]), float(parameters["jpy_per_usd"])
    prev_fy, draft_fy = fiscal_years(results["meti_line_items"])
    text = (f"Bars on a linear axis, million {sign(currency)}, one fiscal year each: the "
            f"FY{draft_fy} draft budget beside the FY{prev_fy} figure in "
            f"parentheses; growth is the draft over FY{prev_fy}. METI states US$"
            + (f"; this run converts at {rate_text(jpy_per_usd)}." if currency != "USD"
               else "."))
    return caption(meti_cited(results), text=text)


def _scope_line(row: Mapping[str, Any]) -> str:
    """'scope: one allocation, or umbrella total?': the register's reading of a figure's
    scope and every other one it allows (``scope_allowed``), in both budget figures alike."""
    return f"scope: {row['scope']}" + "".join(f", or {s}?" for s in other_scopes(row))


def _row_label(r: pd.Series, width: int = 46) -> str:
    name = figures.wrap_label(f"{short_name(r['programme'])} ({r['country']})", width, 2)
    basis = r["basis_label"] if pd.notna(r["basis_label"]) else (r["note"] or "no figure")
    lines = [name, figures.wrap_label(str(basis), width + 8, 3)]
    if "scope" in r and pd.notna(r["scope"]):
        lines.append(_scope_line(r))
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
    ends = [c for c in ("value", "low", "high") if c in data]
    vals = pd.concat([data.loc[plotted, c].dropna().astype(float) for c in ends])
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
        approx = "≈" if bool(r["approximate"]) else ""
        text, right = approx + fmt(v), v
        if "low" in data and pd.notna(r["low"]):
            low, high = float(r["low"]), float(r["high"])
            ax.plot([low, high], [i, i], color=color, lw=7, alpha=0.35,
                    solid_capstyle="butt", zorder=2)
            ax.plot([low, low], [i - 0.22, i + 0.22], color=color, lw=1.2, zorder=2)
            ax.plot([high, high], [i - 0.22, i + 0.22], color=color, lw=1.2, zorder=2)
            if fmt(low) != fmt(high):
                text = f"{approx}{fmt(low)}–{fmt(high)} (run: {fmt(v)})"
            right = max(v, high)
        if r.get("scope") == vocab.SCOPE_PART:
            # a part of a total bounds its whole from below: an arrow to the right
            ax.annotate("", xy=(right * 2.2, i), xytext=(right, i), zorder=2,
                        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.2})
            text, right = f"{text}; part of a total, its whole may be larger", right * 2.2
        ax.plot(v, i, marker, color=color, ms=9, zorder=3, mec="white", mew=0.8)
        ax.text(right * 1.25, i, text, va="center", fontsize=9, color="0.15")
    ax.set_yticks(y, [_row_label(r) for _, r in data.iterrows()], fontsize=8.5)
    ax.set_ylim(len(data) - 0.5, -0.5)
    _log_x(ax, vmin / 3, vmax * 30)
    ax.grid(axis="y", visible=False)
    ax.set_title(title, fontsize=11.5)
    ax.set_xlabel(xlabel)


def programme_comparison(results: Results, parameters: Parameters) -> Figure:
    """The comparison on the run's basis as a dot plot on a log axis (no bars), coloured by
    country; a grouped basis draws each group in a panel of its own."""
    head, b = results["programme_comparison"], BASES[str(parameters["basis"])]
    jpy_per_usd = float(parameters["jpy_per_usd"])
    if head["value"].notna().sum() == 0:
        return figures.empty_figure(
            figures.wrap_label(b.title, 80, 2),
            "No programme of the selected countries has a figure on this basis:\n"
            + "\n".join(figures.wrap_label(f"{short_name(p)}: {n if pd.notna(n) else lbl}", 90, 1)
                        for p, n, lbl in zip(head["programme"], head["note"],
                                             head["basis_label"], strict=True)),
            cite(citable(head)))
    currency = str(head["currency"].iloc[0])
    ranges = results["sensitivity_range"]
    ranges = ranges[ranges["measure"] == b.name][["programme_id", "low", "high", "scope",
                                                  "scope_allowed"]]
    head = head.merge(ranges, on="programme_id", how="left")
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
                          label="figure for several years"),
                   Line2D([], [], color="0.4", lw=7, alpha=0.35,
                          label=_range_label(head))]
        _legend(axes[0, 0], handles, len(data["all"]), fontsize=8.5)
    converted = bool(head["converted"].fillna(False).any())
    population = f" {_population_note(head)}" if b.per_head else ""
    return figures.finish(
        fig, f"{cite(citable(head))} ≈: the document says about/approx. "
             f"{_rate_note(currency, converted, jpy_per_usd).strip()}{population}")


def _not_in_yen(head: pd.DataFrame) -> bool:
    """Whether a comparison is shown in another currency than yen: its order is then
    judged on the ranges in yen, and its bands also run over ``jpy_per_usd_range``."""
    return bool(len(head)) and str(head["currency"].iloc[0]) != "JPY"


def _range_label(head: pd.DataFrame) -> str:
    """What a band is a range over: the register's readings, and ``jpy_per_usd_range``
    where a figure is converted here at a rate the register does not judge (the overseas
    yen in a dollar run)."""
    if _not_in_yen(head):
        return "range over the register's readings and jpy_per_usd_range"
    return "range over the register's readings"


def programme_comparison_caption(results: Results, parameters: Parameters) -> Caption:
    """The caption under :func:`programme_comparison`: sources, basis, and every conversion."""
    head, b = results["programme_comparison"], BASES[str(parameters["basis"])]
    kinds = ("one-year figures and multi-year totals in separate panels, each ranked "
             "among itself" if b.grouped else "● a figure for one year, ◆ a figure for "
                                              "several years")
    in_yen = _not_in_yen(head)  # judged in yen, shown in another currency
    where = "their ranges in yen" if in_yen else "their bands"
    text = (f"{b.title}. Dots on a log axis: the run's choice; the band behind each dot is "
            f"the programme's range over the readings the register allows (rates of an "
            f"unstated conversion, restatements of a document's own yen, periods, divisors), "
            f"and two programmes are ordered only "
            f"where {where} do not overlap, a one-year figure never against an average "
            f"of several years, and none above a part of a total (an arrow: "
            f"its whole may be larger); an umbrella total, or a figure the register allows to "
            f"be one, is drawn in its place by value but ordered against no single "
            f"programme; {kinds}; ≈ the document says about. Each label gives the period, "
            f"the kind of figure, what it is divided by and its scope (the register's "
            f"reading). "
            f"{conversions_text(head)}")
    if in_yen:
        text += (" The bands are in the run's currency; the order is judged on the ranges in "
                 "yen, since one rate moves two yen figures alike: two bands here may overlap "
                 "where the findings order the programmes.")
    if b.per_head:
        text += (f" Values in {sign(str(head['currency'].iloc[0]))} per inhabitant per year. "
                 f"{_population_note(head)}")
    return caption(citable(head), text=text)


def _population_note(head: pd.DataFrame) -> str:
    """Where the populations of a per-capita comparison come from, for a caption."""
    used = head.dropna(subset=["population_file"])
    if used.empty:
        return "No population used."
    label = pop.label(used, "population_file")
    return f"{label[0].upper()}{label[1:]} (data/external/population_source.csv)."


def budget_sensitivity(results: Results, parameters: Parameters) -> Figure:
    """How far each figure moves: for each programme the range over the exchange rates
    (circles) and the divisors (squares), the run's headline as a diamond; log axis."""
    sens, ranges = results["budget_sensitivity"], results["sensitivity_range"]
    if sens.empty:
        return figures.empty_figure("How far each budget figure moves",
                                    "No programme of the selected countries has a budget "
                                    "figure.", cite(citable(sens)))
    currency = str(sens["currency"].iloc[0])
    measures = [m for m in ("annual", "annual_per_unit", "per_capita")
                if (sens["measure"] == m).any()]
    counts = [int((ranges["measure"] == m).sum()) for m in measures]
    fig, axes = plt.subplots(len(measures), 1, figsize=(10, 0.62 * sum(counts) + 2.2),
                             gridspec_kw={"height_ratios": counts}, squeeze=False)
    titles = {"annual": "Annual budget over the rates, restatements and period readings the "
                        "register allows (each figure ÷ the years it covers)",
              "annual_per_unit": "Annual budget per funded unit, over the rates, restatements, "
                                 "periods and divisors the register allows",
              "per_capita": "Budget per inhabitant per year over the rates, restatements and "
                            "periods the register allows (each ÷ one population year)"}
    heads = sens[(sens["measure"] == "annual") & sens["headline"].fillna(False).astype(bool)]
    used_years = dict(zip(heads["programme_id"], heads["years_divided_by"], strict=True))
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
            by_rate = rows[rows["divisor_label"] == head["divisor_label"]]  # restated too
            plain = rows[rows["restated_by"] == 1]  # the document's yen as converted
            years = plain["years_divided_by"]
            same_years = years.isna() | (years == used_years.get(
                r["programme_id"])).fillna(False).astype(bool)
            at_run = plain["jpy_per_usd"] == head["jpy_per_usd"]
            by_div = plain[at_run & same_years]
            by_period = plain[at_run & ~same_years & (plain["reading"] == head["reading"])]
            ax.plot(by_period["value"].astype(float), [i] * len(by_period), "^", ms=6,
                    color=color, mec="white", mew=0.5, zorder=2)
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
        labels = [figures.wrap_label(f"{short_name(p)} ({c})", 40, 2)
                  + ("" if pd.isna(r["scope"]) else "\n" + _scope_line(r))
                  for p, c, (_, r) in zip(rg["programme"], rg["country"], rg.iterrows(),
                                          strict=True)]
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
               label="another rate (the register's, or jpy_per_usd_range), or a restatement"),
        Line2D([], [], marker="^", ls="", color="0.5", ms=6,
               label="another period reading of the register"),
        Line2D([], [], marker="s", ls="", color="0.5", ms=5,
               label="another divisor the register allows"),
    ]
    _legend(axes[0, 0], handles, counts[0], fontsize=8)
    population = (" Per inhabitant: ÷ the population the run's tables use (Gapminder, "
                  "data/external/population_source.csv)." if "per_capita" in measures else "")
    return figures.finish(
        fig, f"{cite(citable(sens))} Only a figure converted here moves with the rate; the "
             "document's own yen for euros and pounds are restated at the register's other "
             "rates for them; the band is the range over the register's readings (rates, "
             "restatements, periods, divisors)."
             f"{population}")


def budget_sensitivity_caption(results: Results, parameters: Parameters) -> Caption:
    """The caption under :func:`budget_sensitivity`."""
    sens = results["budget_sensitivity"]
    if sens.empty:
        return caption(citable(sens), text="No figure to vary.")
    text = ("Each figure over the rates (circles: the register's rates for a conversion "
            "whose rate METI leaves unstated or MEXT states, else the ends of "
            "jpy_per_usd_range and the run's rate), the period readings of the register "
            "(triangles) and the divisors it allows (squares); the band is the range over "
            "them, the diamond the run's choice (its rate, the used period and divisor). Log "
            "axis. A run's rate the register does not have is shown, but is outside the "
            "band's readings.")
    if (sens["measure"] == "per_capita").any():
        text += (f" Per inhabitant per year: over the rates only, each figure ÷ the one "
                 f"population the run's tables use, in "
                 f"{sign(str(sens['currency'].iloc[0]))} (Gapminder; the comparison's labels "
                 "name the years).")
    return caption(citable(sens), text=text)


# --------------------------------------------------------------------------- year by year

#: One colour per ministry's programme in the series (the colour-blind palette's).
#: The series' word for a draft (series.FIGURE_WORDS).
DRAFT_WORD = series.FIGURE_WORDS["draft"]
_SERIES_COLOURS = dict(zip(("meti_industrial_cluster", "mext_knowledge_cluster"),
                           sns.color_palette("colorblind", 4)[::3], strict=True))


def _stated_here(stated: pd.DataFrame, row: Any, currency: str) -> float | None:
    """The amount (millions) a document states in the run's currency beside the figure of
    ``row`` (MEXT 2002's "approximately US $ 50 M" beside its ¥6 billion), where
    the run shows that figure converted at its own rate; else None."""
    if not bool(row.from_documents) or str(row.stated_currency) == currency:
        return None
    same = stated[(stated["kind"] == "stated equivalent") & (stated["currency"] == currency)
                  & (stated["source"].astype(str) == str(row.source))
                  & (stated["line"].astype(str) == str(row.line))]
    return None if same.empty else float(same["stated"].iloc[0])


def japan_series(results: Results, parameters: Parameters) -> Figure:
    """The two ministries' budgets by fiscal year, one panel each with its own axis, so that
    no gap between the panels reads as an order (their scopes differ): a filled dot for a
    document's figure, an open one for an independent figure, a bar over the register's
    rates where a conversion is needed, a cross for a figure the register reads as another
    scope; a dashed line leads to a draft budget, which is not an enacted one."""
    s = results["japan_series"]
    currency = str(parameters["currency"])
    unit = 1000.0 if currency == "JPY" else 1.0
    unit_word = "billion" if currency == "JPY" else "million"
    if s.empty:
        return figures.empty_figure("METI and MEXT by fiscal year",
                                    "no national budget in this run's tables", "")
    groups = list(s.groupby("programme_id", sort=False))
    fig, axes = plt.subplots(1, len(groups), figsize=(10.5, 5.0), sharex=True, squeeze=False)
    years = sorted(int(y) for y in s["fiscal_year"])
    stated = results["mext_stated_conversions"]
    drew_stated = False
    for ax, (pid, rows) in zip(axes[0], groups, strict=True):
        colour = _SERIES_COLOURS.get(str(pid), (0.4, 0.4, 0.4))
        same = rows[rows["in_series"]]
        # a document's own figure stands for its year where an independent one agrees
        line = same.sort_values("from_documents", ascending=False,
                                kind="stable").drop_duplicates("fiscal_year")
        line = line.sort_values("fiscal_year")
        points = list(line.itertuples(index=False))
        for a, b in pairwise(points):
            if int(b.fiscal_year) - int(a.fiscal_year) > 1:  # a gap is no data: not joined
                continue
            dashed = DRAFT_WORD in (str(a.figure), str(b.figure))
            ax.plot([a.fiscal_year, b.fiscal_year],
                    [float(a.value) / unit, float(b.value) / unit], color=colour, lw=1,
                    alpha=0.6, ls="--" if dashed else "-")
        for r in rows.sort_values("from_documents", kind="stable").itertuples(index=False):
            x, y = float(r.fiscal_year), float(r.value) / unit
            lo, hi = float(r.value_low) / unit, float(r.value_high) / unit
            if hi > lo:
                ax.vlines(x, lo, hi, color=colour, lw=5, alpha=0.35)
            if str(r.apart_because) == series.APART_UNCLEAR:  # the same scope: beside the line
                ax.plot(x, y, marker="o", ms=8, ls="none", color="0.55",
                        markerfacecolor="white")
                continue
            if not bool(r.in_series):
                ax.plot(x, y, marker="X", ms=9, color="0.45", ls="none")
                scope = figures.wrap_label(f"{r.scope} (register)", 20, max_lines=5)
                ax.annotate(scope, (x, y),
                            xytext=(0, -14), textcoords="offset points", fontsize=7.5,
                            ha="center", va="top", color="0.35")
                continue
            ax.plot(x, y, marker="o", ms=8, ls="none", color=colour,
                    markerfacecolor=colour if bool(r.from_documents) else "white")
            if hi > lo and not lo <= y <= hi:  # the run's rate is none of the register's
                ax.annotate(figures.wrap_label("the run's rate, outside the register's "
                                               "range", 18), (x, y), xytext=(8, -8),
                            textcoords="offset points", fontsize=7.5, va="top", color="0.3")
            if str(r.figure) == DRAFT_WORD:
                ax.annotate("draft", (x, y), xytext=(8, 4), textcoords="offset points",
                            fontsize=8, color="0.3")
            own = _stated_here(stated, r, currency)
            if own is not None:  # the document's own figure in this currency, as stated
                ax.plot(x, own / unit, marker="_", ms=16, mew=2.5, ls="none", color=colour)
                ax.annotate(figures.wrap_label(f"{sign(currency)}{_stated_number(own)} "
                                               f"{unit_word} as the document states it", 22),
                            (x, own / unit), xytext=(0, -30), textcoords="offset points",
                            fontsize=7.5, color="0.3", ha="center", va="top")
                drew_stated = True
        scope = str(same["scope"].iloc[0]) if not same.empty else ""
        ax.set_title(figures.wrap_label(f"{rows['programme'].iloc[0]}: {scope}", 40),
                     fontsize=10)
        ax.set_ylim(0, float(rows["value_high"].max()) / unit * 1.3)
        ax.set_ylabel(_tex_safe(f"National budget ({unit_word} {sign(currency)}, one "
                                "fiscal year)"))
        ax.set_xticks(range(years[0], years[-1] + 1))
        ax.set_xticklabels([f"FY{y}" for y in range(years[0], years[-1] + 1)])
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    own = s[s["from_documents"].astype(bool)]
    converted = (own["stated_currency"].astype(str) != own["currency"].astype(str)).any()
    handles = [
        Line2D([], [], color="0.3", marker="o", ls="none",
               label=("a document's figure (converted here where it states another "
                      "currency)" if converted else "a document's figure, as stated")),
        Line2D([], [], color="0.3", marker="o", ls="none", markerfacecolor="white",
               label="another source's figure"),
        Line2D([], [], color="0.55", marker="o", ls="none", markerfacecolor="white",
               label="another source's figure of unclear provenance: not joined"),
        Line2D([], [], color="0.45", marker="X", ls="none",
               label="not read as the same scope (the register reads it wider, narrower "
                     "or unknown)"),
        Line2D([], [], color="0.3", lw=5, alpha=0.35,
               label="range over the register's rates (or the run's range)"),
        Line2D([], [], color="0.3", lw=1, ls="--", label="to or from a draft budget")]
    if drew_stated:
        handles.append(Line2D([], [], color="0.3", marker="_", ms=12, mew=2.5, ls="none",
                              label="the document's own figure in this currency, as stated "
                                    "(at its own rate)"))
    fig.legend(handles=handles, fontsize=8, loc="lower center", ncol=3, frameon=False,
               bbox_to_anchor=(0.5, 0.02))
    fig.suptitle("METI's umbrella total and MEXT's programme budget, by fiscal year: each on "
                 "its own axis, not ranked", fontsize=11)
    cited = s[s["from_documents"]]
    figures.finish(fig, f"{cite(cited)} Open dots: other sources' figures (figure_id in the "
                   "table, its independence of the issuer there).")
    fig.subplots_adjust(bottom=0.24, top=0.84)  # room for the legend under the panels
    return fig


def japan_series_caption(results: Results, parameters: Parameters) -> Caption:
    """The caption under :func:`japan_series`."""
    s = results["japan_series"]
    text = ("One panel per programme, each on its own linear axis (the panels' heights are "
            "not comparable); a line joins one programme's figures of one scope only, "
            "dashed to or from a draft budget. Where a figure is converted, the bar is its range "
            "over the rates the register allows (the run's jpy_per_usd_range where it has "
            "none) and the dot the run's own rate. ")
    independent = sorted({f"{r.figure_id} ({r.publisher})"
                          for r in s[~s["from_documents"]].itertuples(index=False)})
    if independent:
        text += "Other sources' figures: " + "; ".join(independent) + "."
    return caption(s[s["from_documents"]], text=text)
