"""notebooks/00_start_here.ipynb and clusteranalysis.studies.guide, the functions it calls.

The notebook is checked as committed (structure, executed outputs), run through papermill
with an ``output_dir`` (its table, figure and findings), and with a misspelled parameter.
``pytest --nbval-lax notebooks/`` re-executes it and compares the cells marked
``# NBVAL_CHECK_OUTPUT``. Expected values were read in the documents with ``cat -n``.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from frictionless import validate as frictionless_validate

import clusteranalysis as ca
from clusteranalysis.errors import ClusterAnalysisError, ParameterError
from clusteranalysis.present.findings import check_findings
from clusteranalysis.studies import guide, params
from tests.support.data import PROCESSED, ROOT
from tests.support.runs import NotebookRuns

NOTEBOOK = "00_start_here.ipynb"
NOTEBOOKS = ROOT / "notebooks"
F002 = "002_0f5a4630d1886fda.txt"


@pytest.fixture(scope="module")
def committed() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def executed(notebook_runs: NotebookRuns) -> tuple[Path, Path]:
    """The notebook run by papermill from notebooks/, as the report runs it."""
    run = notebook_runs(NOTEBOOK)
    return run.path, run.results


def _code(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def test_parameters_first_validation_second(committed: nbformat.NotebookNode) -> None:
    code = _code(committed)
    assert committed.cells[0].cell_type == "markdown"
    assert committed.cells[0].source.startswith("# Start here")
    assert committed.cells[1] is code[0] and "parameters" in code[0].metadata["tags"]
    defaults = {n.targets[0].id: ast.literal_eval(n.value)
                for n in ast.parse(code[0].source).body if isinstance(n, ast.Assign)}
    assert defaults == params.defaults(NOTEBOOK) == {"output_dir": None}
    assert f'check_parameters("{NOTEBOOK}", globals())' in code[1].source
    assert committed.cells[2] is code[1]


def test_committed_executed_in_order_without_errors(committed: nbformat.NotebookNode) -> None:
    code = _code(committed)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        assert "execution" not in cell.metadata
        for out in cell.outputs:
            assert out.output_type != "error", cell.source
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source
    checked = [c for c in code if c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) >= 4 and all(c.outputs for c in checked)
    assert committed.metadata["kernelspec"]["name"] == "python3"


def test_markdown_types_no_number_the_data_give(committed: nbformat.NotebookNode) -> None:
    """Numbers come from code cells; the prose has none but its own list numbers (and the
    names of notebooks and functions: `ca.phase2_projects()`)."""
    allowed = re.compile(r"\b\d\d_[a-z_]+\.ipynb|^\s*\d\. |^#+ \d\. |\b1-based\b|^\*\*\d\. "
                         r"|`(?:ca\.)?[a-z_]+\d[a-z_]*\(\)`", re.MULTILINE)
    for cell in committed.cells:
        if cell.cell_type == "markdown":
            rest = allowed.sub("", cell.source)
            assert not re.search(r"\d", rest), cell.source


def test_it_covers_tables_tracing_parameters_and_tries(committed: nbformat.NotebookNode) -> None:
    text = "\n".join(c.source for c in committed.cells if c.cell_type == "markdown")
    for heading in ("## 1. The tables and how they relate", "## 2. Trace a number to its line",
                    "## 3. What each study's parameters do", "## Try this"):
        assert heading in text
    assert text.count("**1. ") + text.count("**2. ") + text.count("**3. ") == 3
    code = "\n".join(c.source for c in _code(committed))
    for call in ("guide.tables_overview()", "guide.relations()", "ca.trace(row)",
                 "ca.cite(", "guide.parameter_guide()", "guide.papermill_command(",
                 "pivot_table(", "studies.write_results(output_dir"):
        assert call in code


def test_committed_outputs_trace_the_example(committed: nbformat.NotebookNode) -> None:
    outputs = "\n".join(_text(c) for c in _code(committed))
    # 002 lines 37-38: "◆情報ベンチャーの育成" then "　ＩＴ分野　約840社　3大学"
    assert "> 38 | 　ＩＴ分野　約840社　3大学" in outputs
    assert "> 37 | ◆情報ベンチャーの育成" in outputs
    assert "raw: 約840社" in outputs
    assert "Source: MEXT 2008a (002_0f5a4630d1886fda.txt, lines 37–38)." in outputs
    # labelled as 02 labels it (a university in two projects counts in each)
    assert "about 840 companies and 3 universities, 280.0 per university place" in outputs
    assert "per university</th>" not in outputs


def test_papermill_run_writes_its_table_and_figure(executed: tuple[Path, Path]) -> None:
    _, results = executed
    assert sorted(p.name for p in results.iterdir()) == [
        "companies_per_university.csv", "companies_per_university.png",
        "companies_per_university.svg", "datapackage.json"]
    report = frictionless_validate(results / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    table = pd.read_csv(results / "companies_per_university.csv")
    assert {"source", "line"} <= set(table.columns)
    assert len(table) == 18  # 002 line 14: 18 projects of phase II
    top = table.iloc[0]
    # 002 line 37 names it, line 38 gives 約840社 and 3大学
    assert (top["name"], top["companies"], top["universities"]) == ("情報ベンチャーの育成", 840, 3)
    assert top["companies_per_university"] == 280
    assert (top["source"], str(top["line"])) == (F002, "37, 38")
    # the fewest: 東海バイオものづくり創生プロジェクト, 約100社 and 52大学 (002 lines 42-43)
    last = table.iloc[-1]
    assert (last["name"], last["companies"], last["universities"]) == (
        "東海バイオものづくり創生プロジェクト", 100, 52)


def test_findings_agree_with_the_table(executed: tuple[Path, Path]) -> None:
    out, results = executed
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert check_findings(nb, results) == []
    found = [o for c in nb["cells"] for o in c.get("outputs", [])
             if "clusteranalysis/findings" in json.dumps(o.get("metadata", {}))]
    assert len(found) == 1
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            assert not (o.get("output_type") == "stream" and o.get("name") == "stderr"), o


def test_a_misspelled_parameter_stops_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "papermill"), f"notebooks/{NOTEBOOK}",
         str(tmp_path / "out.ipynb"), "--cwd", "notebooks", "--no-progress-bar",
         "-p", "outputdir", str(tmp_path / "r")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode != 0
    assert ("unknown parameter 'outputdir' for 00_start_here.ipynb; parameters are: "
            "output_dir; did you mean 'output_dir'?") in done.stderr


# --------------------------------------------------------------------------- guide


def test_tables_overview_and_relations_follow_the_data_package() -> None:
    package = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    overview = guide.tables_overview()
    assert list(overview["table"]) == ca.tables()
    rows = dict(zip(overview["table"], overview["rows"], strict=True))
    assert rows == {r["name"]: r["rows"] for r in package["resources"]}
    by_table = overview.set_index("table")
    assert by_table.loc["participants", "primary_key"] == "source, line, raw"
    # budgets.programme_id names a programme, budgets.source a document (documents.source)
    assert by_table.loc["budgets", "refers_to"] == "documents, programmes"
    relations = guide.relations()
    pairs = set(zip(relations["table"], relations["columns"], relations["refers_to"],
                    strict=True))
    assert ("budgets", "programme_id", "programmes") in pairs
    assert ("crosswalk", "phase2_id", "projects") in pairs
    assert ("participants", "source", "documents") in pairs  # every fact names its document
    with pytest.raises(ClusterAnalysisError, match="make data"):
        guide.tables_overview(PROCESSED / "absent")


def test_parameter_guide_names_every_study_parameter_and_what_it_does() -> None:
    table = guide.parameter_guide()
    studies = sorted(n for n in params.NOTEBOOK_PARAMETERS if n != NOTEBOOK)
    assert sorted(set(table["notebook"])) == studies
    for notebook in studies:
        rows = table[table["notebook"] == notebook]
        assert list(rows["parameter"]) == list(params.defaults(notebook))
    assert (table["what_it_does"] != "").all(), table[table["what_it_does"] == ""]
    assert set(table["default"]) >= {"None"}


def test_comments_of_a_parameters_cell() -> None:
    source = ('a = 1  # the first\n'
              '# b: what b is,\n'
              '# continued\n'
              'b = None\n'
              '# a note on b\n'
              'c = "x"  # c\n')
    assert guide._comments(source) == {"a": "the first", "b": "what b is, continued a note on b",
                                       "c": "c"}


def test_papermill_command_passes_lists_with_y() -> None:
    command = guide.papermill_command("01_budgets.ipynb",
                                      {"countries": ["Germany", "United Kingdom"],
                                       "currency": "USD", "jpy_per_usd": 110},
                                      "runs/de/de.ipynb")
    first, second = command.split(" && ")
    assert first == "mkdir -p runs/de"
    args = shlex.split(second)
    assert args[:5] == [".venv/bin/papermill", "notebooks/01_budgets.ipynb", "runs/de/de.ipynb",
                        "--cwd", "notebooks"]
    y = args[args.index("-y") + 1]
    assert yaml.safe_load(y) == {"countries": ["Germany", "United Kingdom"]}
    assert args[args.index("-r") + 1: args.index("-r") + 3] == ["currency", "USD"]
    assert "jpy_per_usd" in args and args[args.index("jpy_per_usd") + 1] == "110"
    assert second.endswith('-p output_dir "$PWD"/runs/de/results')
    with pytest.raises(ParameterError, match="currency must be one of JPY, USD"):
        guide.papermill_command("01_budgets.ipynb", {"currency": "EUR"}, "runs/x/x.ipynb")


def test_companies_per_university_cites_names_and_counts() -> None:
    table = guide.companies_per_university(ca.load("projects"), ca.load("participants"))
    kanto = table[table["project_id"] == "p2:kanto_regional"].iloc[0]
    # 002 line 30 names 地域産業活性化プロジェクト, line 34 gives 約2,240社 and 130大学
    assert (kanto["companies"], kanto["universities"]) == (2240, 130)
    assert (kanto["source"], kanto["line"]) == (F002, "30, 34")
    assert table["companies_per_university"].is_monotonic_decreasing
    with pytest.raises(ClusterAnalysisError, match="phase 'III'"):
        guide.companies_per_university(ca.load("projects"), ca.load("participants"), "III")


def test_phase2_projects_is_one_wide_table_with_names_region_and_lines() -> None:
    wide = ca.phase2_projects()
    assert len(wide) == 18  # 002 line 14: 産業クラスター計画（第Ⅱ期）18プロジェクト
    assert wide["project_id"].is_unique and wide["project_id"].is_monotonic_increasing
    # 002 line 37: "◆情報ベンチャーの育成"; line 38: "　ＩＴ分野　約840社　3大学" (Kanto block)
    it = wide.set_index("project_id").loc["p2:kanto_it_ventures"]
    assert (it["name"], it["region"], it["companies"], it["universities"]) == (
        "情報ベンチャーの育成", "Kanto", 840, 3)
    assert (it["companies_as_written"], it["source"], it["line"]) == ("約840社", F002, "37, 38")
    # the same pivot the worked example ranks
    ranked = guide.companies_per_university(ca.load("projects"), ca.load("participants"))
    assert set(ranked["project_id"]) == set(wide["project_id"])
