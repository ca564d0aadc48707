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
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from clusteranalysis.safety import faults
from clusteranalysis.safety.folders import make_dir, remove_tree, swap_into, unique_name
from clusteranalysis.safety.lock import Lock
from clusteranalysis.safety.targets import (
    Note,
    OutputKind,
    Protected,
    PublishError,
    check_target,
    default_note,
    listed,
    resolve_target,
)

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
    note = note or default_note(kind.command)
    olds, staging = leftovers(target)
    if not os.path.lexists(target) and olds:
        os.rename(olds.pop(), target)
        note(f"restored the previous {kind.noun} into {target} "
             "(an earlier run was stopped while swapping it)")
    kept = {Path(p) for p in keep}
    removed = [p for p in [*olds, *staging] if p not in kept and remove_tree(p)]
    if removed:
        names = listed([p.name for p in removed], 3)
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
        self.note = note or default_note(kind.command)
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
