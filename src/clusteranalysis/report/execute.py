"""Executing one run: papermill on its own kernel, then the run's page.

:func:`execute_run` is all a worker process does; an orchestrator task can call it the
same way. It never raises for a failing notebook: the record says ``failed`` with the
error, and the page shows the notebook up to the failing cell. A kernel that does not
start (a port clash: "Kernel died before replying to kernel_info") is started again, up
to :data:`KERNEL_START_ATTEMPTS` times.

papermill changes the working directory of its process while it runs, so two runs must
never share a process at the same time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.report.pages import fallback_page, render_page
from clusteranalysis.report.record import RunFiles, RunInputs, RunRecord

KERNEL = "python3"
KERNEL_START_ATTEMPTS = 3
KERNEL_START_TIMEOUT = 60  # seconds

# What every kernel prints at start and shutdown: not worth a log.
KERNEL_NOISE = (
    "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.",
    "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.",
)


@dataclass(frozen=True)
class RunTask:
    """What it takes to execute one run (picklable, so a worker process can get it)."""

    record: RunRecord  # from clusteranalysis.report.key.new_record
    notebook_path: str
    notebook_dir: str  # the kernel's working directory
    run_dir: str  # where the run writes: <staging>/<name>
    final_dir: str  # where the run's folder ends up: <report>/<name>
    parameters: dict[str, Any]  # the overrides; the notebook's own defaults for the rest
    processed_dir: str | None = None  # the report's snapshot of data/processed, if any
    raw_dir: str | None = None  # and of data/raw

    def to_json(self) -> dict[str, Any]:
        """The task as JSON, for a process started with :mod:`~clusteranalysis.report.worker`."""
        return {**dataclasses.asdict(self), "record": self.record.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunTask:
        return cls(**{**data, "record": RunRecord.from_json(data["record"])})


def now() -> str:
    """The time, as the manifest records it (local, ISO 8601, seconds)."""
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def import_jsonschema_quickly() -> None:
    """Import jsonschema (nbformat's validator) without its optional IRI format check.

    When ``rfc3987-syntax`` is installed (JupyterLab brings it), importing jsonschema
    builds its grammar: about a second before the first run can start. Notebook validation
    never checks IRIs, so the module is hidden from jsonschema's import, then unhidden.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def warm_up() -> None:
    """Import papermill and nbconvert and render one page, so that runs start warm.

    With ``fork`` this runs once, in the parent, and every worker inherits the result.
    """
    import_jsonschema_quickly()
    import nbformat
    import papermill  # noqa: F401


    record = RunRecord(
        name="warm-up", notebook="warm-up.ipynb", parameters={}, effective_parameters={},
        key="", inputs=RunInputs("", "", "", ""), package_version="", status="ok",
        files=RunFiles(page="w/w.html", notebook="w/w.ipynb"),
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    render_page(nb, record, Path.cwd())


def kernel_did_not_start(exc: BaseException) -> bool:
    """Whether papermill failed because the kernel never came up (worth another try)."""
    text = str(exc)
    if isinstance(exc, RuntimeError | TimeoutError) and (
        "Kernel died before replying to kernel_info" in text
        or "Kernel didn't respond" in text
    ):
        return True
    return type(exc).__name__ == "ZMQError"  # "Address already in use" at start


def _papermill(task: RunTask, notebook_out: Path, results: Path) -> str | None:
    """Execute the notebook; the error line, or None. Retries a kernel that did not start."""
    import papermill

    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                task.notebook_path,
                str(notebook_out),
                parameters={**task.parameters, "output_dir": str(results)},
                kernel_name=KERNEL,
                cwd=task.notebook_dir,
                progress_bar=False,
                request_save_on_cell_execute=False,
                start_timeout=KERNEL_START_TIMEOUT,
            )
            return None
        except papermill.PapermillExecutionError as exc:
            return f"{exc.ename}: {exc.evalue} (in cell [{exc.exec_count}])"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            if not kernel_did_not_start(exc):
                return error
            if attempt == KERNEL_START_ATTEMPTS:
                return f"the kernel did not start ({KERNEL_START_ATTEMPTS} attempts): {error}"
            note = (f"clusteranalysis report: the kernel did not start ({error}); starting "
                    f"another (attempt {attempt + 1} of {KERNEL_START_ATTEMPTS})\n")
            os.write(2, note.encode())  # into the run's log (output_to), like the kernel's
            time.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


def execute_run(task: RunTask) -> RunRecord:
    """Execute one notebook with papermill into ``task.run_dir``, then render its page.

    Writes ``<name>.ipynb``, ``<name>.html``, ``<name>.log`` (when the kernel printed
    anything outside cells) and ``results/``; returns the record with status, error,
    timings and files.
    """
    import nbformat


    name = task.record.name
    run_dir = Path(task.run_dir)
    results = run_dir / "results"
    results.mkdir(parents=True, exist_ok=True)
    notebook_out = run_dir / f"{name}.ipynb"
    log = run_dir / f"{name}.log"
    executed_at = now()

    started = time.perf_counter()
    with output_to(log), reading(task.processed_dir, task.raw_dir):
        error = _papermill(task, notebook_out, results)
    execute_seconds = time.perf_counter() - started

    started = time.perf_counter()
    nb = None
    if notebook_out.exists():
        replace_in_file(notebook_out, task.run_dir, task.final_dir)
        if task.processed_dir:  # what it read is data/processed as it was at the start
            replace_in_file(notebook_out, task.processed_dir, str(config.PROCESSED_DIR))
        if task.raw_dir:
            replace_in_file(notebook_out, task.raw_dir, str(config.RAW_DIR))
        try:
            nb = nbformat.read(notebook_out, as_version=4)
        except Exception as exc:  # papermill wrote something that is not a notebook
            error = (error + "\n" if error else "") + f"{type(exc).__name__}: {exc}"
    if nb is None:
        nb = nbformat.v4.new_notebook()
        nbformat.write(nb, notebook_out)
    drop_kernel_noise(log)
    record = dataclasses.replace(
        task.record,
        status="failed" if error else "ok",
        error=error,
        executed_at=executed_at,
        files=RunFiles.of(run_dir, name),
        duration_seconds=round(execute_seconds, 3),  # what the page shows
    )
    try:
        page = render_page(nb, record, Path(task.notebook_dir))
    except Exception as exc:  # a page must exist: fall back to the header alone
        record = dataclasses.replace(
            record,
            status="failed",
            error=(error + "\n" if error else "") + f"HTML: {type(exc).__name__}: {exc}",
        )
        page = fallback_page(record)
    (run_dir / f"{name}.html").write_text(page, encoding="utf-8")
    html_seconds = time.perf_counter() - started

    return dataclasses.replace(
        record,
        timings={
            "execute_seconds": round(execute_seconds, 3),
            "html_seconds": round(html_seconds, 3),
        },
        duration_seconds=round(execute_seconds + html_seconds, 3),
    )


def failed_record(task: RunTask, error: str) -> RunRecord:
    """The record and page of a run whose worker process died before it could write them.

    Never raises for a file it cannot write (a full disk): the record then says so too,
    and the report's own writing meets the same error and names it.
    """

    name = task.record.name
    run_dir = Path(task.run_dir)
    record = dataclasses.replace(
        task.record, status="failed", error=error, executed_at=now(),
        duration_seconds=None, timings={},
    )
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        notebook = run_dir / f"{name}.ipynb"
        if not notebook.exists():
            notebook.write_text(
                '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
                encoding="utf-8")
        record = dataclasses.replace(record, files=RunFiles.of(run_dir, name))
        (run_dir / f"{name}.html").write_text(fallback_page(record), encoding="utf-8")
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        record = dataclasses.replace(
            record, error=f"{error}; its page could not be written: {where}{exc.strerror}")
    return record


@contextlib.contextmanager
def reading(processed_dir: str | None, raw_dir: str | None = None) -> Iterator[None]:
    """Point the kernel (which inherits this process's environment) at ``processed_dir``
    and ``raw_dir`` instead of data/processed and data/raw (``CLUSTERANALYSIS_PROCESSED``,
    ``CLUSTERANALYSIS_RAW``, read by :mod:`clusteranalysis.config`), for a while."""
    settings = {config.PROCESSED_ENV: processed_dir, config.RAW_ENV: raw_dir}
    previous = {name: os.environ.get(name) for name, value in settings.items() if value}
    for name in previous:
        os.environ[name] = settings[name]  # type: ignore[assignment]
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def output_to(path: Path) -> Iterator[None]:
    """Send this process's stdout/stderr (and its kernel's) to ``path`` for a while."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with path.open("ab") as f:
            os.dup2(f.fileno(), 1)
            os.dup2(f.fileno(), 2)
            try:
                yield
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
    finally:
        os.close(saved[0])
        os.close(saved[1])


def drop_kernel_noise(log: Path) -> None:
    """Remove the kernel's routine lines from the log; remove the log if nothing is left."""
    if not log.exists():
        return
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(KERNEL_NOISE)]
    if any(line.strip() for line in kept):
        log.write_text("".join(kept), encoding="utf-8")
    else:
        log.unlink()


def replace_in_file(path: Path, old: str, new: str) -> None:
    """Point the executed notebook at the run's final folder instead of the staging one."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    for a, b in ((old, new), (json.dumps(old)[1:-1], json.dumps(new)[1:-1])):
        text = text.replace(a, b)
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
