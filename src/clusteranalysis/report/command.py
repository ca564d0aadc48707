"""``clusteranalysis report``: every run of ``reports.toml`` to HTML, in one folder.

The command strings the other modules together: check the configuration
(:mod:`~clusteranalysis.report.runs`), hash the inputs and decide what to reuse
(:mod:`~clusteranalysis.report.key`), execute the rest in parallel
(:mod:`~clusteranalysis.report.pool`, :mod:`~clusteranalysis.report.execute`) and publish
the folder (:mod:`~clusteranalysis.report.publish`, through
:class:`clusteranalysis.publish.Publication`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import config, faults
from ..bibliography import how_to_cite
from ..publish import Publication
from .execute import RunTask, now
from .key import REPORT_FORMAT, collect_inputs, is_reusable, new_record
from .pool import cap_jobs, execute_all
from .publish import (
    GENERATOR,
    INDEX,
    REPORT_OUTPUT,
    keep_last_good,
    previous_records,
    report_protection,
    reuse_run,
    write_report,
)
from .record import ReportInfo, RunRecord
from .runs import load_config


def _note(message: str) -> None:
    print(f"report: {message}", file=sys.stderr)


def run_report(
    config_path: Path | str | None = None,
    out_dir: Path | str | None = None,
    jobs: int | None = None,
    force: bool = False,
    *,
    notebook_dir: Path | str | None = None,
    progress: bool = True,
) -> bool:
    """Write the report of every run in ``config_path`` into ``out_dir``.

    Returns False if any run failed (the report is still written, failures shown).
    Raises :class:`~clusteranalysis.report.runs.ReportConfigError` before anything runs
    if the configuration is bad, and :class:`clusteranalysis.publish.PublishError` if
    ``out_dir`` may not be replaced (not a report, holds files the report did not write,
    protected, read-only) or another report is being written to it. An interruption
    (Ctrl-C, SIGTERM turned into an exception) stops every worker and kernel and leaves
    the previous report as it was.
    """
    config_path = Path(config_path) if config_path is not None else config.REPORT_CONFIG
    out_dir = Path(out_dir) if out_dir is not None else config.REPORT_DIR
    notebook_dir = Path(notebook_dir if notebook_dir is not None else config.NOTEBOOK_DIR)
    notebook_dir = notebook_dir.resolve()
    jobs, capped = cap_jobs(jobs)
    runs = load_config(config_path, notebook_dir)
    protect = report_protection(notebook_dir, config_path.resolve())
    with Publication(out_dir, REPORT_OUTPUT, protect=protect, note=_note) as pub:
        if capped and progress:
            _note(capped)
        started = time.perf_counter()
        generated_at = now()
        inputs = collect_inputs(runs, notebook_dir)
        previous = previous_records(pub.target)
        records: dict[str, RunRecord] = {}
        tasks: list[RunTask] = []
        for run in runs:
            record = new_record(run, inputs)
            prev = previous.get(run.name)
            if not force and prev is not None and is_reusable(prev, record, pub.target):
                records[run.name] = reuse_run(prev, record, pub.target, pub.staging)
            else:
                tasks.append(RunTask(
                    record=record,
                    notebook_path=str(notebook_dir / run.notebook),
                    notebook_dir=str(notebook_dir),
                    run_dir=str(pub.staging / run.name),
                    final_dir=str(pub.target / run.name),
                    parameters=dict(run.parameters),
                ))
        if progress:
            at_a_time = f", {min(jobs, len(tasks))} at a time" if tasks else ""
            print(
                f"report: {len(runs)} run{'s' * (len(runs) != 1)}, {len(tasks)} to execute "
                f"({len(runs) - len(tasks)} unchanged){at_a_time}",
                file=sys.stderr,
            )
        faults.point("report:planned")
        for record in execute_all(tasks, jobs, progress):
            records[record.name] = keep_last_good(record, previous.get(record.name),
                                                  pub.target, pub.staging)
        entries = [records[run.name] for run in runs]
        info = ReportInfo(
            generator=GENERATOR,
            format=REPORT_FORMAT,
            package_version=inputs.package_version,
            python=sys.version.split()[0],
            generated_at=generated_at,
            duration_seconds=round(time.perf_counter() - started, 3),
            jobs=jobs,
            forced=force,
            inputs=inputs.to_json(),
            revision=inputs.revision,
            citation=how_to_cite(commit=inputs.revision.commit),
        )
        write_report(pub.staging, info, entries)
        pub.publish()

    failed = [e.name for e in entries if e.status == "failed"]
    counts = {s: sum(e.status == s for e in entries) for s in ("ok", "unchanged", "failed")}
    print(
        f"report: {counts['ok']} ran, {counts['unchanged']} unchanged, {counts['failed']} failed"
        f"{' (' + ', '.join(failed) + ')' if failed else ''} in "
        f"{time.perf_counter() - started:.1f} s -> {pub.target / INDEX}",
        file=sys.stderr,
    )
    return not failed
