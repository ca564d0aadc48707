"""Who takes part: phase II projects, phase I → II growth, stated totals, example clusters.

Phase II (002, 2008) gives companies and universities for each of its 18 projects; phase I
(001, 2005) gives only national totals and, for three example clusters, a breakdown by
participant type. These functions keep that asymmetry visible: a phase I figure the document
does not give stays empty instead of being estimated.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import figures
from ..citations import attach, cite
from ..vocab import REGIONS

METI = "meti_industrial_cluster"
METRICS = ("companies", "universities")


def _headline(participants: pd.DataFrame) -> pd.DataFrame:
    return participants[participants["headline"].fillna(False)]


def phase2_projects(projects: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The 18 phase II projects with their companies, universities and the ratio of the two.

    Sorted by companies (largest first), then project id. ``name`` is the NFKC form of the
    Japanese name (ＴＯＨＯＫＵ → TOHOKU); ``line`` is where 002 gives the counts.
    """
    p2 = projects[projects["phase"] == "II"]
    counts = _headline(participants)
    counts = counts[(counts["group_kind"] == "project") & (counts["phase"] == "II")
                    & counts["participant_type"].isin(METRICS)]
    wide = counts.pivot(index="group_id", columns="participant_type", values="count")
    approx = counts[counts["participant_type"] == "companies"].set_index("group_id")
    out = p2[["project_id", "name_nfkc", "name_en", "region", "field"]].rename(
        columns={"name_nfkc": "name"}).merge(wide, left_on="project_id", right_index=True,
                                             how="left")
    out["companies_approximate"] = out["project_id"].map(approx["approximate"])
    out["source"] = out["project_id"].map(approx["source"]).astype("string")
    out["line"] = out["project_id"].map(approx["line"]).astype("Int64")
    out["companies"] = out["companies"].astype("Int64")
    out["universities"] = out["universities"].astype("Int64")
    out["companies_per_university"] = (out["companies"] / out["universities"]).round(1)
    out["region"] = out["region"].astype("string")
    out = out.sort_values(["companies", "project_id"], ascending=[False, True])
    return attach(out.reset_index(drop=True), p2, counts)


def rank_projects(table: pd.DataFrame, metric: str = "companies",
                  top_n: int | None = None) -> pd.DataFrame:
    """Phase II projects by ``metric`` (largest first), the first ``top_n`` when given."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")
    out = table.sort_values([metric, "project_id"], ascending=[False, True])
    if top_n is not None:
        out = out.head(top_n)
    out = out.reset_index(drop=True)
    out.attrs.pop("cited", None)  # the kept rows' own source and line say where they stand
    return out


def _explode_fields(df: pd.DataFrame) -> pd.DataFrame:
    out = df.assign(field=df["field"].astype("string").str.split(" / ")).explode("field")
    out["field"] = out["field"].astype("string")
    return out


def by_group(projects: pd.DataFrame, participants: pd.DataFrame, phase: str = "II",
             by: str = "region", metric: str = "companies",
             top_n: int | None = None) -> pd.DataFrame:
    """Projects, companies and universities per region or field, for phase I, II or both.

    Phase I has project counts only: the 2005 document gives no per-project participants,
    so its company and university columns stay empty. With ``by="field"`` a project that
    lists several fields counts in each, so field sums exceed the national sums (the column
    ``multi_field_projects`` says how many such projects a row includes). Rows are sorted by
    phase, then ``metric`` (project count for phase I), largest first; ``top_n`` keeps the
    first rows of each phase.
    """
    if by not in ("region", "field"):
        raise ValueError(f"by must be one of region, field (got {by!r})")
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")
    phases = {"I": ["I"], "II": ["II"], "both": ["I", "II"]}[phase]
    frames = []
    for ph in phases:
        if ph == "II":
            base = phase2_projects(projects, participants)
        else:
            base = projects[projects["phase"] == "I"][["project_id", "region", "field"]].copy()
            base["companies"] = pd.array([pd.NA] * len(base), dtype="Int64")
            base["universities"] = pd.array([pd.NA] * len(base), dtype="Int64")
        base["multi"] = base["field"].astype("string").str.contains(" / ", regex=False)
        if by == "field":
            base = _explode_fields(base)
        base[by] = base[by].astype("string")
        g = base.groupby(by, observed=True).agg(
            n_projects=("project_id", "nunique"),
            multi_field_projects=("multi", "sum"),
            companies=("companies", lambda s: s.sum(min_count=1)),
            universities=("universities", lambda s: s.sum(min_count=1)),
        ).reset_index()
        g.insert(0, "phase", ph)
        key = metric if ph == "II" else "n_projects"
        g = g.sort_values([key, by], ascending=[False, True])
        if top_n is not None:
            g = g.head(top_n)
        frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    for c in ("n_projects", "multi_field_projects", "companies", "universities"):
        out[c] = out[c].astype("Int64")
    out["companies_per_university"] = (out["companies"].astype("Float64")
                                       / out["universities"]).round(1)
    if by == "region":
        out["region_ja"] = out["region"].map(_region_ja(projects))
    counts = _headline(participants)
    counts = counts[(counts["group_kind"] == "project") & counts["phase"].isin(phases)
                    & counts["participant_type"].isin(METRICS)]
    return attach(out, projects[projects["phase"].isin(phases)], counts)


def _region_ja(projects: pd.DataFrame) -> dict[str, str]:
    pairs = projects[["region", "region_ja"]].drop_duplicates()
    return {str(r): str(j) for r, j in zip(pairs["region"], pairs["region_ja"], strict=True)}


def growth(participants: pd.DataFrame) -> pd.DataFrame:
    """Phase I (2005) → phase II (2008): projects, companies, universities, as stated.

    Phase I counts '5,800 SMEs' and 'over 220 regional-university researchers'; phase II
    counts about 10,700 mid-sized and small companies (中堅・中小企業) and about 290
    universities. Companies compare roughly; researchers and universities do not, so that row
    has no change and ``comparable`` is False.
    """
    prog = _headline(participants)
    prog = prog[(prog["group_id"] == METI) & (prog["group_kind"] == "programme")]

    def pick(phase: str, ptype: str) -> pd.Series | None:
        rows = prog[(prog["phase"] == phase) & (prog["participant_type"] == ptype)]
        return None if rows.empty else rows.iloc[0]

    specs = [
        ("projects", pick("I", "projects"), pick("II", "projects"), True),
        ("companies", pick("I", "smes"), pick("II", "companies"), True),
        ("universities", None, pick("II", "universities"), False),
    ]
    researchers = pick("I", "researchers")
    rows = []
    for measure, one, two, comparable in specs:
        first = one if one is not None else (researchers if measure == "universities" else None)
        rows.append({
            "measure": measure,
            "phase_i": one["count"] if one is not None else pd.NA,
            "phase_ii": two["count"] if two is not None else pd.NA,
            "phase_i_as_written": first["raw"] if first is not None else pd.NA,
            "phase_ii_as_written": two["raw"] if two is not None else pd.NA,
            "comparable": comparable,
            "phase_i_line": first["line"] if first is not None else pd.NA,
            "phase_ii_line": two["line"] if two is not None else pd.NA,
        })
    out = pd.DataFrame(rows)
    for c in ("phase_i", "phase_ii", "phase_i_line", "phase_ii_line"):
        out[c] = out[c].astype("Int64")
    out["change"] = out["phase_ii"] - out["phase_i"]
    out["growth_pct"] = (out["change"].astype("Float64") / out["phase_i"] * 100).round(1)
    out["comparable"] = out["comparable"].astype("boolean")
    picked = [r for _, one, two, _ in specs for r in (one, two) if r is not None]
    if researchers is not None:
        picked.append(researchers)
    out = attach(out, picked)
    return out[["measure", "phase_i", "phase_ii", "change", "growth_pct", "comparable",
                "phase_i_as_written", "phase_ii_as_written", "phase_i_line", "phase_ii_line"]]


def continuity(crosswalk: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """How the 19 phase I projects became 18 in phase II: links counted by confidence.

    One row per confidence level (certain, likely, possible, none) with the number of phase I
    projects and of distinct phase II projects they link to; a last row counts phase II
    projects no phase I project links to (new in phase II).
    """
    rows = []
    for conf in ("certain", "likely", "possible", "none"):
        part = crosswalk[crosswalk["confidence"] == conf]
        rows.append((conf, len(part), int(part["phase2_id"].dropna().nunique()),
                     "; ".join(sorted(part["phase1_name_en"].astype(str)))))
    linked = set(crosswalk["phase2_id"].dropna())
    new = projects[(projects["phase"] == "II") & ~projects["project_id"].isin(linked)]
    rows.append(("new in phase II (no phase I link)", 0, len(new),
                 "; ".join(sorted(new["name_nfkc"].astype(str)))))
    out = pd.DataFrame(rows, columns=["link", "phase1_projects", "phase2_projects", "names"])
    out[["phase1_projects", "phase2_projects"]] = out[
        ["phase1_projects", "phase2_projects"]].astype("Int64")
    return out


def reconcile(participants: pd.DataFrame) -> pd.DataFrame:
    """Phase II national totals as stated beside the sum over the 18 projects.

    A ratio near 1 means each participant is counted in one project; the universities'
    ratio (about 1.9) means a university is, on average, counted in that many projects —
    the national total counts it once, the project list once per project.
    """
    heads = _headline(participants)
    stated = heads[(heads["group_id"] == METI) & (heads["phase"] == "II")]
    projs = heads[(heads["group_kind"] == "project") & (heads["phase"] == "II")]
    rows = []
    for metric in METRICS:
        s = stated[stated["participant_type"] == metric].iloc[0]
        parts = projs[projs["participant_type"] == metric]
        total = int(parts["count"].sum())
        rows.append({
            "measure": metric, "stated": int(s["count"]), "stated_as_written": s["raw"],
            "sum_of_projects": total, "n_projects": len(parts),
            "difference": total - int(s["count"]),
            "ratio": round(total / int(s["count"]), 3),
            "stated_line": int(s["line"]),
        })
    out = pd.DataFrame(rows)
    for c in ("stated", "sum_of_projects", "n_projects", "difference", "stated_line"):
        out[c] = out[c].astype("Int64")
    out["ratio"] = out["ratio"].astype("Float64")
    return attach(out, stated[stated["participant_type"].isin(METRICS)],
                  projs[projs["participant_type"].isin(METRICS)])


EXAMPLE_TYPES = ("companies", "academic institutions", "local government",
                 "financial institutions")


def example_composition(participants: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The three example clusters of 2005 by participant type, with each type's share."""
    ex = clusters[clusters["kind"] == "japanese example"][["cluster_id", "name", "project_id"]]
    rows = participants[participants["group_id"].isin(ex["cluster_id"])
                        & participants["participant_type"].isin(EXAMPLE_TYPES)]
    out = rows[["group_id", "participant_type", "detail", "count", "line"]].rename(
        columns={"group_id": "cluster_id"}).merge(ex, on="cluster_id")
    out["participant_type"] = out["participant_type"].astype("string")
    out["total"] = out.groupby("cluster_id")["count"].transform("sum")
    out["share_pct"] = (out["count"].astype("Float64") / out["total"] * 100).round(1)
    order = {t: i for i, t in enumerate(EXAMPLE_TYPES)}
    out["_o"] = out["participant_type"].map(order)
    out = out.sort_values(["cluster_id", "_o"]).drop(columns="_o")
    out = out[["cluster_id", "name", "project_id", "participant_type", "detail", "count",
               "share_pct", "total", "line"]].reset_index(drop=True)
    return attach(out, rows)


def examples_vs_phase2(participants: pd.DataFrame, clusters: pd.DataFrame,
                       crosswalk: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Each example cluster's companies (2005) beside its phase II project's (2008).

    The example is one cluster inside a phase I project (TAMA is one of six networks of the
    Kanto project), so the phase II figure covers more than the example; the crosswalk's
    confidence says how sure the project link is.
    """
    comp = example_composition(participants, clusters)
    comp = comp[comp["participant_type"] == "companies"]
    p2 = phase2_projects(projects, participants).set_index("project_id")
    link = crosswalk.set_index("phase1_id")
    rows = []
    for r in comp.itertuples(index=False):
        l2 = link.loc[r.project_id]
        p2id = l2["phase2_id"]
        rows.append({
            "cluster_id": r.cluster_id, "example": r.name, "companies_2005": r.count,
            "phase1_project": l2["phase1_name_en"], "phase2_project": p2.loc[p2id, "name"],
            "companies_2008_project": p2.loc[p2id, "companies"],
            "link_confidence": l2["confidence"],
        })
    out = pd.DataFrame(rows)
    out[["companies_2005", "companies_2008_project"]] = out[
        ["companies_2005", "companies_2008_project"]].astype("Int64")
    return out.sort_values("cluster_id").reset_index(drop=True)


def overseas_companies(participants: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Company counts of the overseas high-tech clusters (001) with the year they refer to.

    ``as_of`` comes from the table's footnote markers; empty where the text marks none.
    ``detail`` says what is counted (all high-tech companies, biotech only, incubatees).
    """
    ov = clusters[clusters["kind"] == "overseas high-tech"][["cluster_id", "name", "country"]]
    rows = _headline(participants)
    rows = rows[(rows["participant_type"] == "companies")
                & rows["group_id"].isin(ov["cluster_id"])]
    out = rows[["group_id", "detail", "count", "qualifier", "approximate", "lower_bound",
                "as_of", "as_of_basis", "line"]].rename(columns={"group_id": "cluster_id"})
    out = ov.merge(out, on="cluster_id")
    out["country"] = out["country"].astype("string")
    out = out.sort_values(["count", "cluster_id"], ascending=[False, True])
    return attach(out.reset_index(drop=True), rows)


# --------------------------------------------------------------------------- figures


def _project_label(name: str, region: str) -> str:
    """The Japanese name, wrapped, with the region kept whole (on its own line if needed)."""
    label = figures.wrap_label(name, 40, max_lines=2)
    last = label.split("\n")[-1]
    sep = " " if figures.display_width(f"{last} ({region})") <= 46 else "\n"
    return f"{label}{sep}({region})"


def plot_projects(ranked: pd.DataFrame, metric: str = "companies") -> Figure:
    """Phase II projects ranked by the metric, Japanese names, coloured by region."""
    data = ranked.copy()
    data["label"] = [_project_label(n, r) for n, r in
                     zip(data["name"], data["region"], strict=True)]
    fig, ax = plt.subplots(figsize=(9.5, 0.42 * len(data) + 1.6))
    regions = [r for r in REGIONS if r in set(data["region"])]
    sns.barplot(data=data, y="label", x=metric, hue="region", hue_order=regions,
                dodge=False, ax=ax, palette="colorblind")
    for i, r in enumerate(data.itertuples(index=False)):
        value = getattr(r, metric)
        approx = "約" if metric == "companies" and bool(r.companies_approximate) else ""
        ax.text(float(value) + ax.get_xlim()[1] * 0.01, i, f"{approx}{int(value):,}",
                va="center", fontsize=9)
    ax.set_xlim(0, ax.get_xlim()[1] * 1.1)
    figures.thousands(ax.xaxis)
    unit = "companies (中堅・中小企業)" if metric == "companies" else "universities (incl. 高専)"
    ax.set_title(f"METI Industrial Cluster Project phase II: {metric} per project (2008)")
    ax.set_xlabel(f"Participating {unit}, number")
    ax.set_ylabel("")
    ax.legend(title="Region", loc="lower right", ncol=2)
    return figures.finish(fig, f"{cite(ranked)} 約: the document gives "
                               "the company count as approximate.")


def plot_by_group(groups: pd.DataFrame, by: str = "region",
                  metric: str = "companies") -> Figure:
    """Projects per group (phase I and/or II) beside the metric per group (phase II only)."""
    phases = list(dict.fromkeys(groups["phase"]))
    order = list(dict.fromkeys(groups[by]))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.45 * len(order) + 1.8),
                                      sharey=True)
    sns.barplot(data=groups, y=by, x="n_projects", hue="phase", hue_order=phases,
                order=order, ax=left, palette=["0.6", figures.COUNTRY_COLORS["Japan"]][
                    -len(phases):] if phases != ["I"] else ["0.6"])
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_title(f"Projects per {by}")
    left.set_xlabel("Projects, number")
    left.set_ylabel(by.capitalize())
    left.legend(title="Phase", loc="lower right")
    two = groups[groups["phase"] == "II"]
    if two.empty:
        right.text(0.5, 0.5, f"Phase I: the 2005 document gives no\n{metric} per project",
                   ha="center", va="center", transform=right.transAxes, fontsize=11)
        right.set_xticks([])
        right.grid(False)
    else:
        sns.barplot(data=two, y=by, x=metric, order=order, ax=right,
                    color=figures.COUNTRY_COLORS["Japan"])
        for i, g in enumerate(order):
            row = two[two[by] == g]
            if row.empty:
                continue
            v = row[metric].iloc[0]
            ax_text = f"{int(v):,}" + (f"  ({float(row['companies_per_university'].iloc[0]):.0f}"
                                      " per univ.)" if metric == "companies" else "")
            right.text(float(v) + right.get_xlim()[1] * 0.01, i, ax_text, va="center",
                       fontsize=9)
        right.set_xlim(0, right.get_xlim()[1] * 1.35)
        figures.thousands(right.xaxis)
    right.set_title(f"Phase II {metric} per {by}")
    right.set_xlabel("Companies, number (sum over projects)" if metric == "companies" else
                     "University places, number (a university can count in several projects)")
    note = (" A project listing several fields counts in each, so field sums exceed the "
            "national sum." if by == "field" else "")
    return figures.finish(fig, f"{cite(groups)}{note}")


def plot_growth(table: pd.DataFrame) -> Figure:
    """Phase I and phase II side by side for the comparable measures."""
    comp = table[table["comparable"].fillna(False)]
    fig, axes = plt.subplots(1, len(comp), figsize=(4.2 * len(comp), 3.8))
    axes = np.atleast_1d(axes)
    for ax, r in zip(axes, comp.itertuples(index=False), strict=True):
        values = [float(r.phase_i), float(r.phase_ii)]
        ax.bar(["Phase I\n(2005)", "Phase II\n(2008)"], values,
               color=["0.6", figures.COUNTRY_COLORS["Japan"]])
        for x, v in enumerate(values):
            ax.text(x, v, f"{int(v):,}", ha="center", va="bottom", fontsize=10)
        ax.set_ylim(0, max(values) * 1.18)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        figures.thousands(ax.yaxis)
        ax.set_title(f"{r.measure.capitalize()} ({r.growth_pct:+.1f}%)")
        ax.set_ylabel(f"{r.measure.capitalize()}, number")
    return figures.finish(fig, f"{cite(table)} Phase I counts SMEs; 約: approximate.")


def plot_reconciliation(table: pd.DataFrame) -> Figure:
    """Stated national totals beside the sums over the projects, one panel per measure."""
    fig, axes = plt.subplots(1, len(table), figsize=(9, 3.8))
    for ax, r in zip(np.atleast_1d(axes), table.itertuples(index=False), strict=True):
        values = [float(r.stated), float(r.sum_of_projects)]
        ax.bar(["stated national\ntotal", f"sum over the\n{r.n_projects} projects"], values,
               color=["0.6", figures.COUNTRY_COLORS["Japan"]])
        for x, v in enumerate(values):
            ax.text(x, v, f"{int(v):,}", ha="center", va="bottom", fontsize=10)
        ax.set_ylim(0, max(values) * 1.18)
        figures.thousands(ax.yaxis)
        ax.set_title(f"{r.measure.capitalize()}: sum ÷ stated = {r.ratio:.2f}")
        ax.set_ylabel(f"{r.measure.capitalize()}, number")
    return figures.finish(fig, cite(table))


def plot_examples(comp: pd.DataFrame) -> Figure:
    """The three example clusters' participants by type, stacked."""
    wide = comp.pivot(index="name", columns="participant_type", values="count")
    wide = wide[[t for t in EXAMPLE_TYPES if t in wide.columns]].sort_index()
    fig, ax = plt.subplots(figsize=(9.5, 3.6))
    left = np.zeros(len(wide))
    colors = sns.color_palette("colorblind", len(wide.columns))
    labels = [figures.wrap_label(n, 30) for n in wide.index]
    for color, col in zip(colors, wide.columns, strict=True):
        vals = wide[col].astype(float).to_numpy()
        ax.barh(labels, vals, left=left, color=color, label=col)
        for y, (lft, v) in enumerate(zip(left, vals, strict=True)):
            if v >= 15:
                ax.text(lft + v / 2, y, f"{int(v)}", ha="center", va="center", fontsize=9,
                        color="white")
        left += vals
    ax.invert_yaxis()
    ax.set_xlabel("Participants, number (2005)")
    ax.set_title("Example clusters by participant type (2005)")
    ax.legend(title="Participant type", loc="upper center", bbox_to_anchor=(0.5, -0.22),
              ncol=4, frameon=False)
    return figures.finish(fig, cite(comp))


def plot_overseas(table: pd.DataFrame) -> Figure:
    """Overseas clusters' company counts, log scale, each with the year it refers to.

    A year read from a footnote on a page without the legend is marked 'inferred': the
    document does not date it, the legend of the table's first page is assumed.
    """
    data = table.copy()
    labels = [f"{n} ({c})" for n, c in zip(data["name"], data["country"], strict=True)]
    repeated = {x for x in labels if labels.count(x) > 1}
    data["label"] = [figures.wrap_label(f"{x}: {d}" if x in repeated else x, 36)
                     for x, d in zip(labels, data["detail"], strict=True)]
    fig, ax = plt.subplots(figsize=(9.5, 0.5 * len(data) + 1.6))
    sns.barplot(data=data, y="label", x="count", hue="country", dodge=False, ax=ax,
                legend=False, palette=figures.country_palette(data["country"].unique()))
    ax.set_xscale("log")
    ax.set_xlim(data["count"].min() / 2, data["count"].max() * 15)
    for i, r in enumerate(data.itertuples(index=False)):
        if pd.isna(r.as_of):
            year = "year not given"
        elif r.as_of_basis == "inferred footnote":
            year = f"{int(r.as_of)}, inferred"
        else:
            year = f"{int(r.as_of)}"
        q = "≈" if bool(r.approximate) else ("≥" if bool(r.lower_bound) else "")
        ax.text(float(r.count) * 1.1, i, f"{q}{int(r.count):,} {r.detail} ({year})",
                va="center", fontsize=8.5)
    figures.thousands(ax.xaxis)
    ax.set_xlabel("Companies, number (log scale)")
    ax.set_ylabel("")
    ax.set_title("Overseas high-tech clusters: companies, with the year each count refers to")
    return figures.finish(fig, f"{cite(table)} Years from the table's footnote legend; "
                               "'inferred': the legend stands under the first page only.")
