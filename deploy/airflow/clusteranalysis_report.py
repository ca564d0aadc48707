"""The nightly report on Apache Airflow: ``clusteranalysis report``, one task per run.

Put this file in Airflow's DAGs folder (copy or symlink it; it needs no other file beside
it) and install the package into the environment of every Airflow component that parses
or runs it (docs/airflow.md, "Deploying it"). Tested on Airflow 2.11 and 3.

Settings, read from the environment when the file is parsed:

- ``CLUSTERANALYSIS_ROOT`` (required): the repository checkout, on storage every worker
  sees. Its ``notebooks/`` and ``data/`` are what the runs read.
- ``CLUSTERANALYSIS_REPORT_CONFIG``: the report configuration (default
  ``$CLUSTERANALYSIS_ROOT/reports.toml``; a relative path is relative to the root).
- ``CLUSTERANALYSIS_REPORT_OUT``: the report folder (default ``$CLUSTERANALYSIS_ROOT/reports``),
  on storage every worker sees.
- ``CLUSTERANALYSIS_REPORT_SCHEDULE``: a cron expression or preset (default ``30 2 * * *``,
  02:30 every night), or ``none`` to run only when triggered.
- ``CLUSTERANALYSIS_REPORT_JOBS``: at most this many runs at once, 1 to 1000 (default:
  Airflow's ``max_active_tasks_per_dag``).

Tasks, built from the configuration through the command's own checks (a bad
``reports.toml`` makes this file an import error that names the run):

- ``plan``: checks the report folder as the command does, makes a staging folder beside it
  (``.<name>.airflow-<run id>``) with the snapshot of ``data/processed`` every run reads,
  and decides, from the command's keys, which runs to reuse. It fails, naming the run,
  while another DAG run's report of the folder is in progress, and removes what a DAG run
  that has ended left.
- ``run.<name>``, one per run: a run whose key is unchanged is copied from the previous
  report and the task is *skipped*; otherwise the notebook executes, exactly as the command
  executes it (papermill in the notebook folder, then its page). A failing notebook fails
  its task without a retry (it would fail the same way) and keeps its last good result;
  the other runs go on. Retries (Airflow's ``retries``) apply to everything else that can
  stop a task: a lost worker, a timeout.
- ``publish`` (whatever happened to the runs): ``index.html`` and ``manifest.json``, then the
  command's checked, locked, atomic swap of the report folder. A run whose task never
  finished is shown failed, with its last good result.
- ``all_runs_ok``: fails when a run failed, so that the DAG run ends red, as the command
  exits 1, while the report is published all the same.

``force`` (a parameter when triggering: ``{"force": true}``) executes every run, as
``clusteranalysis report --force``. Only one run of this DAG is active at a time: the
report folder is written by several tasks, which cannot share the command's lock.
"""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
from airflow.providers.common.compat.sdk import (
    DAG,
    AirflowFailException,
    AirflowSkipException,
    Param,
    TaskGroup,
    TriggerRule,
    get_current_context,
    task,
)

from clusteranalysis.report.runs import ReportConfigError, load_config

DAG_ID = "clusteranalysis_report"
TAG = "airflow"  # the staging folder: .<report folder>.airflow-<run id>
MAX_JOBS = 1000  # CLUSTERANALYSIS_REPORT_JOBS at most: far more runs than reports.toml has


def _setting(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def _path(root: Path, name: str, default: str) -> Path:
    path = Path(_setting(name, default) or default)
    return path if path.is_absolute() else root / path


def _settings() -> tuple[Path, Path, Path, str | None, int | None]:
    """ROOT, the configuration, the report folder, the schedule and the job limit."""
    root_text = _setting("CLUSTERANALYSIS_ROOT")
    if root_text is None:
        raise ReportConfigError(
            f"{DAG_ID}: set CLUSTERANALYSIS_ROOT to the repository checkout (the folder "
            "holding reports.toml, notebooks/ and data/) for the DAG processor and workers")
    root = Path(root_text).resolve()  # as clusteranalysis.config reads it
    if not (root / "notebooks").is_dir():
        raise ReportConfigError(
            f"{DAG_ID}: CLUSTERANALYSIS_ROOT={root_text} has no notebooks/ folder; it must "
            "be the repository checkout")
    schedule = _setting("CLUSTERANALYSIS_REPORT_SCHEDULE", "30 2 * * *")
    jobs_text = _setting("CLUSTERANALYSIS_REPORT_JOBS")
    jobs = None
    if jobs_text is not None:
        # ASCII digits only: str.isdigit() takes "²", which int() then refuses
        if not (jobs_text.isascii() and jobs_text.isdigit()) \
                or not 1 <= int(jobs_text) <= MAX_JOBS:
            raise ReportConfigError(
                f"{DAG_ID}: CLUSTERANALYSIS_REPORT_JOBS must be a whole number from 1 to "
                f"{MAX_JOBS} (got {jobs_text!r})")
        jobs = int(jobs_text)
    return (
        root,
        _path(root, "CLUSTERANALYSIS_REPORT_CONFIG", "reports.toml"),
        _path(root, "CLUSTERANALYSIS_REPORT_OUT", "reports"),
        None if schedule is not None and schedule.lower() == "none" else schedule,
        jobs,
    )


ROOT, CONFIG, OUT, SCHEDULE, JOBS = _settings()
NOTEBOOKS = ROOT / "notebooks"
try:
    RUNS = load_config(CONFIG, NOTEBOOKS)  # the command's checks, before any task exists
except ReportConfigError as exc:
    raise ReportConfigError(f"{DAG_ID}: {exc}") from None


def _note(message: str) -> None:
    print(f"report: {message}")


def _active(run_id: str) -> bool | None:
    """Whether this DAG's run ``run_id`` is still queued or running (None: Airflow cannot
    say), so that ``plan`` refuses while another run's report is in progress and removes
    what a run that has ended left."""
    states = ["queued", "running"]
    try:
        try:  # Airflow 3: tasks ask the API server, through the task runner
            from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance
        except ImportError:  # Airflow 2: tasks read the metadata database
            from airflow.models.dagrun import DagRun

            return any(r.state in states for r in DagRun.find(dag_id=DAG_ID, run_id=run_id))
        return RuntimeTaskInstance.get_dr_count(dag_id=DAG_ID, run_ids=[run_id],
                                                states=states) > 0
    except Exception:  # cannot tell: treated as running
        return None


@task
def plan() -> dict:
    """Check the report folder, make the staging folder, decide what to reuse."""
    from clusteranalysis.report import staged
    from clusteranalysis.report.plan import unchanged
    from clusteranalysis.safety.targets import PublishError

    context = get_current_context()
    force = bool(context["params"].get("force", False))
    try:
        report_plan = staged.start(
            RUNS, target=OUT, config_path=CONFIG, notebook_dir=NOTEBOOKS, tag=TAG,
            run_id=context["run_id"], force=force, jobs=context["dag"].max_active_tasks,
            note=_note, active=_active,
        )
    except PublishError as exc:  # the folder may not be replaced: a retry would not help
        raise AirflowFailException(str(exc)) from None
    to_run = [p.name for p in report_plan.runs if not unchanged(report_plan, p)]
    _note(f"{len(RUNS)} run{'s' * (len(RUNS) != 1)}, {len(to_run)} to execute "
          f"({len(RUNS) - len(to_run)} unchanged){' (force)' if force else ''}; "
          f"staging folder {report_plan.staging}")
    return report_plan.to_json()


@task
def run(report_plan: dict, name: str) -> None:
    """Reuse (task skipped) or execute one run; a failing notebook fails the task."""
    from clusteranalysis.report import staged
    from clusteranalysis.report.plan import ReportPlan
    from clusteranalysis.report.pool import status_line

    record = staged.run(ReportPlan.from_json(report_plan), name)
    _note(status_line(record))
    if record.status == "unchanged":
        raise AirflowSkipException(
            f"{name} is unchanged since {record.executed_at}: its result is copied from the "
            "previous report")
    if record.status == "failed":
        kept = " (its last good result is kept)" if record.last_good else ""
        raise AirflowFailException(f"{name} failed{kept}: {record.error}")


@task(trigger_rule=TriggerRule.ALL_DONE)
def publish() -> dict:
    """Whatever happened to the runs: index.html, manifest.json and the atomic swap."""
    from clusteranalysis.report import staged
    from clusteranalysis.report.plan import ReportPlan, summary

    context = get_current_context()
    data = context["ti"].xcom_pull(task_ids="plan")
    if not data:
        raise AirflowFailException("nothing to publish: the plan task did not finish")
    report_plan = ReportPlan.from_json(data)
    records = staged.finish(report_plan, note=_note)
    _note(summary(report_plan, records))
    return {"failed": [r.name for r in records if r.status == "failed"],
            "index": str(report_plan.target / "index.html")}


@task(retries=0)
def all_runs_ok(published: dict) -> None:
    """Fail (after publishing) when a run failed, as the command exits 1."""
    failed = published["failed"]
    if failed:
        raise AirflowFailException(
            f"{len(failed)} run{'s' * (len(failed) != 1)} failed: {', '.join(failed)} "
            f"(the report is published; {published['index']} shows the errors and the last "
            "good results)")


with DAG(
    DAG_ID,
    description="clusteranalysis report: every run of reports.toml, published as HTML",
    doc_md=__doc__,
    schedule=SCHEDULE,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    **({"max_active_tasks": JOBS} if JOBS is not None else {}),
    params={"force": Param(False, type="boolean",
                           description="execute every run, unchanged ones too (--force)")},
    tags=["clusteranalysis"],
):
    planned = plan()
    with TaskGroup("run") as runs:
        for r in RUNS:
            run.override(task_id=r.name)(planned, r.name)
    published = publish()
    planned >> runs >> published
    all_runs_ok(published)
