"""Publishing a folder as a whole: the one mechanism ``build`` and ``report`` share.

A command never writes into its output folder. It writes a *staging* folder beside it and
swaps the two at the end, under a lock, after checking that the folder it replaces is its
own. :class:`Publication` does all of it::

    with Publication(out_dir, BUILD_OUTPUT, protect=[...]) as pub:
        write_everything_into(pub.staging)
        pub.publish()

1. **Refuse** (before anything is created): a symbolic link, a file, a path under a file,
   a missing parent folder, a read-only folder, a protected folder (equal to, inside or
   containing it: the raw documents, the repository's own folders), and a folder that is
   not empty but is not this command's output (recognised by its marker file:
   ``datapackage.json`` for the build, ``manifest.json`` for the report) or that holds
   files the earlier output did not list. Each refusal is one :class:`PublishError` line;
   nothing is moved or deleted.
2. **Lock**: an exclusive ``flock`` on ``.<name>.lock`` beside the folder, holding the
   holder's pid, host and start time. A second command for the same folder stops at once.
   A lock left by a process that is no longer running is taken over with a one-line note.
   Forked children close the lock (see :func:`close_inherited_locks`), so a worker that
   outlives its parent cannot keep the folder locked. The lock file is removed on release.
3. **Recover**: what an interrupted command left beside the folder is undone: the
   previous folder is put back if a swap was cut between its two renames, and leftover
   staging folders are removed.
4. **Stage**: ``.<name>.staging-<pid>-<hex>`` with the usual permissions (0755 under
   umask 022, not ``mkdtemp``'s 0700).
5. **Swap**: one atomic ``renameat2(RENAME_EXCHANGE)`` on Linux (two renames elsewhere);
   readers see the old folder or the new one, never a mix. The old one is then removed.

Whatever stops the command before the swap (an error, Ctrl-C, SIGTERM, kill -9, a power
cut) leaves the previous folder byte for byte as it was; the next run cleans up.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from . import config, faults
from .errors import ClusterAnalysisError
from .fsutil import make_dir, remove_tree, swap_into, unique_name


class PublishError(ClusterAnalysisError):
    """The output folder cannot be written: not ours, protected, locked or not writable."""


@dataclass(frozen=True)
class OutputKind:
    """What a command publishes, and how to recognise a folder it published before.

    ``owned_files(folder)`` returns the relative paths (``/``-separated) of every file the
    earlier output in ``folder`` holds by its own account (its marker file included; an
    empty folder as ``name/``), or None when ``folder`` has no valid marker, i.e. is not
    this command's output.
    """

    command: str  # "build", "report": in messages
    noun: str  # "clusteranalysis build output": "... is not a <noun>"
    marker: str  # "datapackage.json"
    owned_files: Callable[[Path], set[str] | None]


@dataclass(frozen=True)
class Protected:
    """A path no output may be, be inside of (unless ``inside_ok``) or contain."""

    path: Path
    what: str  # "the raw documents (--raw)"
    inside_ok: bool = False


def repository_protection() -> list[Protected]:
    """The repository and its own folders: no command's ``--out`` may replace them."""
    root = config.ROOT
    protected = [
        Protected(root, "the repository", inside_ok=True),
        Protected(config.PACKAGE_DIR, "the clusteranalysis package"),
    ]
    for rel in ("src", "tests", "notebooks", "benchmarks", ".git", ".ci", ".venv", "data/raw"):
        protected.append(Protected(root / rel, f"the repository's {rel}/ folder"))
    return protected


Note = Callable[[str], None]


def _default_note(command: str) -> Note:
    def note(message: str) -> None:
        print(f"{command}: {message}", file=sys.stderr)

    return note


# --------------------------------------------------------------------------- checks


def resolve_target(path: Path | str) -> Path:
    """The absolute output path, its parent folders resolved but not the folder itself.

    Refuses a symbolic link, a file, and a path whose parent is missing or is a file.
    """
    text = os.fspath(path) or "."
    stripped = text.rstrip("/") or "/"
    name = os.path.basename(stripped)
    if name in ("", ".", ".."):  # "--out ." or "--out ..": the folder itself
        target = Path(os.path.realpath(stripped))
    else:
        target = Path(os.path.realpath(os.path.dirname(stripped) or ".")) / name
    if target == Path(target.anchor):
        raise PublishError(f"{text}: refusing to write the root folder {target}")
    if target.is_symlink():
        raise PublishError(
            f"{text}: is a symbolic link (to {os.readlink(target)}); give a real folder"
        )
    if os.path.lexists(target) and not target.is_dir():
        raise PublishError(f"{text}: is a file, not a folder")
    ancestor = target.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise PublishError(f"{text}: {ancestor} is a file, not a folder")
    if ancestor != target.parent:
        raise PublishError(f"{text}: the folder {target.parent} does not exist; create it first")
    return target


def check_protected(target: Path, protect: Iterable[Protected]) -> None:
    """Refuse a target equal to, inside (unless allowed) or containing a protected path."""
    for item in protect:
        real = Path(os.path.realpath(item.path))
        if target == real:
            raise PublishError(f"refusing to write {target}: it is {item.what}")
        if real in target.parents and not item.inside_ok:
            raise PublishError(f"refusing to write {target}: it is inside {item.what} ({real})")
        if target in real.parents:
            raise PublishError(f"refusing to write {target}: it contains {item.what} ({real})")


def foreign_entries(folder: Path, owned: set[str]) -> list[str]:
    """Entries under ``folder`` that ``owned`` does not account for (folders end in ``/``).

    ``owned`` lists files; a folder is accounted for when it holds one of them, or when
    ``owned`` lists it with a trailing ``/`` (an empty folder the output made).
    """
    owned_dirs = {parent.as_posix() for p in owned for parent in Path(p).parents}
    owned_dirs |= {p.rstrip("/") for p in owned if p.endswith("/")}  # empty folders
    foreign: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = Path(dirpath).relative_to(folder)
        keep = []
        for d in sorted(dirnames):
            rel = (rel_dir / d).as_posix()
            if os.path.islink(os.path.join(dirpath, d)):
                if rel not in owned:
                    foreign.append(rel)
            elif rel in owned_dirs:
                keep.append(d)
            else:
                foreign.append(rel + "/")
        dirnames[:] = keep
        for f in sorted(filenames):
            rel = (rel_dir / f).as_posix()
            if rel not in owned:
                foreign.append(rel)
    return sorted(foreign)


def _listed(items: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def check_target(target: Path, kind: OutputKind, protect: Iterable[Protected] = ()) -> None:
    """Refuse a target this command may not replace (see the module docstring, step 1)."""
    check_protected(target, protect)
    if target.is_dir() and any(os.scandir(target)):
        owned = kind.owned_files(target)
        if owned is None:
            raise PublishError(
                f"{target} is not empty and is not a {kind.noun} (no valid {kind.marker}); "
                "choose another --out, or empty the folder yourself"
            )
        foreign = foreign_entries(target, owned)
        if foreign:
            raise PublishError(
                f"{target} holds files the {kind.command} did not write: {_listed(foreign)}; "
                f"move them out first (the folder belongs to the {kind.command} command and "
                "is replaced as a whole)"
            )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PublishError(f"{target.parent}: read-only folder; cannot write {target.name} in it")
    if target.is_dir():
        for dirpath, _, _ in os.walk(target):
            if not os.access(dirpath, os.W_OK | os.X_OK):
                raise PublishError(f"{dirpath}: read-only folder; cannot replace {target}")


# --------------------------------------------------------------------------- the lock

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
        self.note = note or _default_note(kind.command)
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


# --------------------------------------------------------------------------- recovery


def leftovers(target: Path) -> tuple[list[Path], list[Path]]:
    """(old folders from a cut swap, newest last; leftover staging folders) beside target."""
    name = glob.escape(target.name)
    parent = target.parent

    def dirs(pattern: str) -> list[Path]:
        return [p for p in parent.glob(pattern) if p.is_dir() and not p.is_symlink()]

    olds = sorted(dirs(f".{name}.old-*"), key=lambda p: p.stat().st_mtime)
    # .tmp-: what the report called its staging folder before this module existed
    staging = dirs(f".{name}.staging-*") + dirs(f".{name}.tmp-*")
    return olds, staging


def recover(target: Path, kind: OutputKind, note: Note | None = None,
            keep: Iterable[Path] = ()) -> None:
    """Undo what an interrupted command left beside ``target`` (call it holding the lock)."""
    note = note or _default_note(kind.command)
    olds, staging = leftovers(target)
    if not os.path.lexists(target) and olds:
        os.rename(olds.pop(), target)
        note(f"restored the previous {kind.noun} into {target} "
             "(an earlier run was stopped while swapping it)")
    kept = {Path(p) for p in keep}
    removed = [p for p in [*olds, *staging] if p not in kept and remove_tree(p)]
    if removed:
        names = _listed([p.name for p in removed], 3)
        note(f"removed what an interrupted run left beside {target.name}: {names}")


# --------------------------------------------------------------------------- publication


class Publication:
    """Check, lock, recover and stage on entry; :meth:`publish` swaps; exit cleans up.

    ``staging`` may name a folder someone else filled (an orchestrator's tasks); it must be
    beside the target, and is then not removed if publishing fails.
    """

    def __init__(
        self,
        target: Path | str,
        kind: OutputKind,
        *,
        protect: Iterable[Protected] = (),
        note: Note | None = None,
        staging: Path | None = None,
    ) -> None:
        self.kind = kind
        self.protect = list(protect)
        self.note = note or _default_note(kind.command)
        self.target = resolve_target(target)
        check_target(self.target, kind, self.protect)  # a refusal creates nothing
        self._adopted = staging is not None
        if staging is not None:
            staging = Path(os.path.realpath(staging))
            if staging.parent != self.target.parent or not staging.is_dir():
                raise PublishError(f"{staging}: a staging folder must be a folder beside "
                                   f"{self.target}")
        self._staging: Path | None = staging
        self._staged = staging is not None
        self.published = False
        self.lock = Lock(self.target, kind, self.note)

    def __enter__(self) -> Publication:
        self.lock.acquire()
        try:
            recover(self.target, self.kind, self.note,
                    keep=[self._staging] if self._staging else [])
            check_target(self.target, self.kind, self.protect)  # again, now that we hold it
            if not self._staged:
                name = unique_name(f".{self.target.name}.staging-")
                self._staging = make_dir(self.target.parent / name)
                self._staged = True
        except OSError as exc:
            self.lock.release()
            raise PublishError(f"{exc.filename or self.target}: {exc.strerror}") from None
        except BaseException:
            self.lock.release()
            raise
        return self

    @property
    def staging(self) -> Path:
        """The folder to write the new output into (inside the ``with`` block)."""
        if self._staging is None or not self._staged:
            raise RuntimeError("the staging folder exists inside the with block, until publish()")
        return self._staging

    def publish(self) -> None:
        """Swap the staging folder into place, then remove the previous output."""
        staging = self.staging
        faults.point(f"{self.kind.command}:staged")
        try:
            old = swap_into(staging, self.target)
        except OSError as exc:
            raise PublishError(f"{self.target}: cannot put the new output in place: "
                               f"{exc.strerror}") from None
        self.published = True
        self._staged = False
        try:
            faults.point(f"{self.kind.command}:swapped")
        finally:  # even when interrupted here; and a signal now waits until it is gone
            with _signals_deferred():
                if old is not None and not remove_tree(old):
                    self.note(f"could not remove the previous output at {old}; the next "
                              "run will")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._staged and not self._adopted and self._staging is not None:
                remove_tree(self._staging)
        finally:
            self.lock.release()
        if exc is not None and not self.published and not isinstance(exc, PublishError):
            exc.add_note(f"{self.target} is as it was")


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for a moment (they are delivered on the way out)."""
    signals = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def publish_folder(
    staging: Path,
    target: Path | str,
    kind: OutputKind,
    *,
    protect: Iterable[Protected] = (),
    note: Note | None = None,
) -> Path:
    """Publish a finished folder ``staging`` (beside ``target``) in one step; return target.

    For an orchestrator whose tasks filled ``staging`` in several processes: the checks,
    lock, recovery, swap and clean-up of :class:`Publication`, around one swap.
    """
    with Publication(target, kind, protect=protect, note=note, staging=staging) as pub:
        pub.publish()
    return pub.target
