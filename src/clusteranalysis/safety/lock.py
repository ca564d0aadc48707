"""The lock beside an output folder: one command at a time writes it.

An exclusive ``flock`` on ``.<name>.lock`` beside the folder, holding the holder's pid,
host and start time. A second command for the same folder stops at once; a lock left by a
process that is no longer running is taken over with a one-line note. Forked children
close the lock (:func:`close_inherited_locks`), so a worker that outlives its parent cannot
keep the folder locked. The lock file is removed on release.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from clusteranalysis.safety.targets import Note, OutputKind, PublishError, default_note

#: The lock descriptors this process holds (closed in a forked child).
_HELD_LOCKS: set[int] = set()


def close_inherited_locks() -> None:
    """Close, in a forked child, the lock descriptors its parent holds.

    A ``flock`` lasts while any descriptor of it is open, so a forked worker that outlived
    its parent would keep the folder locked. This runs after every ``os.fork`` (a
    ``register_at_fork`` hook); pool workers call it too, to say so. Exec'd programs
    (kernels) never inherit them: the descriptors are close-on-exec.
    """
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=close_inherited_locks)


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks) of a Linux process, None if there is none."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except OSError:
        return None
    return fields[0], fields[19]


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: pid, host, since when, and the process's start time (Linux)."""

    pid: int
    host: str
    since: str
    start: str | None = None

    @classmethod
    def me(cls) -> Holder:
        stat = _proc_stat(os.getpid())
        since = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        return cls(os.getpid(), socket.gethostname(), since, stat[1] if stat else None)

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        parts = text.split()
        # "pid <pid> on <host> since <time>[, start <ticks>]"
        if len(parts) < 6 or parts[0] != "pid" or parts[2] != "on" or parts[4] != "since":
            return None
        try:
            pid = int(parts[1])
        except ValueError:
            return None
        start = parts[7] if len(parts) >= 8 and parts[6] == "start" else None
        return cls(pid, parts[3], parts[5].rstrip(","), start)

    def line(self) -> str:
        start = f", start {self.start}" if self.start else ""
        return f"pid {self.pid} on {self.host} since {self.since}{start}\n"

    def __str__(self) -> str:
        return f"pid {self.pid} on {self.host} since {self.since}"

    def alive(self) -> bool:
        """Whether the process still runs (a holder on another host counts as running)."""
        if self.host != socket.gethostname():
            return True
        stat = _proc_stat(self.pid)
        if stat is not None:
            state, start = stat
            return state not in ("Z", "X") and (self.start is None or start == self.start)
        if os.path.isdir("/proc/self"):
            return False  # Linux, and no such process
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


class Lock:
    """The exclusive lock on publishing ``target`` (module docstring, step 2)."""

    def __init__(self, target: Path, kind: OutputKind, note: Note | None = None) -> None:
        self.target = target
        self.kind = kind
        self.path = lock_path(target)
        self.note = note or default_note(kind.command)
        self.fd: int | None = None

    def _busy(self, holder: Holder | None) -> PublishError:
        who = str(holder) if holder else "another process"
        return PublishError(
            f"another {self.kind.command} is being written to {self.target} ({who}); wait "
            f"for it to finish or choose another --out (lock: {self.path})"
        )

    def acquire(self) -> Lock:
        import fcntl

        for _ in range(10):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise PublishError(
                    f"{self.path}: cannot create the lock file: {exc.strerror}"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                if holder is None or holder.alive():
                    os.close(fd)
                    raise self._busy(holder) from None
                # Locked, but not by the process the file names: something it left behind
                # (an old version's worker) holds the descriptor. Start a new lock file.
                self.note(
                    f"took over the lock of {holder}, which is no longer running "
                    f"(a process it left behind still holds {self.path.name})"
                )
                if _same_file(self.path, fd):
                    os.unlink(self.path)
                os.close(fd)
                continue
            if not _same_file(self.path, fd):  # removed by its last holder meanwhile
                os.close(fd)
                continue
            previous = _read_holder(fd)
            if previous is not None and not previous.alive():
                self.note(f"took over the lock of {previous}, which is no longer running")
            os.ftruncate(fd, 0)
            os.pwrite(fd, Holder.me().line().encode(), 0)
            self.fd = fd
            _HELD_LOCKS.add(fd)
            return self
        raise PublishError(f"{self.path}: could not take the lock; try again")

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        _HELD_LOCKS.discard(fd)
        with contextlib.suppress(OSError):
            if _same_file(self.path, fd):
                os.unlink(self.path)  # still holding it: nobody can take this file meanwhile
        os.close(fd)

    def __enter__(self) -> Lock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> Holder | None:
    try:
        text = os.pread(fd, 500, 0).decode("utf-8", "replace")
    except OSError:
        return None
    return Holder.parse(text)


def _same_file(path: Path, fd: int) -> bool:
    try:
        a, b = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
