"""The worker pool: every run in a process of its own, at most ``jobs`` at a time.

Not a ``ProcessPoolExecutor``: when one of its workers dies the whole pool breaks
(``BrokenProcessPool`` fails the runs beside it), and its processes cannot be reached
after ``shutdown`` to stop them. Here each run gets a fresh process, forked from the
warmed-up parent in milliseconds, with a pipe for its record:

- A worker that is killed (kill -9, out of memory) fails its own run only, with "worker
  process died (SIGKILL)"; the other runs carry on.
- A worker dies with its parent (Linux ``PR_SET_PDEATHSIG``), holds none of the parent's
  lock descriptors (:func:`clusteranalysis.safety.publish.close_inherited_locks`), ignores
  Ctrl-C (the parent decides) and, on SIGTERM, kills its kernel before it exits. A kernel
  whose worker was killed outright exits by itself within a second (ipykernel watches its
  parent).
- Ctrl-C or SIGTERM in the parent: :func:`execute_all` stops every worker and kernel
  (SIGTERM, then SIGKILL after :data:`STOP_GRACE` seconds) before the exception goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from clusteranalysis.errors import ParameterError
from clusteranalysis.report.execute import RunTask, execute_run, failed_record, warm_up
from clusteranalysis.report.pages import format_duration
from clusteranalysis.report.record import RunRecord
from clusteranalysis.safety import signals
from clusteranalysis.safety.lock import close_inherited_locks

STOP_GRACE = 5.0  # seconds a worker gets to stop its kernel before SIGKILL
PR_SET_PDEATHSIG = 1
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cap_jobs(jobs: int | None, cpus: int | None = None) -> tuple[int, str | None]:
    """The number of runs to execute at once, and a note when ``jobs`` was capped.

    More kernels than CPUs only compete (and clash over ports and memory), so ``--jobs``
    is capped at the CPU count. None means the CPU count.
    """
    cpus = cpus or cpu_count()
    if jobs is None:
        return cpus, None
    if jobs < 1:
        raise ParameterError(f"--jobs must be at least 1 (got {jobs})")
    if jobs > cpus:
        return cpus, (f"--jobs {jobs} is more than the {cpus} CPUs here; "
                      f"running at most {cpus} at a time")
    return jobs, None


# --------------------------------------------------------------------------- in the worker


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux ``/proc``; empty elsewhere)."""
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry))
    return found


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(143)


def _stop_worker(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: kill its kernel (a child process), then end at once."""
    for pid in child_pids(os.getpid()):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(128 + signum)


def _worker_main(conn: Connection, task: RunTask, parent_pid: int, warm: bool) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGTERM, _stop_worker)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)  # blocked by the parent at fork
    close_inherited_locks()
    try:
        if warm:
            warm_up()
        try:
            record = execute_run(task)
        except Exception as exc:
            record = failed_record(task, f"worker process failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(record)
        except Exception as exc:  # a record that does not pickle: say so rather than vanish
            conn.send(failed_record(task, f"worker process failed: {type(exc).__name__}: "
                                    f"{exc}"))
        conn.close()
    except Exception:  # not even that (a full disk, a closed pipe): the parent says so,
        os._exit(1)  # as "worker process died (exit status 1)", not a traceback here


# --------------------------------------------------------------------------- in the parent


@dataclass
class _Worker:
    task: RunTask
    process: BaseProcess
    conn: Connection
    record: RunRecord | None = None
    eof: bool = False


def _start(context: BaseContext, task: RunTask, warm: bool, running: list[_Worker]) -> None:
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_worker_main,
        args=(writer, task, os.getpid(), warm),
        name=f"clusteranalysis report: {task.record.name}",
        daemon=True,
    )
    # The child starts with SIGINT and SIGTERM blocked and unblocks them once its own
    # handlers are set; a signal for the parent is handled once the worker is listed.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        process.start()
        running.append(_Worker(task, process, reader))
    finally:
        writer.close()
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _describe(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


def _finish(worker: _Worker) -> RunRecord | None:
    """The run's record once its worker has ended (or sent it), else None."""
    if worker.record is None and not worker.eof:
        try:
            if worker.conn.poll():
                worker.record = worker.conn.recv()
        except (EOFError, OSError):
            worker.eof = True
    if worker.process.exitcode is None:
        if worker.record is None:
            return None  # still running (or closing its end just before it exits)
        worker.process.join(10)  # it sent its record and is exiting
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
    worker.conn.close()
    if worker.record is not None:
        return worker.record
    return failed_record(
        worker.task,
        f"worker process died ({_describe(worker.process.exitcode)}) before the run finished",
    )


def stop_workers(workers: Sequence[_Worker]) -> None:
    """SIGTERM every worker (each kills its kernel), SIGKILL those still there after grace."""
    # a second Ctrl-C must not cut the clean-up of the first one short
    with signals.handled(dict.fromkeys(_SIGNALS, signal.SIG_IGN)):
        for w in workers:
            if w.process.exitcode is None and w.process.pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(w.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for w in workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.exitcode is None:
                w.process.kill()
                w.process.join(5)
            w.conn.close()


def execute_all(tasks: Sequence[RunTask], jobs: int, progress: bool = True) -> list[RunRecord]:
    """Execute the tasks, ``jobs`` at a time, each in a worker process with its own kernel.

    Returns the records in the order the runs finished. Raises only what interrupts the
    whole report (KeyboardInterrupt, SystemExit, a SIGTERM turned into an exception),
    after stopping every worker and kernel.
    """
    if not tasks:
        return []
    from tqdm import tqdm

    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        # Forked workers inherit the imports (about 2 s each otherwise).
        warm_up()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    jobs = max(1, min(jobs, len(tasks)))
    pending = list(tasks)
    running: list[_Worker] = []
    records: list[RunRecord] = []
    tqdm.monitor_interval = 0  # no monitor thread in a process that forks
    bar = tqdm(total=len(tasks), desc="report", unit="run", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    try:
        while pending or running:
            while pending and len(running) < jobs:
                _start(context, pending.pop(0), not fork, running)
            _show_running(bar, running)
            waiting: list[Any] = [w.process.sentinel for w in running]
            waiting += [w.conn for w in running if not w.eof and w.record is None]
            wait(waiting)
            for w in sorted(running, key=lambda w: w.task.record.name):
                record = _finish(w)
                if record is None:
                    continue
                running.remove(w)
                records.append(record)
                if progress:
                    bar.write(status_line(record), file=sys.stderr)
                bar.update(1)
        _show_running(bar, running)
    except BaseException:
        stop_workers(running)
        raise
    finally:
        bar.close()
    return records


def _show_running(bar: Any, running: Sequence[_Worker]) -> None:
    names = [w.task.record.name for w in running]
    bar.set_postfix_str(f"running {len(names)}: {', '.join(names)}" if names else "", refresh=True)


def status_line(record: RunRecord) -> str:
    """``       ok  budgets-usd  12.3 s`` (and the error's first line when it failed)."""

    text = f"{record.status:>9}  {record.name}  {format_duration(record.duration_seconds)}"
    if record.error:
        text += "  " + record.error.splitlines()[0][:200]
    return text
