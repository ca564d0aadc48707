"""``clusteranalysis report``: run every notebook and parameter set in ``reports.toml`` to HTML.

Layout of the report folder (``reports/`` by default)::

    index.html            one row per run: notebook, parameters, status, duration, links
    manifest.json         package version, parameters, input hashes, timings, status
    <name>/<name>.ipynb   the executed notebook
    <name>/<name>.html    its self-contained page (code hidden, "Show code" toggle)
    <name>/<name>.log     what the kernel printed outside cells, when anything
    <name>/results/       the run's ``output_dir``: CSV, PNG, SVG
    <name>.last-good/     for a failed run, the last successful one, when there is one

The whole configuration is checked before anything runs. Runs execute in parallel, one
process and one kernel each. The report is built in a hidden sibling folder and swapped
into place at the end, so a failure or an interruption leaves the previous report as it
was; a lock file beside the folder stops two reports writing it at once. A run whose key
(notebook bytes, parameters, processed data, package version, package code and pinned
dependencies) matches the previous report is copied from it instead of re-executed.
"""

from __future__ import annotations

import ast
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__, config, params
from .errors import ClusterAnalysisError, ParameterError
from .files import sha256_file, sha256_json, tree_hash
from .fsutil import replace_dir

REPORT_FORMAT = 1  # bump when the layout changes: every run is then re-executed
GENERATOR = "clusteranalysis report"
MANIFEST = "manifest.json"
INDEX = "index.html"
KERNEL = "python3"
RUN_KEYS = ("notebook", "name", "parameters")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
RESERVED_PARAMETERS = ("output_dir",)


class ReportError(ClusterAnalysisError):
    """The report cannot be written (the output folder is in use or is not a report)."""


class ReportConfigError(ParameterError):
    """``reports.toml`` is invalid; the message names each bad run."""


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Run:
    """One ``[[run]]`` of ``reports.toml``: a notebook with some parameters overridden."""

    name: str
    notebook: str
    parameters: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_parameters(self) -> dict[str, Any]:
        """The defaults with this run's overrides (``output_dir`` excluded)."""
        return {**self.defaults, **self.parameters}


def load_config(path: Path | str, notebook_dir: Path | str | None = None) -> list[Run]:
    """Read and check ``reports.toml``; raise :class:`ReportConfigError` listing every error."""
    path = Path(path)
    notebook_dir = Path(notebook_dir) if notebook_dir is not None else config.NOTEBOOK_DIR
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportConfigError(f"{path}: report configuration not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReportConfigError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"run"})
    if extra:
        raise ReportConfigError(
            f"{path}: unknown top-level key {extra[0]!r}; list runs as [[run]] tables"
        )
    raw_runs = data.get("run")
    if not isinstance(raw_runs, list) or not raw_runs:
        raise ReportConfigError(f"{path}: no [[run]] tables")

    errors: list[str] = []
    runs: list[Run] = []
    seen: dict[str, int] = {}
    cells: dict[str, dict[str, Any] | None] = {}
    for number, raw in enumerate(raw_runs, 1):
        label = _label(number, raw)
        try:
            run = _parse_run(raw, notebook_dir, cells)
        except ParameterError as exc:
            errors.append(f"{label}: {exc}")
            continue
        if run.name in seen:
            errors.append(f"{label}: duplicate name (run #{seen[run.name]} has it too)")
            continue
        seen[run.name] = number
        runs.append(run)
    if len(errors) == 1:
        raise ReportConfigError(f"{path}: {errors[0]}")
    if errors:
        listed = "\n".join(f"  - {e}" for e in errors)
        raise ReportConfigError(f"{path}: {len(errors)} errors\n{listed}")
    return runs


def _label(number: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"run {name!r} (#{number})" if isinstance(name, str) else f"run #{number}"


def _parse_run(raw: Any, notebook_dir: Path, cells: dict[str, dict[str, Any] | None]) -> Run:
    if not isinstance(raw, dict):
        raise ParameterError("each run must be a [[run]] table")
    unknown = sorted(set(raw) - set(RUN_KEYS))
    if unknown:
        raise ParameterError(f"unknown key {unknown[0]!r}; a run has {', '.join(RUN_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise ParameterError(
            f"name must be letters, digits, '-' or '_' (at most 80, used in file names); "
            f"got {name!r}"
        )
    notebook = raw.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        raise ParameterError("notebook is missing (a file name in notebooks/)")
    available = sorted(p.name for p in notebook_dir.glob("*.ipynb"))
    if Path(notebook).name != notebook or notebook not in available:
        listed = ", ".join(available) or "none"
        raise ParameterError(
            f"unknown notebook {notebook!r}; notebooks in {notebook_dir}: {listed}"
        )
    parameters = raw.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ParameterError("parameters must be a table")
    for key in RESERVED_PARAMETERS:
        if key in parameters:
            raise ParameterError(f"{key} is set by the report (each run writes <name>/results/)")
    for key, value in parameters.items():
        if not _plain(value):
            raise ParameterError(f"{key} must be a string, number, boolean or list (got {value!r})")

    if notebook in params.NOTEBOOK_PARAMETERS:
        params.validate(notebook, parameters, partial=True)
        defaults = params.defaults(notebook)
    else:
        if notebook not in cells:
            cells[notebook] = parameters_cell(notebook_dir / notebook)
        defaults = _check_against_cell(notebook, parameters, cells[notebook])
    for key in RESERVED_PARAMETERS:
        defaults.pop(key, None)
    return Run(name=name, notebook=notebook, parameters=dict(parameters), defaults=defaults)


def _plain(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    return False


_UNKNOWN = object()


def parameters_cell(path: Path) -> dict[str, Any] | None:
    """The names and literal defaults of the notebook's cell tagged ``parameters``.

    ``None`` when there is no such cell. A default that is not a literal is ``_UNKNOWN``.
    Used for notebooks that :data:`params.NOTEBOOK_PARAMETERS` does not describe.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError as exc:
                raise ParameterError(
                    f"{path.name}: parameters cell does not parse: {exc}"
                ) from None
            found: dict[str, Any] = {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                try:
                    default = ast.literal_eval(value)
                except ValueError:
                    default = _UNKNOWN
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = default
            return found
    return None


def _check_against_cell(
    notebook: str, parameters: Mapping[str, Any], cell: dict[str, Any] | None
) -> dict[str, Any]:
    if cell is None:
        if parameters:
            raise ParameterError(f"{notebook} has no cell tagged 'parameters'")
        return {}
    for key, value in parameters.items():
        if key not in cell:
            raise ParameterError(params.unknown_parameter_message(key, notebook, list(cell)))
        default = cell[key]
        if default is None or default is _UNKNOWN:
            continue
        numbers = isinstance(default, int | float) and isinstance(value, int | float)
        same_kind = isinstance(value, bool) == isinstance(default, bool)
        if not (isinstance(value, type(default)) or numbers) or not same_kind:
            raise ParameterError(f"{key} must be like its default {default!r} (got {value!r})")
    return {k: v for k, v in cell.items() if v is not _UNKNOWN}


# --------------------------------------------------------------------------- hashing


def code_hash() -> str:
    """The package's code, lookups and pinned dependencies: the version string alone stays
    at 0.1.0 while the study functions the notebooks call change (editable install)."""
    code_sha, _ = tree_hash(config.PACKAGE_DIR)
    constraints = config.ROOT / "constraints.txt"
    pins = sha256_file(constraints) if constraints.is_file() else ""
    return sha256_json({"code": code_sha, "constraints": pins})


def run_key(run: Run, notebook_sha: str, processed_sha: str, version: str,
            code_sha: str = "") -> str:
    """What decides whether a run must be executed again."""
    return sha256_json(
        {
            "format": REPORT_FORMAT,
            "notebook": run.notebook,
            "notebook_sha256": notebook_sha,
            "parameters": run.effective_parameters,
            "processed_sha256": processed_sha,
            "version": version,
            "code_sha256": code_sha,
        }
    )


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class _Task:
    """What a worker process needs to execute one run (picklable)."""

    record: dict[str, Any]
    notebook_path: str
    notebook_dir: str
    run_dir: str  # in the staging folder
    final_dir: str  # where the run's folder ends up
    parameters: dict[str, Any]


def _import_jsonschema_quickly() -> None:
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


def _warm_up() -> None:
    """Import papermill and nbconvert and render one page, so that workers start warm.

    With ``fork`` this runs once, in the parent, and every worker inherits the result.
    """
    _import_jsonschema_quickly()
    import nbformat
    import papermill  # noqa: F401

    from .report_html import render_page

    run = {
        "name": "warm-up",
        "notebook": "warm-up.ipynb",
        "parameters": {},
        "status": "ok",
        "files": {"page": "w/w.html", "notebook": "w/w.ipynb", "results": []},
    }
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    render_page(nb, run, Path.cwd())


def _execute(task: _Task) -> dict[str, Any]:
    """Execute one notebook with papermill, then render its page. Runs in a worker process."""
    import nbformat
    import papermill

    from .report_html import render_page

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is for the parent
    record = dict(task.record)
    name = record["name"]
    run_dir = Path(task.run_dir)
    results = run_dir / "results"
    results.mkdir(parents=True, exist_ok=True)
    notebook_out = run_dir / f"{name}.ipynb"
    log = run_dir / f"{name}.log"
    record["executed_at"] = _now()
    error: str | None = None

    started = time.perf_counter()
    with _output_to(log):
        try:
            papermill.execute_notebook(
                task.notebook_path,
                str(notebook_out),
                parameters={**task.parameters, "output_dir": str(results)},
                kernel_name=KERNEL,
                cwd=task.notebook_dir,
                progress_bar=False,
                request_save_on_cell_execute=False,
            )
        except papermill.PapermillExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue} (in cell [{exc.exec_count}])"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    execute_seconds = time.perf_counter() - started

    started = time.perf_counter()
    if notebook_out.exists():
        _replace_in_file(notebook_out, task.run_dir, task.final_dir)
        nb = nbformat.read(notebook_out, as_version=4)
    else:
        nb = nbformat.v4.new_notebook()
        nbformat.write(nb, notebook_out)
    _drop_kernel_noise(log)
    record.update(
        status="failed" if error else "ok",
        error=error,
        files=_files(run_dir, name),
        duration_seconds=round(execute_seconds, 3),  # what the page shows
    )
    try:
        page = render_page(nb, record, Path(task.notebook_dir))
    except Exception as exc:  # a page must exist: fall back to the header alone
        from .report_html import fallback_page

        record["status"] = "failed"
        record["error"] = (error + "\n" if error else "") + f"HTML: {type(exc).__name__}: {exc}"
        page = fallback_page(record)
    (run_dir / f"{name}.html").write_text(page, encoding="utf-8")
    html_seconds = time.perf_counter() - started

    record["timings"] = {
        "execute_seconds": round(execute_seconds, 3),
        "html_seconds": round(html_seconds, 3),
    }
    record["duration_seconds"] = round(execute_seconds + html_seconds, 3)
    return record


def _files(run_dir: Path, name: str) -> dict[str, Any]:
    results = sorted(
        p.relative_to(run_dir).as_posix() for p in (run_dir / "results").rglob("*") if p.is_file()
    )
    log = run_dir / f"{name}.log"
    return {
        "page": f"{name}/{name}.html",
        "notebook": f"{name}/{name}.ipynb",
        "log": f"{name}/{name}.log" if log.exists() else None,
        "results": [f"{name}/{r}" for r in results],
    }


@contextlib.contextmanager
def _output_to(path: Path) -> Iterator[None]:
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


# What every kernel prints at start and shutdown: not worth a log.
KERNEL_NOISE = (
    "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.",
    "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.",
)


def _drop_kernel_noise(log: Path) -> None:
    """Remove the kernel's routine lines from the log; remove the log if nothing is left."""
    if not log.exists():
        return
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(KERNEL_NOISE)]
    if any(line.strip() for line in kept):
        log.write_text("".join(kept), encoding="utf-8")
    else:
        log.unlink()


def _replace_in_file(path: Path, old: str, new: str) -> None:
    """Point the executed notebook at the run's final folder instead of the staging one."""
    text = path.read_text(encoding="utf-8")
    for a, b in ((old, new), (json.dumps(old)[1:-1], json.dumps(new)[1:-1])):
        text = text.replace(a, b)
    path.write_text(text, encoding="utf-8")


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- all runs


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _execute_all(tasks: Sequence[_Task], jobs: int, progress: bool) -> list[dict[str, Any]]:
    """Execute the tasks, ``jobs`` at a time, each in a worker process with its own kernel."""
    if not tasks:
        return []
    from tqdm import tqdm

    workers = min(jobs, len(tasks))
    if "fork" in multiprocessing.get_all_start_methods():
        # Forked workers inherit the imports (about 2 s each otherwise); papermill changes
        # the working directory of its process, so each run still needs a process of its own.
        _warm_up()
        context, initializer = multiprocessing.get_context("fork"), None
    else:
        context, initializer = multiprocessing.get_context("spawn"), _warm_up

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=initializer)

    pending = list(tasks)
    running: dict[Future[dict[str, Any]], _Task] = {}
    records: list[dict[str, Any]] = []
    bar: Any = None
    pool = new_pool()
    try:
        while pending or running:
            while pending and len(running) < workers:
                task = pending.pop(0)
                try:
                    future = pool.submit(_execute, task)
                except BrokenProcessPool:  # a worker died: carry on in a fresh pool
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                    future = pool.submit(_execute, task)
                running[future] = task
            if bar is None:  # after the workers are forked: tqdm may start a thread
                bar = tqdm(
                    total=len(tasks),
                    desc="report",
                    unit="run",
                    disable=not progress,
                    file=sys.stderr,
                    dynamic_ncols=True,
                )
            _show_running(bar, running.values())
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].record["name"]):
                task = running.pop(future)
                try:
                    record = future.result()
                except Exception as exc:  # the worker itself failed (killed, out of memory)
                    record = _worker_failure(task, exc)
                records.append(record)
                if progress:
                    bar.write(_line(record), file=sys.stderr)
                bar.update(1)
            _show_running(bar, running.values())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # their kernels exit when they see their parent gone
        raise
    finally:
        if bar is not None:
            bar.close()
    pool.shutdown()
    return records


def _show_running(bar: Any, running: Iterable[_Task]) -> None:
    names = [t.record["name"] for t in running]
    bar.set_postfix_str(f"running {len(names)}: {', '.join(names)}" if names else "", refresh=True)


def _worker_failure(task: _Task, exc: BaseException) -> dict[str, Any]:
    from .report_html import fallback_page

    record = dict(task.record)
    run_dir = Path(task.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    name = record["name"]
    record.update(
        status="failed",
        error=f"worker process failed: {type(exc).__name__}: {exc}",
        executed_at=_now(),
        duration_seconds=None,
        timings={},
    )
    notebook = run_dir / f"{name}.ipynb"
    if not notebook.exists():
        notebook.write_text(
            '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n', encoding="utf-8"
        )
    record["files"] = _files(run_dir, name)
    (run_dir / f"{name}.html").write_text(fallback_page(record), encoding="utf-8")
    return record


def _line(record: Mapping[str, Any]) -> str:
    from .report_html import format_duration

    text = f"{record['status']:>9}  {record['name']}  {format_duration(record['duration_seconds'])}"
    if record.get("error"):
        text += "  " + record["error"].splitlines()[0][:200]
    return text


# --------------------------------------------------------------------------- the folder


class _Lock:
    """An exclusive ``flock`` on ``.<out>.lock`` beside the report folder.

    The kernel drops it when the process ends, however it ends, so it is never stale.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.lock"
        self.fd: int | None = None

    def __enter__(self) -> _Lock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 500).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ReportError(
                f"another report is being written to {self.out_dir} ({holder}); "
                f"wait for it to finish or choose another --out (lock: {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {_now()}\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _check_out_dir(out_dir: Path) -> None:
    """Refuse to replace a folder that is not a report (``--out .`` must not delete files)."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ReportError(f"{out_dir} exists and is not a folder")
    if not any(out_dir.iterdir()):
        return
    manifest = _read_json(out_dir / MANIFEST)
    if not manifest or manifest.get("generator") != GENERATOR:
        raise ReportError(
            f"{out_dir} exists and is not a clusteranalysis report (no {MANIFEST}); "
            "choose another --out or remove it"
        )


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _recover(out_dir: Path) -> None:
    """Undo what an interrupted swap or build left behind (we hold the lock)."""
    olds = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not out_dir.exists() and olds:
        os.rename(olds.pop(), out_dir)
        print(f"report: restored the previous report into {out_dir}", file=sys.stderr)
    for leftover in [*olds, *out_dir.parent.glob(f".{out_dir.name}.tmp-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _copy_tree(src: Path, dst: Path) -> None:
    """Copy a run's folder, hard-linking files where possible (nothing edits them in place)."""

    def link_or_copy(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    shutil.copytree(src, dst, copy_function=link_or_copy)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Let ``kill`` (a CI timeout) unwind like Ctrl-C, so the staging folder is removed."""
    try:
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- the report


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
    Raises :class:`ReportConfigError` before anything runs if the configuration is bad, and
    :class:`ReportError` if another report is being written to the same folder.
    """
    config_path = Path(config_path) if config_path is not None else config.REPORT_CONFIG
    out_dir = Path(out_dir if out_dir is not None else config.REPORT_DIR).resolve()
    notebook_dir = Path(notebook_dir if notebook_dir is not None else config.NOTEBOOK_DIR)
    notebook_dir = notebook_dir.resolve()
    if jobs is not None and jobs < 1:
        raise ParameterError(f"--jobs must be at least 1 (got {jobs})")
    runs = load_config(config_path, notebook_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _Lock(out_dir), _sigterm_as_exit():
        _recover(out_dir)
        _check_out_dir(out_dir)
        return _build(runs, out_dir, notebook_dir, jobs or _cpu_count(), force, progress)


def _build(
    runs: Sequence[Run],
    out_dir: Path,
    notebook_dir: Path,
    jobs: int,
    force: bool,
    progress: bool,
) -> bool:
    started = time.perf_counter()
    generated_at = _now()
    version = __version__
    code_sha = code_hash()
    processed_sha, processed_files = tree_hash(config.PROCESSED_DIR)
    raw_sha, raw_files = tree_hash(config.RAW_DIR)
    notebooks = sorted({r.notebook for r in runs})
    notebook_shas = {nb: sha256_file(notebook_dir / nb) for nb in notebooks}
    previous_manifest = _read_json(out_dir / MANIFEST) or {}
    previous = {r["name"]: r for r in previous_manifest.get("runs", []) if isinstance(r, dict)}

    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    os.chmod(staging, 0o755)  # mkdtemp's 0700 would make the published report private
    try:
        records: dict[str, dict[str, Any]] = {}
        tasks: list[_Task] = []
        for run in runs:
            record: dict[str, Any] = {
                "name": run.name,
                "notebook": run.notebook,
                "parameters": run.parameters,
                "effective_parameters": run.effective_parameters,
                "key": run_key(run, notebook_shas[run.notebook], processed_sha, version,
                               code_sha),
                "inputs": {
                    "code_sha256": code_sha,
                    "notebook_sha256": notebook_shas[run.notebook],
                    "processed_sha256": processed_sha,
                    "raw_sha256": raw_sha,
                },
            }
            prev = previous.get(run.name)
            if not force and _reusable(prev, record["key"], out_dir / run.name):
                assert prev is not None
                _copy_tree(out_dir / run.name, staging / run.name)
                record.update(
                    status="unchanged",
                    error=None,
                    executed_at=prev.get("executed_at"),
                    duration_seconds=prev.get("duration_seconds"),
                    timings=prev.get("timings", {}),
                    files=prev["files"],
                    package_version=prev.get("package_version", version),
                )
                records[run.name] = record
            else:
                record["package_version"] = version
                tasks.append(
                    _Task(
                        record=record,
                        notebook_path=str(notebook_dir / run.notebook),
                        notebook_dir=str(notebook_dir),
                        run_dir=str(staging / run.name),
                        final_dir=str(out_dir / run.name),
                        parameters=run.parameters,  # the notebook's own defaults for the rest
                    )
                )
        if progress:
            at_a_time = f", {min(jobs, len(tasks))} at a time" if tasks else ""
            print(
                f"report: {len(runs)} run{'s' * (len(runs) != 1)}, {len(tasks)} to execute "
                f"({len(runs) - len(tasks)} unchanged){at_a_time}",
                file=sys.stderr,
            )
        for record in _execute_all(tasks, jobs, progress):
            records[record["name"]] = record
        for name, record in records.items():
            if record["status"] == "failed":
                _keep_last_good(record, previous.get(name), out_dir, staging)

        entries = [records[run.name] for run in runs]
        report = {
            "generator": GENERATOR,
            "format": REPORT_FORMAT,
            "package_version": version,
            "python": sys.version.split()[0],
            "generated_at": generated_at,
            "duration_seconds": round(time.perf_counter() - started, 3),
            "jobs": jobs,
            "forced": force,
            "inputs": {
                "processed": {"sha256": processed_sha, "files": processed_files},
                "raw": {"sha256": raw_sha, "files": raw_files},
                "notebooks": notebook_shas,
            },
        }
        _write_outputs(staging, report, entries)
        replace_dir(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    failed = [e["name"] for e in entries if e["status"] == "failed"]
    counts = {s: sum(e["status"] == s for e in entries) for s in ("ok", "unchanged", "failed")}
    print(
        f"report: {counts['ok']} ran, {counts['unchanged']} unchanged, {counts['failed']} failed"
        f"{' (' + ', '.join(failed) + ')' if failed else ''} in "
        f"{time.perf_counter() - started:.1f} s -> {out_dir / INDEX}",
        file=sys.stderr,
    )
    return not failed


def _reusable(prev: Mapping[str, Any] | None, key: str, run_dir: Path) -> bool:
    return (
        prev is not None
        and prev.get("key") == key
        and prev.get("status") in ("ok", "unchanged")
        and isinstance(prev.get("files"), dict)
        and run_dir.is_dir()
        and (run_dir.parent / str(prev["files"].get("page"))).is_file()
    )


def _keep_last_good(
    record: dict[str, Any], prev: Mapping[str, Any] | None, out_dir: Path, staging: Path
) -> None:
    """Give a failed run a link to its last successful result, carried from report to report."""
    if prev is None:
        return
    name = record["name"]
    last_good_dir = f"{name}.last-good"
    if prev.get("status") in ("ok", "unchanged"):
        source, executed_at = out_dir / name, prev.get("executed_at")
    elif prev.get("last_good"):
        source, executed_at = out_dir / last_good_dir, prev["last_good"].get("executed_at")
    else:
        return
    if not source.is_dir():
        return
    _copy_tree(source, staging / last_good_dir)
    record["last_good"] = {
        "executed_at": executed_at,
        "page": f"{last_good_dir}/{name}.html",
    }


def _write_outputs(staging: Path, report: dict[str, Any], entries: list[dict[str, Any]]) -> None:
    from .report_html import render_index

    manifest = {**report, "runs": entries}
    (staging / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (staging / INDEX).write_text(render_index(report, entries), encoding="utf-8")
