"""The shipped DAG, deploy/airflow/clusteranalysis_report.py, in a real Airflow.

One scratch repository (the committed data, constraints.txt, and the smoke notebook of
tests/airflow/notebooks with a ``phase`` parameter) with two runs. In order, as a team
would meet them:

1. ``clusteranalysis report`` (the Airflow environment's own command and kernel) writes
   the report; it is put aside;
2. ``airflow dags test`` writes the report into the same folder: every task succeeds and
   the report is the command's, but for timings and timestamps (both forced: the DAG's
   ``force`` parameter is the command's ``--force``);
3. a second DAG run with nothing changed: both run tasks are skipped, the report kept;
4. the configuration makes one run fail: its task fails (no retry, although Airflow is set
   to retry tasks), the other run and the publication go on, its last good result is
   kept, and the DAG run ends failed.

Separately, a bad ``reports.toml`` and bad settings are one import error naming the problem.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clusteranalysis.report.staged import folder_id
from tests.support.reports import differences, snapshot

from .harness import ROOT, Airflow, DagRun

pytestmark = pytest.mark.airflow

DAGS = ROOT / "deploy" / "airflow"  # the shipped folder, as a deployment would use it
DAG_ID = "clusteranalysis_report"
NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "smoke.ipynb"
CONFIG = """\
[[run]]
notebook = "smoke.ipynb"
name = "phase-1"
parameters = { phase = "I" }

[[run]]
notebook = "smoke.ipynb"
name = "phase-2"            # the notebook's default: phase = "II"
"""
TASKS = ("all_runs_ok", "plan", "publish", "run.phase-1", "run.phase-2")
ENDED_RUN = "manual__2026-11-22T00:00:00+00:00"


def scratch_repository(base: Path, config: str) -> Path:
    """A checkout as a deployment has it: data/, constraints.txt, notebooks/, reports.toml."""
    root = base / "repo"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy2(ROOT / "constraints.txt", root / "constraints.txt")  # part of the run key
    shutil.copy2(NOTEBOOK, root / "notebooks" / NOTEBOOK.name)
    (root / "reports.toml").write_text(config, encoding="utf-8")
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Step:
    run: DagRun
    files: dict[str, bytes]
    snapshot: dict[str, Any]
    manifest: dict[str, Any]


def step(run: DagRun, out: Path) -> Step:
    return Step(run, files(out), snapshot(out), read_json(out / "manifest.json"))


@dataclass
class Scenario:
    root: Path
    out: Path
    airflow_venv: Path
    local: dict[str, Any]  # snapshot of the command's report
    first: Step
    second: Step
    third: Step
    beside: list[str]  # what the repository held after the first DAG run


@pytest.fixture(scope="module")
def scenario(
    airflow_venv: Path, airflow_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Scenario:
    base = tmp_path_factory.mktemp("report-dag")
    root = scratch_repository(base, CONFIG)
    out = root / "reports"
    env = {
        "CLUSTERANALYSIS_ROOT": str(root),  # reports.toml and reports/ by default
        "CLUSTERANALYSIS_REPORT_JOBS": "1",  # the command below runs with --jobs 1
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ in deploy/airflow
        # Airflow retries every task once: a failing notebook must not be retried
        "AIRFLOW__CORE__DEFAULT_TASK_RETRIES": "1",
        "AIRFLOW__CORE__DEFAULT_TASK_RETRY_DELAY": "1",
    }
    af = Airflow(airflow_venv, base / "home", DAGS, env)
    af.db_migrate(template=airflow_db)

    # --force (executes every run: the folder is new anyway) to check the DAG's "force"
    local = subprocess.run(
        [str(airflow_venv / "bin" / "clusteranalysis"), "report", "--jobs", "1", "--force"],
        cwd=base, env=af.environment(), capture_output=True, text=True, timeout=600)
    assert local.returncode == 0, local.stderr[-4000:]
    local_snapshot = snapshot(out)
    out.rename(base / "local-report")

    # what a DAG run that has ended (no such run in Airflow) left: plan removes it
    ended = root / f".reports.airflow-{folder_id(ENDED_RUN)}"
    (ended / "one").mkdir(parents=True)
    (ended.with_name(ended.name + ".runs")).mkdir()
    (ended.with_name(ended.name + ".runs") / ".owner.json").write_text(
        json.dumps({"run_id": ENDED_RUN, "tag": "airflow"}), encoding="utf-8")
    first = step(af.dags_test(DAG_ID, "2026-11-23", conf={"force": True}), out)
    beside = sorted(p.name for p in root.iterdir())
    second = step(af.dags_test(DAG_ID, "2026-11-24"), out)
    config = root / "reports.toml"
    config.write_text(CONFIG.replace('phase = "I"', 'phase = "III"'), encoding="utf-8")
    third = step(af.dags_test(DAG_ID, "2026-11-25"), out)
    return Scenario(root, out, airflow_venv, local_snapshot, first, second, third, beside)


def test_every_task_succeeds_and_the_report_is_published(scenario: Scenario) -> None:
    run = scenario.first.run
    assert run.tasks == dict.fromkeys(TASKS, "success"), run.output[-6000:]
    assert (run.state, run.returncode) == ("success", 0)
    assert {"index.html", "manifest.json"} <= scenario.first.files.keys()
    assert [(r["name"], r["status"]) for r in scenario.first.manifest["runs"]] == [
        ("phase-1", "ok"), ("phase-2", "ok")]
    # no staging folder, outcome folder or lock file left beside the report, nor what the
    # DAG run that had ended left
    assert scenario.beside == [
        "constraints.txt", "data", "notebooks", "reports", "reports.toml"]
    assert "report: removed what an earlier airflow report left beside reports: " \
           f".reports.airflow-{folder_id(ENDED_RUN)}" in run.output

    summaries = {name: json.loads(scenario.first.files[f"{name}/results/summary.json"])
                 for name in ("phase-1", "phase-2")}
    # data/raw/001_fc47ff42475d4a79.txt:101 "A total of 19 projects nationwide" (phase I);
    # data/raw/002_0f5a4630d1886fda.txt:14 "産業クラスター計画（第Ⅱ期）18プロジェクト"
    assert [(s["phase"], s["projects"]) for s in summaries.values()] == [("I", 19), ("II", 18)]
    # the kernel ran the package installed in Airflow's environment, on the repository
    # named by CLUSTERANALYSIS_ROOT
    for summary in summaries.values():
        assert Path(summary["package"]).is_relative_to(scenario.airflow_venv)
        assert summary["root"] == str(scenario.root)


def test_the_airflow_report_is_the_commands(scenario: Scenario) -> None:
    first = scenario.first.snapshot
    assert differences(first, scenario.local) == []
    assert first["manifest.json"]["forced"] is True  # the DAG's "force", as --force
    # ... result files byte for byte among them
    assert sorted(k for k in first if "/results/" in k) == [
        "phase-1/results/summary.json", "phase-2/results/summary.json"]
    assert all(isinstance(first[k], bytes) for k in first if "/results/" in k)


def test_a_second_run_with_nothing_changed_reuses_both_runs(scenario: Scenario) -> None:
    run = scenario.second.run
    assert run.tasks == {"all_runs_ok": "success", "plan": "success", "publish": "success",
                         "run.phase-1": "skipped", "run.phase-2": "skipped"}, run.output[-6000:]
    assert (run.state, run.returncode) == ("success", 0)
    manifest = scenario.second.manifest
    assert manifest["forced"] is False
    assert [r["status"] for r in manifest["runs"]] == ["unchanged", "unchanged"]
    assert [r["executed_at"] for r in manifest["runs"]] == [
        r["executed_at"] for r in scenario.first.manifest["runs"]]
    # every file of each run kept byte for byte; only index.html and manifest.json new
    kept = {k: v for k, v in scenario.first.files.items()
            if k not in ("index.html", "manifest.json")}
    assert {k: v for k, v in scenario.second.files.items() if k in kept} == kept
    assert set(scenario.second.files) == set(scenario.first.files)


def test_a_failing_notebook_fails_its_task_and_keeps_its_last_good_result(
    scenario: Scenario,
) -> None:
    run = scenario.third.run
    assert run.tasks == {"all_runs_ok": "failed", "plan": "success", "publish": "success",
                         "run.phase-1": "failed", "run.phase-2": "skipped"}, run.output[-6000:]
    assert run.try_numbers["run.phase-1"] == 1  # not retried: it would fail the same way
    assert (run.state, run.returncode) == ("failed", 1)  # the DAG run is red, as the command
    assert "1 run failed: phase-1 (the report is published;" in run.output

    failed, other = scenario.third.manifest["runs"]
    assert (failed["status"], failed["error"]) == (
        "failed", "ValueError: phase must be 'I' or 'II', not 'III' (in cell [3])")
    good = scenario.first.manifest["runs"][0]
    assert failed["last_good"] == {"executed_at": good["executed_at"],
                                   "page": "phase-1.last-good/phase-1.html"}
    third = scenario.third.files
    assert third["phase-1.last-good/results/summary.json"] == \
        scenario.first.files["phase-1/results/summary.json"]
    assert "phase-1/results/summary.json" not in third  # the failed run wrote none
    assert (other["status"], other["executed_at"]) == (
        "unchanged", scenario.first.manifest["runs"][1]["executed_at"])
    index = third["index.html"].decode("utf-8")
    assert 'href="phase-1.last-good/phase-1.html"' in index
    assert "phase must be &#x27;I&#x27; or &#x27;II&#x27;, not &#x27;III&#x27;" in index


def test_a_bad_config_is_one_import_error_naming_the_runs(
    make_airflow: Any, tmp_path: Path
) -> None:
    """Two bad runs: both in the import error's one line (issue 20: only the last showed)."""
    config = CONFIG.replace('phase = "I"', 'phse = "I"').replace(
        'name = "phase-2"', 'name = "phase-2"\nparameters = { phse = "II" }')
    root = scratch_repository(tmp_path, config)
    af = make_airflow(DAGS, {"CLUSTERANALYSIS_ROOT": str(root), "PYTHONDONTWRITEBYTECODE": "1"})
    errors = af.import_errors()
    assert list(errors) == ["clusteranalysis_report.py"]
    last = errors["clusteranalysis_report.py"].strip().splitlines()[-1]
    unknown = "unknown parameter 'phse' for smoke.ipynb; parameters are: phase, output_dir; " \
              "did you mean 'phase'?"
    assert last == (
        f"clusteranalysis.report.runs.ReportConfigError: clusteranalysis_report: "
        f"{root / 'reports.toml'}: 2 errors: run 'phase-1' (#1): {unknown}; "
        f"run 'phase-2' (#2): {unknown}"), last


SETTINGS = {
    "no-root": ({}, "set CLUSTERANALYSIS_ROOT to the repository checkout (the folder holding "
                    "reports.toml, notebooks/ and data/) for the DAG processor and workers"),
    "not-a-checkout": ({"CLUSTERANALYSIS_ROOT": "/nonexistent"},
                       "CLUSTERANALYSIS_ROOT=/nonexistent has no notebooks/ folder; it must be "
                       "the repository checkout"),
    "bad-jobs": ({"CLUSTERANALYSIS_ROOT": str(ROOT), "CLUSTERANALYSIS_REPORT_JOBS": "two"},
                 "CLUSTERANALYSIS_REPORT_JOBS must be a whole number from 1 to 1000 (got 'two')"),
    # issue 20: "²" passes str.isdigit() and int() refuses it; an enormous number passed
    "superscript-jobs": ({"CLUSTERANALYSIS_ROOT": str(ROOT),
                          "CLUSTERANALYSIS_REPORT_JOBS": "²"},
                         "CLUSTERANALYSIS_REPORT_JOBS must be a whole number from 1 to 1000 "
                         "(got '²')"),
    "huge-jobs": ({"CLUSTERANALYSIS_ROOT": str(ROOT),
                   "CLUSTERANALYSIS_REPORT_JOBS": "99999999999999999999999"},
                  "CLUSTERANALYSIS_REPORT_JOBS must be a whole number from 1 to 1000 "
                  "(got '99999999999999999999999')"),
    "no-config": ({"CLUSTERANALYSIS_ROOT": str(ROOT), "CLUSTERANALYSIS_REPORT_CONFIG": "x.toml"},
                  f"{ROOT / 'x.toml'}: report configuration not found"),
}
# Import the DAG file once per case, as the DAG processor does, in one process (each
# `airflow` command would cost its set-up time); print each case's error, one per line.
IMPORT_EACH = """
import json, os, runpy, sys
for name, env in json.loads(sys.argv[2]).items():
    for key in [k for k in os.environ if k.startswith("CLUSTERANALYSIS")]:
        del os.environ[key]
    os.environ.update(env)
    try:
        runpy.run_path(sys.argv[1])
    except Exception as exc:
        print(json.dumps([name, f"{type(exc).__module__}.{type(exc).__name__}: {exc}"]))
    else:
        print(json.dumps([name, None]))
"""


def test_bad_settings_are_one_error_naming_the_variable(
    airflow_venv: Path, tmp_path: Path
) -> None:
    cases = {name: env for name, (env, _) in SETTINGS.items()}
    af = Airflow(airflow_venv, tmp_path / "home", DAGS, {"PYTHONDONTWRITEBYTECODE": "1"})
    done = subprocess.run(
        [str(airflow_venv / "bin" / "python"), "-c", IMPORT_EACH, str(DAGS / f"{DAG_ID}.py"),
         json.dumps(cases)],
        cwd=tmp_path, env=af.environment(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    errors = dict(json.loads(line) for line in done.stdout.splitlines() if line.startswith("["))
    assert errors == {
        name: f"clusteranalysis.report.runs.ReportConfigError: clusteranalysis_report: {message}"
        for name, (_, message) in SETTINGS.items()}


def test_worker_install_left_a_consistent_environment(airflow_venv: Path) -> None:
    """docs/airflow.md's worker install (`make airflow-N` ran it) broke nothing of Airflow's."""
    check = subprocess.run([str(airflow_venv / "bin" / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)
    assert (check.returncode, check.stdout.strip()) == (0, "No broken requirements found.")
