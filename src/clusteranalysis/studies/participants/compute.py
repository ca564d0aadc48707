"""The participants study's computations: processed tables in, result tables out.

Each function takes the tables it reads as arguments and returns a sorted DataFrame; none
reads a file or the catalogue (the documents' years and citations come from the processed
``documents`` table). :func:`results` computes every result table of the notebook once, as
:mod:`clusteranalysis.metadata.results.participants` declares them.

Every result row carries ``source`` and ``line``: a row read from one line keeps that line;
a row computed from several (a sum over a region's projects) carries them all, as
:func:`clusteranalysis.provenance.citations.with_provenance` writes them. Ratios and shares
are stored unrounded; the display rounds them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.dtypes import coerce
from clusteranalysis.metadata.results.participants import RESULTS
from clusteranalysis.provenance.citations import with_provenance
from clusteranalysis.studies.participants import labels
from clusteranalysis.studies.participants.overseas import overseas_companies, overseas_kinds
from clusteranalysis.studies.participants.register import (
    Definition,
    definitions,
    example_definitions,
    pair_definition,
)

METI = vocab.METI_CLUSTER
#: What projects and groups are ranked by (the participant types counted per project).
METRICS = vocab.PROJECT_METRICS
#: The phases each value of the ``phase`` parameter shows.
PHASES: dict[str, tuple[str, ...]] = {**{p: (p,) for p in vocab.PHASES}, "both": vocab.PHASES}
#: The build's reconciliation checks (data/processed/reconciliation.csv) this study shows:
#: phase II's stated national totals against the sums over its projects.
NATIONAL_CHECKS = {"companies": "phase2_companies", "universities": "phase2_universities"}
#: Phase I → phase II, one row per measure: what each document counts for it
#: (``participant_type``), and whether a change between the two may be given at all.
GROWTH_MEASURES = (
    ("projects", "projects", "projects", True),
    ("companies", "smes", "companies", True),
    ("universities", "researchers", "universities", False),
)
#: The participant types of the example clusters, in the order METI 2005 lists them.
EXAMPLE_TYPES = ("companies", "academic institutions", "local government",
                 "financial institutions")
#: The crosswalk's confidences, and the label of the phase II projects it links to nothing.
LINKS = vocab.CONFIDENCES
NEW_IN_PHASE_II = "new in phase II (no phase I link)"


# --------------------------------------------------------------------------- helpers


def _headline(participants: pd.DataFrame) -> pd.DataFrame:
    return participants[participants["headline"].fillna(False).astype(bool)]


def _project_counts(participants: pd.DataFrame, phases: Sequence[str]) -> pd.DataFrame:
    """The headline company and university counts of the projects of ``phases``."""
    counts = _headline(participants)
    return counts[(counts["group_kind"] == "project") & counts["phase"].isin(list(phases))
                  & counts["participant_type"].isin(METRICS)]


def _lines(*frames: pd.DataFrame) -> pd.DataFrame:
    """The ``source`` and ``line`` of the rows of ``frames``, one frame."""
    return pd.concat([f[["source", "line"]] for f in frames], ignore_index=True)


def _ranked(df: pd.DataFrame, key: str, top_n: int | None) -> pd.DataFrame:
    """``rank`` by ``key`` (largest first, ties share one) and ``shown`` for the first
    ``top_n`` rows (all when None) of ``df``, already sorted."""
    out = df.reset_index(drop=True)
    rank = out[key].astype("Float64").rank(method="min", ascending=False).astype("Int64")
    shown = pd.array([top_n is None or i < top_n for i in range(len(out))], dtype="boolean")
    return out.assign(rank=rank, shown=shown)


def citations(documents: pd.DataFrame, sources: object) -> str:
    """The short citations of ``sources`` ('METI 2005'), from the ``documents`` table."""
    cited = documents.set_index("source")["citation"]
    return " and ".join(str(cited.get(s, s)) for s in sorted(set(sources)))  # type: ignore[call-overload]


def _phase_year(projects: pd.DataFrame, participants: pd.DataFrame, documents: pd.DataFrame,
                phase: str) -> int | None:
    """The year a phase's figures refer to: the project counts' ``as_of`` where there are
    counts (phase II), else the year of the document that lists the projects."""
    years = set(_project_counts(participants, [phase])["as_of"].dropna().astype(int))
    if not years:
        listed = set(projects[projects["phase"] == phase]["source"])
        years = set(documents[documents["source"].isin(listed)]["year"].astype(int))
    return max(years) if years else None


# --------------------------------------------------------------------------- phase II projects


def project_counts(projects: pd.DataFrame, participants: pd.DataFrame,
                   phase: str = "II") -> pd.DataFrame:
    """The projects of ``phase`` as one wide table: names (as written, NFKC, English),
    region, field, companies and universities (and their text as written), companies per
    university, and every line the row stands on (the name's and the counts').

    ``participants`` has one row per count, so a project's companies and universities are
    two rows: this is their pivot, joined to ``projects`` (``group_id`` = ``project_id``).
    A university counts once in each project it takes part in, so the ratio is per
    university place. Only phase II gives counts per project.
    """
    counts = _project_counts(participants, [phase])
    if counts.empty:
        raise ClusterAnalysisError(f"no company or university counts for phase {phase!r}")
    by_type = {t: counts[counts["participant_type"] == t].set_index("group_id")
               for t in METRICS}
    out = projects[projects["phase"] == phase][
        ["project_id", "name", "name_nfkc", "name_en", "region", "region_ja",
         "region_basis", "field", "field_source"]].reset_index(drop=True)
    for t in METRICS:
        out[t] = out["project_id"].map(by_type[t]["count"]).astype("Int64")
        out[f"{t}_as_written"] = out["project_id"].map(by_type[t]["raw"])
    out["companies_approximate"] = out["project_id"].map(by_type["companies"]["approximate"])
    out["as_of"] = out["project_id"].map(by_type["companies"]["as_of"]).astype("Int64")
    out["companies_per_university"] = out["companies"].astype("Float64") / out["universities"]

    def rows_of(row: pd.Series) -> pd.DataFrame:
        pid = row["project_id"]
        return _lines(projects[projects["project_id"] == pid], counts[counts["group_id"] == pid])

    return with_provenance(out, rows_of)


def companies_per_university(projects: pd.DataFrame, participants: pd.DataFrame,
                             phase: str = "II") -> pd.DataFrame:
    """Each project of ``phase`` with its companies, universities and companies per
    university, the most first (the start-here notebook's worked example: a pivot and a
    join, :func:`project_counts`). ``name`` is the name exactly as written; ``source`` and
    ``line`` name the project's name and counts in the document (002 writes a name on one
    line, its counts on the next)."""
    wide = project_counts(projects, participants, phase)
    out = wide.sort_values(["companies_per_university", "project_id"],
                           ascending=[False, True], kind="stable").reset_index(drop=True)
    return out[["project_id", "name", "name_en", "region", "field", "companies",
                "universities", "companies_per_university", "source", "line"]]


def phase2_projects(projects: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The phase II projects with their companies, universities and the ratio of the two.

    ``name_ja`` is the NFKC form of the Japanese name (ＴＯＨＯＫＵ → TOHOKU), ``name_en``
    the lookup's English; ``field_ja`` the field words as written. The counts and their
    text as written (``companies_as_written``, ``universities_as_written``) stand on one
    line of the document: ``source`` and ``line`` (the name's line is in ``projects``).
    Shares are of the sums over the listed projects (not of the stated national totals).
    Sorted by companies (largest first), then project id.
    """
    out = project_counts(projects, participants, "II").rename(columns={"name_nfkc": "name_ja"})
    out["field_ja"] = [unicodedata.normalize("NFKC", str(f)) for f in out["field_source"]]
    for t in METRICS:
        out[f"{t}_share_pct"] = out[t].astype("Float64") / out[t].sum() * 100
    companies = _project_counts(participants, ["II"])
    companies = companies[companies["participant_type"] == "companies"].set_index("group_id")
    out["source"] = out["project_id"].map(companies["source"])
    out["line"] = out["project_id"].map(companies["line"]).astype("Int64")
    out = out.sort_values(["companies", "project_id"], ascending=[False, True])
    return out[["project_id", "name_ja", "name_en", "region", "region_ja", "region_basis",
                "field", "field_ja", "companies", "companies_as_written", "universities",
                "universities_as_written", "companies_approximate", "as_of",
                "companies_per_university", "companies_share_pct", "universities_share_pct",
                "source", "line"]].reset_index(drop=True)


def rank_projects(table: pd.DataFrame, metric: str = "companies",
                  top_n: int | None = None) -> pd.DataFrame:
    """Every phase II project ranked by ``metric`` (largest first, ties by project id).

    ``rank`` is the rank by ``metric`` (ties share one); ``shown`` marks the first
    ``top_n`` rows, the ones the figure and the table show (all when ``top_n`` is None).
    The other rows stay, so a finding can name a project the cut leaves out.
    """
    out = _ranked(table.sort_values([metric, "project_id"], ascending=[False, True]), metric,
                  top_n)
    return out[["project_id", "rank", "shown", *[c for c in table.columns if c != "project_id"]]]


# --------------------------------------------------------------------------- groups


def by_group(projects: pd.DataFrame, participants: pd.DataFrame, documents: pd.DataFrame,
             phase: str = "II", by: str = "region", metric: str = "companies",
             top_n: int | None = None) -> pd.DataFrame:
    """Projects, companies and universities per region or field (``by``; the region or
    field is ``group``), for phase I, II or both.

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
    counts = _project_counts(participants, PHASES[phase])
    frames = []
    members: dict[tuple[str, str], list[str]] = {}
    for ph in PHASES[phase]:
        base = projects[projects["phase"] == ph][["project_id", "region", "field"]].copy()
        for t in METRICS:
            rows = counts[(counts["participant_type"] == t) & (counts["phase"] == ph)]
            base[t] = base["project_id"].map(rows.set_index("group_id")["count"]).astype(
                "Int64")
            if t == "companies":  # a group's sum is approximate when one of its counts is
                base["companies_approximate"] = base["project_id"].map(
                    rows.set_index("group_id")["approximate"]).astype("boolean").fillna(
                    False).astype(bool)
        base["multi"] = base["field"].astype("string").str.contains(" / ", regex=False)
        if by == "field":
            base = base.assign(field=base["field"].astype("string").str.split(" / ")).explode(
                "field")
        base["group_en"] = base[by].astype("string")
        for g, rows in base.groupby("group_en"):
            members[(ph, str(g))] = list(rows["project_id"])
        g = base.groupby("group_en").agg(
            n_projects=("project_id", "nunique"),
            multi_field_projects=("multi", "sum"),
            companies=("companies", lambda s: s.sum(min_count=1)),
            universities=("universities", lambda s: s.sum(min_count=1)),
            companies_approximate=("companies_approximate", "any"),
        ).reset_index()
        g.insert(0, "phase", ph)
        g["as_of"] = pd.array([_phase_year(projects, participants, documents, ph)] * len(g),
                              dtype="Int64")
        key = metric if ph == "II" else "n_projects"
        frames.append(_ranked(g.sort_values([key, "group_en"], ascending=[False, True]), key,
                              top_n))
    out = pd.concat(frames, ignore_index=True)
    for c in ("companies", "universities"):
        out[c] = out[c].astype("Int64")
    out["by"] = by
    out["companies_per_university"] = out["companies"].astype("Float64") / out["universities"]
    for t in METRICS:
        total = out.groupby("phase")[t].transform(lambda s: s.sum(min_count=1))
        out[f"{t}_share_pct"] = out[t].astype("Float64") / total.astype("Float64") * 100
    ja = labels.region_ja(projects) if by == "region" else labels.fields_ja(projects)
    out["group_ja"] = out["group_en"].map(ja)
    lists = {"I": "field lists", "II": "field words"}
    basis = {ph: f"{citations(documents, projects[projects['phase'] == ph]['source'])}'s "
                 f"{lists[ph]}" for ph in PHASES[phase]}
    out["field_basis"] = out["phase"].map(basis) if by == "field" else pd.NA

    def rows_of(r: pd.Series) -> pd.DataFrame:
        ids = members[(r["phase"], str(r["group_en"]))]
        return _lines(projects[projects["project_id"].isin(ids)],
                      counts[counts["group_id"].isin(ids)])

    out = with_provenance(out, rows_of)
    return out[["phase", "by", "group_en", "group_ja", "as_of", "rank", "shown", "n_projects",
                "multi_field_projects", "companies", "companies_approximate", "universities",
                "companies_per_university", "companies_share_pct", "universities_share_pct",
                "field_basis", "source", "line"]]


def group_totals(projects: pd.DataFrame, participants: pd.DataFrame, groups: pd.DataFrame,
                 phase: str = "II", by: str = "region") -> pd.DataFrame:
    """Per phase: the distinct projects, how many list several fields, and the companies and
    universities summed over the projects and over the groups (``by_group``'s rows; the two
    differ by field, where a multi-field project counts in each of its fields)."""
    counts = _project_counts(participants, PHASES[phase])
    rows = []
    for ph in PHASES[phase]:
        base = projects[projects["phase"] == ph]
        multi = base["field"].astype("string").str.contains(" / ", regex=False)
        g = groups[groups["phase"] == ph]
        row: dict[str, Any] = {"phase": ph, "by": by, "projects": len(base), "groups": len(g),
                               "multi_field_projects": int(multi.sum())}
        for t in METRICS:
            listed = counts[(counts["phase"] == ph) & (counts["participant_type"] == t)]
            row[f"{t}_over_projects"] = listed["count"].sum() if len(listed) else pd.NA
            row[f"{t}_over_groups"] = g[t].sum() if len(listed) else pd.NA
        rows.append(row)
    out = pd.DataFrame(rows)
    return with_provenance(out, lambda r: _lines(projects[projects["phase"] == r["phase"]],
                                                 counts[counts["phase"] == r["phase"]]))


# --------------------------------------------------------------------------- phase I → II


def _get(row: pd.Series | None, column: str) -> Any:
    return row[column] if row is not None else pd.NA


def growth(participants: pd.DataFrame,
           register: Mapping[tuple[str, int, str], list[Definition]]) -> pd.DataFrame:
    """Phase I (METI 2005) → phase II (MEXT 2008a): projects, companies, universities, as
    stated (:data:`GROWTH_MEASURES`).

    A measure is ``comparable`` only when the register's definition judgement about its
    two counts reads them as the same thing (``definition_judgement``,
    ``definition_reading``); no judgement about two stated counts is an error. Projects
    are (definition:meti-phase1-vs-phase2-projects); whether 2005's SMEs and 2008's
    中堅・中小企業 are one group is unknown (definition:meti-smes), so the change in
    companies is given as written, marked ``definition_changed``, and not as growth of one
    group. Researchers (2005) and universities (2008) count different units: no change.
    """
    prog = _headline(participants)
    prog = prog[(prog["group_id"] == METI) & (prog["group_kind"] == "programme")]

    def pick(phase: str, ptype: str) -> pd.DataFrame:
        return prog[(prog["phase"] == phase) & (prog["participant_type"] == ptype)].head(1)

    rows, picked = [], {}
    for measure, type_i, type_ii, countable in GROWTH_MEASURES:
        one, two = pick("I", type_i), pick("II", type_ii)
        picked[measure] = pd.concat([one, two])
        a = one.iloc[0] if len(one) else None
        b = two.iloc[0] if len(two) else None
        both = a is not None and b is not None
        judged = pair_definition(register, a, b) if both else None
        if both and judged is None:
            raise ValueError(
                f"{measure}: the register has no definition judgement about both "
                f"{a['source']}:{a['line']} ({a['raw']!r}) and {b['source']}:{b['line']} "
                f"({b['raw']!r}); whether they count the same thing is the register's "
                "(src/clusteranalysis/lookups/judgements.csv)")
        same = judged is not None and judged.reading == "same"
        change = b["count"] - a["count"] if countable and both else pd.NA
        rows.append({
            "measure": measure, "phase_i": _get(a, "count"), "phase_ii": _get(b, "count"),
            "change_as_written": change,
            # a rate only where the two are one measure under the reading used
            "change_pct": (change / a["count"] * 100 if change is not pd.NA and same
                           else pd.NA),
            "comparable": same, "definition_changed": not same,
            "comparable_under_every_reading": same and not judged.others,
            "definition_judgement": judged.judgement_id if judged else pd.NA,
            "definition_reading": judged.reading if judged else pd.NA,
            "definition_other_readings": "; ".join(judged.others) if judged and judged.others
                                         else pd.NA,
            "phase_i_as_of": _get(a, "as_of"), "phase_ii_as_of": _get(b, "as_of"),
            "phase_i_counts": _get(a, "participant_type"),
            "phase_ii_counts": _get(b, "participant_type"),
            "phase_i_definition": _get(a, "detail"), "phase_ii_definition": _get(b, "detail"),
            "phase_i_as_written": _get(a, "raw"), "phase_ii_as_written": _get(b, "raw"),
            "phase_i_lower_bound": _get(a, "lower_bound"),
            "phase_ii_approximate": _get(b, "approximate"),
        })
    return with_provenance(pd.DataFrame(rows), lambda r: picked[r["measure"]])


def continuity(crosswalk: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """How the phase I projects became the phase II ones: links counted by confidence.

    One row per confidence level (certain, likely, possible, none) with the number of phase
    I projects and of distinct phase II projects they link to; a last row counts phase II
    projects no phase I project links to (new in phase II). ``names_en`` lists the phase I
    projects (as 2005 writes them, in English) and, for the last row, the phase II ones in
    English, whose Japanese names are in ``names_ja``. The crosswalk is a reviewed lookup;
    ``source`` and ``line`` give the documents' lines of the projects it links.
    """
    rows, ids = [], {}
    for conf in LINKS:
        part = crosswalk[crosswalk["confidence"] == conf]
        ids[conf] = set(part["phase1_id"]) | set(part["phase2_id"].dropna())
        rows.append((conf, len(part), part["phase2_id"].dropna().nunique(),
                     "; ".join(sorted(part["phase1_name_en"].astype(str))), pd.NA))
    linked = set(crosswalk["phase2_id"].dropna())
    new = projects[(projects["phase"] == "II") & ~projects["project_id"].isin(
        linked)].sort_values("project_id")
    ids[NEW_IN_PHASE_II] = set(new["project_id"])
    rows.append((NEW_IN_PHASE_II, 0, len(new), "; ".join(new["name_en"].astype(str)),
                 "; ".join(new["name_nfkc"].astype(str))))
    out = pd.DataFrame(rows, columns=["link", "phase1_projects", "phase2_projects", "names_en",
                                      "names_ja"])
    out = with_provenance(out, lambda r: projects[projects["project_id"].isin(ids[r["link"]])])
    out["link_basis"] = "lookups/crosswalk.csv (reviewed)"
    return out


# --------------------------------------------------------------------------- national totals


def national_totals(reconciliation: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Phase II national totals as stated beside the sum over the listed projects: the
    build's reconciliation rows (:data:`NATIONAL_CHECKS`), as the build made them.

    ``ratio`` is the sum over the projects ÷ the stated total, unrounded. A ratio near 1
    does not show that each participant is counted once: the stated total may itself be the
    sum of the project counts. A ratio well above 1 (universities) shows that some are
    counted in several projects, if the stated total counts each once. ``stated_line`` is
    the stated total's line; ``source`` and ``line`` add the project counts summed.
    """
    checks = reconciliation.set_index("check_id")
    stated = participants.set_index(["source", "line", "raw"])
    parts = _project_counts(participants, ["II"])
    rows, cited = [], {}
    for measure, check in NATIONAL_CHECKS.items():
        r = checks.loc[check]
        said = stated.loc[[(r["source"], r["line"], r["raw"])]].reset_index()
        summed = parts[parts["participant_type"] == measure]
        if len(summed) != r["n_parts"]:
            raise ClusterAnalysisError(f"reconciliation {check}: {r['n_parts']} parts, but "
                                       f"{len(summed)} phase II project counts of {measure}")
        cited[measure] = _lines(said, summed)
        rows.append({
            "measure": measure, "check_id": check, "stated": r["stated"],
            "stated_as_written": r["raw"], "stated_approximate": said["approximate"].iloc[0],
            "sum_of_projects": r["computed"], "n_projects": r["n_parts"],
            "difference": r["difference"], "difference_pct": r["difference"] / r["stated"] * 100,
            "ratio": r["ratio"], "stated_line": r["line"],
        })
    return with_provenance(pd.DataFrame(rows), lambda r: cited[r["measure"]])


# --------------------------------------------------------------------------- example clusters


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
    out["listed_total"] = out.groupby("cluster_id")["count"].transform("sum")
    out["share_of_listed_pct"] = (out["count"].astype("Float64") / out["listed_total"]
                                  * 100)
    out["_o"] = out["participant_type"].map({t: i for i, t in enumerate(EXAMPLE_TYPES)})
    out = out.sort_values(["cluster_id", "_o"])
    columns = ["cluster_id", "name", "project_id", "participant_type", "detail", "count",
               "share_of_listed_pct", "listed_total", "as_of", "source", "line", "raw"]
    return out[columns].reset_index(drop=True)


def examples_vs_phase2(composition: pd.DataFrame, phase2: pd.DataFrame,
                       crosswalk: pd.DataFrame,
                       register: Mapping[tuple[str, str], tuple[str, str]],
                       counted: Mapping[tuple[str, int, str], list[Definition]]
                       ) -> pd.DataFrame:
    """Each example cluster's companies (2005, ``example_composition``) beside the phase II
    project (2008, ``phase2_projects``) its phase I project is linked to.

    Two questions, each the register's. Whether the example and the project are one
    cluster (``definition``, ``definition_judgement``, :func:`example_definitions`): TAMA
    is one of the networks of the Kanto project (narrower), the Hokkaido example the
    project itself (same). Whether the two counts count one kind of company
    (``counted_definition``, ``counted_judgement``, about the two ``participants`` rows):
    the examples' companies have no size, the projects' 社 stand under 002's heading of
    中堅・中小企業. Either way the two counts are of two years. ``link_confidence`` is the
    crosswalk's. ``source``/``line``: the example's line in METI 2005 and the project's
    counts line in MEXT 2008a.
    """
    comp = composition[composition["participant_type"] == "companies"]
    p2 = phase2.set_index("project_id")
    link = crosswalk.set_index("phase1_id")
    rows, cited = [], {}
    for r in comp.itertuples(index=False):
        l2 = link.loc[r.project_id]
        p2id = l2["phase2_id"]
        judged = register.get((r.cluster_id, p2id), (pd.NA, pd.NA))
        project = p2.loc[p2id]
        kind = pair_definition(counted, pd.Series({"source": r.source, "line": r.line,
                                                   "raw": r.raw}),
                               pd.Series({"source": project["source"],
                                          "line": project["line"],
                                          "raw": project["companies_as_written"]}))
        if kind is None:
            raise ValueError(
                f"{r.cluster_id}, {p2id}: the register has no definition judgement about "
                f"both {r.source}:{r.line} ({r.raw!r}) and {project['source']}:"
                f"{project['line']} ({project['companies_as_written']!r})")
        cited[r.cluster_id] = pd.DataFrame({"source": [r.source, p2.loc[p2id, "source"]],
                                            "line": [r.line, p2.loc[p2id, "line"]]})
        rows.append({
            "cluster_id": r.cluster_id, "example": r.name, "example_companies": r.count,
            "example_as_of": r.as_of,
            "phase1_project": l2["phase1_name_en"], "phase2_project_id": p2id,
            "phase2_name_ja": p2.loc[p2id, "name_ja"],
            "phase2_name_en": p2.loc[p2id, "name_en"],
            "phase2_companies": p2.loc[p2id, "companies"],
            "phase2_companies_approximate": p2.loc[p2id, "companies_approximate"],
            "phase2_as_of": p2.loc[p2id, "as_of"],
            "link_confidence": l2["confidence"],
            "definition": judged[1], "definition_judgement": judged[0],
            "counted_definition": kind.reading, "counted_judgement": kind.judgement_id,
        })
    out = with_provenance(pd.DataFrame(rows), lambda r: cited[r["cluster_id"]])
    return out.sort_values("cluster_id").reset_index(drop=True)


# --------------------------------------------------------------------------- the notebook


def results(inputs: Mapping[str, pd.DataFrame],
            parameters: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """Every result table of 02_participants, computed once from the processed tables
    ``inputs`` (the study's ``INPUTS``) and the notebook's checked ``parameters``, with the
    dtypes the declarations give (the tables the notebook shows are the files it writes)."""
    projects, participants = inputs["projects"], inputs["participants"]
    clusters, crosswalk = inputs["clusters"], inputs["crosswalk"]
    phase, by, top_n = parameters["phase"], parameters["by"], parameters["top_n"]
    metric = parameters["metric"]
    ranked = rank_projects(phase2_projects(projects, participants), metric, top_n)
    groups = by_group(projects, participants, inputs["documents"], phase, by, metric, top_n)
    composition = example_composition(participants, clusters)
    register = definitions(inputs["judgements"], inputs["judgement_readings"])
    overseas = overseas_companies(participants, clusters, register)
    tables = {
        "phase2_projects": ranked,
        "groups": groups,
        "group_totals": group_totals(projects, participants, groups, phase, by),
        "growth": growth(participants, register),
        "continuity": continuity(crosswalk, projects),
        "national_totals": national_totals(inputs["reconciliation"], participants),
        "example_composition": composition,
        "examples_vs_phase2": examples_vs_phase2(
            composition, ranked, crosswalk,
            example_definitions(inputs["judgements"], inputs["judgement_readings"]),
            register),
        "overseas_companies": overseas,
        "overseas_kinds": overseas_kinds(overseas),
    }
    return {name: coerce(spec, tables[name]) for name, spec in RESULTS.items()}
