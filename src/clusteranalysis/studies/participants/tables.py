"""The participants study's tables as the notebook shows them (:func:`present.table`).

Each function takes the run's result tables (:func:`compute.results`) and its parameters
and returns a :class:`~clusteranalysis.present.Table`: the rows ``top_n`` shows, names in
the language ``names`` asks for, counts with thousands separators, years as years, and a
note citing the lines the rows stand on.
"""

from __future__ import annotations

import pandas as pd

from clusteranalysis.present.formats import fmt_number, fmt_pct, fmt_signed_pct, fmt_year
from clusteranalysis.present.tables import Table, caption, citable, table
from clusteranalysis.studies import Parameters, Results
from clusteranalysis.studies.participants.labels import PER_UNIVERSITY, RATIO, gloss, label


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["shown"].fillna(True).astype(bool)].copy()


def _names(ja: str, en: str, names: str) -> tuple[list[str], dict[str, str]]:
    """The name column(s) ``names`` asks for, and their headings."""
    cols = {"ja": [ja], "en": [en], "both": [ja, en]}[names]
    return cols, {ja: "name (as written)", en: "name (English)"}


def _labels(ja: pd.Series, en: pd.Series, names: str) -> list[str]:
    return [label(j, e, names) for j, e in zip(ja, en, strict=True)]


def projects(results: Results, parameters: Parameters) -> Table:
    """The phase II projects the figure shows (their lines link to MEXT 2008a)."""
    metric, names = parameters["metric"], parameters["names"]
    data = _shown(results["phase2_projects"])
    data["region_label"] = _labels(data["region_ja"], data["region"], names)
    data["field_label"] = _labels(data["field_ja"], data["field"], names)
    cols, headings = _names("name_ja", "name_en", names)
    return table(
        data, f"phase2-projects-{metric}",
        columns=["rank", *cols, "region_label", "field_label", "companies_as_written",
                 "universities_as_written", "companies_per_university",
                 f"{metric}_share_pct", "source", "line"],
        labels={**headings, "rank": f"rank by {metric}", "region_label": "region",
                "field_label": "field", "companies_as_written": "companies (as written)",
                "universities_as_written": "universities (as written)",
                "companies_per_university": "companies per university place",
                f"{metric}_share_pct": f"share of the {metric} listed", "source": "file"},
        formats={"rank": fmt_number, "companies_per_university": PER_UNIVERSITY,
                 f"{metric}_share_pct": fmt_pct})


def groups(results: Results, parameters: Parameters) -> Table:
    """The region or field view; the note cites every line summed (of every group: the
    ranks and the top_n cut are the whole table's)."""
    by, names = parameters["by"], parameters["names"]
    data = _shown(results["groups"])
    data["group_label"] = _labels(data["group_ja"], data["group_en"], names)
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
        formats={"as_of": fmt_year, "n_projects": fmt_number,
                 "multi_field_projects": fmt_number, "companies": fmt_number,
                 "universities": fmt_number, "companies_per_university": PER_UNIVERSITY},
        cited=[citable(results["groups"])])


def _register_reading(row: pd.Series) -> str:
    """The register's reading of a phase I → II pair in words, with its other readings."""
    if pd.isna(row["definition_judgement"]):
        return "the same noun" if bool(row["comparable"]) else "another noun"
    words = f"{row['definition_reading']} ({row['definition_judgement']}"
    if not pd.isna(row["definition_other_readings"]):
        words += f"; it also allows: {row['definition_other_readings']}"
    return words + ")"


def growth(results: Results, parameters: Parameters) -> Table:
    """Phase I → II as stated, with the definition each document counts."""
    change = results["growth"]
    data = change.copy()
    data["phase_ii_definition"] = [gloss(str(d), parameters["names"])
                                   for d in data["phase_ii_definition"]]
    # what the register reads, not a yes/no of our own: 'unknown (definition:meti-smes)',
    # with the other readings it allows: 'same (…; it also allows: different)'
    data["register_reading"] = [_register_reading(r) for _, r in data.iterrows()]
    return table(
        data, "growth",
        columns=["measure", "phase_i_as_of", "phase_i_as_written", "phase_i_definition",
                 "phase_ii_as_of", "phase_ii_as_written", "phase_ii_definition",
                 "register_reading", "comparable", "comparable_under_every_reading",
                 "change_as_written", "change_pct"],
        labels={"phase_i_as_of": "phase I year", "phase_i_as_written": "phase I as written",
                "phase_i_definition": "phase I counts", "phase_ii_as_of": "phase II year",
                "phase_ii_as_written": "phase II as written",
                "phase_ii_definition": "phase II counts",
                "register_reading": "one kind of thing? the register's reading",
                "comparable": "one kind of thing (the reading used)",
                "comparable_under_every_reading": "one kind under every reading",
                "change_as_written": "change as written", "change_pct": "change as written (%)"},
        formats={"phase_i_as_of": fmt_year, "phase_ii_as_of": fmt_year,
                 "change_as_written": fmt_number, "change_pct": fmt_signed_pct},
        cited=[citable(change)])


def continuity(results: Results, parameters: Parameters) -> Table:
    """The crosswalk's links by confidence, with the projects' names."""
    links = results["continuity"]
    data = links.copy()
    data["names"] = _labels(data["names_ja"], data["names_en"], parameters["names"])
    note = ("Source: lookups/crosswalk.csv (a reviewed judgement, not a statement of the "
            "documents); " + caption(citable(links)).plain())
    return table(data, "continuity",
                 columns=["link", "phase1_projects", "phase2_projects", "names"],
                 labels={"link": "crosswalk link", "phase1_projects": "phase I projects",
                         "phase2_projects": "phase II projects"},
                 formats={"phase1_projects": fmt_number, "phase2_projects": fmt_number},
                 note=note, cited=[citable(links)])


def national_totals(results: Results, parameters: Parameters) -> Table:
    """The stated national totals beside the sums over the projects."""
    totals = results["national_totals"]
    return table(totals, "reconciliation",
                 columns=["measure", "stated_as_written", "stated", "sum_of_projects",
                          "n_projects", "difference", "difference_pct", "ratio"],
                 labels={"stated_as_written": "stated, as written",
                         "stated": "stated national total", "sum_of_projects":
                         "sum over the projects", "n_projects": "projects",
                         "difference_pct": "difference (%)", "ratio": "sum ÷ stated"},
                 formats={"stated": fmt_number, "sum_of_projects": fmt_number,
                          "n_projects": fmt_number, "difference": fmt_number,
                          "difference_pct": fmt_pct, "ratio": RATIO},
                 cited=[citable(totals)])


def examples(results: Results, parameters: Parameters) -> tuple[Table, Table]:
    """The example clusters by participant type, and beside their phase II projects."""
    one = table(results["example_composition"], "example-composition",
                columns=["name", "participant_type", "detail", "count", "share_of_listed_pct",
                         "source", "line"],
                labels={"name": "example cluster", "participant_type": "participant type",
                        "detail": "as written", "share_of_listed_pct": "share of those listed",
                        "source": "file"},
                formats={"count": fmt_number, "share_of_listed_pct": fmt_pct})
    examples = results["examples_vs_phase2"]
    data = examples.copy()
    data["phase2"] = _labels(data["phase2_name_ja"], data["phase2_name_en"],
                             parameters["names"])
    two = table(data, "examples-vs-phase2",
                columns=["example", "example_as_of", "example_companies", "phase2",
                         "phase2_as_of", "phase2_companies", "link_confidence", "definition",
                         "definition_judgement"],
                labels={"example_as_of": "year", "example_companies": "companies (example)",
                        "phase2": "phase II project it is linked to", "phase2_as_of": "year ",
                        "phase2_companies": "companies (whole project)",
                        "link_confidence": "crosswalk link",
                        "definition": "the same thing? (register)",
                        "definition_judgement": "judgement"},
                formats={"example_as_of": fmt_year, "example_companies": fmt_number,
                         "phase2_as_of": fmt_year, "phase2_companies": fmt_number},
                cited=[citable(examples)])
    return one, two


def overseas(results: Results, parameters: Parameters) -> Table:
    """The overseas clusters' company and venture counts, grouped by kind of count."""
    return table(results["overseas_companies"], "overseas-companies",
                 columns=["kind", "name", "country", "count", "qualifier", "year", "part_of",
                          "note", "source", "line"],
                 labels={"kind": "kind of count", "name": "cluster", "year": "year it refers to",
                         "part_of": "part of", "source": "file"},
                 formats={"count": fmt_number})
