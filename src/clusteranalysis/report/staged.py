"""A report whose runs execute in separate processes, perhaps on separate machines.

For an orchestrator such as Airflow (``deploy/airflow/clusteranalysis_report.py``): one
task calls :func:`start`, one task per run calls :func:`run`, and a last task, run whatever
happened to the others, calls :func:`finish`. They share the command's steps
(:mod:`~clusteranalysis.report.plan`), so the report is the command's: the same runs, keys,
reuse, last good results, pages, ``index.html`` and ``manifest.json``, published with the
same checks and atomic swap (:func:`clusteranalysis.safety.publish.publish_folder`). Each run
executes in a fresh Python process (:func:`~clusteranalysis.report.worker.execute_in_process`),
so that nothing of the task's own process (its logging, its output streams) reaches the run.

The tasks share these folders beside the report (storage every worker sees)::

    .<name>.<tag>-<id>/        the staging folder: the new report, swapped in by finish
    .<name>.<tag>-<id>.runs/   each finished run's record, <run>.json, read by finish

The command holds its lock from start to end; tasks in separate processes cannot, so the
orchestrator must run one report of a folder at a time (Airflow: ``max_active_runs=1``).
:func:`finish` takes the lock for the swap, so a command writing the same folder at that
moment makes it fail rather than mix. :func:`start` removes what an earlier report of the
same ``tag`` left (one that never reached :func:`finish`). Every step can be repeated
(an orchestrator's retries): :func:`run` starts its run afresh, and :func:`finish` after a
publication that went through returns the published records.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from clusteranalysis.report.execute import RunTask, failed_record
from clusteranalysis.report.output import (
    REPORT_OUTPUT,
    previous_records,
    read_manifest,
    report_protection,
)
from clusteranalysis.report.plan import (
    PlannedRun,
    ReportPlan,
    complete_report,
    finish_run,
    plan_report,
    prepare_run,
    run_task,
)
from clusteranalysis.report.record import RunRecord
from clusteranalysis.report.runs import Run
from clusteranalysis.report.worker import execute_in_process
from clusteranalysis.safety.folders import make_dir, remove_tree
from clusteranalysis.safety.publish import publish_folder
from clusteranalysis.safety.targets import Note, PublishError, check_target, resolve_target

NO_RESULT = "no result: the run's task ended before it finished (see that task's log)"


def folder_id(run_id: str) -> str:
    """A file-name-safe, unique form of an orchestrator's run id."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id).strip("._")[:60]
    return f"{safe}-{hashlib.sha256(run_id.encode()).hexdigest()[:8]}"


def start(
    runs: Sequence[Run],
    *,
    target: Path | str,
    config_path: Path,
    notebook_dir: Path,
    tag: str,
    run_id: str,
    force: bool = False,
    jobs: int = 1,
    note: Note | None = None,
) -> ReportPlan:
    """Check the report folder, make a fresh staging folder beside it, and plan the runs.

    Raises :class:`clusteranalysis.safety.publish.PublishError` (one line) when ``target`` may not
    be replaced, as the command does, before anything is created.
    """
    if not re.fullmatch(r"[a-z][a-z0-9]*", tag):
        raise ValueError(f"tag must be lower-case letters and digits (got {tag!r})")
    notebook_dir, config_path = Path(notebook_dir).resolve(), Path(config_path).resolve()
    protect = report_protection(notebook_dir, config_path)
    target = resolve_target(target)
    check_target(target, REPORT_OUTPUT, protect)
    staging = target.parent / f".{target.name}.{tag}-{folder_id(run_id)}"
    left = sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}.{tag}-*")
                  if p.is_dir() and not p.is_symlink()
                  and p not in (staging, _state_dir(staging)))
    removed = [p.name for p in left if remove_tree(p)]
    if removed and note is not None:
        note(f"removed what an earlier {tag} report left beside {target.name}: "
             f"{', '.join(removed)}")
    for folder in (staging, _state_dir(staging)):  # an earlier attempt of this one: anew
        remove_tree(folder)
        try:
            make_dir(folder)
        except OSError as exc:
            raise PublishError(f"{folder}: cannot create: {exc.strerror}") from None
    return plan_report(runs, target=target, staging=staging, config_path=config_path,
                       notebook_dir=notebook_dir, force=force, jobs=jobs)


def run(plan: ReportPlan, name: str) -> RunRecord:
    """Reuse or execute the run ``name`` into the staging folder and record its outcome.

    Returns its record: ``unchanged`` (copied from the previous report), ``ok`` or
    ``failed`` (a failing notebook; the last good result is kept). An error outside the
    notebook (a full disk, the orchestrator stopping the task) is recorded as a failure and
    raised again, so that the orchestrator can retry the task.
    """
    planned = plan.run(name)
    outcome = _outcome_path(plan, name)
    outcome.unlink(missing_ok=True)
    for left in (plan.staging / name, plan.staging / f"{name}.last-good"):  # an earlier try
        remove_tree(left)
    step = prepare_run(plan, planned)
    if isinstance(step, RunTask):
        try:
            record = execute_in_process(step)
        except Exception as exc:
            _write_outcome(outcome, finish_run(plan, failed_record(
                step, f"{type(exc).__name__}: {exc}")))
            raise
        record = finish_run(plan, record)
    else:
        record = step
    _write_outcome(outcome, record)
    return record


def finish(plan: ReportPlan, note: Note | None = None) -> list[RunRecord]:
    """Write ``index.html`` and ``manifest.json`` of every run and publish the report.

    A run without a recorded outcome (its task was killed, or never ran) is a failure, with
    its last good result kept. Returns the records, in the order of the configuration.
    """
    state = _state_dir(plan.staging)
    if not plan.staging.is_dir():
        manifest = read_manifest(plan.target)
        if manifest is not None and manifest.get("generated_at") == plan.info.generated_at:
            remove_tree(state)  # published by an earlier attempt of this step
            published = previous_records(plan.target)
            return [published[p.name] for p in plan.runs if p.name in published]
        raise PublishError(f"{plan.staging}: the staging folder is missing; nothing to "
                           "publish (start the report again)")
    records = []
    for planned in plan.runs:
        record = _read_outcome(_outcome_path(plan, planned.name), planned)
        if record is None:
            record = finish_run(plan, failed_record(run_task(plan, planned), NO_RESULT))
        records.append(record)
    complete_report(plan, records)
    publish_folder(plan.staging, plan.target, REPORT_OUTPUT,
                   protect=report_protection(plan.notebook_dir, plan.config_path), note=note)
    remove_tree(state)
    return records


def _state_dir(staging: Path) -> Path:
    return staging.with_name(staging.name + ".runs")


def _outcome_path(plan: ReportPlan, name: str) -> Path:
    return _state_dir(plan.staging) / f"{name}.json"


def _write_outcome(path: Path, record: RunRecord) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(record.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _read_outcome(path: Path, planned: PlannedRun) -> RunRecord | None:
    """The run's recorded outcome; None if there is none (or not this plan's run)."""
    try:
        record = RunRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
    same = record.name == planned.name and record.key == planned.record.key
    return record if same and record.status is not None else None
