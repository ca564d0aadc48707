"""02_participants under papermill with other parameters: its findings follow the run.

Each run's findings are checked number by number against the result tables it wrote
(``present.check_findings``), no digit in a finding may come from anywhere else, and every
result file carries ``source`` and ``line``. Expected values are read from the documents:
MEXT 2008a (``002_…``), METI 2005 (``001_…``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import validate

from clusteranalysis.metadata.results import RESULTS
from tests.support.findings import check_run, findings
from tests.support.runs import NotebookRuns, parameters

NOTEBOOK = "02_participants.ipynb"


#: The runs these tests check: the committed report's three (tests/support/runs.py) and the
#: tests' own variants.
RUNS = ("default", "participants-by-field", "participants-english", "other",
        "phase1-region-ja-top2", "both-region-companies-top3", "phase2-field-ja")


@pytest.fixture(scope="module")
def runs(notebook_runs: NotebookRuns) -> dict[str, tuple[dict[str, Any], Path]]:
    executed = {label: notebook_runs(NOTEBOOK, label) for label in RUNS}
    return {label: (run.json, run.results) for label, run in executed.items()}


@pytest.mark.parametrize("label", list(RUNS))
def test_every_finding_number_is_a_result_table_cell(
        runs: dict[str, tuple[dict[str, Any], Path]], label: str) -> None:
    nb, results = runs[label]
    assert check_run(nb, results) == []


def test_english_names_only_when_asked(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["other"]
    projects = pd.read_csv(results / "phase2_projects.csv")
    shown = "\n".join(text for text, _ in findings(nb))
    html = "\n".join("".join(o["data"].get("text/html", "")) for c in nb["cells"]
                     for o in c.get("outputs", []) if "data" in o)
    for name in projects["name_ja"]:
        assert name not in shown and name not in html, name
    # 002 line 30: the English of 地域産業活性化プロジェクト, first by universities (130)
    assert "Regional Industry Revitalization Project (Kanto)" in shown
    default = "\n".join(text for text, _ in findings(runs["default"][0]))
    assert "地域産業活性化プロジェクト (Regional Industry Revitalization Project; Kanto)" in default


def test_a_filter_that_removes_a_compared_entity_says_so(
        runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["other"]
    ranked = pd.read_csv(results / "phase2_projects.csv")
    assert len(ranked) == 18 and ranked["shown"].sum() == 5
    text = "\n".join(t for t, _ in findings(nb))
    # 情報ベンチャーの育成 has the most companies per university place (002 line 38: 約840社
    # 3大学) and the fewest universities: last of 18 by universities, not among the 5 shown
    assert "280.0 for Fostering IT Ventures (Kanto)" in text
    assert "18th by universities, below the top_n cut" in text
    # by field, phase II: the fields' university places add up to more than the 538 of the
    # projects (002 lines 24-92), because 5 projects list several fields
    assert "against 538 over the projects" in text
    # so a field's share is of that double-counted sum, and says so
    assert "% of the fields' sum;" in text
    assert "not compared across the phases" in text


def test_phase1_view_counts_projects_only(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["phase1-region-ja-top2"]
    groups = pd.read_csv(results / "groups.csv")
    assert set(groups["phase"]) == {"I"} and groups["companies"].isna().all()
    text = "\n".join(t for t, _ in findings(nb))
    # 001 lines 349, 362, 377, 388: four Kinki projects, the most of any region
    assert "the most projects per region, 4, are in 近畿" in text
    assert not re.search(r"Phase II (companies|university places) by region", text)


def test_rounding_is_the_same_in_text_and_tables(
        runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["default"]
    text = "\n".join(t for t, _ in findings(nb))
    # 538 university places ÷ 約290 universities (002 lines 18, 24-92) = 1.855…: 1.86
    assert "1.86 places per university" in text and "1.85" not in text
    rec = pd.read_csv(results / "national_totals.csv").set_index("measure")
    assert rec.loc["universities", "ratio"] == pytest.approx(538 / 290)
    # 5,800 SMEs (001 line 101) → 約10,700 中堅・中小企業 (002 line 16): one group or not is
    # open (definition:meti-smes): marked, and no growth rate given
    growth = pd.read_csv(results / "growth.csv").set_index("measure")
    assert not growth.loc["companies", "comparable"]
    assert bool(growth.loc["companies", "definition_changed"])
    assert growth.loc["companies", "definition_reading"] == "unknown"
    assert pd.isna(growth.loc["companies", "change_pct"])
    assert "No growth rate follows: the difference would be one only if they do" in text
    assert "each company is counted once" in text and "does not show" in text


@pytest.mark.parametrize("label", list(RUNS))
def test_output_dir_is_a_valid_data_package(runs: dict[str, tuple[dict[str, Any], Path]],
                                            label: str) -> None:
    """Every result table written as declared, described by a datapackage.json that
    frictionless accepts (types, required cells, keys, the files' hashes)."""
    _, results = runs[label]
    package = json.loads((results / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(RESULTS[NOTEBOOK])
    defaults = {"phase": "II", "by": "region", "metric": "companies", "names": "both",
                "top_n": None}
    assert package["parameters"] == {**defaults, **parameters(NOTEBOOK, label)}
    report = validate(results / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # the stated totals are a table of this study's own, not a copy of the processed one
    assert not (results / "reconciliation.csv").exists()
    totals = pd.read_csv(results / "national_totals.csv")
    assert list(totals["check_id"]) == ["phase2_companies", "phase2_universities"]


def test_projects_per_region_rest_on_the_registers_reading(
        runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    """Phase I's 19 projects (001 line 101) and phase II's 18 (002 line 14) are counted per
    region only as the register reads the two phases' projects
    (definition:meti-phase1-vs-phase2-projects, 'same', 'different' allowed); an equal
    count in a region is not said to be the same projects."""
    nb, _ = runs["both-region-companies-top3"]
    text = "\n".join(t for t, _ in findings(nb))
    assert "the register reads the two phases' projects as 'same'" in text
    assert "(definition:meti-phase1-vs-phase2-projects), and allows 'different'" in text
    assert "which does not say that the same projects continue" in text
    assert "keep their number" not in text
