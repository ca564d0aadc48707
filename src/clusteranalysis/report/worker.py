"""One run in a new Python process: ``python -m clusteranalysis.report.worker TASK RECORD PARENT``.

The command's pool forks its workers from its own quiet process. A caller whose process is
busy with other things, such as an orchestrator's task (Airflow configures logging and
replaces the output streams), uses :func:`execute_in_process` instead: the run executes
in a fresh interpreter, as it would in one of the command's workers, so that nothing the
caller's process logs ends up in the run's ``<name>.log`` and papermill's change of the
working directory stays in that process. The worker dies with its caller and, when
stopped (SIGTERM), stops its kernel first, as the pool's workers do.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from clusteranalysis.report.execute import RunTask, execute_run, failed_record
from clusteranalysis.report.pool import STOP_GRACE, _describe, _die_with_parent, _stop_worker
from clusteranalysis.report.record import RunRecord


def execute_in_process(task: RunTask) -> RunRecord:
    """Execute ``task`` in a new Python process and return its record.

    Like :func:`~clusteranalysis.report.execute.execute_run`, a failing notebook is a
    ``failed`` record, as is a worker that died (``worker process died (SIGKILL) ...``).
    An exception here (the caller being stopped) stops the worker and its kernel first.
    """
    with tempfile.TemporaryDirectory(prefix="clusteranalysis-run-") as tmp:
        task_file, record_file = Path(tmp) / "task.json", Path(tmp) / "record.json"
        task_file.write_text(json.dumps(task.to_json(), ensure_ascii=False), encoding="utf-8")
        # -P: not the working directory on sys.path (it may hold anything)
        process = subprocess.Popen(
            [sys.executable, "-P", "-m", "clusteranalysis.report.worker",
             str(task_file), str(record_file), str(os.getpid())],
            stdin=subprocess.DEVNULL,
        )
        try:
            returncode = process.wait()
        except BaseException:
            process.terminate()
            try:
                process.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            raise
        try:
            return RunRecord.from_json(json.loads(record_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return failed_record(task, f"worker process died ({_describe(returncode)}) "
                                 "before the run finished")


def main(argv: Sequence[str] | None = None) -> int:
    """Execute the task in ``TASK`` (JSON) and write its record to ``RECORD``; ``PARENT`` is
    the caller's pid (the worker ends when it does)."""
    task_file, record_file, parent = argv if argv is not None else sys.argv[1:]
    _die_with_parent(int(parent))
    signal.signal(signal.SIGTERM, _stop_worker)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    task = RunTask.from_json(json.loads(Path(task_file).read_text(encoding="utf-8")))
    try:
        record = execute_run(task)
    except Exception as exc:
        record = failed_record(task, f"worker process failed: {type(exc).__name__}: {exc}")
    temporary = Path(f"{record_file}.part")
    temporary.write_text(json.dumps(record.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, record_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
