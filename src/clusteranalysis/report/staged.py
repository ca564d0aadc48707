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

    .<name>.<tag>-<id>/             the staging folder: the new report, swapped in by finish;
                                    .processed/ in it: the snapshot of data/processed the
                                    runs read, taken by start
    .<name>.<tag>-<id>.runs/        each finished run's record, <run>.json, read by finish,
                                    and .owner.json: the orchestrator's run id (the proof
                                    that the folders are this report's)

The command holds its lock from start to end; tasks in separate processes cannot, so the
orchestrator must run one report of a folder at a time (Airflow: ``max_active_runs=1``).
:func:`start` refuses, naming it, while another run's report of the folder may be in
progress (``active`` says whether that run still runs; unknown counts as running), and
removes what an earlier run that has ended left (one that never reached :func:`finish`);
folders it cannot prove are a report's it leaves alone. :func:`finish` takes the lock for
the swap, so a command writing the same folder at that moment makes it fail rather than
mix. Every step can be repeated (an orchestrator's retries): :func:`run` starts its run
afresh, and :func:`finish` after a publication that went through returns the published
records.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
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
from clusteranalysis.safety import signals
from clusteranalysis.safety.folders import make_dir, remove_tree
from clusteranalysis.safety.lock import read_record
from clusteranalysis.safety.publish import clean_up, publish_folder
from clusteranalysis.safety.targets import (
    Note,
    PublishError,
    check_target,
    listed,
    resolve_target,
)

NO_RESULT = "no result: the run's task ended before it finished (see that task's log)"
OWNER = ".owner.json"  # in the .runs folder; no run name starts with "."

#: Whether the orchestrator's run of that id is still running (None: cannot tell).
Active = Callable[[str], bool | None]


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
    active: Active | None = None,
) -> ReportPlan:
    """Check the report folder, make a fresh staging folder beside it, and plan the runs.

    Raises :class:`clusteranalysis.safety.publish.PublishError` (one line) when ``target`` may not
    be replaced, as the command does, or while another run's report of it may be in
    progress (``active(run_id)`` not False), before anything is created or removed.
    """
    if not re.fullmatch(r"[a-z][a-z0-9]*", tag):
        raise ValueError(f"tag must be lower-case letters and digits (got {tag!r})")
    notebook_dir, config_path = Path(notebook_dir).resolve(), Path(config_path).resolve()
    protect = report_protection(notebook_dir, config_path)
    target = resolve_target(target)
    check_target(target, REPORT_OUTPUT, protect)
    staging = target.parent / f".{target.name}.{tag}-{folder_id(run_id)}"
    ended, strangers = [], []
    for base in _earlier_reports(target, tag, staging):
        other = _owner(target, tag, base)
        if other is None:
            strangers.append(base)
            continue
        if (active(other) if active is not None else None) is not False:
            raise PublishError(
                f"{target}: the report of run {other!r} is in progress ({base}); wait for it "
                "to finish: one report of a folder at a time")
        ended.append(base)
    removed = [p.name for base in ended
               for p in (target.parent / base, _state_dir(target.parent / base))
               if os.path.lexists(p) and remove_tree(p)]
    if removed and note is not None:
        note(f"removed what an earlier {tag} report left beside {target.name}: "
             f"{', '.join(removed)}")
    if strangers and note is not None:
        note(f"left alone beside {target.name}, as no {tag} report can be shown to have made "
             f"{'them' if len(strangers) > 1 else 'it'}: {listed(strangers, 3)}")
    state = _state_dir(staging)
    for folder in (staging, state):  # an earlier attempt of this one: anew
        remove_tree(folder)
    try:
        with signals.deferred():  # the proof first, then what it proves
            make_dir(state)
            _write_outcome(state / OWNER, {"run_id": run_id, "tag": tag})
            make_dir(staging, private=True)  # public when published
    except OSError as exc:
        raise PublishError(f"{exc.filename or staging}: cannot create: {exc.strerror}") from None
    return plan_report(runs, target=target, staging=staging, config_path=config_path,
                       notebook_dir=notebook_dir, force=force, jobs=jobs)


def _earlier_reports(target: Path, tag: str, staging: Path) -> list[str]:
    """The names of other reports' staging folders of ``tag`` beside ``target`` (also when
    only their ``.runs`` folder is left)."""
    names = set()
    for p in target.parent.glob(f".{glob.escape(target.name)}.{tag}-*"):
        if p.is_dir() and not p.is_symlink():
            names.add(p.name.removesuffix(".runs"))
    return sorted(names - {staging.name})


def _owner(target: Path, tag: str, base: str) -> str | None:
    """The run id the folders ``base`` (and ``base.runs``) belong to, if they prove it."""
    try:
        data = json.loads((target.parent / f"{base}.runs" / OWNER).read_text(encoding="utf-8"))
        run_id = data["run_id"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(run_id, str) or base != f".{target.name}.{tag}-{folder_id(run_id)}":
        return None
    return run_id


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
    if _published(plan):  # by an earlier attempt of this step: finish what it left
        clean_up(plan.target, REPORT_OUTPUT, note=note)
        remove_tree(state)
        published = previous_records(plan.target)
        return [published[p.name] for p in plan.runs if p.name in published]
    if not plan.staging.is_dir():
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


def _published(plan: ReportPlan) -> bool:
    """Whether this plan's report is in place (an earlier attempt of :func:`finish` swapped
    it in, and may have been stopped before it removed the previous one)."""
    manifest = read_manifest(plan.target)
    if manifest is None or manifest.get("generated_at") != plan.info.generated_at:
        return False
    if not plan.staging.is_dir():
        return True
    # The staging folder is there: the previous report, if the swap went through (the lock
    # recorded the folder as "old" before it), else this report, not yet swapped in.
    staged = read_manifest(plan.staging)
    return read_record(plan.target).entries.get(plan.staging.name) == "old" and (
        staged is None or staged.get("generated_at") != plan.info.generated_at)


def _state_dir(staging: Path) -> Path:
    return staging.with_name(staging.name + ".runs")


def _outcome_path(plan: ReportPlan, name: str) -> Path:
    return _state_dir(plan.staging) / f"{name}.json"


def _write_outcome(path: Path, record: RunRecord | dict[str, str]) -> None:
    data = record.to_json() if isinstance(record, RunRecord) else record
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _read_outcome(path: Path, planned: PlannedRun) -> RunRecord | None:
    """The run's recorded outcome; None if there is none (or not this plan's run)."""
    try:
        record = RunRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
    same = record.name == planned.name and record.key == planned.record.key
    return record if same and record.status is not None else None
