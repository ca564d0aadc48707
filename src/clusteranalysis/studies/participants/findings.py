"""The participants study's Findings paragraphs, stated from the run's result tables.

Every number is read from a result table cell with :meth:`Findings.value` under the name
the table is written as, so :func:`clusteranalysis.present.check_findings` can check it
against the files of any run. Each function takes the results (:func:`compute.results`)
and the parameters, and says only what the selected rows support.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.metadata import vocab
from clusteranalysis.present.findings import Findings
from clusteranalysis.present.formats import (
    fmt_number,
    fmt_ordinal,
    fmt_pct,
    fmt_signed_pct,
    fmt_year,
)
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.participants.compute import LINKS, NEW_IN_PHASE_II
from clusteranalysis.studies.participants.labels import (
    PER_UNIVERSITY,
    RATIO,
    gloss,
    label,
    project_label,
    region_order,
)


def _about(approximate: object) -> str:
    return "about " if not pd.isna(approximate) and bool(approximate) else ""


def _one(df: pd.DataFrame, **match: object) -> pd.Series:
    rows = df
    for k, v in match.items():
        rows = rows[rows[k].astype("object") == v]
    if len(rows) != 1:
        raise ValueError(f"{len(rows)} rows match {match}")
    return rows.iloc[0]


def projects(results: Results, parameters: Parameters) -> Findings:
    """What the phase II projects show, from ``phase2_projects`` and ``national_totals``."""
    ranked, totals = results["phase2_projects"], results["national_totals"]
    metric, names = parameters["metric"], parameters["names"]
    f = Findings("Findings")
    w = {"measure": "companies"}
    comp = f.value(totals, "national_totals", w, "sum_of_projects", fmt_number)
    n = f.value(totals, "national_totals", w, "n_projects", fmt_number)
    univ = f.value(totals, "national_totals", {"measure": "universities"}, "sum_of_projects",
                   fmt_number)
    f.add(f"The {n} phase II projects list {comp} companies (the sum of their rounded 約 "
          f"counts) and {univ} university places (a university counts once in each project "
          "it takes part in).")
    top = ranked.iloc[0]
    where = {"project_id": top["project_id"]}
    other = "universities" if metric == "companies" else "companies"

    def count(t: str, row: pd.Series) -> str:
        v = f.value(ranked, "phase2_projects", {"project_id": row["project_id"]}, t,
                    fmt_number)
        return f"{_about(row['companies_approximate']) if t == 'companies' else ''}{v}"

    share = f.value(ranked, "phase2_projects", where, f"{metric}_share_pct", fmt_pct)
    share_other = f.value(ranked, "phase2_projects", where, f"{other}_share_pct", fmt_pct)
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
                        PER_UNIVERSITY)
            text = (f"{r} for {project_label(row, names)}: {count('companies', row)} "
                    f"companies over {count('universities', row)} universities")
            if not bool(row["shown"]):
                rk = f.value(ranked, "phase2_projects", w, "rank", fmt_ordinal)
                text += f", not shown: {rk} by {metric}, below the top_n cut"
            parts.append(text)
        f.add(f"Companies per university place run from {parts[0]}, down to {parts[1]}.")
    return f


def _group_label(row: pd.Series, names: str) -> str:
    return label(row["group_ja"], row["group_en"], names)


def groups(results: Results, parameters: Parameters) -> Findings:
    """What the region or field view shows, from ``groups`` and ``group_totals``."""
    table, totals = results["groups"], results["group_totals"]
    by, metric, names = parameters["by"], parameters["metric"], parameters["names"]
    f = Findings("Findings")
    unit = {"companies": "companies", "universities": "university places"}[metric]

    def cut(row: pd.Series, w: dict[str, object]) -> str:
        if bool(row["shown"]):
            return ""
        return f" (not shown: {f.value(table, 'groups', w, 'rank', fmt_ordinal)}, below the " \
               "top_n cut)"

    two = table[table["phase"] == "II"].sort_values("rank", kind="stable")
    if not two.empty:
        parts = []
        for _, row in two.head(3).iterrows():
            w = {"phase": "II", "group_en": row["group_en"]}
            v = f.value(table, "groups", w, metric, fmt_number)
            if metric == "companies":  # a sum of rounded 約 counts is itself approximate
                v = _about(row["companies_approximate"]) + v
            s = f.value(table, "groups", w, f"{metric}_share_pct", fmt_pct)
            if by == "field":  # a project of several fields counts in each (below)
                s += " of the fields' sum"
            n = f.value(table, "groups", w, "n_projects", fmt_number)
            word = "project" if row["n_projects"] == 1 else "projects"
            parts.append(f"{_group_label(row, names)} {v} ({s}; {n} {word}){cut(row, w)}")
        f.add(f"Phase II {unit} by {by}, largest first: {'; '.join(parts)}.")
        ratios = two.dropna(subset=["companies_per_university"]).sort_values(
            ["companies_per_university", "group_en"])
        if len(ratios) >= 2:
            ends = []
            for row in (ratios.iloc[-1], ratios.iloc[0]):
                w = {"phase": "II", "group_en": row["group_en"]}
                r = f.value(table, "groups", w, "companies_per_university", PER_UNIVERSITY)
                ends.append(f"{r} ({_group_label(row, names)}){cut(row, w)}")
            f.add(f"Companies per university place run from {ends[0]} down to {ends[1]}.")
        if by == "field":
            w = {"phase": "II"}
            m = f.value(totals, "group_totals", w, "multi_field_projects", fmt_number)
            over_g = f.value(totals, "group_totals", w, f"{metric}_over_groups", fmt_number)
            over_p = f.value(totals, "group_totals", w, f"{metric}_over_projects", fmt_number)
            f.add(f"{m} phase II projects list several fields and count in each, so the "
                  f"fields add up to {over_g} {unit} against {over_p} over the projects.")
    one = table[table["phase"] == "I"]
    if not one.empty:
        most = one[one["n_projects"] == one["n_projects"].max()]
        w0 = {"phase": "I", "group_en": most.iloc[0]["group_en"]}
        n = f.value(table, "groups", w0, "n_projects", fmt_number)
        who = ", ".join(_group_label(r, names) + cut(r, {"phase": "I", "group_en": r["group_en"]})
                        for _, r in most.iterrows())
        f.add(f"In phase I the documents give projects only, no participants per project; "
              f"the most projects per {by}, {n}, are in {who}.")
    if not one.empty and not two.empty and by == "region":
        changed = []
        for g in sorted(set(one["group_en"]) | set(two["group_en"]), key=region_order):
            a, b = one[one["group_en"] == g], two[two["group_en"] == g]
            na = 0 if a.empty else int(a["n_projects"].iloc[0])
            nb = 0 if b.empty else int(b["n_projects"].iloc[0])
            if na == nb:
                continue
            ta = "none" if a.empty else f.value(table, "groups", {"phase": "I", "group_en": g},
                                                "n_projects", fmt_number)
            tb = "none" if b.empty else f.value(table, "groups", {"phase": "II", "group_en": g},
                                                "n_projects", fmt_number)
            row = (a if not a.empty else b).iloc[0]
            changed.append(f"{_group_label(row, names)} {ta} → {tb}")
        growth = results["growth"]
        projects = growth[growth["measure"] == "projects"]
        if changed and not projects.empty and bool(projects["comparable"].iloc[0]):
            w = {"measure": "projects"}
            jid = f.text(growth, "growth", w, "definition_judgement")
            f.rests_on(jid)
            reading = f.text(growth, "growth", w, "definition_reading")
            other = ("" if pd.isna(projects["definition_other_readings"].iloc[0]) else
                     f", and allows '{f.text(growth, 'growth', w, 'definition_other_readings')}'"
                     ", under which they are two sets of projects")
            f.add(f"Projects per region from phase I to phase II (same region rule in both; "
                  f"the register reads the two phases' projects as '{reading}', counts of "
                  f"METI's cluster projects at two dates ({jid}){other}): "
                  + "; ".join(changed) + "; the other regions have as many projects in both "
                  "phases, which does not say that the same projects continue (the crosswalk "
                  "says which are linked, and how surely).")
        else:
            f.add("Every region has as many projects in phase II as in phase I.")
    if not one.empty and not two.empty and by == "field":
        bases = "; ".join(dict.fromkeys(table["field_basis"].dropna()))
        f.add(f"The two phases' fields are different classifications ({bases}), so project "
              "counts per field are not compared across the phases.")
    return f


def _judgements(table: pd.DataFrame) -> list[str]:
    """The register's judgement ids in a result table's ``definition_judgement`` and
    ``counted_judgement`` columns ('; ' between two in a cell), each once."""
    columns = [c for c in ("definition_judgement", "counted_judgement") if c in table]
    ids = [j for c in columns for cell in table[c].dropna() for j in str(cell).split("; ")]
    return list(dict.fromkeys(ids))


def judgement_ids(results: Results) -> list[str]:
    """Every judgement of the register this run's findings rest on (for the table
    "Judgements this study rests on")."""
    return list(dict.fromkeys(_judgements(results["growth"])
                              + _judgements(results["examples_vs_phase2"])
                              + _judgements(results["overseas_companies"])))


def _reading(row: pd.Series) -> str:
    """How the register reads a later count against an earlier one, in words."""
    reading = row["definition_reading"]
    if pd.isna(reading):
        return "another noun"
    words = {"wider": "a wider group", "narrower": "a narrower group",
             "different": "another thing"}.get(str(reading), str(reading))
    return f"{words}, as the register reads it ({row['definition_judgement']})"


def _summed(f: Findings, results: Results, stated: str) -> None:
    """Where phase II's national count of companies is the sum of its projects' lines: a
    company in two projects may count twice in it."""
    totals = results.get("national_totals")
    if totals is None or "companies" not in set(totals["measure"]):
        return
    w = {"measure": "companies"}
    summed = f.value(totals, "national_totals", w, "sum_of_projects", fmt_number)
    n = f.value(totals, "national_totals", w, "n_projects", fmt_number)
    f.add(f"Phase II's {stated}, a national figure, matches the sum of its {n} projects' "
          f"lines ({summed}, the national totals below): it may itself be that sum, where a "
          "company in two projects counts twice; whether phase I's count has that basis its "
          "document does not say.")


def growth(results: Results, parameters: Parameters) -> Findings:
    """Phase I → II, from ``growth`` and ``continuity``."""
    change, links, names = results["growth"], results["continuity"], parameters["names"]
    f = Findings("Findings")

    def years(measure: str) -> tuple[str, str]:
        w = {"measure": measure}
        return (f.value(change, "growth", w, "phase_i_as_of", fmt_year),
                f.value(change, "growth", w, "phase_ii_as_of", fmt_year))

    w = {"measure": "projects"}
    p1 = f.value(change, "growth", w, "phase_i", fmt_number)
    p2 = f.value(change, "growth", w, "phase_ii", fmt_number)
    y1, y2 = years("projects")
    other = ""
    if not pd.isna(_one(change, measure="projects")["definition_other_readings"]):
        others = f.text(change, "growth", w, "definition_other_readings")
        other = (f" The register also allows the reading '{others}', two sets of projects: "
                 f"under it, {p1} and {p2} are not one measure at two dates.")
    f.add(f"METI's projects go from {p1} in phase I ({y1}) to {p2} in phase II ({y2}): "
          f"two counts of one kind of thing "
          f"({f.text(change, 'growth', w, 'definition_judgement')}), but not of one set, as "
          "phase II reorganised the projects (the crosswalk below), so the difference is no "
          f"count of projects ended or added.{other}")
    c = _one(change, measure="companies")
    w = {"measure": "companies"}
    c1 = f.value(change, "growth", w, "phase_i", fmt_number)
    c2 = f.value(change, "growth", w, "phase_ii", fmt_number)
    y1, y2 = years("companies")
    f.rests_on(*_judgements(change))
    if bool(c["comparable"]):
        pct = f.value(change, "growth", w, "change_pct", fmt_signed_pct)
        f.add(f"Companies go from {c1} ({y1}) to {c2} ({y2}), {pct}.")
    elif str(c["definition_reading"]) in vocab.DEFINITIONS_UNCERTAIN:
        f.add(f"The company counts may not be one measure: {y1} counts {c1} "
              f"{c['phase_i_definition']}, {y2} {_about(c['phase_ii_approximate'])}{c2} "
              f"{gloss(str(c['phase_ii_definition']), names)}, and whether the two nouns "
              f"name one group the register leaves open ({c['definition_judgement']}: "
              f"{c['definition_reading']}). No growth rate follows: the difference would be "
              "one only if they do, and if one group is wider or narrower than the other (the "
              "later line counts those aiming at the world market), it mixes growth with the "
              "change of definition.")
    else:
        f.add(f"The company counts are not one measure as written: {y1} counts {c1} "
              f"{c['phase_i_definition']}, {y2} {_about(c['phase_ii_approximate'])}{c2} "
              f"{gloss(str(c['phase_ii_definition']), names)}, "
              f"{_reading(c)}. Their difference mixes growth with the change of "
              "definition, so no growth rate of either group follows.")
    _summed(f, results, f"{_about(c['phase_ii_approximate'])}{c2}")
    u = _one(change, measure="universities")
    w = {"measure": "universities"}
    u1 = f.value(change, "growth", w, "phase_i", fmt_number)
    u2 = f.value(change, "growth", w, "phase_ii", fmt_number)
    y1, y2 = years("universities")
    bound = "over " if bool(u["phase_i_lower_bound"]) else ""
    f.add(f"Universities cannot be compared as written: {y1} counts {bound}{u1} "
          f"{u['phase_i_definition']} (as written: people) and {y2} "
          f"{_about(u['phase_ii_approximate'])}{u2} "
          f"{gloss(str(u['phase_ii_definition']), names)}, institutions.")
    if str(u["definition_reading"]) == "probable mistranslation":
        f.add(f"The register reads {y1}'s 'researchers' as probably a mistranslation of 大学, "
              f"universities ({u['definition_judgement']}), as the cross-check does; no "
              "source says so of the document itself, so the two counts are not put in one "
              "series.")
    parts = []
    for conf in LINKS:
        if int(_one(links, link=conf)["phase1_projects"]) == 0:
            continue
        v = f.value(links, "continuity", {"link": conf}, "phase1_projects", fmt_number)
        parts.append(f"{v} {conf}")
    new = _one(links, link=NEW_IN_PHASE_II)
    nv = f.value(links, "continuity", {"link": NEW_IN_PHASE_II}, "phase2_projects",
                 fmt_number)
    have = "project has" if int(new["phase2_projects"]) == 1 else "projects have"
    f.add("The reviewed crosswalk links the phase I projects to phase II ones with these "
          f"confidences: {', '.join(parts)}; {nv} phase II {have} no phase I predecessor "
          f"({label(new['names_ja'], new['names_en'], names)}). Only a “certain” link rests on "
          "a name both documents write; the others are judgements.")
    return f


def national_totals(results: Results, parameters: Parameters) -> Findings:
    """Stated totals against the sums over the projects, from ``national_totals``."""
    totals = results["national_totals"]
    f = Findings("Findings")
    c = _one(totals, measure="companies")
    w = {"measure": "companies"}
    n = f.value(totals, "national_totals", w, "n_projects", fmt_number)
    s = f.value(totals, "national_totals", w, "sum_of_projects", fmt_number)
    st = f.value(totals, "national_totals", w, "stated", fmt_number)
    d = f.value(totals, "national_totals", w, "difference", lambda v: fmt_number(abs(v)))
    dp = f.value(totals, "national_totals", w, "difference_pct", lambda v: fmt_pct(abs(v)))
    side = "fewer" if int(c["difference"]) < 0 else "more"
    f.add(f"The {n} project counts of companies add up to {s}, {d} {side} ({dp}) than the "
          f"national figure stated, {_about(c['stated_approximate'])}{st}. That agreement does "
          "not show that each company is counted once: the national figure may itself be the "
          "sum of the project counts, and the documents do not say whether a company can "
          "take part in two projects.")
    u = _one(totals, measure="universities")
    w = {"measure": "universities"}
    s = f.value(totals, "national_totals", w, "sum_of_projects", fmt_number)
    st = f.value(totals, "national_totals", w, "stated", fmt_number)
    r = f.value(totals, "national_totals", w, "ratio", RATIO)
    f.add(f"Universities do not add up: the projects list {s} university places against "
          f"{_about(u['stated_approximate'])}{st} universities nationally, {r} places per "
          "university. If the national figure counts each university once, a university "
          f"takes part in {r} projects on average, so university counts must not be added "
          "across projects, and companies per university place is not per university.")
    return f


def examples(results: Results, parameters: Parameters) -> Findings:
    """The example clusters, from ``example_composition`` and ``examples_vs_phase2``."""
    comp, examples = results["example_composition"], results["examples_vs_phase2"]
    names = parameters["names"]
    f = Findings("Findings")
    companies = comp[comp["participant_type"] == "companies"].sort_values(
        ["share_of_listed_pct", "cluster_id"])
    lo, hi = companies.iloc[0], companies.iloc[-1]
    share = "share_of_listed_pct"
    tl = f.value(comp, "example_composition", {"cluster_id": lo["cluster_id"],
                                               "participant_type": "companies"}, share, fmt_pct)
    th = f.value(comp, "example_composition", {"cluster_id": hi["cluster_id"],
                                               "participant_type": "companies"}, share, fmt_pct)
    f.add(f"Companies are between {tl} ({lo['name']}) and {th} ({hi['name']}) of the "
          "participants listed for each example.")
    parts = []
    for cid, rows in comp[comp["participant_type"] != "companies"].groupby(
            "cluster_id", sort=True):
        top = rows.sort_values(["count", "participant_type"], ascending=[False, True]).iloc[0]
        w = {"cluster_id": cid, "participant_type": top["participant_type"]}
        n = f.value(comp, "example_composition", w, "count", fmt_number)
        s = f.value(comp, "example_composition", w, "share_of_listed_pct", fmt_pct)
        parts.append(f"{top['name']}: {n} {top['detail']} ({s})")
    f.add("Beside companies, the largest other group each example lists (a count, not how "
          "much the cluster relies on it): " + "; ".join(parts) + ".")
    parts = []
    for _, r in examples.iterrows():
        w = {"cluster_id": r["cluster_id"]}
        c5 = f.value(examples, "examples_vs_phase2", w, "example_companies", fmt_number)
        y5 = f.value(examples, "examples_vs_phase2", w, "example_as_of", fmt_year)
        c8 = f.value(examples, "examples_vs_phase2", w, "phase2_companies", fmt_number)
        y8 = f.value(examples, "examples_vs_phase2", w, "phase2_as_of", fmt_year)
        parts.append(f"{r['example']} {c5} in {y5}, its phase II project "
                     f"{label(r['phase2_name_ja'], r['phase2_name_en'], names)} "
                     f"{_about(r['phase2_companies_approximate'])}{c8} in {y8} "
                     f"(link: {r['link_confidence']}; the register reads them as "
                     f"{f.text(examples, 'examples_vs_phase2', w, 'definition')}, "
                     f"{f.text(examples, 'examples_vs_phase2', w, 'definition_judgement')}"
                     "; whether the two count one kind of company: "
                     f"{f.text(examples, 'examples_vs_phase2', w, 'counted_definition')}, "
                     f"{f.text(examples, 'examples_vs_phase2', w, 'counted_judgement')})")
        f.rests_on(str(r["definition_judgement"]))
        f.rests_on(str(r["counted_judgement"]))
    f.add("Companies of each example and of the phase II project it is linked to: "
          + "; ".join(parts) + ".")
    readings = set(examples["definition"].astype(str))
    if "narrower" in readings:
        f.add("Where the register reads the example as narrower, it is one part of the "
              "phase II project, a different unit: the two counts are not growth.")
    counted = set(examples["counted_definition"].astype(str))
    if "same" in readings:
        kind = ("" if counted == {"same"} else
                ", if the two count one kind of company, which the register leaves "
                f"{'/'.join(sorted(counted - {'same'}))}")
        f.add("Where it reads them as the same project, they are its companies at two "
              f"dates{kind}, each as its document states it; neither document states the "
              "change between them.")
    return f


def _overseas_item(f: Findings, table: pd.DataFrame, r: pd.Series) -> str:
    w = {"cluster_id": r["cluster_id"], "kind": r["kind"]}
    v = f.value(table, "overseas_companies", w, "count", fmt_number)
    q = "≈" if bool(r["approximate"]) else ("≥" if bool(r["lower_bound"]) else "")
    if pd.isna(r["as_of"]):
        year = "year not given"
    else:
        y = f.value(table, "overseas_companies", w, "as_of", fmt_year)
        year = f"year inferred as {y}" if str(r["as_of_basis"]) == "inferred footnote" else y
    part = ""
    if not pd.isna(r["part_of"]):
        part = f", part of its {f.text(table, 'overseas_companies', w, 'part_of')}"
    return f"{r['name']} {q}{v} ({year}{part})"


def overseas(results: Results, parameters: Parameters) -> Findings:
    """The overseas clusters, from ``overseas_companies`` and ``overseas_kinds``."""
    table, kinds = results["overseas_companies"], results["overseas_kinds"]
    f = Findings("Findings").rests_on(*_judgements(table))
    for _, k in kinds[kinds["clusters"] >= 2].iterrows():
        rows = table[table["kind"] == k["kind"]]
        items = "; ".join(_overseas_item(f, table, r) for _, r in rows.iterrows())
        f.add(f"Counted as {k['kind']}: {items}.")
    single = kinds[kinds["clusters"] < 2]
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
