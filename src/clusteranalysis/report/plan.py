"""A report's plan: what each run is, whether it is reused, and how the report is finished.

The steps every way of producing a report shares, so that they cannot drift apart: the
command (:func:`clusteranalysis.report.run_report`, all in one process) and an
orchestrator whose tasks run in separate processes (:mod:`clusteranalysis.report.staged`,
the Airflow DAG in ``deploy/airflow/``):

1. :func:`plan_report`: take the snapshot of ``data/processed`` every run reads (so a build
   meanwhile cannot reach a run, and the data hash the report states is what the runs
   read), hash the inputs once, read the previous report's records, and give each run its
   record and key. A :class:`ReportPlan` is plain data (:meth:`~ReportPlan.
   to_json`), so one task can make it and others read it.
2. :func:`prepare_run`: reuse the run from the previous report (copied into the staging
   folder) or return the :class:`~clusteranalysis.report.execute.RunTask` that executes it.
3. :func:`finish_run`: after a run failed, keep its last good result.
4. :func:`complete_report`: ``index.html`` and ``manifest.json`` of all the runs (the
   snapshot is removed first: it is not part of the report).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.provenance.bibliography import how_to_cite
from clusteranalysis.report.execute import RunTask, now
from clusteranalysis.report.key import REPORT_FORMAT, collect_inputs, is_reusable, new_record
from clusteranalysis.report.output import (
    GENERATOR,
    INDEX,
    keep_last_good,
    previous_records,
    reuse_run,
    write_report,
)
from clusteranalysis.report.record import ReportInfo, RunRecord
from clusteranalysis.report.runs import Run
from clusteranalysis.safety.folders import remove_tree, snapshot

#: The snapshots of data/processed and data/raw inside the staging folder (no run name
#: starts with "."): the runs, their hashes and the source pages read one state of both.
SNAPSHOT = ".processed"
RAW_SNAPSHOT = ".raw"


@dataclass(frozen=True)
class PlannedRun:
    """One run of the plan: its record before it executes, and the previous report's."""

    record: RunRecord  # status None; name, parameters and key
    previous: RunRecord | None  # the same run in the report being replaced, if any

    @property
    def name(self) -> str:
        return self.record.name


@dataclass(frozen=True)
class ReportPlan:
    """Everything decided before any run executes (JSON-able: :meth:`to_json`)."""

    target: Path  # the report folder
    staging: Path  # the folder the new report is built in, beside target
    config_path: Path
    notebook_dir: Path
    force: bool
    started: float  # time.time() when planning began: the report's duration counts from it
    info: ReportInfo  # the top of manifest.json; its duration is set by complete_report
    runs: tuple[PlannedRun, ...]  # in the order of the configuration
    processed: Path | None = None  # the snapshot of data/processed the runs read
    raw: Path | None = None  # the snapshot of data/raw they (and the source pages) read

    def run(self, name: str) -> PlannedRun:
        """The planned run called ``name`` (KeyError naming the runs there are)."""
        for planned in self.runs:
            if planned.name == name:
                return planned
        raise KeyError(f"no run {name!r} in the plan (runs: "
                       f"{', '.join(p.name for p in self.runs)})")

    def to_json(self) -> dict[str, Any]:
        return {
            "target": str(self.target),
            "staging": str(self.staging),
            "config_path": str(self.config_path),
            "notebook_dir": str(self.notebook_dir),
            "force": self.force,
            "started": self.started,
            "info": self.info.to_json(),
            "processed": None if self.processed is None else str(self.processed),
            "raw": None if self.raw is None else str(self.raw),
            "runs": [
                {"record": p.record.to_json(),
                 "previous": None if p.previous is None else p.previous.to_json()}
                for p in self.runs
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReportPlan:
        """A plan read back; ValueError if it is not one :meth:`to_json` wrote."""
        try:
            return cls(
                target=Path(data["target"]),
                staging=Path(data["staging"]),
                config_path=Path(data["config_path"]),
                notebook_dir=Path(data["notebook_dir"]),
                force=bool(data["force"]),
                started=float(data["started"]),
                info=ReportInfo.from_json(data["info"]),
                processed=None if data.get("processed") is None
                else Path(data["processed"]),
                raw=None if data.get("raw") is None else Path(data["raw"]),
                runs=tuple(
                    PlannedRun(
                        record=RunRecord.from_json(p["record"]),
                        previous=None if p["previous"] is None
                        else RunRecord.from_json(p["previous"]),
                    )
                    for p in data["runs"]
                ),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a report plan: {exc!r}") from None


def plan_report(
    runs: Sequence[Run],
    *,
    target: Path,
    staging: Path,
    config_path: Path,
    notebook_dir: Path,
    force: bool = False,
    jobs: int = 1,
    processed_dir: Path | None = None,
) -> ReportPlan:
    """Snapshot ``processed_dir`` (default ``data/processed``) and ``data/raw`` into the
    staging folder, hash the inputs, read the report in ``target`` and give every run its
    record."""
    started = time.time()
    generated_at = now()
    data = snapshot(Path(processed_dir or config.PROCESSED_DIR), staging / SNAPSHOT)
    raw = snapshot(config.RAW_DIR, staging / RAW_SNAPSHOT, copy=True)
    inputs = collect_inputs(runs, notebook_dir, processed_dir=data, raw_dir=raw)
    previous = previous_records(target)
    info = ReportInfo(
        generator=GENERATOR,
        format=REPORT_FORMAT,
        package_version=inputs.package_version,
        python=sys.version.split()[0],
        generated_at=generated_at,
        duration_seconds=0.0,
        jobs=jobs,
        forced=force,
        inputs=inputs.to_json(),
        revision=inputs.revision,
        citation=how_to_cite(commit=inputs.revision.commit),
    )
    planned = tuple(PlannedRun(new_record(run, inputs), previous.get(run.name)) for run in runs)
    return ReportPlan(
        target=target, staging=staging, config_path=config_path, notebook_dir=notebook_dir,
        force=force, started=started, info=info, runs=planned, processed=data, raw=raw,
    )


def run_task(plan: ReportPlan, planned: PlannedRun) -> RunTask:
    """The task that executes ``planned`` into the staging folder."""
    record = planned.record
    return RunTask(
        record=record,
        notebook_path=str(plan.notebook_dir / record.notebook),
        notebook_dir=str(plan.notebook_dir),
        run_dir=str(plan.staging / record.name),
        final_dir=str(plan.target / record.name),
        parameters=dict(record.parameters),
        processed_dir=None if plan.processed is None else str(plan.processed),
        raw_dir=None if plan.raw is None else str(plan.raw),
    )


def unchanged(plan: ReportPlan, planned: PlannedRun) -> bool:
    """Whether the run is reused from the previous report (never with ``--force``)."""
    return not plan.force and is_reusable(planned.previous, planned.record, plan.target)


def prepare_run(plan: ReportPlan, planned: PlannedRun) -> RunRecord | RunTask:
    """Reuse an unchanged run (copied into the staging folder; its record says
    ``unchanged``), or return the task that executes it."""
    previous = planned.previous
    if previous is not None and unchanged(plan, planned):
        return reuse_run(previous, planned.record, plan.target, plan.staging)
    return run_task(plan, planned)


def finish_run(plan: ReportPlan, record: RunRecord) -> RunRecord:
    """An executed run's record, with the last good result kept when it failed."""
    previous = plan.run(record.name).previous
    return keep_last_good(record, previous, plan.target, plan.staging)


def summary(plan: ReportPlan, records: Sequence[RunRecord]) -> str:
    """``1 ran, 1 unchanged, 1 failed (b) in 12.3 s -> …/index.html``: the last line."""
    failed = [r.name for r in records if r.status == "failed"]
    counts = {s: sum(r.status == s for r in records) for s in ("ok", "unchanged", "failed")}
    return (
        f"{counts['ok']} ran, {counts['unchanged']} unchanged, {counts['failed']} failed"
        f"{' (' + ', '.join(failed) + ')' if failed else ''} in "
        f"{time.time() - plan.started:.1f} s -> {plan.target / INDEX}"
    )


def complete_report(plan: ReportPlan, records: Sequence[RunRecord]) -> ReportInfo:
    """Write ``index.html`` and ``manifest.json`` of ``records`` into the staging folder."""
    info = replace(plan.info, duration_seconds=round(time.time() - plan.started, 3))
    if plan.processed is not None and plan.processed.parent == plan.staging:
        remove_tree(plan.processed)
    write_report(plan.staging, info, records, raw_dir=plan.raw)  # removes the raw snapshot
    return info
