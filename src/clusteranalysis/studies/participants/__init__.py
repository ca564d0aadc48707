"""Who takes part: phase II projects, phase I → II, stated totals, example and overseas clusters.

Phase II (MEXT 2008a) gives companies and universities for each of its 18 projects; phase I
(METI 2005) gives only national totals and, for three example clusters, a breakdown by
participant type. These functions keep that asymmetry visible: a phase I figure the document
does not give stays empty instead of being estimated, and a count whose definition changes
between the documents is never marked comparable.

Every result table carries ``source`` and ``line``: a row read from one line keeps that line
(an integer); a row computed from several (a sum over a region's projects) carries them all,
as :func:`clusteranalysis.provenance.citations.provenance` writes them. Ratios and shares are stored
unrounded; the ``fmt_*`` functions below round them, the same way in tables, figure labels
and findings. The ``*_findings`` functions state the notebook's findings from the result
tables (:class:`clusteranalysis.present.Findings`), so every number in them is one of the
tables' cells, whatever the parameters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from clusteranalysis.build import catalogue
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.lookups import lookup
from clusteranalysis.metadata.vocab import REGIONS
from clusteranalysis.present import figures
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_signed_pct,
    fmt_year,
    fmt_yes_no,
)
from clusteranalysis.present.tables import Caption, Table, caption, citable
from clusteranalysis.present.tables import table as present_table
from clusteranalysis.provenance.citations import attach, provenance, short_citation

METI = vocab.METI_CLUSTER
METRICS = ("companies", "universities")
NAMES = ("en", "ja", "both")
BY = ("region", "field")
PHASES = {"I": ("I",), "II": ("II",), "both": ("I", "II")}

#: The English of the Japanese words a study labels with (the documents give only these).
GLOSSES = {
    "中堅・中小企業": "mid-sized and small companies",
    "大学（高専を含む）": "universities, technical colleges included",
    "プロジェクト": "projects",
}


# --------------------------------------------------------------------------- formats

def fmt_count(v: float) -> str:
    """A count: 10,690."""
    return fmt_number(v, 0)


def fmt_per_university(v: float) -> str:
    """Companies per university place, one decimal: 17.2."""
    return fmt_number(v, 1)


def fmt_share(v: float) -> str:
    """A share in per cent, one decimal: 21.0 %."""
    return fmt_pct(v, 1)


def fmt_ratio2(v: float) -> str:
    """A ratio of two totals, two decimals: 1.86."""
    return fmt_number(v, 2)








def _about(approximate: object) -> str:
    return "about " if bool(approximate) and not pd.isna(approximate) else ""


# --------------------------------------------------------------------------- names


def label(ja: object, en: object, names: str = "both", two_lines: bool = False) -> str:
    """A name in the language(s) ``names`` asks for: 'ja', 'en' or 'both' (Japanese, then
    English in parentheses, or on a second line). A name the documents give in one language
    only is shown in that language whatever ``names`` says."""
    if names not in NAMES:
        raise ValueError(f"names must be one of {', '.join(NAMES)} (got {names!r})")
    j = None if ja is None or pd.isna(ja) or str(ja) == "" else str(ja)
    e = None if en is None or pd.isna(en) or str(en) == "" else str(en)
    if names == "en":
        return e or j or ""
    if names == "ja":
        return j or e or ""
    if j and e and j != e:
        return f"{j}\n{e}" if two_lines else f"{j} ({e})"
    return j or e or ""


def gloss(word: str, names: str = "both") -> str:
    """A Japanese term of the documents with its English (``GLOSSES``) as ``names`` asks."""
    return label(word, GLOSSES.get(word), names)


def _field_words() -> dict[str, str]:
    """Field word as written (NFKC) → English field (lookups/fields.csv)."""
    return {unicodedata.normalize("NFKC", r["written"]): r["field"] for r in lookup("fields")}


def _fields_ja(projects: pd.DataFrame) -> dict[str, str]:
    """English field → the Japanese field words phase II writes for it ('情報・IT')."""
    words = _field_words()
    out: dict[str, list[str]] = {}
    p2 = projects[projects["phase"] == "II"]
    for text in p2["field_source"].astype(str):
        for w in unicodedata.normalize("NFKC", text).replace("、", "・").split("・"):
            w = w.strip()
            if w in words and w not in out.setdefault(words[w], []):
                out[words[w]].append(w)
    order = list(words)  # the lookup's order: 情報 before IT
    return {f: "・".join(sorted(ws, key=order.index)) for f, ws in out.items()}


def _region_ja(projects: pd.DataFrame) -> dict[str, str]:
    pairs = projects[["region", "region_ja"]].drop_duplicates()
    return {str(r): str(j) for r, j in zip(pairs["region"], pairs["region_ja"], strict=True)}


def region_rule(projects: pd.DataFrame, shown: pd.DataFrame | None = None,
                names: str = "both") -> str:
    """The region rule in words, for a figure that groups or colours by region.

    Region = the METI regional bureau's area (``projects.region``). The places that count
    in a region of another name (lookups/regions.csv: Tokai and Hokuriku in Chubu, Kansai in
    Kinki) are named when a shown project's name contains them, and the note says how many
    of the shown projects each ``region_basis`` decides.
    """
    rows = projects if shown is None else projects[projects["project_id"].isin(
        shown["project_id"])]
    text = " ".join(rows["name_nfkc"].astype(str)) + " " + " ".join(rows["name_en"].astype(str))
    ja = _region_ja(projects)
    places: dict[str, dict[str, list[str]]] = {}
    for r in lookup("regions"):
        w = r["written"]
        if w in (r["region"], r["region_ja"]) or w not in text:
            continue
        lang = "en" if w.isascii() else "ja"
        places.setdefault(r["region"], {"en": [], "ja": []})[lang].append(w)
    parts = []
    for region in sorted(places, key=lambda x: REGIONS.index(x) if x in REGIONS else 99):
        en, jw = ", ".join(places[region]["en"]), "、".join(places[region]["ja"])
        where = label(jw or None, en or None, names)
        parts.append(f"{where} in {label(ja.get(region), region, names)}")
    basis = rows["region_basis"].astype(str).value_counts()
    words = {"stated": "the document writes it", "block": "listed in a region's block",
             "name": "the name names it", "reviewed": "a reviewed lookup"}
    basis_text = "; ".join(f"{words.get(b, b)}: {n}" for b, n in basis.items())
    folded = f" ({'; '.join(parts)})" if parts else ""
    return (f"Regions: the METI regional bureau's area{folded}. Basis (projects.region_basis), "
            f"projects — {basis_text}.")


def project_label(row: pd.Series, names: str = "both") -> str:
    """A phase II project with its region: '地域産業活性化プロジェクト (Regional Industry
    Revitalization Project; Kanto)', or in one language."""
    if names == "ja":
        return f"{row['name_ja']}（{row['region_ja']}）"
    if names == "en":
        return f"{row['name_en']} ({row['region']})"
    return f"{row['name_ja']} ({row['name_en']}; {row['region']})"


# --------------------------------------------------------------------------- helpers


def _headline(participants: pd.DataFrame) -> pd.DataFrame:
    return participants[participants["headline"].fillna(False).astype(bool)]


def _project_counts(participants: pd.DataFrame, phases: Sequence[str]) -> pd.DataFrame:
    counts = _headline(participants)
    return counts[(counts["group_kind"] == "project") & counts["phase"].isin(list(phases))
                  & counts["participant_type"].isin(METRICS)]


def _provenance_of(*frames: pd.DataFrame) -> tuple[str, str]:
    src, lines = provenance(*frames)
    return src, lines


def _lines(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the rows' own source and line (not the rows a derived table records)."""
    out = pd.DataFrame({"source": list(frame["source"]), "line": list(frame["line"])})
    out.attrs = {}
    return out


def _set_provenance(df: pd.DataFrame, rows_of: Callable[[pd.Series], Sequence[pd.DataFrame]]
                    ) -> pd.DataFrame:
    pairs = [_provenance_of(*(_lines(x) for x in rows_of(r))) for _, r in df.iterrows()]
    df["source"] = pd.array([p[0] or pd.NA for p in pairs], dtype="string")
    df["line"] = pd.array([p[1] or pd.NA for p in pairs], dtype="string")
    return df


def _phase_year(projects: pd.DataFrame, participants: pd.DataFrame, phase: str) -> int | None:
    """The year a phase's figures refer to: the project counts' ``as_of`` where there are
    counts (phase II), else the date of the document that lists the projects."""
    years = set(_project_counts(participants, [phase])["as_of"].dropna().astype(int))
    if not years:
        cat = catalogue.read()
        years = {cat[s].year for s in projects[projects["phase"] == phase]["source"].unique()
                 if s in cat}
    return max(years) if years else None


def _cited_as(rows: pd.DataFrame) -> str:
    """The short citation(s) of the documents ``rows`` come from ('METI 2005')."""
    return " and ".join(short_citation(str(s)) for s in sorted(set(rows["source"].dropna())))


def _rank(values: pd.Series) -> pd.Series:
    return values.rank(method="min", ascending=False).astype("Int64")


def _one(df: pd.DataFrame, **match: object) -> pd.Series:
    rows = df
    for k, v in match.items():
        rows = rows[rows[k].astype("object") == v]
    if len(rows) != 1:
        raise ValueError(f"{len(rows)} rows match {match}")
    return rows.iloc[0]


# --------------------------------------------------------------------------- phase II projects


def phase2_projects(projects: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The phase II projects with their companies, universities and the ratio of the two.

    ``name_ja`` is the NFKC form of the Japanese name (ＴＯＨＯＫＵ → TOHOKU), ``name_en``
    the lookup's English; ``field_ja`` the field words as written. The counts and their
    text as written (``companies_as_written``, ``universities_as_written``) stand on one
    line of the document: ``source`` and ``line``. Shares are of the sums over the listed
    projects (not of the stated national totals). Sorted by companies (largest first), then
    project id.
    """
    p2 = projects[projects["phase"] == "II"]
    counts = _project_counts(participants, ["II"])
    by_type = {t: counts[counts["participant_type"] == t].set_index("group_id")
               for t in METRICS}
    out = p2[["project_id", "name_nfkc", "name_en", "region", "region_ja", "region_basis",
              "field", "field_source"]].rename(
        columns={"name_nfkc": "name_ja"}).reset_index(drop=True)
    out["field_ja"] = [unicodedata.normalize("NFKC", str(f)) for f in out.pop("field_source")]
    for t in METRICS:
        rows = by_type[t]
        out[t] = out["project_id"].map(rows["count"]).astype("Int64")
        out[f"{t}_as_written"] = out["project_id"].map(rows["raw"]).astype("string")
    out["companies_approximate"] = out["project_id"].map(
        by_type["companies"]["approximate"]).astype("boolean")
    out["as_of"] = out["project_id"].map(by_type["companies"]["as_of"]).astype("Int64")
    out["companies_per_university"] = (out["companies"].astype("Float64")
                                       / out["universities"])
    for t in METRICS:
        out[f"{t}_share_pct"] = out[t].astype("Float64") / out[t].sum() * 100
    out["source"] = out["project_id"].map(by_type["companies"]["source"]).astype("string")
    out["line"] = out["project_id"].map(by_type["companies"]["line"]).astype("Int64")
    for c in ("name_ja", "name_en", "region", "region_ja", "region_basis", "field", "field_ja"):
        out[c] = out[c].astype("string")
    out = out.sort_values(["companies", "project_id"], ascending=[False, True])
    return attach(out.reset_index(drop=True), p2, counts)


def rank_projects(table: pd.DataFrame, metric: str = "companies",
                  top_n: int | None = None) -> pd.DataFrame:
    """Every phase II project ranked by ``metric`` (largest first, ties by project id).

    ``rank`` is the rank by ``metric`` (ties share one); ``shown`` marks the first
    ``top_n`` rows, the ones the figure and the table show (all when ``top_n`` is None).
    The other rows stay, so a finding can name a project the cut leaves out.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")
    out = table.sort_values([metric, "project_id"], ascending=[False, True]).reset_index(
        drop=True)
    out.insert(1, "rank", _rank(out[metric]))
    out.insert(2, "shown", pd.array([top_n is None or i < top_n for i in range(len(out))],
                                    dtype="boolean"))
    out.attrs.pop("cited", None)  # the rows' own source and line say where they stand
    return out


def projects_findings(ranked: pd.DataFrame, totals: pd.DataFrame, metric: str = "companies",
                      names: str = "both") -> Findings:
    """What the phase II projects show, every number read from ``phase2_projects``
    (``ranked``) and ``reconciliation`` (``totals``)."""
    f = Findings("Findings")
    comp = f.value(totals, "reconciliation", {"measure": "companies"}, "sum_of_projects",
                   fmt_count)
    n = f.value(totals, "reconciliation", {"measure": "companies"}, "n_projects", fmt_count)
    univ = f.value(totals, "reconciliation", {"measure": "universities"}, "sum_of_projects",
                   fmt_count)
    f.add(f"The {n} phase II projects list {comp} companies (the sum of their rounded 約 "
          f"counts) and {univ} university places (a university counts once in each project "
          "it takes part in).")
    top = ranked.iloc[0]
    where = {"project_id": top["project_id"]}
    other = "universities" if metric == "companies" else "companies"

    def count(t: str, row: pd.Series) -> str:
        v = f.value(ranked, "phase2_projects", {"project_id": row["project_id"]}, t,
                    fmt_count)
        return f"{_about(row['companies_approximate']) if t == 'companies' else ''}{v}"

    share = f.value(ranked, "phase2_projects", where, f"{metric}_share_pct", fmt_share)
    share_other = f.value(ranked, "phase2_projects", where, f"{other}_share_pct", fmt_share)
    f.add(f"Ranked by {metric}, {project_label(top, names)} comes first with "
          f"{count(metric, top)} {metric} ({share} of the sum over the projects) and "
          f"{count(other, top)} {other} ({share_other}).")
    ratios = ranked.dropna(subset=["companies_per_university"]).sort_values(
        ["companies_per_university", "project_id"])
    if len(ratios) >= 2:
        parts = []
        for row in (ratios.iloc[-1], ratios.iloc[0]):
            w = {"project_id": row["project_id"]}
            r = f.value(ranked, "phase2_projects", w, "companies_per_university",
                        fmt_per_university)
            text = (f"{r} for {project_label(row, names)}: {count('companies', row)} "
                    f"companies over {count('universities', row)} universities")
            if not bool(row["shown"]):
                rk = f.value(ranked, "phase2_projects", w, "rank", fmt_ordinal)
                text += f", not shown: {rk} by {metric}, below the top_n cut"
            parts.append(text)
        f.add(f"Companies per university place run from {parts[0]}, down to {parts[1]}.")
    return f


# --------------------------------------------------------------------------- groups


def by_group(projects: pd.DataFrame, participants: pd.DataFrame, phase: str = "II",
             by: str = "region", metric: str = "companies",
             top_n: int | None = None) -> pd.DataFrame:
    """Projects, companies and universities per region or field, for phase I, II or both.

    Phase I has project counts only: the 2005 document gives no per-project participants,
    so its company and university columns stay empty. With ``by="field"`` a project that
    lists several fields counts in each, so field sums exceed the national sums
    (``multi_field_projects`` says how many such projects a row includes); the fields of the
    two phases are not one classification (phase I: the four field lists of METI 2005; phase
    II: the field words of MEXT 2008a), as ``field_basis`` says. Rows are sorted by phase,
    then ``metric`` (project count for phase I), largest first; ``rank`` is the rank within
    the phase and ``shown`` marks the first ``top_n`` of each phase. ``group_ja`` is the
    Japanese of the group where the documents give one.
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)} (got {by!r})")
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)} (got {metric!r})")
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {', '.join(PHASES)} (got {phase!r})")
    frames = []
    members: dict[tuple[str, str], list[str]] = {}
    for ph in PHASES[phase]:
        base = projects[projects["phase"] == ph][["project_id", "region", "field"]].copy()
        if ph == "II":
            counts = phase2_projects(projects, participants).set_index("project_id")
            for t in METRICS:
                base[t] = base["project_id"].map(counts[t]).astype("Int64")
        else:
            for t in METRICS:
                base[t] = pd.array([pd.NA] * len(base), dtype="Int64")
        base["multi"] = base["field"].astype("string").str.contains(" / ", regex=False)
        if by == "field":
            base = base.assign(field=base["field"].astype("string").str.split(" / ")).explode(
                "field")
        base[by] = base[by].astype("string")
        for g, rows in base.groupby(by, observed=True):
            members[(ph, str(g))] = list(rows["project_id"])
        g = base.groupby(by, observed=True).agg(
            n_projects=("project_id", "nunique"),
            multi_field_projects=("multi", "sum"),
            companies=("companies", lambda s: s.sum(min_count=1)),
            universities=("universities", lambda s: s.sum(min_count=1)),
        ).reset_index()
        g.insert(0, "phase", ph)
        g["as_of"] = pd.array([_phase_year(projects, participants, ph)] * len(g), dtype="Int64")
        key = metric if ph == "II" else "n_projects"
        g = g.sort_values([key, by], ascending=[False, True]).reset_index(drop=True)
        g["rank"] = _rank(g[key].astype("Float64"))
        g["shown"] = pd.array([top_n is None or i < top_n for i in range(len(g))],
                              dtype="boolean")
        frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    for c in ("n_projects", "multi_field_projects", "companies", "universities"):
        out[c] = out[c].astype("Int64")
    out["companies_per_university"] = out["companies"].astype("Float64") / out["universities"]
    for t in METRICS:
        total = out.groupby("phase")[t].transform(lambda s: s.sum(min_count=1))
        out[f"{t}_share_pct"] = out[t].astype("Float64") / total.astype("Float64") * 100
    ja = _region_ja(projects) if by == "region" else _fields_ja(projects)
    out.insert(2, "group_ja", out[by].map(ja).astype("string"))
    if by == "field":
        lists = {"I": "field lists", "II": "field words"}
        out["field_basis"] = out["phase"].map(
            {ph: f"{_cited_as(projects[projects['phase'] == ph])}'s {lists[ph]}"
             for ph in PHASES[phase]}).astype("string")
    counts = _project_counts(participants, PHASES[phase])

    def rows_of(r: pd.Series) -> list[pd.DataFrame]:
        ids = members[(r["phase"], str(r[by]))]
        return [projects[projects["project_id"].isin(ids)],
                counts[counts["group_id"].isin(ids)]]

    out = _set_provenance(out, rows_of)
    cols = ["phase", by, "group_ja", "as_of", "rank", "shown", "n_projects", "multi_field_projects",
            "companies", "universities", "companies_per_university", "companies_share_pct",
            "universities_share_pct", *(["field_basis"] if by == "field" else []),
            "source", "line"]
    return attach(out[cols], projects[projects["phase"].isin(PHASES[phase])], counts)


def group_totals(projects: pd.DataFrame, participants: pd.DataFrame, phase: str = "II",
                 by: str = "region") -> pd.DataFrame:
    """Per phase: the distinct projects, how many list several fields, and the companies and
    universities summed over the projects and over the groups (the two differ by field,
    where a multi-field project counts in each of its fields)."""
    groups = by_group(projects, participants, phase, by)
    rows = []
    for ph in PHASES[phase]:
        base = projects[projects["phase"] == ph]
        multi = base["field"].astype("string").str.contains(" / ", regex=False)
        g = groups[groups["phase"] == ph]
        row = {"phase": ph, "by": by, "projects": len(base), "groups": len(g),
               "multi_field_projects": int(multi.sum())}
        if ph == "II":
            p2 = phase2_projects(projects, participants)
            for t in METRICS:
                row[f"{t}_over_projects"] = int(p2[t].sum())
                row[f"{t}_over_groups"] = int(g[t].sum())
        rows.append(row)
    out = pd.DataFrame(rows)
    for c in ("companies_over_projects", "companies_over_groups", "universities_over_projects",
              "universities_over_groups"):
        if c not in out.columns:
            out[c] = pd.NA
        out[c] = out[c].astype("Int64")
    counts = _project_counts(participants, PHASES[phase])
    return _set_provenance(out, lambda r: [projects[projects["phase"] == r["phase"]],
                                           counts[counts["phase"] == r["phase"]]])


def _group_label(row: pd.Series, by: str, names: str) -> str:
    return label(row["group_ja"], row[by], names)


def groups_findings(groups: pd.DataFrame, totals: pd.DataFrame, by: str = "region",
                    metric: str = "companies", names: str = "both") -> Findings:
    """What the region or field view shows, from ``groups`` and ``group_totals``."""
    f = Findings("Findings")
    unit = {"companies": "companies", "universities": "university places"}[metric]

    def cut(row: pd.Series, w: dict[str, object]) -> str:
        if bool(row["shown"]):
            return ""
        return f" (not shown: {f.value(groups, 'groups', w, 'rank', fmt_ordinal)}, below the " \
               "top_n cut)"

    two = groups[groups["phase"] == "II"].sort_values("rank", kind="stable")
    if not two.empty:
        parts = []
        for _, row in two.head(3).iterrows():
            w = {"phase": "II", by: row[by]}
            v = f.value(groups, "groups", w, metric, fmt_count)
            s = f.value(groups, "groups", w, f"{metric}_share_pct", fmt_share)
            n = f.value(groups, "groups", w, "n_projects", fmt_count)
            word = "project" if row["n_projects"] == 1 else "projects"
            parts.append(f"{_group_label(row, by, names)} {v} ({s}; {n} {word}){cut(row, w)}")
        f.add(f"Phase II {unit} by {by}, largest first: {'; '.join(parts)}.")
        ratios = two.dropna(subset=["companies_per_university"]).sort_values(
            ["companies_per_university", by])
        if len(ratios) >= 2:
            ends = []
            for row in (ratios.iloc[-1], ratios.iloc[0]):
                w = {"phase": "II", by: row[by]}
                r = f.value(groups, "groups", w, "companies_per_university",
                            fmt_per_university)
                ends.append(f"{r} ({_group_label(row, by, names)}){cut(row, w)}")
            f.add(f"Companies per university place run from {ends[0]} down to {ends[1]}.")
        if by == "field":
            w = {"phase": "II"}
            m = f.value(totals, "group_totals", w, "multi_field_projects", fmt_count)
            over_g = f.value(totals, "group_totals", w, f"{metric}_over_groups", fmt_count)
            over_p = f.value(totals, "group_totals", w, f"{metric}_over_projects", fmt_count)
            f.add(f"{m} phase II projects list several fields and count in each, so the "
                  f"fields add up to {over_g} {unit} against {over_p} over the projects.")
    one = groups[groups["phase"] == "I"]
    if not one.empty:
        most = one[one["n_projects"] == one["n_projects"].max()]
        w0 = {"phase": "I", by: most.iloc[0][by]}
        n = f.value(groups, "groups", w0, "n_projects", fmt_count)
        who = ", ".join(_group_label(r, by, names) + cut(r, {"phase": "I", by: r[by]})
                        for _, r in most.iterrows())
        f.add(f"In phase I the documents give projects only, no participants per project; "
              f"the most projects per {by}, {n}, are in {who}.")
    if not one.empty and not two.empty and by == "region":
        changed = []
        for g in sorted(set(one[by]) | set(two[by]),
                        key=lambda r: REGIONS.index(r) if r in REGIONS else 99):
            a, b = one[one[by] == g], two[two[by] == g]
            na = 0 if a.empty else int(a["n_projects"].iloc[0])
            nb = 0 if b.empty else int(b["n_projects"].iloc[0])
            if na == nb:
                continue
            ta = "none" if a.empty else f.value(groups, "groups", {"phase": "I", by: g},
                                                "n_projects", fmt_count)
            tb = "none" if b.empty else f.value(groups, "groups", {"phase": "II", by: g},
                                                "n_projects", fmt_count)
            row = (a if not a.empty else b).iloc[0]
            changed.append(f"{_group_label(row, by, names)} {ta} → {tb}")
        if changed:
            f.add("Projects per region from phase I to phase II (same region rule in both): "
                  + "; ".join(changed) + "; the other regions keep their number.")
        else:
            f.add("Every region has as many projects in phase II as in phase I.")
    if not one.empty and not two.empty and by == "field":
        bases = "; ".join(dict.fromkeys(groups["field_basis"].dropna()))
        f.add(f"The two phases' fields are different classifications ({bases}), so project "
              "counts per field are not compared across the phases.")
    return f


# --------------------------------------------------------------------------- phase I → II


def growth(participants: pd.DataFrame) -> pd.DataFrame:
    """Phase I (METI 2005) → phase II (MEXT 2008a): projects, companies, universities, as
    stated.

    A measure is ``comparable`` only when both documents count the same thing (the same
    ``participant_type``): projects are; companies are not — 2005 counts SMEs, 2008
    中堅・中小企業 (mid-sized and small companies), a wider group — so the change in
    companies is given as written, marked ``definition_changed``, and not as growth of one
    group. Researchers (2005) and universities (2008) count different units: no change.
    """
    prog = _headline(participants)
    prog = prog[(prog["group_id"] == METI) & (prog["group_kind"] == "programme")]

    def pick(phase: str, ptype: str) -> pd.Series | None:
        rows = prog[(prog["phase"] == phase) & (prog["participant_type"] == ptype)]
        return None if rows.empty else rows.iloc[0]

    # measure, phase I row, phase II row, whether a change is meaningful at all
    specs = [
        ("projects", pick("I", "projects"), pick("II", "projects"), True),
        ("companies", pick("I", "smes"), pick("II", "companies"), True),
        ("universities", pick("I", "researchers"), pick("II", "universities"), False),
    ]
    rows = []
    for measure, one, two, countable in specs:
        same = one is not None and two is not None and \
            one["participant_type"] == two["participant_type"]
        rows.append({
            "measure": measure,
            "phase_i": one["count"] if one is not None else pd.NA,
            "phase_ii": two["count"] if two is not None else pd.NA,
            "phase_i_counts": one["participant_type"] if one is not None else pd.NA,
            "phase_ii_counts": two["participant_type"] if two is not None else pd.NA,
            "phase_i_definition": one["detail"] if one is not None else pd.NA,
            "phase_ii_definition": two["detail"] if two is not None else pd.NA,
            "definition_changed": not same,
            "comparable": same,
            "with_change": countable and one is not None and two is not None,
            "phase_i_as_written": one["raw"] if one is not None else pd.NA,
            "phase_ii_as_written": two["raw"] if two is not None else pd.NA,
            "phase_i_as_of": one["as_of"] if one is not None else pd.NA,
            "phase_ii_as_of": two["as_of"] if two is not None else pd.NA,
            "phase_i_lower_bound": bool(one["lower_bound"]) if one is not None else pd.NA,
            "phase_ii_approximate": bool(two["approximate"]) if two is not None else pd.NA,
            "_rows": [r for r in (one, two) if r is not None],
        })
    out = pd.DataFrame(rows)
    for c in ("phase_i", "phase_ii", "phase_i_as_of", "phase_ii_as_of"):
        out[c] = out[c].astype("Int64")
    change = out["phase_ii"] - out["phase_i"]
    out["change"] = change.where(out["with_change"]).astype("Int64")
    out["change_pct"] = (out["change"].astype("Float64") / out["phase_i"] * 100)
    for c in ("definition_changed", "comparable", "phase_i_lower_bound",
              "phase_ii_approximate"):
        out[c] = out[c].astype("boolean")
    for c in ("phase_i_counts", "phase_ii_counts", "phase_i_definition",
              "phase_ii_definition", "phase_i_as_written", "phase_ii_as_written"):
        out[c] = out[c].astype("string")
    picked = [r for rs in out["_rows"] for r in rs]
    out = _set_provenance(out, lambda r: [pd.DataFrame(r["_rows"])])
    out = out.drop(columns=["_rows", "with_change"])
    out = attach(out, picked)
    return out[["measure", "phase_i", "phase_ii", "change", "change_pct", "comparable",
                "definition_changed", "phase_i_as_of", "phase_ii_as_of", "phase_i_counts",
                "phase_ii_counts",
                "phase_i_definition", "phase_ii_definition", "phase_i_as_written",
                "phase_ii_as_written", "phase_i_lower_bound", "phase_ii_approximate",
                "source", "line"]]


def continuity(crosswalk: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """How the phase I projects became the phase II ones: links counted by confidence.

    One row per confidence level (certain, likely, possible, none) with the number of phase
    I projects and of distinct phase II projects they link to; a last row counts phase II
    projects no phase I project links to (new in phase II). ``names_en`` lists the phase I
    projects (as 2005 writes them, in English) and, for the last row, the phase II ones in
    English, whose Japanese names are in ``names_ja``. The crosswalk is a reviewed lookup;
    ``source`` and ``line`` give the documents' lines of the projects it links.
    """
    rows = []
    for conf in ("certain", "likely", "possible", "none"):
        part = crosswalk[crosswalk["confidence"] == conf]
        ids = set(part["phase1_id"]) | set(part["phase2_id"].dropna())
        rows.append((conf, len(part), int(part["phase2_id"].dropna().nunique()),
                     "; ".join(sorted(part["phase1_name_en"].astype(str))), pd.NA, ids))
    linked = set(crosswalk["phase2_id"].dropna())
    new = projects[(projects["phase"] == "II") & ~projects["project_id"].isin(
        linked)].sort_values("project_id")
    rows.append(("new in phase II (no phase I link)", 0, len(new),
                 "; ".join(new["name_en"].astype(str)), "; ".join(new["name_nfkc"].astype(str)),
                 set(new["project_id"])))
    out = pd.DataFrame(rows, columns=["link", "phase1_projects", "phase2_projects", "names_en",
                                      "names_ja", "_ids"])
    out["names_ja"] = out["names_ja"].astype("string")
    out[["phase1_projects", "phase2_projects"]] = out[
        ["phase1_projects", "phase2_projects"]].astype("Int64")
    out = _set_provenance(out, lambda r: [projects[projects["project_id"].isin(r["_ids"])]])
    out["link_basis"] = "lookups/crosswalk.csv (reviewed)"
    return out.drop(columns="_ids")


def growth_findings(change: pd.DataFrame, links: pd.DataFrame, names: str = "both") -> Findings:
    """Phase I → II, from ``growth`` and ``continuity``."""
    f = Findings("Findings")

    def years(measure: str) -> tuple[str, str]:
        w = {"measure": measure}
        return (f.value(change, "growth", w, "phase_i_as_of", fmt_year),
                f.value(change, "growth", w, "phase_ii_as_of", fmt_year))

    w = {"measure": "projects"}
    p1 = f.value(change, "growth", w, "phase_i", fmt_count)
    p2 = f.value(change, "growth", w, "phase_ii", fmt_count)
    y1, y2 = years("projects")
    f.add(f"METI's projects go from {p1} in phase I ({y1}) to {p2} in phase II ({y2}).")
    c = _one(change, measure="companies")
    w = {"measure": "companies"}
    c1 = f.value(change, "growth", w, "phase_i", fmt_count)
    c2 = f.value(change, "growth", w, "phase_ii", fmt_count)
    y1, y2 = years("companies")
    if bool(c["comparable"]):
        pct = f.value(change, "growth", w, "change_pct", fmt_signed_pct)
        f.add(f"Companies go from {c1} ({y1}) to {c2} ({y2}), {pct}.")
    else:
        pct = f.value(change, "growth", w, "change_pct", fmt_signed_pct)
        f.add(f"The company counts are not one measure: {y1} counts {c1} "
              f"{c['phase_i_definition']}, {y2} {_about(c['phase_ii_approximate'])}{c2} "
              f"{gloss(str(c['phase_ii_definition']), names)}, a wider group. The difference "
              f"as written, {pct}, mixes growth with the change of definition, so it is not a "
              "growth rate of either group.")
    u = _one(change, measure="universities")
    w = {"measure": "universities"}
    u1 = f.value(change, "growth", w, "phase_i", fmt_count)
    u2 = f.value(change, "growth", w, "phase_ii", fmt_count)
    y1, y2 = years("universities")
    bound = "over " if bool(u["phase_i_lower_bound"]) else ""
    f.add(f"Universities cannot be compared: {y1} counts {bound}{u1} "
          f"{u['phase_i_definition']}, people, and {y2} "
          f"{_about(u['phase_ii_approximate'])}{u2} universities, institutions.")
    parts = []
    for conf in ("certain", "likely", "possible", "none"):
        row = _one(links, link=conf)
        if int(row["phase1_projects"]) == 0:
            continue
        v = f.value(links, "continuity", {"link": conf}, "phase1_projects", fmt_count)
        parts.append(f"{v} {conf}")
    new = _one(links, link="new in phase II (no phase I link)")
    nv = f.value(links, "continuity", {"link": "new in phase II (no phase I link)"},
                 "phase2_projects", fmt_count)
    have = "project has" if int(new["phase2_projects"]) == 1 else "projects have"
    f.add("The reviewed crosswalk links the phase I projects to phase II ones with these "
          f"confidences: {', '.join(parts)}; {nv} phase II {have} no phase I predecessor "
          f"({label(new['names_ja'], new['names_en'], names)}). Only a *certain* link rests on "
          "a name both documents write; the others are judgements.")
    return f


# --------------------------------------------------------------------------- reconciliation


def reconcile(participants: pd.DataFrame) -> pd.DataFrame:
    """Phase II national totals as stated beside the sum over the listed projects.

    ``ratio`` is the sum over the projects ÷ the stated total, unrounded. A ratio near 1
    does not show that each participant is counted once: the stated total may itself be the
    sum of the project counts. A ratio well above 1 (universities) shows that some are
    counted in several projects, if the stated total counts each once.
    """
    heads = _headline(participants)
    stated = heads[(heads["group_id"] == METI) & (heads["phase"] == "II")]
    projs = heads[(heads["group_kind"] == "project") & (heads["phase"] == "II")]
    rows = []
    for metric in METRICS:
        s = stated[stated["participant_type"] == metric].iloc[0]
        parts = projs[projs["participant_type"] == metric]
        total = int(parts["count"].sum())
        src, lines = _provenance_of(stated[stated["participant_type"] == metric], parts)
        rows.append({
            "measure": metric, "stated": int(s["count"]), "stated_as_written": s["raw"],
            "stated_approximate": bool(s["approximate"]),
            "sum_of_projects": total, "n_projects": len(parts),
            "difference": total - int(s["count"]),
            "difference_pct": (total - int(s["count"])) / int(s["count"]) * 100,
            "ratio": total / int(s["count"]),
            "stated_line": int(s["line"]), "source": src, "line": lines,
        })
    out = pd.DataFrame(rows)
    for c in ("stated", "sum_of_projects", "n_projects", "difference", "stated_line"):
        out[c] = out[c].astype("Int64")
    for c in ("ratio", "difference_pct"):
        out[c] = out[c].astype("Float64")
    out["stated_approximate"] = out["stated_approximate"].astype("boolean")
    for c in ("stated_as_written", "source", "line"):
        out[c] = out[c].astype("string")
    return attach(out, stated[stated["participant_type"].isin(METRICS)],
                  projs[projs["participant_type"].isin(METRICS)])


def reconcile_findings(totals: pd.DataFrame) -> Findings:
    """Stated totals against the sums over the projects, from ``reconciliation``."""
    f = Findings("Findings")
    c = _one(totals, measure="companies")
    w = {"measure": "companies"}
    n = f.value(totals, "reconciliation", w, "n_projects", fmt_count)
    s = f.value(totals, "reconciliation", w, "sum_of_projects", fmt_count)
    st = f.value(totals, "reconciliation", w, "stated", fmt_count)
    d = f.value(totals, "reconciliation", w, "difference", lambda v: fmt_count(abs(v)))
    dp = f.value(totals, "reconciliation", w, "difference_pct",
                 lambda v: fmt_pct(abs(v), 1))
    side = "fewer" if int(c["difference"]) < 0 else "more"
    f.add(f"The {n} project counts of companies add up to {s}, {d} {side} ({dp}) than the "
          f"national figure stated, {_about(c['stated_approximate'])}{st}. That agreement does not "
          "show that each company is counted once: the national figure may itself be the "
          "sum of the project counts, and the documents do not say whether a company can "
          "take part in two projects.")
    u = _one(totals, measure="universities")
    w = {"measure": "universities"}
    s = f.value(totals, "reconciliation", w, "sum_of_projects", fmt_count)
    st = f.value(totals, "reconciliation", w, "stated", fmt_count)
    r = f.value(totals, "reconciliation", w, "ratio", fmt_ratio2)
    f.add(f"Universities do not add up: the projects list {s} university places against "
          f"{_about(u['stated_approximate'])}{st} universities nationally, {r} places per "
          "university. If the national figure counts each university once, a university "
          f"takes part in {r} projects on average, so university counts must not be added "
          "across projects, and companies per university place is not per university.")
    return f


# --------------------------------------------------------------------------- example clusters


EXAMPLE_TYPES = ("companies", "academic institutions", "local government",
                 "financial institutions")


def example_composition(participants: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The example clusters of 2005 by participant type, with each type's share (unrounded)
    of the participants listed for the cluster. One row per fact: ``source``, ``line``,
    ``raw``."""
    ex = clusters[clusters["kind"] == "japanese example"][["cluster_id", "name", "project_id"]]
    rows = participants[participants["group_id"].isin(ex["cluster_id"])
                        & participants["participant_type"].isin(EXAMPLE_TYPES)]
    out = rows[["group_id", "participant_type", "detail", "count", "as_of", "source", "line",
                "raw"]].rename(columns={"group_id": "cluster_id"}).merge(ex, on="cluster_id")
    out["participant_type"] = out["participant_type"].astype("string")
    out["total"] = out.groupby("cluster_id")["count"].transform("sum").astype("Int64")
    out["share_pct"] = out["count"].astype("Float64") / out["total"] * 100
    order = {t: i for i, t in enumerate(EXAMPLE_TYPES)}
    out["_o"] = out["participant_type"].map(order)
    out = out.sort_values(["cluster_id", "_o"]).drop(columns="_o")
    out["as_of"] = out["as_of"].astype("Int64")
    out = out[["cluster_id", "name", "project_id", "participant_type", "detail", "count",
               "share_pct", "total", "as_of", "source", "line", "raw"]].reset_index(drop=True)
    return attach(out, rows)


def examples_vs_phase2(participants: pd.DataFrame, clusters: pd.DataFrame,
                       crosswalk: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Each example cluster's companies (2005) beside the phase II project (2008) its phase I
    project is linked to.

    The example is one cluster inside a phase I project (TAMA is one of six networks of the
    Kanto project), so the phase II figure covers more than the example: two units, two
    years. ``link_confidence`` is the crosswalk's. ``source``/``line``: the example's line
    in METI 2005 and the project's counts line in MEXT 2008a.
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
            "cluster_id": r.cluster_id, "example": r.name, "example_companies": r.count,
            "example_as_of": r.as_of,
            "phase1_project": l2["phase1_name_en"], "phase2_project_id": p2id,
            "phase2_name_ja": p2.loc[p2id, "name_ja"],
            "phase2_name_en": p2.loc[p2id, "name_en"],
            "phase2_companies": p2.loc[p2id, "companies"],
            "phase2_companies_approximate": bool(p2.loc[p2id, "companies_approximate"]),
            "phase2_as_of": p2.loc[p2id, "as_of"],
            "link_confidence": l2["confidence"],
            "_rows": [(r.source, r.line), (p2.loc[p2id, "source"], p2.loc[p2id, "line"])],
        })
    out = pd.DataFrame(rows)
    for c in ("example_companies", "example_as_of", "phase2_companies", "phase2_as_of"):
        out[c] = out[c].astype("Int64")
    out["phase2_companies_approximate"] = out["phase2_companies_approximate"].astype("boolean")
    out = _set_provenance(out, lambda r: [pd.DataFrame(r["_rows"], columns=["source", "line"])])
    return out.drop(columns="_rows").sort_values("cluster_id").reset_index(drop=True)


def examples_findings(comp: pd.DataFrame, examples: pd.DataFrame,
                      names: str = "both") -> Findings:
    """The example clusters, from ``example_composition`` and ``examples_vs_phase2``."""
    f = Findings("Findings")
    companies = comp[comp["participant_type"] == "companies"].sort_values(
        ["share_pct", "cluster_id"])
    lo, hi = companies.iloc[0], companies.iloc[-1]
    tl = f.value(comp, "example_composition", {"cluster_id": lo["cluster_id"],
                                               "participant_type": "companies"}, "share_pct",
                 fmt_share)
    th = f.value(comp, "example_composition", {"cluster_id": hi["cluster_id"],
                                               "participant_type": "companies"}, "share_pct",
                 fmt_share)
    f.add(f"Companies are between {tl} ({lo['name']}) and {th} ({hi['name']}) of the "
          "participants listed for each example.")
    parts = []
    for cid, rows in comp[comp["participant_type"] != "companies"].groupby(
            "cluster_id", sort=True):
        top = rows.sort_values(["count", "participant_type"], ascending=[False, True]).iloc[0]
        w = {"cluster_id": cid, "participant_type": top["participant_type"]}
        n = f.value(comp, "example_composition", w, "count", fmt_count)
        s = f.value(comp, "example_composition", w, "share_pct", fmt_share)
        parts.append(f"{top['name']}: {n} {top['detail']} ({s})")
    f.add("Beside companies, each leans on a different partner: " + "; ".join(parts) + ".")
    parts = []
    for _, r in examples.iterrows():
        w = {"cluster_id": r["cluster_id"]}
        c5 = f.value(examples, "examples_vs_phase2", w, "example_companies", fmt_count)
        y5 = f.value(examples, "examples_vs_phase2", w, "example_as_of", fmt_year)
        c8 = f.value(examples, "examples_vs_phase2", w, "phase2_companies", fmt_count)
        y8 = f.value(examples, "examples_vs_phase2", w, "phase2_as_of", fmt_year)
        parts.append(f"{r['example']} {c5} in {y5}, its phase II project "
                     f"{label(r['phase2_name_ja'], r['phase2_name_en'], names)} "
                     f"{_about(r['phase2_companies_approximate'])}{c8} in {y8} "
                     f"(link: {r['link_confidence']})")
    f.add("Companies of each example and of the phase II project it is linked to: "
          + "; ".join(parts) + ". The example is one cluster of a project, the phase II figure "
          "a whole project, so the two are different units, not growth.")
    return f


# --------------------------------------------------------------------------- overseas


def _kind_of_count(detail: object) -> str:
    """The counted noun, singular and plural written alike ('high-tech company' →
    'high-tech companies')."""
    text = str(detail)
    return text[: -len("company")] + "companies" if text.endswith("company") else text


def _year_label(as_of: object, basis: object) -> str:
    if as_of is None or pd.isna(as_of):
        return "year not given"
    if str(basis) == "inferred footnote":
        return f"{int(as_of)}, inferred"
    return str(int(as_of))


def overseas_companies(participants: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Company counts of the overseas high-tech clusters of METI 2005, by kind of count.

    ``kind`` is the counted noun as written (all companies, high-tech, biotech, medical
    device …): only counts of one kind compare. A cluster's count that is part of a larger
    one ('including about 150 biotech companies') is kept when another cluster has a
    headline count of its kind, with ``part_of`` naming the larger figure. ``year`` says
    the year the count refers to and how it is known: a footnote on the same page, 'inferred'
    (a mark on a page without a legend: the first page's legend is assumed, the document
    does not date it) or 'year not given'. A cluster with no company count in the table
    stays, with an empty count and a ``note``: every cluster of the table is a row.
    """
    ov = clusters[clusters["kind"] == "overseas high-tech"]
    rows = participants[(participants["participant_type"] == "companies")
                        & participants["group_id"].isin(ov["cluster_id"])].copy()
    rows["kind"] = rows["detail"].map(_kind_of_count)
    head = rows[rows["headline"].fillna(False).astype(bool)]
    headline_kinds = set(head["kind"])
    parts = rows[~rows["headline"].fillna(False).astype(bool) & rows["kind"].isin(
        headline_kinds)]
    keep = pd.concat([head, parts])
    out = keep[["group_id", "kind", "detail", "count", "qualifier", "approximate",
                "lower_bound", "headline", "as_of", "as_of_basis", "source", "line",
                "raw"]].rename(columns={"group_id": "cluster_id"})
    whole = head.groupby("group_id").apply(
        lambda g: g.sort_values("count", ascending=False).iloc[0], include_groups=False)
    out["part_of"] = [
        pd.NA if h else f"{fmt_count(whole.loc[c, 'count'])} {whole.loc[c, 'kind']}"
        for c, h in zip(out["cluster_id"], out["headline"], strict=True)]
    out["note"] = pd.NA
    missing = ov[~ov["cluster_id"].isin(rows["group_id"])]
    if not missing.empty:
        gap = pd.DataFrame({
            "cluster_id": missing["cluster_id"], "kind": pd.NA, "detail": pd.NA,
            "count": pd.NA, "headline": pd.NA, "as_of": pd.NA, "as_of_basis": pd.NA,
            "source": missing["source"], "line": missing["line"], "raw": missing["raw"],
            "part_of": pd.NA, "note": "no company count in the table"})
        out = pd.concat([out, gap], ignore_index=True)
    out = ov[["cluster_id", "name", "country"]].merge(out, on="cluster_id")
    out["year"] = [_year_label(a, b) for a, b in zip(out["as_of"], out["as_of_basis"],
                                                    strict=True)]
    for c in ("count", "as_of", "line"):
        out[c] = out[c].astype("Int64")
    for c in ("approximate", "lower_bound", "headline"):
        out[c] = out[c].astype("boolean")
    for c in ("country", "kind", "detail", "qualifier", "as_of_basis", "part_of", "note",
              "year", "source", "raw"):
        out[c] = out[c].astype("string")
    sizes = out.groupby("kind")["cluster_id"].transform("nunique")
    best = out.groupby("kind")["count"].transform("max")
    out = out.assign(_n=sizes.fillna(0), _best=best.astype("Float64").fillna(-1))
    out = out.sort_values(["_n", "_best", "kind", "count", "cluster_id"],
                          ascending=[False, False, True, False, True], na_position="last")
    out = out.drop(columns=["_n", "_best"]).reset_index(drop=True)
    cols = ["cluster_id", "name", "country", "kind", "count", "approximate", "lower_bound",
            "qualifier", "year", "as_of", "as_of_basis", "headline", "part_of", "note",
            "detail", "source", "line", "raw"]
    return attach(out[cols], keep, missing)


def overseas_kinds(table: pd.DataFrame) -> pd.DataFrame:
    """One row per kind of count: how many clusters, the years given (stated or footnoted,
    and inferred) and how many counts have no year."""
    rows = []
    for kind, g in table.dropna(subset=["kind"]).groupby("kind", sort=False):
        years = g["as_of"].dropna()
        rows.append({
            "kind": kind, "clusters": int(g["cluster_id"].nunique()),
            "first_year": int(years.min()) if len(years) else pd.NA,
            "last_year": int(years.max()) if len(years) else pd.NA,
            "inferred_years": int((g["as_of_basis"] == "inferred footnote").sum()),
            "no_year": int(g["as_of"].isna().sum()),
            "_rows": g,
        })
    out = pd.DataFrame(rows)
    for c in ("clusters", "first_year", "last_year", "inferred_years", "no_year"):
        out[c] = out[c].astype("Int64")
    out = _set_provenance(out, lambda r: [r["_rows"]])
    return out.drop(columns="_rows")


def _overseas_item(f: Findings, table: pd.DataFrame, r: pd.Series) -> str:
    w = {"cluster_id": r["cluster_id"], "kind": r["kind"]}
    v = f.value(table, "overseas_companies", w, "count", fmt_count)
    q = "≈" if bool(r["approximate"]) else ("≥" if bool(r["lower_bound"]) else "")
    if pd.isna(r["as_of"]):
        year = "year not given"
    else:
        y = f.value(table, "overseas_companies", w, "as_of", lambda x: str(int(x)))
        year = f"year inferred as {y}" if str(r["as_of_basis"]) == "inferred footnote" else y
    part = ""
    if not pd.isna(r["part_of"]):
        part = f", part of its {f.text(table, 'overseas_companies', w, 'part_of')}"
    return f"{r['name']} {q}{v} ({year}{part})"


def overseas_findings(table: pd.DataFrame, kinds: pd.DataFrame) -> Findings:
    """The overseas clusters, from ``overseas_companies`` and ``overseas_kinds``."""
    f = Findings("Findings")
    shared = kinds[kinds["clusters"] >= 2]
    single = kinds[kinds["clusters"] < 2]
    for _, k in shared.iterrows():
        rows = table[table["kind"] == k["kind"]]
        items = "; ".join(_overseas_item(f, table, r) for _, r in rows.iterrows())
        f.add(f"Counted as {k['kind']}: {items}.")
    if not single.empty:
        items = "; ".join(
            f"{r['kind']}: " + _overseas_item(f, table, r)
            for _, r in table[table["kind"].isin(single["kind"])].iterrows())
        f.add(f"Each of the other kinds is counted for one cluster only, so it compares with "
              f"nothing: {items}.")
    missing = table[table["kind"].isna()]
    if not missing.empty:
        f.add(f"{', '.join(missing['name'])}: {missing['note'].iloc[0]}.")
    f.add("Even within a kind, the counts refer to different years, and an inferred year is "
          "an assumption, not the document's date. These are companies located in an area; "
          "the Japanese counts above are companies taking part in a government project, a "
          "different measure, so the two are not compared.")
    return f


# --------------------------------------------------------------------------- tables




def table(df: pd.DataFrame, name: str, *, columns: Sequence[str], **kwargs: object) -> Table:
    """:func:`clusteranalysis.present.table` with the study's formats filled in: whole
    numbers with thousands separators (fmt_count), booleans as yes/no; ``formats`` given
    by the caller win."""
    formats: dict[str, Callable[[object], str]] = {}
    for c in columns:
        dtype = df[c].dtype
        if pd.api.types.is_bool_dtype(dtype):
            formats[c] = fmt_yes_no
        elif c == "line" or c.endswith("_line"):
            continue
        elif c == "as_of" or c.endswith("_as_of"):
            formats[c] = fmt_year
        elif pd.api.types.is_integer_dtype(dtype):
            formats[c] = fmt_count
    formats.update(kwargs.pop("formats", None) or {})  # type: ignore[call-overload]
    return present_table(df, name, columns=columns, formats=formats, **kwargs)  # type: ignore[arg-type]


def _name_columns(df: pd.DataFrame, ja: str, en: str, names: str) -> tuple[list[str],
                                                                            dict[str, str]]:
    cols = {"ja": [ja], "en": [en], "both": [ja, en]}[names]
    return cols, {ja: "name (as written)", en: "name (English)"}


def projects_table(ranked: pd.DataFrame, metric: str = "companies",
                   names: str = "both") -> Table:
    """The phase II projects the figure shows, as an HTML table (line links to MEXT 2008a)."""
    data = ranked[ranked["shown"].fillna(True).astype(bool)].copy()
    data["region_label"] = [label(j, e, names) for j, e in
                            zip(data["region_ja"], data["region"], strict=True)]
    data["field_label"] = [label(j, e, names) for j, e in
                           zip(data["field_ja"], data["field"], strict=True)]
    cols, labels = _name_columns(data, "name_ja", "name_en", names)
    return table(
        data, f"phase2-projects-{metric}",
        columns=["rank", *cols, "region_label", "field_label", "companies_as_written",
                 "universities_as_written", "companies_per_university",
                 f"{metric}_share_pct", "source", "line"],
        labels={**labels, "rank": f"rank by {metric}", "region_label": "region",
                "field_label": "field", "companies_as_written": "companies (as written)",
                "universities_as_written": "universities (as written)",
                "companies_per_university": "companies per university place",
                f"{metric}_share_pct": f"share of the {metric} listed", "source": "file"},
        formats={"companies_per_university": fmt_per_university,
                 f"{metric}_share_pct": fmt_share})


def groups_table(groups: pd.DataFrame, by: str = "region", names: str = "both") -> Table:
    """The region or field view as an HTML table; the note cites every line summed."""
    data = groups[groups["shown"].fillna(True).astype(bool)].copy()
    data["group_label"] = [label(j, e, names) for j, e in
                           zip(data["group_ja"], data[by], strict=True)]
    extra = ["field_basis"] if by == "field" else []
    return table(
        data, f"groups-{by}",
        columns=["phase", "as_of", "group_label", "n_projects", "multi_field_projects",
                 "companies", "universities", "companies_per_university", *extra],
        labels={"as_of": "year", "group_label": by, "n_projects": "projects",
                "multi_field_projects": "of which multi-field",
                "companies": "companies (sum over projects)",
                "universities": "university places (sum over projects)",
                "companies_per_university": "companies per university place",
                "field_basis": "fields from"},
        formats={"as_of": fmt_year, "companies_per_university": fmt_per_university},
        cited=[citable(data)])


def growth_table(change: pd.DataFrame, names: str = "both") -> Table:
    """Phase I → II as stated, with the definition each document counts."""
    data = change.copy()
    data["phase_ii_definition"] = [gloss(str(d), names) for d in data["phase_ii_definition"]]
    return table(
        data, "growth",
        columns=["measure", "phase_i_as_of", "phase_i_as_written", "phase_i_definition",
                 "phase_ii_as_of", "phase_ii_as_written", "phase_ii_definition",
                 "definition_changed", "comparable", "change", "change_pct"],
        labels={"phase_i_as_of": "phase I year", "phase_i_as_written": "phase I as written",
                "phase_i_definition": "phase I counts", "phase_ii_as_of": "phase II year",
                "phase_ii_as_written": "phase II as written",
                "phase_ii_definition": "phase II counts",
                "definition_changed": "definition changed", "change": "change as written",
                "change_pct": "change as written (%)"},
        formats={"phase_i_as_of": fmt_year, "phase_ii_as_of": fmt_year,
                 "change_pct": fmt_signed_pct},
        cited=[citable(change)])


def continuity_table(links: pd.DataFrame, names: str = "both") -> Table:
    data = links.copy()
    data["names"] = [label(j, e, names) for j, e in
                     zip(data["names_ja"], data["names_en"], strict=True)]
    return table(data, "continuity",
                 columns=["link", "phase1_projects", "phase2_projects", "names"],
                 labels={"link": "crosswalk link", "phase1_projects": "phase I projects",
                         "phase2_projects": "phase II projects"},
                 note="Source: lookups/crosswalk.csv (a reviewed judgement, not a statement "
                      "of the documents); " + citable_note(links), cited=[citable(links)])


def citable_note(df: pd.DataFrame) -> str:
    """The plain source note of a result table's rows ('Sources: …')."""
    return caption(citable(df)).plain()


def reconciliation_table(totals: pd.DataFrame) -> Table:
    return table(totals, "reconciliation",
                 columns=["measure", "stated_as_written", "stated", "sum_of_projects",
                          "n_projects", "difference", "difference_pct", "ratio"],
                 labels={"stated_as_written": "stated, as written",
                         "stated": "stated national total", "sum_of_projects":
                         "sum over the projects", "n_projects": "projects",
                         "difference_pct": "difference (%)", "ratio": "sum ÷ stated"},
                 formats={"difference_pct": lambda v: fmt_pct(v, 1), "ratio": fmt_ratio2},
                 cited=[citable(totals)])


def examples_tables(comp: pd.DataFrame, examples: pd.DataFrame,
                    names: str = "both") -> tuple[Table, Table]:
    one = table(comp, "example-composition",
                columns=["name", "participant_type", "detail", "count", "share_pct", "source",
                         "line"],
                labels={"name": "example cluster", "participant_type": "participant type",
                        "detail": "as written", "share_pct": "share of those listed",
                        "source": "file"},
                formats={"share_pct": fmt_share})
    data = examples.copy()
    data["phase2"] = [label(j, e, names) for j, e in
                      zip(data["phase2_name_ja"], data["phase2_name_en"], strict=True)]
    two = table(data, "examples-vs-phase2",
                columns=["example", "example_as_of", "example_companies", "phase2",
                         "phase2_as_of", "phase2_companies", "link_confidence"],
                labels={"example_as_of": "year", "example_companies": "companies (example)",
                        "phase2": "phase II project it is linked to", "phase2_as_of": "year ",
                        "phase2_companies": "companies (whole project)",
                        "link_confidence": "crosswalk link"},
                formats={"example_as_of": fmt_year, "phase2_as_of": fmt_year},
                cited=[citable(examples)])
    return one, two


def overseas_table(table_: pd.DataFrame) -> Table:
    return table(table_, "overseas-companies",
                 columns=["kind", "name", "country", "count", "qualifier", "year", "part_of",
                          "note", "source", "line"],
                 labels={"kind": "kind of count", "name": "cluster", "year": "year it refers to",
                         "part_of": "part of", "source": "file"})


# --------------------------------------------------------------------------- figures


def _bar_labels(ax: plt.Axes, values: Sequence[float], texts: Sequence[str]) -> None:
    right = ax.get_xlim()[1]
    for i, (v, t) in enumerate(zip(values, texts, strict=True)):
        ax.text(float(v) + right * 0.01, i, t, va="center", fontsize=9)


def _unit(metric: str) -> str:
    return {"companies": "companies (中堅・中小企業)",
            "universities": "university places (大学, 高専 included)"}[metric]


def projects_caption(ranked: pd.DataFrame, projects: pd.DataFrame, metric: str = "companies",
                     names: str = "both") -> Caption:
    """The source line under the phase II projects figure."""
    flags = ranked["shown"].fillna(True).astype(bool)
    shown = ranked[flags]
    cut = ""
    if len(shown) < len(ranked):
        cut = " The largest only (top_n)."
        hidden = ranked[~flags]
        ties = int((hidden[metric] == shown[metric].iloc[-1]).sum())
        if ties:
            cut += (f" {fmt_count(ties)} more {'project ties' if ties == 1 else 'projects tie'}"
                    " with the last shown; ties are cut in project-id order.")
    approx = " 約: the document gives the company count as approximate." \
        if metric == "companies" else ""
    return caption(citable(shown),
                   text=f"{region_rule(projects, shown, names)}{approx}{cut}")


def plot_projects(ranked: pd.DataFrame, projects: pd.DataFrame, metric: str = "companies",
                  names: str = "both") -> Figure:
    """The phase II projects ranked by ``metric`` (the shown ones), coloured by region."""
    data = ranked[ranked["shown"].fillna(True).astype(bool)].reset_index(drop=True)
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
             + fmt_count(getattr(r, metric)) for r in data.itertuples(index=False)]
    _bar_labels(ax, data[metric].astype(float).tolist(), texts)
    figures.thousands(ax.xaxis)
    years = ", ".join(fmt_year(y) for y in sorted(set(data["as_of"].dropna())))
    ax.set_title(f"METI Industrial Cluster Project phase II: {metric} per project ({years})")
    ax.set_xlabel(f"Participating {_unit(metric)}, number")
    ja = _region_ja(projects)
    present = [r for r in REGIONS if r in set(data["region"])]
    handles = [Patch(color=colours[r], label=label(ja.get(r), r, names)) for r in present]
    ax.legend(handles=handles, title="Region (METI regional bureau)", loc="lower right",
              ncol=2, fontsize=8.5)
    return figures.finish(fig, projects_caption(ranked, projects, metric, names).plain())


def groups_caption(groups: pd.DataFrame, projects: pd.DataFrame, by: str = "region",
                   names: str = "both", metric: str = "companies") -> Caption:
    shown = groups[groups["shown"].fillna(True).astype(bool)]
    notes = []
    if by == "region":
        notes.append(region_rule(projects, projects[projects["phase"].isin(set(groups["phase"]))],
                                 names))
    else:
        bases = "; ".join(f"phase {p}: {b}" for p, b in groups.drop_duplicates("phase")[
            ["phase", "field_basis"]].itertuples(index=False))
        notes.append("A project listing several fields counts in each, so field sums exceed "
                     f"the sums over the projects. Fields — {bases}.")
    if len(shown) < len(groups):
        notes.append("The largest groups of each phase only (top_n).")
        for ph, g in groups.groupby("phase", sort=False):
            key = metric if ph == "II" else "n_projects"
            flags = g["shown"].fillna(True).astype(bool)
            if flags.all() or not flags.any():
                continue
            ties = int((g[~flags][key] == g[flags][key].iloc[-1]).sum())
            if ties:
                notes.append(f"Phase {ph}: {fmt_count(ties)} more "
                             f"{'group ties' if ties == 1 else 'groups tie'} with the last "
                             "shown; ties are cut in alphabetical order.")
    return caption(citable(shown), text=" ".join(notes))


def plot_by_group(groups: pd.DataFrame, projects: pd.DataFrame, by: str = "region",
                  metric: str = "companies", names: str = "both") -> Figure:
    """Projects per group (phase I and/or II) beside the metric per group (phase II only)."""
    data = groups[groups["shown"].fillna(True).astype(bool)]
    phases = list(dict.fromkeys(data["phase"]))
    # phase II's ranking first (it has the metric), then groups only phase I has
    order = list(dict.fromkeys([*data[data["phase"] == "II"][by], *data[by]]))
    ja = dict(zip(groups[by], groups["group_ja"], strict=True))
    ylabels = [label(ja.get(g), g, names) for g in order]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 0.5 * len(order) + 2.0),
                                      sharey=True, gridspec_kw={"width_ratios": [1, 1.5]})
    y = np.arange(len(order))
    width = 0.8 / len(phases)
    phase_colours = {"I": "#b8b8b8", "II": "#5a5a5a"}
    for k, ph in enumerate(phases):
        part = data[data["phase"] == ph].set_index(by)
        vals = [float(part.loc[g, "n_projects"]) if g in part.index else 0.0 for g in order]
        off = (k - (len(phases) - 1) / 2) * width
        year = part["as_of"].dropna()
        left.barh(y + off, vals, height=width * 0.95, color=phase_colours[ph],
                  label=f"phase {ph}" + (f" ({fmt_year(year.iloc[0])})" if len(year) else ""))
        for yi, v in zip(y + off, vals, strict=True):
            if v:
                left.text(v + 0.05, yi, fmt_count(v), va="center", fontsize=8.5)
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
    two = data[data["phase"] == "II"].set_index(by)
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
            text = fmt_count(v)
            cpu = two.loc[g, "companies_per_university"]
            if metric == "companies" and not pd.isna(cpu):
                text += f"  ({fmt_per_university(cpu)} per univ. place)"
            right.text(v + right.get_xlim()[1] * 0.01, yi, text, va="center", fontsize=8.5)
        figures.thousands(right.xaxis)
        right.set_xlabel("Companies (中堅・中小企業), number: sum over projects"
                         if metric == "companies" else
                         "University places, number (a university counts once per project)")
    year = data[data["phase"] == "II"]["as_of"].dropna()
    right.set_title(f"Phase II {metric} per {by}"
                    + (f" ({fmt_year(year.iloc[0])})" if len(year) else ""))
    return figures.finish(fig, groups_caption(groups, projects, by, names, metric).plain())


def growth_caption(table: pd.DataFrame) -> Caption:
    return caption(citable(table), text="Hatched: the count's definition changed between the "
                   "documents (not like for like). 約: approximate; over: a lower bound.")


def plot_growth(table: pd.DataFrame, names: str = "both") -> Figure:
    """Phase I and phase II side by side, one panel per measure; a measure whose definition
    changed is hatched and says so; units that differ are not drawn on one axis."""
    widths = [0.75 if m == "universities" else 1.0 for m in table["measure"]]
    fig, axes = plt.subplots(1, len(table), figsize=(4.2 * sum(widths), 4.4),
                             gridspec_kw={"width_ratios": widths})
    for ax, r in zip(np.atleast_1d(axes), table.itertuples(index=False), strict=True):
        one = f"{'over ' if r.phase_i_lower_bound else ''}{fmt_count(r.phase_i)}"
        two = f"{'約' if r.phase_ii_approximate else ''}{fmt_count(r.phase_ii)}"
        d1 = figures.wrap_label(str(r.phase_i_definition), 22, 2)
        d2 = figures.wrap_label(gloss(str(r.phase_ii_definition), names), 24, 3)
        if r.measure == "universities":
            ax.axis("off")
            ax.set_title("Universities: not compared")
            ax.text(0.5, 0.55, f"{fmt_year(r.phase_i_as_of)}: {one}\n{d1}\n\n"
                    f"{fmt_year(r.phase_ii_as_of)}: {two}\n{d2}\n\ndifferent units "
                    "(people, institutions)", ha="center", va="center",
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
        if changed:
            ax.set_title(f"{r.measure.capitalize()}: definition changed\n"
                         f"({fmt_signed_pct(r.change_pct)} as written, not like for like)",
                         fontsize=11)
        else:
            ax.set_title(f"{r.measure.capitalize()} ({fmt_signed_pct(r.change_pct)})")
        ax.set_ylabel(f"{r.measure.capitalize()}, number")
    return figures.finish(fig, growth_caption(table).plain())


def reconciliation_caption(table: pd.DataFrame) -> Caption:
    return caption(citable(table), text="Sum ÷ stated, two decimals; the project counts of "
                   "companies are rounded (約).")


def plot_reconciliation(table: pd.DataFrame) -> Figure:
    """Stated national totals beside the sums over the projects, one panel per measure."""
    fig, axes = plt.subplots(1, len(table), figsize=(9, 3.9))
    for ax, r in zip(np.atleast_1d(axes), table.itertuples(index=False), strict=True):
        values = [float(r.stated), float(r.sum_of_projects)]
        ax.bar(["stated national\ntotal", f"sum over the\n{r.n_projects} projects"], values,
               color=["#b8b8b8", "#5a5a5a"])
        texts = [("約" if r.stated_approximate else "") + fmt_count(r.stated),
                 fmt_count(r.sum_of_projects)]
        for x, (v, t) in enumerate(zip(values, texts, strict=True)):
            ax.text(x, v, t, ha="center", va="bottom", fontsize=10)
        ax.set_ylim(0, max(values) * 1.18)
        figures.thousands(ax.yaxis)
        unit = "companies" if r.measure == "companies" else "universities / places"
        ax.set_title(f"{r.measure.capitalize()}: sum ÷ stated = {fmt_ratio2(r.ratio)}")
        ax.set_ylabel(f"{unit.capitalize()}, number")
    return figures.finish(fig, reconciliation_caption(table).plain())


def examples_caption(comp: pd.DataFrame) -> Caption:
    return caption(citable(comp), text=f"Counts as {_cited_as(comp)} lists them for each "
                   "example.")


def plot_examples(comp: pd.DataFrame) -> Figure:
    """The example clusters' participants by type, stacked, with each type's share."""
    wide = comp.pivot(index="name", columns="participant_type", values="count")
    wide = wide[[t for t in EXAMPLE_TYPES if t in wide.columns]].sort_index()
    share = comp.pivot(index="name", columns="participant_type", values="share_pct")
    fig, ax = plt.subplots(figsize=(10, 3.8))
    left = np.zeros(len(wide))
    colours = ["#5a5a5a", "#9ecae1", "#fdae6b", "#a1d99b"]
    labels = [figures.wrap_label(n, 30) for n in wide.index]
    for colour, col in zip(colours, wide.columns, strict=False):
        vals = wide[col].astype(float).to_numpy()
        ax.barh(labels, vals, left=left, color=colour, label=col, edgecolor="white")
        for y, (lft, v, name) in enumerate(zip(left, vals, wide.index, strict=True)):
            if v >= 30:
                ax.text(lft + v / 2, y, f"{fmt_count(v)}\n{fmt_share(share.loc[name, col])}",
                        ha="center", va="center", fontsize=8,
                        color="white" if col == "companies" else "black")
        left += vals
    ax.invert_yaxis()
    years = ", ".join(fmt_year(y) for y in sorted(set(comp["as_of"].dropna())))
    ax.set_xlabel(f"Participants, number ({years})")
    ax.set_title(f"Example clusters of phase I by participant type ({years})")
    ax.legend(title="Participant type", loc="upper center", bbox_to_anchor=(0.5, -0.22),
              ncol=4, frameon=False)
    return figures.finish(fig, examples_caption(comp).plain())


def overseas_caption(table: pd.DataFrame) -> Caption:
    return caption(citable(table), text="Each group is one kind of count; compare within a "
                   "group only. Years from the table's footnote legend; 'inferred': the mark "
                   "stands on a page without the legend, the first page's is assumed. "
                   "≈ about, ≥ or more. Log scale.")


def plot_overseas(table: pd.DataFrame) -> Figure:
    """Overseas clusters' company counts as dots, grouped by kind of count, each labelled
    with the kind and the year it refers to; a cluster with no count is listed too."""
    rows: list[tuple[str, pd.Series | None]] = []
    kinds = list(dict.fromkeys(table["kind"].fillna("no company count")))
    for kind in kinds:
        part = table[table["kind"].fillna("no company count") == kind]
        rows.append((kind, None))
        rows.extend((kind, r) for _, r in part.iterrows())
    n = len(rows)
    fig, ax = plt.subplots(figsize=(10.5, 0.36 * n + 1.8))
    counts = table["count"].dropna().astype(float)
    lo, hi = counts.min() / 2, counts.max() * 40
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
        ax.text(float(r["count"]) * 1.25, yi, f"{q}{fmt_count(r['count'])} {r['kind']} "
                f"({r['year']}{part})", va="center", fontsize=8.5)
    ax.set_yticks(range(n), labels, fontsize=9)
    for tick, (_, r) in zip(ax.get_yticklabels(), rows, strict=True):
        if r is None:
            tick.set_fontsize(10)
            tick.set_color("0.25")
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    figures.thousands(ax.xaxis)
    ax.set_xlabel("Companies, number (log scale)")
    ax.set_title(f"Overseas high-tech clusters ({_cited_as(table)}): companies by kind of "
                 "count")
    handles = [Line2D([], [], marker="o", ls="", color="0.3", label="year from a footnote"),
               Line2D([], [], marker="o", ls="", color="0.3", mfc="white", mew=1.8,
                      label="year inferred (no legend on its page)"),
               Line2D([], [], marker="D", ls="", color="0.3", ms=6.5, label="year not given")]
    ax.legend(handles=handles, loc="lower right", fontsize=8.5, title="Colour: country",
              title_fontsize=8.5)
    return figures.finish(fig, overseas_caption(table).plain())
