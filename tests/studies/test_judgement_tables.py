"""The table "Judgements this study rests on": rendered from the register, and no two
executed notebooks stating different readings of one judgement."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd
import papermill as pm
import pytest

import clusteranalysis as ca
from clusteranalysis import present
from clusteranalysis.present.judgements import METADATA_KEY, notebook_records
from tests.support.data import NOTEBOOKS

CROSSCHECK = "04_crosscheck.ipynb"


@pytest.fixture(scope="module")
def register() -> dict[str, pd.DataFrame]:
    return {name: ca.load(name) for name in ("judgements", "judgement_readings")}


@pytest.fixture(scope="module")
def committed() -> dict[str, dict[str, Any]]:
    """Every committed notebook, executed with its defaults."""
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(NOTEBOOKS.glob("*.ipynb"))}


@pytest.fixture(scope="module")
def other_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """04 executed by papermill with other topics and another tolerance."""
    out = tmp_path_factory.mktemp("judgements") / CROSSCHECK
    pm.execute_notebook(NOTEBOOKS / CROSSCHECK, out, cwd=NOTEBOOKS, progress_bar=False,
                        parameters={"topics": ["meti_companies", "meti_universities",
                                               "exchange_rate", "de_bioregio"],
                                    "tolerance": 0.1})
    return json.loads(Path(out).read_text(encoding="utf-8"))


def test_the_table_is_the_registers_rows(register: dict[str, pd.DataFrame]) -> None:
    ids = ["definition:meti-researchers", "divisor:kc-national-budget"]
    table = present.judgements_table(register["judgements"], register["judgement_readings"],
                                     ids)
    records = table.records()
    assert [r["judgement_id"] for r in records] == ids
    j = register["judgements"].set_index("judgement_id")
    for r in records:
        assert r["reading"] == j.loc[r["judgement_id"], "reading"]
        assert "; ".join(r["readings"]) == j.loc[r["judgement_id"], "readings"]
    html = table._repr_html_()
    # each document line of the evidence links to its line of the raw text (the report
    # points it at the document's page)
    assert 'href="../data/raw/001_fc47ff42475d4a79.txt#L101"' in html
    assert 'href="../data/raw/003_ea909c88cb2d084b.txt#L47"' in html
    assert present.judgements.TITLE in html and present.judgements.TITLE in table.text()
    data, metadata = table._repr_mimebundle_()
    assert set(data) == {"text/html", "text/plain"} and metadata[METADATA_KEY] == records


def test_an_unknown_judgement_is_named(register: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(KeyError, match="divisor:nowhere"):
        present.judgements_table(register["judgements"], register["judgement_readings"],
                                 ["divisor:nowhere"])


def test_judgements_are_found_by_what_they_are_about(register: dict[str, pd.DataFrame]
                                                     ) -> None:
    ids = present.judgement_ids(register["judgements"], "independent_figures",
                                ["meti-nikkei2005-universities"])
    assert ids == ["definition:meti-researchers", "independence:nikkei2005"]


def test_the_crosscheck_shows_the_judgement_of_each_comparison(
        committed: dict[str, dict[str, Any]], register: dict[str, pd.DataFrame]) -> None:
    shown = {r["judgement_id"] for _, r in notebook_records(committed[CROSSCHECK])}
    figures = ca.load("independent_figures")
    linked = figures[figures["document_source"].notna()]
    assert set(linked["definition_judgement"]) <= shown
    assert any(i.startswith("independence:") for i in shown)


def test_executed_notebooks_state_the_register(committed: dict[str, dict[str, Any]],
                                               other_run: dict[str, Any],
                                               register: dict[str, pd.DataFrame]) -> None:
    notebooks = {**committed, f"{CROSSCHECK} (other topics, tolerance 0.1)": other_run}
    assert sum(len(notebook_records(nb)) for nb in notebooks.values()) > 0
    for name, nb in notebooks.items():
        assert present.check_judgements(nb, register["judgements"], name) == []
    assert present.compare_notebooks(notebooks) == []
    # the other run shows fewer judgements: only its topics' comparisons
    assert 0 < len(notebook_records(other_run)) < len(notebook_records(committed[CROSSCHECK]))


def _restated(nb: dict[str, Any], judgement_id: str, reading: str) -> dict[str, Any]:
    """A copy of an executed notebook whose table states another reading of one judgement."""
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        for output in cell.get("outputs", []):
            for record in output.get("metadata", {}).get(METADATA_KEY, []):
                if record["judgement_id"] == judgement_id:
                    record["reading"] = reading
    return out


def test_a_notebook_that_states_another_reading_fails(committed: dict[str, dict[str, Any]],
                                                      register: dict[str, pd.DataFrame]) -> None:
    # 001 line 101 writes "SMEs"; a notebook that says the register's 'unknown' is 'same'
    stale = _restated(committed[CROSSCHECK], "definition:meti-smes", "same")
    problems = present.check_judgements(stale, register["judgements"], "stale")
    assert problems and "definition:meti-smes: reading 'same', the register 'unknown'" in \
        problems[0]
    disagree = present.compare_notebooks({"a": committed[CROSSCHECK], "b": stale})
    assert len(disagree) == 1 and disagree[0].startswith("definition:meti-smes: a states")


def test_each_notebook_shows_every_judgement_its_findings_rest_on(
        committed: dict[str, dict[str, Any]]) -> None:
    """The table "Judgements this study rests on" lists every judgement a findings
    paragraph of the notebook records (02's example clusters rest on three)."""
    for name, nb in committed.items():
        recorded = {j for cell in nb["cells"] for o in cell.get("outputs", [])
                    for j in o.get("metadata", {}).get("text/markdown", {})
                    .get("judgements", [])}
        shown = {r["judgement_id"] for _, r in notebook_records(nb)}
        assert recorded <= shown, (name, sorted(recorded - shown))
