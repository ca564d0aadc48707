"""The study notebooks as the nightly job runs them: through papermill, with parameters.

Each notebook runs once with its defaults and once with other parameters, both writing into
an ``output_dir``; the files must differ where the parameters matter. Bad parameters must stop
the run in the validation cell with a message naming the parameter and its allowed values.
The committed notebooks themselves are checked for the structure readers and nbval rely on
(``pytest --nbval-lax notebooks/`` re-executes them and compares the printed numbers).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill as pm
import pytest

from clusteranalysis.errors import ParameterError
from clusteranalysis.metadata.results import RESULTS
from clusteranalysis.present.findings import METADATA_KEY
from clusteranalysis.report import ReportConfigError, load_config
from clusteranalysis.studies import params
from tests.support.plain import execute_plainly
from tests.support.runs import Executed, NotebookRuns

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
# the studies; 00_start_here.ipynb (no study, no findings tables): tests/studies/test_start_here.py
NAMES = sorted(n for n in params.NOTEBOOK_PARAMETERS if n != "00_start_here.ipynb")

FILES = {
    "01_budgets.ipynb": (
        ["annual_readings", "budget_sensitivity", "japan_series", "knowledge_cluster",
         "meti_line_items", "meti_summary", "mext_stated_conversions", "programme_budgets",
         "programme_comparison", "sensitivity_range"],
        ["budget_sensitivity", "japan_series", "meti_line_items", "programme_comparison"],
    ),
    "02_participants.ipynb": (
        ["continuity", "example_composition", "examples_vs_phase2", "group_totals", "groups",
         "growth", "national_totals", "overseas_companies", "overseas_kinds",
         "phase2_projects"],
        ["example_clusters", "groups", "growth", "overseas_companies", "phase2_projects",
         "reconciliation"],
    ),
    "03_timelines.ipynb": (
        ["cooperation_events", "durations", "japan_sequence", "merged_mentions", "overlaps",
         "timeline_documents", "timeline_entries"],
        ["cooperation_events", "overlaps", "timeline"],
    ),
    "04_crosscheck.ipynb": (
        ["crosscheck", "per_head", "topics", "verdicts", "years"],
        ["over_time", "ratios", "years"],
    ),
}

#: Notebooks whose findings are computed outputs (clusteranalysis.present.Findings).
COMPUTED_FINDINGS = {"01_budgets.ipynb", "02_participants.ipynb", "03_timelines.ipynb",
                     "04_crosscheck.ipynb"}


def run(notebook: str, tmp: Path, **parameters: Any) -> Path:
    """Execute ``notebook`` with papermill from notebooks/, as the report does."""
    out = tmp / f"executed_{notebook}"
    pm.execute_notebook(NOTEBOOKS / notebook, out, parameters=parameters, cwd=NOTEBOOKS,
                        kernel_name="python3", progress_bar=False, log_output=False)
    return out


@pytest.fixture(scope="module")
def runs(notebook_runs: NotebookRuns) -> dict[str, dict[str, Executed]]:
    """Each notebook run with its defaults and with other parameters
    (tests/support/runs.py), each writing into its own output_dir."""
    return {name: {label: notebook_runs(name, label) for label in ("default", "other")}
            for name in NAMES}


@pytest.fixture(scope="module")
def again(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each notebook's defaults executed a second time, in a plain process with another hash
    seed (tests/support/plain.py): its ``output_dir`` by notebook."""
    base = tmp_path_factory.mktemp("again")
    folders = {name: base / Path(name).stem for name in NAMES}
    execute_plainly(list(folders.items()))
    return folders


@pytest.mark.parametrize("notebook", NAMES)
def test_output_dir_gets_every_table_and_figure(runs: dict[str, dict[str, Executed]],
                                                notebook: str) -> None:
    tables, figs = FILES[notebook]
    expected = {f"{t}.csv" for t in tables} | {f"{f}.{ext}" for f in figs
                                               for ext in ("png", "svg")}
    if notebook in RESULTS:  # written by studies.write_results, with the declared tables
        expected.add("datapackage.json")
    for label in ("default", "other"):
        assert {p.name for p in runs[notebook][label].results.iterdir()} == expected, label


@pytest.mark.parametrize("notebook", NAMES)
def test_runs_print_no_warnings(runs: dict[str, dict[str, Executed]], notebook: str) -> None:
    """No stderr in any cell: no missing-glyph, font or pandas warnings, whatever the
    parameters."""
    for label in ("default", "other"):
        nb = nbformat.read(runs[notebook][label].path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert not (out.get("output_type") == "stream" and out.get("name") == "stderr"), (
                    label, cell.source, out.get("text"))


@pytest.mark.parametrize("notebook", NAMES)
def test_other_parameters_change_the_results(runs: dict[str, dict[str, Executed]],
                                             notebook: str) -> None:
    default, other = runs[notebook]["default"].results, runs[notebook]["other"].results
    changed = [p.name for p in sorted(default.glob("*.csv"))
               if p.read_bytes() != (other / p.name).read_bytes()]
    assert changed, "no result table changed"


def test_budgets_in_dollars_for_japan_and_germany(runs: dict[str, dict[str, Executed]]) -> None:
    out = runs["01_budgets.ipynb"]["other"].results
    table = pd.read_csv(out / "programme_budgets.csv").set_index("programme_id")
    assert sorted(table.index) == ["de_bioregio", "de_innoregio", "meti_industrial_cluster",
                                   "mext_knowledge_cluster"]
    assert set(table["currency"]) == {"USD"}
    assert table.loc["meti_industrial_cluster", "annual"] == 540  # 001 line 138, in dollars
    assert table.loc["de_bioregio", "annual"] == 24  # ¥2,400 million at ¥100 per dollar
    head = pd.read_csv(out / "programme_comparison.csv")
    assert set(head["basis"]) == {"annual_per_unit"}
    default = pd.read_csv(runs["01_budgets.ipynb"]["default"].results / "programme_comparison.csv")
    assert set(default["basis"]) == {"annual"} and len(default) == 8


def test_participants_both_phases_by_field(runs: dict[str, dict[str, Executed]]) -> None:
    out = runs["02_participants.ipynb"]["other"].results
    groups = pd.read_csv(out / "groups.csv")
    assert set(groups["by"]) == {"field"} and set(groups["phase"]) == {"I", "II"}
    ranked = pd.read_csv(out / "phase2_projects.csv")
    assert len(ranked) == 18 and ranked["shown"].sum() == 5  # every row kept, top_n shown
    assert list(ranked["universities"][:3]) == [130, 56, 52]  # 002 lines 34, 48, 43


def test_timelines_window_and_selection(runs: dict[str, dict[str, Executed]]) -> None:
    out = runs["03_timelines.ipynb"]["other"].results
    entries = pd.read_csv(out / "timeline_entries.csv")
    assert set(entries["country"]) <= {"Japan", "Germany"}
    assert set(entries["kind"]) <= {"programme", "plan", "event"}
    assert (entries["start"] < 2011).all() and (entries["end"] > 1995).all()
    default = pd.read_csv(runs["03_timelines.ipynb"]["default"].results / "timeline_entries.csv")
    assert "France" in set(default["country"]) and "law" in set(default["kind"])


@pytest.mark.parametrize("notebook", NAMES)
def test_figures_and_tables_are_byte_stable(runs: dict[str, dict[str, Executed]],
                                            again: dict[str, Path], notebook: str) -> None:
    """A second execution of the defaults, in another process, writes the same files with
    the same bytes: no dates, ids, addresses or hash-seeded orders in them."""
    first = runs[notebook]["default"].results
    assert sorted(p.name for p in again[notebook].iterdir()) == sorted(
        p.name for p in first.iterdir())
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (again[notebook] / path.name).read_bytes(), path.name


BAD = [
    ("01_budgets.ipynb", {"currency": "XYZ"}, "currency must be one of JPY, USD"),
    ("01_budgets.ipynb", {"jpy_per_usd": -5}, "jpy_per_usd must be a positive number"),
    ("01_budgets.ipynb", {"basis": "monthly"},
     "basis must be one of annual, annual_per_unit, total"),
    ("01_budgets.ipynb", {"jpy_per_usd_range": [130, 100]},
     "jpy_per_usd_range must be a list of two positive numbers, the lower first"),
    ("01_budgets.ipynb", {"countries": ["Atlantis"]}, "countries must be None or a non-empty"),
    ("02_participants.ipynb", {"phase": "III"}, "phase must be one of I, II, both"),
    ("02_participants.ipynb", {"top_n": 0}, "top_n must be None or a positive whole number"),
    ("02_participants.ipynb", {"names": "fr"}, "names must be one of en, ja, both"),
    ("03_timelines.ipynb", {"start_year": 2010, "end_year": 2000},
     "start_year must be <= end_year"),
    ("03_timelines.ipynb", {"kinds": ["war"]}, "kinds must be None or a non-empty list"),
    ("04_crosscheck.ipynb", {"tolerance": 1.5}, "tolerance must be a number from 0 up to 1"),
    ("04_crosscheck.ipynb", {"topics": ["weather"]}, "topics must be None or a non-empty list"),
]


@pytest.mark.parametrize(("notebook", "bad", "message"), BAD)
def test_invalid_parameters_give_the_allowed_values(notebook: str, bad: dict[str, Any],
                                                    message: str) -> None:
    """The validation cell's message for each bad value (the check the cell calls)."""
    with pytest.raises(ParameterError, match=re.escape(message)):
        params.validate(notebook, {**params.defaults(notebook), **bad})


#: One bad value per notebook, through papermill: the run stops in the validation cell.
FIRST_BAD = [next(b for b in BAD if b[0] == name) for name in NAMES]


@pytest.mark.parametrize(("notebook", "bad", "message"), FIRST_BAD)
def test_invalid_parameters_stop_in_the_validation_cell(notebook: str, bad: dict[str, Any],
                                                        message: str, tmp_path: Path) -> None:
    with pytest.raises(pm.PapermillExecutionError) as info:
        run(notebook, tmp_path, output_dir=str(tmp_path / "out"), **bad)
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue
    assert not (tmp_path / "out").exists()  # stopped before writing anything
    executed = nbformat.read(tmp_path / f"executed_{notebook}", as_version=4)
    failed = [c for c in executed.cells if c.cell_type == "code" and any(
        o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1 and "check_parameters" in failed[0].source


# --------------------------------------------------------------------------- committed files


@pytest.mark.parametrize("notebook", NAMES)
def test_committed_notebook_structure(notebook: str) -> None:
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    # the first code cell is tagged `parameters` and holds exactly the defaults of params.py
    assert "parameters" in code[0].metadata.get("tags", [])
    defaults = {n.targets[0].id: ast.literal_eval(n.value)
                for n in ast.parse(code[0].source).body if isinstance(n, ast.Assign)}
    assert defaults == params.defaults(notebook)
    assert f'check_parameters("{notebook}", globals())' in code[1].source
    # executed top to bottom, once, without errors, warnings or stderr
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source
            assert "Glyph" not in str(out) and " at 0x" not in str(out), cell.source
        assert "execution" not in cell.metadata  # no timestamps
    checked = [c for c in code if c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) >= 3
    assert all(c.outputs for c in checked)
    figures = [c for c in code if "save_figure" in c.source]
    assert figures and all(any("image/png" in o.get("data", {}) for o in c.outputs)
                           for c in figures)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for section in ("**Question.**", "**Data.**", "**Method.**", "## Caveats", "## Sources"):
        assert section in text
    if notebook in COMPUTED_FINDINGS:
        # the findings are outputs computed from the run's tables, nbval-checked; no
        # Markdown cell states one
        found = [c for c in code if any(METADATA_KEY in json.dumps(o.get("metadata", {}))
                                        for o in c.outputs)]
        assert len(found) >= 3
        assert all(c.source.startswith("# NBVAL_CHECK_OUTPUT") for c in found)
        assert "**Findings" not in text
    else:
        assert text.count("**Findings") >= 3


# --------------------------------------------------------------------------- misspelled names

BIN = Path(sys.executable).parent


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600,
                          check=False)


UNKNOWN_CURENCY = ("unknown parameter 'curency' for 01_budgets.ipynb; parameters are: "
                   "currency, jpy_per_usd, jpy_per_usd_range, basis, countries, output_dir")


def test_papermill_cli_rejects_a_misspelled_parameter(tmp_path: Path) -> None:
    """papermill itself only warns ("Passed unknown parameter"); the validation cell stops."""
    out = tmp_path / "out.ipynb"
    done = _cli(str(BIN / "papermill"), "notebooks/01_budgets.ipynb", str(out), "--cwd",
                "notebooks", "--no-progress-bar", "-p", "curency", "USD", "-p", "output_dir",
                str(tmp_path / "results"))
    assert done.returncode != 0
    assert f"ParameterError: {UNKNOWN_CURENCY}; did you mean 'currency'?" in done.stderr
    assert not (tmp_path / "results").exists()
    # the same words as the report command's check of reports.toml
    config = tmp_path / "reports.toml"
    config.write_text('[[run]]\nnotebook = "01_budgets.ipynb"\nname = "usd"\n'
                      'parameters = { curency = "USD" }\n', encoding="utf-8")
    with pytest.raises(ReportConfigError) as info:
        load_config(config, NOTEBOOKS)
    message = str(info.value).split("run 'usd' (#1): ", 1)[1]
    assert f"ParameterError: {message}\n" in done.stderr


def test_nbconvert_rejects_a_misspelled_name_in_the_parameters_cell(tmp_path: Path) -> None:
    """A student's edited parameters cell, executed with ``jupyter nbconvert --execute``."""
    nb = nbformat.read(NOTEBOOKS / "01_budgets.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source += '\ncurency = "USD"  # meant: currency'
    edited = tmp_path / "01_budgets.ipynb"
    nbformat.write(nb, edited)
    done = _cli(str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                "--output", str(tmp_path / "executed.ipynb"), str(edited), cwd=tmp_path)
    assert done.returncode != 0
    assert UNKNOWN_CURENCY in done.stderr


def test_papermill_cli_lists_need_yaml(tmp_path: Path) -> None:
    """``-p`` keeps ``["Germany"]`` as text: the error says so and how to pass a list;
    ``-y`` reads YAML and the same run goes through."""
    base = [str(BIN / "papermill"), "notebooks/01_budgets.ipynb", str(tmp_path / "out.ipynb"),
            "--cwd", "notebooks", "--no-progress-bar"]
    done = _cli(*base, "-p", "countries", '["Germany"]')
    assert done.returncode != 0
    assert ("""(got a string, '["Germany"]'; papermill's -p and -r pass text, so pass lists """
            """with -y 'countries: [Germany]'; in Python or reports.toml write """
            """countries = ["Germany"])""") in done.stderr
    results = tmp_path / "not" / "yet" / "results"  # output_dir is created, parents too
    done = _cli(*base, "-y", "countries: [Germany, United Kingdom]", "-p", "output_dir",
                str(results))
    assert done.returncode == 0, done.stderr[-3000:]
    table = pd.read_csv(results / "programme_budgets.csv")
    assert set(table["country"]) == {"Germany", "United Kingdom"}


def test_jupyterlab_rerun_of_the_validation_cell(tmp_path: Path) -> None:
    """A kernel driven cell by cell, as JupyterLab does: running the validation cell again
    after the whole notebook (whose cells defined many more globals) passes; a misspelled
    name added to the parameters cell, run again, then the validation cell, fails."""
    from jupyter_client.manager import start_new_kernel

    nb = nbformat.read(NOTEBOOKS / "01_budgets.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOKS))
    errors: list[str] = []

    def execute(source: str) -> str | None:
        """Run one cell; its error as ``ename: evalue``, or None."""
        reply = kc.execute_interactive(source, timeout=300, output_hook=lambda msg: None)
        content = reply["content"]
        return f"{content['ename']}: {content['evalue']}" if content["status"] == "error" else None

    try:
        for source in code:
            errors.append(execute(source) or "")
        assert not any(errors), errors
        assert execute("len([n for n in globals() if not n.startswith('_')])") is None
        assert execute(code[1]) is None  # the validation cell again, later: no false alarm
        assert execute(code[1]) is None
        assert execute("table = 'a'\nshown = 3") is None  # plain assignments, not parameters
        assert execute(code[1]) is None
        assert execute(code[0] + '\ncurency = "USD"') is None  # edited parameters cell
        assert execute(code[1]) == f"ParameterError: {UNKNOWN_CURENCY}; did you mean 'currency'?"
        assert execute(code[1]) is not None  # still, until the parameters cell is fixed
        assert execute(code[0]) is None
        assert execute(code[1]) is None  # `curency` still exists, but no parameter cell sets it
        assert execute('curency = "USD"') is None  # a cell of its own beside the parameters
        assert execute(code[1]) is None  # ... not run next to the parameters cell: not one
        assert execute(code[0]) is None
        assert execute('curency = "USD"') is None
        assert execute(code[1]) is not None  # run between the parameters and validation
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
