"""The lock beside an output folder: one command at a time writes it, and its record.

An exclusive ``flock`` on ``.<name>.lock`` beside the folder. The file holds the holder
(pid, host, start time) and the record of every folder the holder made beside the output
(``staging <name>``, ``old <name>``: see :mod:`clusteranalysis.safety.publish`), written
before the folder is made: the proof recovery needs to remove or restore only what a
command made. A second command for the same folder stops at once; a lock left by a
process that is no longer running is taken over with a one-line note, and its record with
it. Forked children close the lock (:func:`close_inherited_locks`), so a worker that
outlives its parent cannot keep the folder locked. The lock file is removed on release
unless its record still names a folder (one that could not be removed).

The file is never opened through a symbolic link (``O_NOFOLLOW``), and a path that is a
link (dangling or not), a folder, a hard link to another file, or a file that is not a
lock file is refused with one line, unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
from dataclasses import dataclass, field
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


#: What a lock's record says of a folder beside the output: ``staging`` (made by the
#: holder: it holds only what the holder wrote) or ``old`` (it may hold the previous
#: output, moved there by the swap: only the files its own marker accounts for are ours).
ENTRY_KINDS = ("staging", "old")
RECORD_LIMIT = 1 << 16  # bytes of a lock file read: far more than any record


@dataclass
class Record:
    """A lock file's contents: its holder and the folders it made beside the output."""

    holder: Holder | None
    entries: dict[str, str] = field(default_factory=dict)  # folder name -> kind

    @classmethod
    def parse(cls, text: str, target: Path) -> Record:
        lines = text.splitlines()
        holder = Holder.parse(lines[0]) if lines else None
        entries = {}
        prefix = f".{target.name}."
        for line in lines[1:]:
            kind, _, name = line.partition(" ")
            # only a sibling of the target with the command's prefix: a forged record
            # cannot name another folder
            if kind in ENTRY_KINDS and name.startswith(prefix) and "/" not in name \
                    and "\0" not in name:
                entries[name] = kind
            elif line.strip():  # a line no lock writes: someone's file, not a lock
                return cls(None, {})
        return cls(holder, entries)

    def text(self) -> str:
        head = self.holder.line() if self.holder else "\n"
        return head + "".join(f"{kind} {name}\n" for name, kind in self.entries.items())


class Lock:
    """The exclusive lock on publishing ``target``, with the record of what it made."""

    def __init__(self, target: Path, kind: OutputKind, note: Note | None = None) -> None:
        self.target = target
        self.kind = kind
        self.path = lock_path(target)
        self.note = note or default_note(kind.command)
        self.fd: int | None = None
        self.entries: dict[str, str] = {}  # folder name -> kind, inherited ones included

    def _busy(self, holder: Holder | None) -> PublishError:
        who = str(holder) if holder else "another process"
        return PublishError(
            f"another {self.kind.command} is being written to {self.target} ({who}); wait "
            f"for it to finish or choose another --out (lock: {self.path})"
        )

    def _open(self) -> tuple[int, bool] | None:
        """The lock file's descriptor and whether this call created it; None if it vanished
        in between. Never through a link; never a folder, a device or a hard link."""
        flags = os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        created = True
        try:
            try:
                fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                created = False
                fd = os.open(self.path, flags)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP or os.path.islink(self.path):
                raise PublishError(
                    f"{self.path}: the lock file is a symbolic link (to "
                    f"{_link_target(self.path)}); refusing to write through it (remove the "
                    "link, or choose another --out)") from None
            raise PublishError(
                f"{self.path}: cannot create the lock file: {exc.strerror}") from None
        info = os.fstat(fd)
        problem = None
        if not stat.S_ISREG(info.st_mode):
            problem = "is not a plain file"
        elif info.st_nlink != 1:
            problem = (f"is a hard link ({info.st_nlink} names for one file): another name "
                       "of some file")
        if problem:
            os.close(fd)
            raise PublishError(f"{self.path}: the lock file {problem}; refusing to write it "
                               "(remove it, or choose another --out)")
        return fd, created

    def acquire(self) -> Lock:
        import fcntl

        carried: dict[str, str] = {}  # the record of a lock file a dead holder's orphan held
        for _ in range(10):
            opened = self._open()
            if opened is None:
                continue
            fd, created = opened
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                record = _read_record(fd, self.target)
                holder = record.holder
                if holder is None or holder.alive():
                    os.close(fd)
                    raise self._busy(holder) from None
                # Locked, but not by the process the file names: something it left behind
                # (an old version's worker) holds the descriptor. Start a new lock file.
                self.note(
                    f"took over the lock of {holder}, which is no longer running "
                    f"(a process it left behind still holds {self.path.name})"
                )
                carried.update(record.entries)
                if _same_file(self.path, fd):
                    os.unlink(self.path)
                os.close(fd)
                continue
            if not _same_file(self.path, fd):  # removed by its last holder meanwhile
                os.close(fd)
                continue
            _HELD_LOCKS.add(fd)
            self.fd = fd
            text = _read_text(fd)
            record = Record.parse(text, self.target)
            if not created and text.strip() and record.holder is None:
                self._close(unlink=False)
                raise PublishError(
                    f"{self.path}: is not a clusteranalysis lock file (it holds something "
                    "else); refusing to overwrite it (move it away, or choose another --out)")
            previous = record.holder
            if previous is not None and not previous.alive():
                self.note(f"took over the lock of {previous}, which is no longer running")
            self.entries = {**carried, **record.entries}
            try:
                self._write()
            except PublishError:
                self._close(unlink=created)  # a full disk leaves no empty lock file
                raise
            return self
        raise PublishError(f"{self.path}: could not take the lock; try again")

    def _write(self) -> None:
        """Write the holder and the record (in place: the flock is on this file)."""
        if self.fd is None:
            raise RuntimeError("the lock is not held")
        data = Record(Holder.me(), self.entries).text().encode("utf-8", "surrogateescape")
        try:
            os.pwrite(self.fd, data, 0)
            os.ftruncate(self.fd, len(data))
        except OSError as exc:
            raise PublishError(f"{self.path}: cannot write the lock file: "
                               f"{exc.strerror}") from None

    def record(self, name: str, kind: str) -> None:
        """Record (before it is made) that the folder ``name`` beside the target is ours."""
        if kind not in ENTRY_KINDS:
            raise ValueError(f"kind must be one of {ENTRY_KINDS}")
        self.entries = {**{k: v for k, v in self.entries.items() if k != name}, name: kind}
        self._write()

    def forget(self, name: str) -> None:
        """The folder ``name`` is gone (or no longer ours to remove): drop it from the record."""
        if name in self.entries:
            del self.entries[name]
            self._write()

    def _close(self, unlink: bool) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        _HELD_LOCKS.discard(fd)
        with contextlib.suppress(OSError):
            if unlink and _same_file(self.path, fd):
                os.unlink(self.path)  # still holding it: nobody can take this file meanwhile
        os.close(fd)

    def release(self) -> None:
        """Release the lock; the file goes, unless its record still names a folder."""
        self._close(unlink=not self.entries)

    def __enter__(self) -> Lock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_record(target: Path) -> Record:
    """The record in the lock file beside ``target``, as it is (without taking the lock)."""
    try:
        fd = os.open(lock_path(target), os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return Record(None)
    try:
        return _read_record(fd, target)
    finally:
        os.close(fd)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _read_text(fd: int) -> str:
    try:
        return os.pread(fd, RECORD_LIMIT, 0).decode("utf-8", "surrogateescape")
    except OSError:
        return ""


def _read_record(fd: int, target: Path) -> Record:
    return Record.parse(_read_text(fd), target)


def _same_file(path: Path, fd: int) -> bool:
    try:
        a, b = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
