"""03_timelines under papermill with other parameters: its findings follow the run.

Each run's findings are checked number by number against the result tables it wrote, no
digit in a finding may come from anywhere else, every result file carries ``source`` and
``line``, and no open-ended span is drawn or counted past the date of the document that
states it (``data/raw/sources.csv``: METI 2005 is dated 21 June 2005 on its line 3).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import validate as frictionless_validate

from clusteranalysis.metadata.results import RESULTS
from tests.support.findings import check_run, findings
from tests.support.runs import NotebookRuns, parameters

NOTEBOOK = "03_timelines.ipynb"


#: The runs these tests check: the committed report's two (tests/support/runs.py) and the
#: tests' own variants.
RUNS = ("default", "timelines-japan", "japan-programmes-1998-2004", "laws-eras-to-2060",
        "europe-1990-2015", "other")


@pytest.fixture(scope="module")
def runs(notebook_runs: NotebookRuns) -> dict[str, tuple[dict[str, Any], Path]]:
    executed = {label: notebook_runs(NOTEBOOK, label) for label in RUNS}
    return {label: (run.json, run.results) for label, run in executed.items()}


@pytest.mark.parametrize("label", list(RUNS))
def test_every_finding_number_is_a_result_table_cell(
        runs: dict[str, tuple[dict[str, Any], Path]], label: str) -> None:
    nb, results = runs[label]
    assert check_run(nb, results) == []


@pytest.mark.parametrize("label", list(RUNS))
def test_the_results_are_a_valid_data_package(
        runs: dict[str, tuple[dict[str, Any], Path]], label: str) -> None:
    _, results = runs[label]
    package = json.loads((results / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(RESULTS[NOTEBOOK])
    assert package["parameters"] == {"start_year": 1970, "end_year": 2020, "countries": None,
                                     "kinds": None, **parameters(NOTEBOOK, label)}
    report = frictionless_validate(results / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("label", list(RUNS))
def test_no_open_ended_span_past_its_documents_date(
        runs: dict[str, tuple[dict[str, Any], Path]], label: str) -> None:
    _, results = runs[label]
    e = pd.read_csv(results / "timeline_entries.csv")
    opened = e[e["open_ended"]]
    own = opened[opened["continued_from"].isna()]
    assert (own["end"] <= own["document_end"] + 1e-9).all()
    # a span a later document shows continuing runs from its own document's date on
    later = opened[opened["continued_from"].notna()]
    assert (later["continued_from"] == later["document_end"]).all()
    assert all(str(j).startswith("continuation:") for j in later["continuation_judgement"])
    assert set(opened["status_after_end"]) <= {"unknown"}
    o = pd.read_csv(results / "overlaps.csv")
    for r in o.itertuples(index=False):
        assert r.overlap_years == max(0, min(r.overlap_to, r.counted_to) - r.overlap_from + 1)
    d = pd.read_csv(results / "durations.csv")
    known = d.dropna(subset=["years_to_document"])
    last = known["continued_to"].fillna(known["document_year"])
    bound = (last - known["start_year"] + 1).clip(lower=0)
    assert (known["years_to_document"] <= bound).all()


def test_end_year_never_extends_a_span(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    base = pd.read_csv(runs["default"][1] / "timeline_entries.csv").set_index("entity_id")
    wide = pd.read_csv(runs["laws-eras-to-2060"][1] / "timeline_entries.csv").set_index(
        "entity_id")
    # 001 line 17: (1972~), stated on 21 June 2005: the same end whatever the window
    law = "law:industrial_relocation_promotion_law"
    assert wide.loc[law, "end"] == base.loc[law, "end"] < 2006
    assert set(wide["kind"]) <= {"law", "policy era", "event"}


def test_selection_and_cut_window(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["japan-programmes-1998-2004"]
    e = pd.read_csv(results / "timeline_entries.csv")
    assert set(e["country"]) == {"Japan"}
    assert (e["start"] < 2005).all() and (e["end"] > 1998).all()
    # the 2nd term (001 line 289: 2006~10) starts after the window: not selected
    assert "meti_industrial_cluster:term2" not in set(e["entity_id"])
    o = pd.read_csv(results / "overlaps.csv").set_index(["programme_id", "plan_id"])
    # MEXT's Knowledge Cluster Initiative started in July 2002 (003 line 47), and MEXT
    # 2008a shows its phase II (002 lines 97-98): 2002-2005 with the 2nd Basic Plan
    assert o.loc[("mext_knowledge_cluster", "plan:st_basic_plan_2"), "overlap_years"] == 4
    assert o.loc[("mext_knowledge_cluster", "plan:st_basic_plan_2"), "counted_to"] == 2008
    text = "\n".join(t for t, _ in findings(nb))
    assert "count only up to their document's year, or that of a later document" in text
    assert "shown in 2008 by MEXT 2008a (continuation:knowledge-cluster)" in text
    assert "France" not in text and "BioRegio" not in text
    events = pd.read_csv(results / "cooperation_events.csv")
    assert events.empty  # kinds without "event"
    assert "No cooperation event in this selection." in text


def test_default_findings_state_no_intent(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    text = "\n".join(t for t, _ in findings(runs["default"][0]))
    assert "were cut to" not in text
    # 001 line 289 (2006~10) and 004 line 123 (平成18～22年度): shared to 2008, when 002
    # (lines 14, 18) shows the 2nd term under way, and after it only as planned
    assert "share 3 labelled years up to 2008" in text and "as planned when written" in text
    # 002 line 128: 予定
    assert "Japan-EU Cluster Forum (2008-12; 予定" in text


def test_a_country_other_than_japan(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    nb, results = runs["europe-1990-2015"]
    e = pd.read_csv(results / "timeline_entries.csv").set_index("entity_id")
    assert set(e["country"]) == {"Finland", "Germany", "United Kingdom", "France"}
    # 001 line 76: Finland 1994~(2004), the end planned in METI's FY2004 study group data
    # (line 88), stated the same way in every run
    assert e.loc["fi_centres_of_expertise", "planned_end_basis"] == \
        "FY 2004 industrial cluster study group data"
    text = "\n".join(t for t, _ in findings(nb))
    assert ("the end planned in 'FY 2004 industrial cluster study group data' (METI 2005), "
            "as the register reads it (continuation:fi-centres)") in text
    assert "Japan" not in set(e["country"])
