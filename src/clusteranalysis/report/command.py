"""``clusteranalysis report``: every run of ``reports.toml`` to HTML, in one folder.

The command strings the other modules together: check the configuration
(:mod:`~clusteranalysis.report.runs`), plan the runs and decide what to reuse
(:mod:`~clusteranalysis.report.plan`, with the keys of :mod:`~clusteranalysis.report.key`),
execute the rest in parallel (:mod:`~clusteranalysis.report.pool`,
:mod:`~clusteranalysis.report.execute`) and publish the folder
(:mod:`~clusteranalysis.report.output`, through
:class:`clusteranalysis.safety.publish.Publication`).
The Airflow DAG takes the same steps from its tasks (:mod:`~clusteranalysis.report.staged`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from clusteranalysis import config
from clusteranalysis.report.execute import RunTask
from clusteranalysis.report.output import REPORT_OUTPUT, report_protection
from clusteranalysis.report.plan import (
    complete_report,
    finish_run,
    plan_report,
    prepare_run,
    summary,
)
from clusteranalysis.report.pool import cap_jobs, execute_all
from clusteranalysis.report.record import RunRecord
from clusteranalysis.report.runs import load_config
from clusteranalysis.safety import faults
from clusteranalysis.safety.publish import Publication


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
    if the configuration is bad, and :class:`clusteranalysis.safety.publish.PublishError` if
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
        plan = plan_report(runs, target=pub.target, staging=pub.staging,
                           config_path=config_path.resolve(), notebook_dir=notebook_dir,
                           force=force, jobs=jobs)
        records: dict[str, RunRecord] = {}
        tasks: list[RunTask] = []
        for planned in plan.runs:
            step = prepare_run(plan, planned)
            if isinstance(step, RunTask):
                tasks.append(step)
            else:
                records[planned.name] = step
        if progress:
            at_a_time = f", {min(jobs, len(tasks))} at a time" if tasks else ""
            print(
                f"report: {len(runs)} run{'s' * (len(runs) != 1)}, {len(tasks)} to execute "
                f"({len(runs) - len(tasks)} unchanged){at_a_time}",
                file=sys.stderr,
            )
        faults.point("report:planned")
        for record in execute_all(tasks, jobs, progress):
            records[record.name] = finish_run(plan, record)
        entries = [records[planned.name] for planned in plan.runs]
        complete_report(plan, entries)
        pub.publish()

    print(f"report: {summary(plan, entries)}", file=sys.stderr)
    return all(e.status != "failed" for e in entries)
