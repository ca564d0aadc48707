"""Airflow + the papermill provider + this package, for real (``make airflow-3``/``airflow-2``).

The DAGs are in tests/airflow/dags/, the notebook in tests/airflow/notebooks/smoke.ipynb.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest

import clusteranalysis

from .conftest import MakeAirflow
from .harness import ROOT

pytestmark = pytest.mark.airflow

DAGS = Path(__file__).resolve().parent / "dags"


def smoke_env(out: Path) -> dict[str, str]:
    return {"CA_SMOKE_OUT": str(out), "CLUSTERANALYSIS_ROOT": str(ROOT)}


def test_papermill_task_runs_the_package_in_the_airflow_environment(
    make_airflow: MakeAirflow, airflow_venv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    af = make_airflow(DAGS, smoke_env(out))
    run = af.dags_test("ca_smoke", "2026-11-23")
    assert run.tasks == {"make_folder": "success", "run_notebook": "success",
                         "collect": "success"}, run.output[-4000:]
    assert (run.state, run.returncode) == ("success", 0)

    run_dir = out / "2026-11-23" / "smoke"  # the DAG templates {{ ds }} into its paths
    summary = json.loads((run_dir / "results" / "summary.json").read_text(encoding="utf-8"))
    # The DAG passes phase="I" (the notebook's default is "II"): 19 projects, from
    # data/raw/001_fc47ff42475d4a79.txt line 101, "A total of 19 projects nationwide".
    assert (summary["phase"], summary["projects"]) == ("I", 19)
    # The kernel ran in Airflow's environment, on the package installed there (not an
    # editable checkout), and found the data through CLUSTERANALYSIS_ROOT.
    assert Path(summary["package"]).is_relative_to(airflow_venv), summary["package"]
    assert summary["root"] == str(ROOT)
    assert summary["version"] == clusteranalysis.__version__

    executed = nbformat.read(run_dir / "smoke.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"] == {
        "phase": "I", "output_dir": str(run_dir / "results")}
    # the all_done task ran after the notebook and saw both of its outputs
    collected = json.loads((run_dir.parent / "collected.json").read_text(encoding="utf-8"))
    assert collected == ["results", "results/summary.json", "smoke.ipynb"]


def test_papermill_does_not_create_the_output_notebooks_folder(
    make_airflow: MakeAirflow, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    af = make_airflow(DAGS, smoke_env(out))
    run = af.dags_test("ca_smoke_no_folder", "2026-11-23")
    assert run.tasks == {"run_notebook": "failed"}
    assert (run.state, run.returncode) == ("failed", 1)
    assert run.output.rstrip().endswith("DagRun failed")
    missing = out / "2026-11-23" / "no-folder"
    assert f"FileNotFoundError: output folder {missing} doesn't exist." in run.output
    assert not missing.exists()


def test_skip_fail_and_all_done(make_airflow: MakeAirflow, tmp_path: Path) -> None:
    af = make_airflow(DAGS, smoke_env(tmp_path / "out"))
    run = af.dags_test("ca_semantics")
    assert run.tasks == {
        "ok": "success",
        "skips": "skipped",  # raised AirflowSkipException
        "after_skip": "skipped",  # all_success below a skipped task: skipped, not run
        "fails": "failed",
        "after_fail": "upstream_failed",
        "short_direct": "success",  # a ShortCircuitOperator that returned False...
        "after_short": "skipped",  # ...skips its direct downstream task only
        "final": "success",  # all_done runs whatever happened upstream
    }, run.output[-4000:]
    # The run's state follows its leaf task: with "final" green the run is a success
    # and `dags test` exits 0 although "fails" failed.
    assert (run.state, run.returncode) == ("success", 0)


def test_default_short_circuit_skips_all_done_tasks_too(
    make_airflow: MakeAirflow, tmp_path: Path
) -> None:
    af = make_airflow(DAGS, smoke_env(tmp_path / "out"))
    run = af.dags_test("ca_short_circuit_all")
    # ignore_downstream_trigger_rules=True (the default) skips everything downstream,
    # an all_done task included
    assert run.tasks == {"short_all": "success", "after_short": "skipped", "final": "skipped"}
    assert (run.state, run.returncode) == ("success", 0)


def test_a_dag_file_that_raises_is_an_import_error(
    make_airflow: MakeAirflow, tmp_path: Path
) -> None:
    af = make_airflow(DAGS, {"CLUSTERANALYSIS_ROOT": str(ROOT)})  # no CA_SMOKE_OUT
    errors = af.import_errors()
    assert list(errors) == ["ca_smoke.py"]  # ca_semantics.py needs nothing and imports
    assert errors["ca_smoke.py"].strip().splitlines()[-1] == (
        "RuntimeError: ca_smoke: set CA_SMOKE_OUT to the folder the smoke runs write under")
    run = af.dags_test("ca_smoke")
    assert (run.returncode, run.tasks, run.state) == (1, {}, None)
    assert "Dag 'ca_smoke' could not be found" in run.output


def test_worker_install_left_a_consistent_environment(airflow_venv: Path) -> None:
    check = subprocess.run([str(airflow_venv / "bin" / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)
    assert (check.returncode, check.stdout.strip()) == (0, "No broken requirements found.")
