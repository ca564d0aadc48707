"""``clusteranalysis report``: run every notebook and parameter set in ``reports.toml`` to HTML.

One module per job, each usable on its own (an orchestrator such as Airflow can call the
same functions from its tasks):

- :mod:`.runs`: reading and checking the configuration (:func:`load_config`, :class:`Run`);
- :mod:`.key`: the incremental key and whether a previous run can be reused
  (:func:`collect_inputs`, :func:`new_record`, :func:`is_reusable`);
- :mod:`.execute`: executing one run, papermill and its page (:func:`execute_run`);
- :mod:`.pool`: the worker processes, at most ``--jobs`` at a time (:func:`execute_all`);
- :mod:`.output`: the folder's layout, ``manifest.json``, ``index.html`` and the
  documents' pages (``sources/``), reuse and last good results, through
  :class:`clusteranalysis.safety.publish.Publication`;
- :mod:`.pages`, :mod:`.style` and :mod:`.sourcepages`: the HTML of the run pages, the
  index and the documents' line-numbered pages;
- :mod:`.record`: the typed records (:class:`RunRecord`, :class:`ReportInfo`,
  :class:`Revision`: the commit a run was executed at, beside the key, not in it);
- :mod:`.plan`: the steps every report takes, planned once (:func:`plan_report`,
  :func:`prepare_run`, :func:`finish_run`, :func:`complete_report`);
- :mod:`.command`: the command itself (:func:`run_report`);
- :mod:`.staged`: the same steps from an orchestrator's separate tasks (:func:`staged.start`,
  :func:`staged.run`, :func:`staged.finish`; the Airflow DAG in ``deploy/airflow/``), each
  run executed in a process of its own (:mod:`.worker`).

The whole configuration is checked before anything runs. Runs execute in parallel, one
process and one kernel each. The report is built in a hidden sibling folder and swapped
into place at the end, so a failure or an interruption leaves the previous report as it
was; a lock file beside the folder stops two reports writing it at once. A run whose key
(notebook bytes, parameters, processed data, package version, package code and pinned
dependencies) matches the previous report is copied from it instead of re-executed.
"""

from __future__ import annotations

from clusteranalysis.report.command import run_report
from clusteranalysis.report.execute import KERNEL, RunTask, execute_run, failed_record, warm_up
from clusteranalysis.report.key import (
    REPORT_FORMAT,
    ReportInputs,
    code_hash,
    collect_inputs,
    is_reusable,
    new_record,
    repository_revision,
    run_key,
)
from clusteranalysis.report.output import (
    GENERATOR,
    INDEX,
    MANIFEST,
    REPORT_OUTPUT,
    SOURCES,
    complete_info,
    keep_last_good,
    previous_records,
    read_manifest,
    report_protection,
    reuse_run,
    write_report,
)
from clusteranalysis.report.plan import (
    PlannedRun,
    ReportPlan,
    complete_report,
    finish_run,
    plan_report,
    prepare_run,
    unchanged,
)
from clusteranalysis.report.pool import cap_jobs, execute_all
from clusteranalysis.report.record import (
    LastGood,
    ReportInfo,
    Revision,
    RunFiles,
    RunInputs,
    RunRecord,
)
from clusteranalysis.report.runs import ReportConfigError, Run, load_config
from clusteranalysis.safety.targets import PublishError
from clusteranalysis.studies.notebook_cells import parameters_cell

__all__ = [
    "GENERATOR",
    "INDEX",
    "KERNEL",
    "MANIFEST",
    "REPORT_FORMAT",
    "REPORT_OUTPUT",
    "SOURCES",
    "LastGood",
    "PlannedRun",
    "PublishError",
    "ReportConfigError",
    "ReportInfo",
    "ReportInputs",
    "ReportPlan",
    "Revision",
    "Run",
    "RunFiles",
    "RunInputs",
    "RunRecord",
    "RunTask",
    "cap_jobs",
    "code_hash",
    "collect_inputs",
    "complete_info",
    "complete_report",
    "execute_all",
    "execute_run",
    "failed_record",
    "finish_run",
    "is_reusable",
    "keep_last_good",
    "load_config",
    "new_record",
    "parameters_cell",
    "plan_report",
    "prepare_run",
    "previous_records",
    "read_manifest",
    "report_protection",
    "repository_revision",
    "reuse_run",
    "run_key",
    "run_report",
    "unchanged",
    "warm_up",
    "write_report",
]
