"""The participants study's figures and the captions under them.

Each figure takes the run's result tables (:func:`compute.results`) and its parameters;
its caption cites the result rows it draws (:func:`present.caption`), and the same text is
the source note inside the saved figure. Names follow ``names``; regions have their own
colours (:data:`clusteranalysis.present.figures.REGION_COLORS`), never a country's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from clusteranalysis.metadata.vocab import DEFINITIONS_UNCERTAIN, REGIONS
from clusteranalysis.present import figures
from clusteranalysis.present.formats import fmt_number, fmt_pct, fmt_signed_pct, fmt_year
from clusteranalysis.present.tables import Caption, caption, citable
from clusteranalysis.provenance.citations import short_citation
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.participants.compute import EXAMPLE_TYPES
from clusteranalysis.studies.participants.labels import (
    PER_UNIVERSITY,
    RATIO,
    gloss,
    label,
    region_ja,
    region_rule,
)


def _cited_as(rows: pd.DataFrame) -> str:
    """The short citation(s) of the documents ``rows`` come from ('METI 2005')."""
    return " and ".join(short_citation(str(s)) for s in sorted(set(rows["source"].dropna())))


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["shown"].fillna(True).astype(bool)]


def _bar_labels(ax: plt.Axes, values: Sequence[float], texts: Sequence[str]) -> None:
    right = ax.get_xlim()[1]
    for i, (v, t) in enumerate(zip(values, texts, strict=True)):
        ax.text(float(v) + right * 0.01, i, t, va="center", fontsize=9)


def _unit(metric: str) -> str:
    return {"companies": "companies (中堅・中小企業)",
            "universities": "university places (大学, 高専 included)"}[metric]


def projects_caption(results: Results, parameters: Parameters) -> Caption:
    """The source line under the phase II projects figure: the shown rows' lines, the region
    rule, and where the top_n cut splits a tie."""
    ranked, metric = results["phase2_projects"], parameters["metric"]
    flags = ranked["shown"].fillna(True).astype(bool)
    shown = ranked[flags]
    cut = ""
    if len(shown) < len(ranked):
        cut = " The largest only (top_n)."
        hidden = ranked[~flags]
        ties = int((hidden[metric] == shown[metric].iloc[-1]).sum())
        if ties:
            cut += (f" {fmt_number(ties)} more {'project ties' if ties == 1 else 'projects tie'}"
                    " with the last shown; ties are cut in project-id order.")
    approx = " 約: the document gives the company count as approximate." \
        if metric == "companies" else ""
    rule = region_rule(shown, region_ja(ranked), parameters["names"])
    return caption(citable(shown), text=f"{rule}{approx}{cut}")


def projects(results: Results, parameters: Parameters) -> Figure:
    """The phase II projects ranked by ``metric`` (the shown ones), coloured by region."""
    ranked, metric, names = results["phase2_projects"], parameters["metric"], parameters["names"]
    data = _shown(ranked).reset_index(drop=True)
    labels = []
    for r in data.itertuples(index=False):
        reg = label(r.region_ja, r.region, "ja" if names == "ja" else "en")
        if names == "both":
            labels.append(f"{figures.wrap_label(r.name_ja, 56, 1)}\n"
                          f"{figures.wrap_label(f'{r.name_en} ({reg})', 66, 1)}")
        else:
            name = r.name_ja if names == "ja" else r.name_en
            labels.append(figures.wrap_label(f"{name} ({reg})", 52, 2))
    height = (0.55 if names == "both" else 0.42) * len(data) + 1.8
    fig, ax = plt.subplots(figsize=(10, height))
    colours = figures.region_palette(data["region"])
    y = np.arange(len(data))
    ax.barh(y, data[metric].astype(float), color=[colours[r] for r in data["region"]],
            height=0.7)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(0, float(data[metric].max()) * 1.16)
    texts = [("約" if metric == "companies" and bool(r.companies_approximate) else "")
             + fmt_number(getattr(r, metric)) for r in data.itertuples(index=False)]
    _bar_labels(ax, data[metric].astype(float).tolist(), texts)
    figures.thousands(ax.xaxis)
    years = ", ".join(fmt_year(y) for y in sorted(set(data["as_of"].dropna())))
    ax.set_title(f"METI Industrial Cluster Project phase II: {metric} per project ({years})")
    ax.set_xlabel(f"Participating {_unit(metric)}, number")
    ja = region_ja(ranked)
    present = [r for r in REGIONS if r in set(data["region"])]
    handles = [Patch(color=colours[r], label=label(ja.get(r), r, names)) for r in present]
    ax.legend(handles=handles, title="Region (METI regional bureau)", loc="lower right",
              ncol=2, fontsize=8.5)
    return figures.finish(fig, projects_caption(results, parameters).plain())


def groups_caption(results: Results, parameters: Parameters,
                   inputs: Mapping[str, pd.DataFrame]) -> Caption:
    """The source line under the region or field figure: every line summed (the ranks and
    the top_n cut are the whole table's), the region rule over the projects of the phases
    shown (from the processed ``projects``) or the fields' bases, and the cut's ties."""
    table, by, metric = results["groups"], parameters["by"], parameters["metric"]
    listed = inputs["projects"]
    shown = _shown(table)
    notes = []
    if by == "region":
        phases = listed[listed["phase"].isin(set(table["phase"]))]
        notes.append(region_rule(phases, region_ja(listed), parameters["names"]))
    else:
        bases = "; ".join(f"phase {p}: {b}" for p, b in table.drop_duplicates("phase")[
            ["phase", "field_basis"]].itertuples(index=False))
        notes.append("A project listing several fields counts in each, so field sums exceed "
                     f"the sums over the projects. Fields — {bases}.")
    if len(shown) < len(table):
        notes.append("The largest groups of each phase only (top_n).")
        for ph, g in table.groupby("phase", sort=False):
            key = metric if ph == "II" else "n_projects"
            flags = g["shown"].fillna(True).astype(bool)
            if flags.all() or not flags.any():
                continue
            ties = int((g[~flags][key] == g[flags][key].iloc[-1]).sum())
            if ties:
                notes.append(f"Phase {ph}: {fmt_number(ties)} more "
                             f"{'group ties' if ties == 1 else 'groups tie'} with the last "
                             "shown; ties are cut in alphabetical order.")
    return caption(citable(table), text=" ".join(notes))


def groups(results: Results, parameters: Parameters,
           inputs: Mapping[str, pd.DataFrame]) -> Figure:
    """Projects per group (phase I and/or II) beside the metric per group (phase II only)."""
    table, by = results["groups"], parameters["by"]
    metric, names = parameters["metric"], parameters["names"]
    data = _shown(table)
    phases = list(dict.fromkeys(data["phase"]))
    # phase II's ranking first (it has the metric), then groups only phase I has
    order = list(dict.fromkeys([*data[data["phase"] == "II"]["group_en"], *data["group_en"]]))
    ja = dict(zip(table["group_en"], table["group_ja"], strict=True))
    ylabels = [label(ja.get(g), g, names) for g in order]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 0.5 * len(order) + 2.0),
                                      sharey=True, gridspec_kw={"width_ratios": [1, 1.5]})
    y = np.arange(len(order))
    width = 0.8 / len(phases)
    phase_colours = {"I": "#b8b8b8", "II": "#5a5a5a"}
    for k, ph in enumerate(phases):
        part = data[data["phase"] == ph].set_index("group_en")
        vals = [float(part.loc[g, "n_projects"]) if g in part.index else 0.0 for g in order]
        off = (k - (len(phases) - 1) / 2) * width
        year = part["as_of"].dropna()
        left.barh(y + off, vals, height=width * 0.95, color=phase_colours[ph],
                  label=f"phase {ph}" + (f" ({fmt_year(year.iloc[0])})" if len(year) else ""))
        for yi, v in zip(y + off, vals, strict=True):
            if v:
                left.text(v + 0.05, yi, fmt_number(v), va="center", fontsize=8.5)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_xlim(0, float(data["n_projects"].max()) * 1.2)
    left.set_yticks(y, ylabels)
    left.set_ylim(len(order) - 0.5, -0.5)
    if by == "field" and len(phases) > 1:
        left.set_title("Projects per field: two classifications,\nnot compared across phases",
                       fontsize=11)
    else:
        left.set_title(f"Projects per {by}")
    left.set_xlabel("Projects, number")
    left.set_ylabel(by.capitalize() + (" (METI regional bureau)" if by == "region" else ""))
    left.legend(title="Phase", loc="lower right")
    two = data[data["phase"] == "II"].set_index("group_en")
    if two.empty:
        right.text(0.5, 0.5, f"Phase I: its document gives no\n{metric} per project",
                   ha="center", va="center", transform=right.transAxes, fontsize=11)
        right.set_xticks([])
        right.grid(False)
        right.set_xlabel("")
    else:
        vals = [float(two.loc[g, metric]) if g in two.index else np.nan for g in order]
        colours = [figures.REGION_COLORS.get(g, "#5a5a5a") if by == "region" else "#5a5a5a"
                   for g in order]
        right.barh(y, np.nan_to_num(vals), color=colours, height=0.7)
        right.set_xlim(0, np.nanmax(vals) * 1.5)
        for yi, g, v in zip(y, order, vals, strict=True):
            if np.isnan(v):
                right.text(right.get_xlim()[1] * 0.01, yi, "no phase II project", va="center",
                           fontsize=8.5, color="0.4")
                continue
            text = fmt_number(v)
            cpu = two.loc[g, "companies_per_university"]
            if metric == "companies" and not pd.isna(cpu):
                text += f"  ({PER_UNIVERSITY(cpu)} per univ. place)"
            right.text(v + right.get_xlim()[1] * 0.01, yi, text, va="center", fontsize=8.5)
        figures.thousands(right.xaxis)
        right.set_xlabel("Companies (中堅・中小企業), number: sum over projects"
                         if metric == "companies" else
                         "University places, number (a university counts once per project)")
    year = data[data["phase"] == "II"]["as_of"].dropna()
    right.set_title(f"Phase II {metric} per {by}"
                    + (f" ({fmt_year(year.iloc[0])})" if len(year) else ""))
    return figures.finish(fig, groups_caption(results, parameters, inputs).plain())


def growth_caption(results: Results, parameters: Parameters) -> Caption:
    """The source line under the phase I → II figure."""
    return caption(citable(results["growth"]),
                   text="Hatched: the count's definition changed between the documents, or "
                        "may have: the register does not read the two as the same thing (not "
                        "like for like). 約: approximate; over: a lower bound.")


def growth(results: Results, parameters: Parameters) -> Figure:
    """Phase I and phase II side by side, one panel per measure; a measure whose definition
    changed is hatched and says so; units that differ are not drawn on one axis."""
    table, names = results["growth"], parameters["names"]
    widths = [0.75 if m == "universities" else 1.0 for m in table["measure"]]
    fig, axes = plt.subplots(1, len(table), figsize=(4.2 * sum(widths), 4.4),
                             gridspec_kw={"width_ratios": widths})
    for ax, r in zip(np.atleast_1d(axes), table.itertuples(index=False), strict=True):
        one = f"{'over ' if r.phase_i_lower_bound else ''}{fmt_number(r.phase_i)}"
        two = f"{'約' if r.phase_ii_approximate else ''}{fmt_number(r.phase_ii)}"
        d1 = figures.wrap_label(str(r.phase_i_definition), 22, 2)
        d2 = figures.wrap_label(gloss(str(r.phase_ii_definition), names), 24, 3)
        if r.measure == "universities":
            ax.axis("off")
            ax.set_title("Universities: not compared")
            judged = "" if pd.isna(r.definition_reading) else (
                f"\nthe register: {r.definition_reading}\n({r.definition_judgement})")
            ax.text(0.5, 0.55, f"{fmt_year(r.phase_i_as_of)}: {one}\n{d1}\n\n"
                    f"{fmt_year(r.phase_ii_as_of)}: {two}\n{d2}\n\nas written, different "
                    f"units\n(people, institutions){judged}", ha="center", va="center",
                    transform=ax.transAxes, fontsize=10)
            continue
        values = [float(r.phase_i), float(r.phase_ii)]
        changed = bool(r.definition_changed)
        bars = ax.bar([f"Phase I ({fmt_year(r.phase_i_as_of)})\n{d1}",
                       f"Phase II ({fmt_year(r.phase_ii_as_of)})\n{d2}"], values,
                      color=["#b8b8b8", "#5a5a5a"], edgecolor="white")
        if changed:
            bars[1].set_hatch("///")
        for x, (v, t) in enumerate(zip(values, [one, two], strict=True)):
            ax.text(x, v, t, ha="center", va="bottom", fontsize=10)
        ax.set_ylim(0, max(values) * 1.2)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        figures.thousands(ax.yaxis)
        ax.tick_params(axis="x", labelsize=8.5)
        if changed and str(r.definition_reading) in DEFINITIONS_UNCERTAIN:
            ax.set_title(f"{r.measure.capitalize()}: one group? the register leaves it open\n"
                         f"(no growth rate; {r.definition_judgement})", fontsize=11)
        elif changed:
            ax.set_title(f"{r.measure.capitalize()}: definition changed\n"
                         "(not like for like: no growth rate)", fontsize=11)
        elif not bool(r.comparable_under_every_reading):
            ax.set_title(f"{r.measure.capitalize()}: one kind, reorganised\n(two sets under "
                         f"another reading:\n{r.definition_judgement})", fontsize=10)
        else:
            ax.set_title(f"{r.measure.capitalize()} ({fmt_signed_pct(r.change_pct)})")
        ax.set_ylabel(f"{r.measure.capitalize()}, number")
    return figures.finish(fig, growth_caption(results, parameters).plain())


def national_totals_caption(results: Results, parameters: Parameters) -> Caption:
    """The source line under the national totals figure."""
    return caption(citable(results["national_totals"]),
                   text="Sum ÷ stated, two decimals; the project counts of companies are "
                        "rounded (約).")


def national_totals(results: Results, parameters: Parameters) -> Figure:
    """Stated national totals beside the sums over the projects, one panel per measure."""
    table = results["national_totals"]
    fig, axes = plt.subplots(1, len(table), figsize=(9, 3.9))
    for ax, r in zip(np.atleast_1d(axes), table.itertuples(index=False), strict=True):
        values = [float(r.stated), float(r.sum_of_projects)]
        ax.bar(["stated national\ntotal", f"sum over the\n{r.n_projects} projects"], values,
               color=["#b8b8b8", "#5a5a5a"])
        texts = [("約" if r.stated_approximate else "") + fmt_number(r.stated),
                 fmt_number(r.sum_of_projects)]
        for x, (v, t) in enumerate(zip(values, texts, strict=True)):
            ax.text(x, v, t, ha="center", va="bottom", fontsize=10)
        ax.set_ylim(0, max(values) * 1.18)
        figures.thousands(ax.yaxis)
        unit = "companies" if r.measure == "companies" else "universities / places"
        ax.set_title(f"{r.measure.capitalize()}: sum ÷ stated = {RATIO(r.ratio)}")
        ax.set_ylabel(f"{unit.capitalize()}, number")
    return figures.finish(fig, national_totals_caption(results, parameters).plain())


def examples_caption(results: Results, parameters: Parameters) -> Caption:
    """The source line under the example clusters figure."""
    comp = results["example_composition"]
    text = f"Counts as {_cited_as(comp)} lists them for each example."
    # a type's count that the document writes with more in it than the type's plain noun
    # (TAMA's local government "and chamber of commerce etc"): said, not hidden in the bar
    detail = comp["detail"].astype(str)
    plain = detail.groupby(comp["participant_type"].astype(str)).transform(
        lambda s: s.str.len().min())
    wider = comp[detail.str.len() > plain]
    if not wider.empty:
        text += " " + "; ".join(
            f"{r['name']}'s '{r['participant_type']}' are \"{r['detail']}\" as written"
            for _, r in wider.iterrows()) + "."
    return caption(citable(comp), text=text)


def examples(results: Results, parameters: Parameters) -> Figure:
    """The example clusters' participants by type, stacked, with each type's share."""
    comp = results["example_composition"]
    comp = comp.assign(participant_type=comp["participant_type"].astype(str))
    wide = comp.pivot(index="name", columns="participant_type", values="count")
    wide = wide[[t for t in EXAMPLE_TYPES if t in wide.columns]].sort_index()
    share = comp.pivot(index="name", columns="participant_type", values="share_of_listed_pct")
    fig, ax = plt.subplots(figsize=(10, 3.8))
    left = np.zeros(len(wide))
    colours = ["#5a5a5a", "#9ecae1", "#fdae6b", "#a1d99b"]
    labels = [figures.wrap_label(n, 30) for n in wide.index]
    for colour, col in zip(colours, wide.columns, strict=False):
        vals = wide[col].astype(float).to_numpy()
        ax.barh(labels, vals, left=left, color=colour, label=col, edgecolor="white")
        for y, (lft, v, name) in enumerate(zip(left, vals, wide.index, strict=True)):
            if v >= 30:
                ax.text(lft + v / 2, y, f"{fmt_number(v)}\n{fmt_pct(share.loc[name, col])}",
                        ha="center", va="center", fontsize=8,
                        color="white" if col == "companies" else "black")
        left += vals
    ax.invert_yaxis()
    years = ", ".join(fmt_year(y) for y in sorted(set(comp["as_of"].dropna())))
    ax.set_xlabel(f"Participants, number ({years})")
    ax.set_title(f"Example clusters of phase I by participant type ({years})")
    ax.legend(title="Participant type", loc="upper center", bbox_to_anchor=(0.5, -0.22),
              ncol=4, frameon=False)
    return figures.finish(fig, examples_caption(results, parameters).plain())


def overseas_caption(results: Results, parameters: Parameters) -> Caption:
    """The source line under the overseas clusters figure."""
    return caption(citable(results["overseas_companies"]),
                   text="Each group is one kind of count; compare within a "
                   "group only. Years from the table's footnote legend; 'inferred': the mark "
                   "stands on a page without the legend, the first page's is assumed. "
                   "≈ about, ≥ or more. Log scale.")


def overseas(results: Results, parameters: Parameters) -> Figure:
    """Overseas clusters' company and venture counts as dots, grouped by kind of count,
    each labelled with the kind and the year it refers to; a cluster with no count is listed
    too."""
    table = results["overseas_companies"]
    rows: list[tuple[str, pd.Series | None]] = []
    kinds = list(dict.fromkeys(table["kind"].fillna("no company count")))
    for kind in kinds:
        part = table[table["kind"].fillna("no company count") == kind]
        rows.append((kind, None))
        rows.extend((kind, r) for _, r in part.iterrows())
    n = len(rows)
    fig, ax = plt.subplots(figsize=(10.5, 0.36 * n + 1.8))
    counts = table["count"].dropna().astype(float)
    lo, hi = counts.min() / 2, counts.max() * 100  # room for the longest label
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    labels = []
    for yi, (kind, r) in enumerate(rows):
        if r is None:
            labels.append(kind)
            ax.axhspan(yi - 0.5, yi + 0.5, color="0.93", lw=0)
            continue
        labels.append(figures.wrap_label(f"{r['name']} ({r['country']})", 52, 2))
        if pd.isna(r["count"]):
            ax.text(lo * 1.1, yi, str(r["note"]), va="center", fontsize=8.5, color="0.35")
            continue
        colour = figures.COUNTRY_COLORS.get(str(r["country"]), (0.5, 0.5, 0.5))
        inferred = str(r["as_of_basis"]) == "inferred footnote"
        undated = pd.isna(r["as_of"])
        ax.plot(float(r["count"]), yi, "D" if undated else "o", ms=6.5 if undated else 8,
                color=colour, mfc="white" if inferred else colour, mew=1.8)
        q = "≈" if bool(r["approximate"]) else ("≥" if bool(r["lower_bound"]) else "")
        part = f"; part of {r['part_of']}" if not pd.isna(r["part_of"]) else ""
        ax.text(float(r["count"]) * 1.25, yi, f"{q}{fmt_number(r['count'])} {r['kind']} "
                f"({r['year']}{part})", va="center", fontsize=8.5)
    ax.set_yticks(range(n), labels, fontsize=9)
    for tick, (_, r) in zip(ax.get_yticklabels(), rows, strict=True):
        if r is None:
            tick.set_fontsize(10)
            tick.set_color("0.25")
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    figures.thousands(ax.xaxis)
    ax.set_xlabel("Companies or ventures, number (log scale)")
    ax.set_title(f"Overseas high-tech clusters ({_cited_as(table)}): company and "
                 "venture counts, by kind")
    handles = [Line2D([], [], marker="o", ls="", color="0.3", label="year from a footnote"),
               Line2D([], [], marker="o", ls="", color="0.3", mfc="white", mew=1.8,
                      label="year inferred (no legend on its page)"),
               Line2D([], [], marker="D", ls="", color="0.3", ms=6.5, label="year not given")]
    ax.legend(handles=handles, loc="lower right", fontsize=8.5, title="Colour: country",
              title_fontsize=8.5)
    return figures.finish(fig, overseas_caption(results, parameters).plain())
