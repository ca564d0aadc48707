"""Publishing a folder as a whole: the one mechanism ``build`` and ``report`` share.

A command never writes into its output folder. It writes a *staging* folder beside it and
swaps the two at the end, under a lock, after checking that the folder it replaces is its
own. :class:`Publication` does all of it::

    with Publication(out_dir, BUILD_OUTPUT, protect=[...]) as pub:
        write_everything_into(pub.staging)
        pub.publish()

1. **Refuse** (before anything is created, :mod:`~clusteranalysis.safety.targets`): a path
   that is or passes through a symbolic link, a file, a path under a file, a missing
   parent folder, a read-only folder, a protected folder (by path and by device and
   inode), and a folder that is not empty but is not this command's output: its marker
   file (``datapackage.json`` for the build, ``manifest.json`` for the report) must list
   every file in it with the SHA-256 of the bytes the command wrote, and the files must
   still hold those bytes. Each refusal is one :class:`PublishError` line; nothing is
   moved or deleted.
2. **Lock** (:mod:`~clusteranalysis.safety.lock`): an exclusive ``flock`` on
   ``.<name>.lock`` beside the folder, never opened through a link. Its file records every
   folder the command makes beside the output, before it makes it.
3. **Recover**: what an interrupted command left beside the folder is undone, but only
   what the lock's record proves it made: the previous output is put back if a swap was
   cut between its two renames, a staging folder is removed, and of a folder holding a
   previous output only the files that output's marker accounts for are removed (anything
   else is moved into the output, where it was). Folders that merely look like leftovers
   (``.<name>.old-*``, ``.staging-*``, ``.tmp-*``) are left alone and named in one line.
4. **Stage**: ``.<name>.staging-<pid>-<hex>`` with the usual permissions (0755 under
   umask 022, not ``mkdtemp``'s 0700).
5. **Swap**: one atomic ``renameat2(RENAME_EXCHANGE)`` on Linux (two renames elsewhere);
   readers see the old folder or the new one, never a mix. The old folder is then
   retired as in step 3: files added to the output while the command ran are moved into
   the new one (and named), never deleted.

Whatever stops the command before the swap (an error, Ctrl-C, SIGTERM, kill -9, a power
cut) leaves the previous folder byte for byte as it was; the next run cleans up.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from clusteranalysis.safety import faults, signals
from clusteranalysis.safety.folders import (
    links_inside,
    make_dir,
    make_public,
    remove_tree,
    swap_into,
    unique_name,
    unlink_beneath,
)
from clusteranalysis.safety.lock import Lock
from clusteranalysis.safety.targets import (
    Note,
    OutputKind,
    Protected,
    PublishError,
    changed_files,
    check_target,
    default_note,
    foreign_entries,
    listed,
    resolve_target,
)

#: Names of what a command makes beside ``<name>``: ``.<name>.<infix><id>`` (``tmp-``: what
#: the report called its staging folder before this module existed).
LEFTOVER_INFIXES = ("old-", "staging-", "tmp-")

# --------------------------------------------------------------------------- recovery


def lookalikes(target: Path) -> list[Path]:
    """Folders beside ``target`` named like a command's leftovers, whoever made them."""
    name = glob.escape(target.name)
    found = []
    for infix in LEFTOVER_INFIXES:
        found += [p for p in target.parent.glob(f".{name}.{infix}*")
                  if p.is_dir() and not p.is_symlink()]
    return sorted(found)


def retire(old: Path, target: Path, kind: OutputKind) -> tuple[bool, list[str], list[str]]:
    """Remove a folder that holds a previous output, but only the files it accounts for.

    The files its marker lists, with the bytes the command wrote, are deleted, then the
    folders they leave empty. Anything else (a file added while the command ran, a file
    changed since) is moved into ``target`` at the same place when that place is free, or
    else left in ``old``. Returns (whether ``old`` is gone, what was moved, what was left).
    """
    owned = kind.owned_files(old) or {}
    others = [*foreign_entries(old, owned), *changed_files(old, owned)]
    moved, left = [], []
    for rel in others:
        source, dest = old / rel.rstrip("/"), target / rel.rstrip("/")
        if target.is_dir() and not os.path.lexists(dest) and _plain_dirs(target, dest.parent) \
                and _plain_dirs(old, source.parent):
            os.makedirs(dest.parent, exist_ok=True)
            os.rename(source, dest)
            moved.append(rel)
        else:
            left.append(rel)
    keep = set(others)
    for rel in owned:
        if rel.endswith("/") or rel in keep:
            continue
        unlink_beneath(old, rel)  # never through a folder swapped for a link
    for dirpath, _, _ in os.walk(old, topdown=False):  # the deepest first
        with contextlib.suppress(OSError):  # not empty: something of someone else's
            os.rmdir(dirpath)
    return not os.path.lexists(old), moved, left


def _plain_dirs(top: Path, folder: Path) -> bool:
    """Whether every existing folder from ``top`` down to ``folder`` is a real folder."""
    current = top
    for part in folder.relative_to(top).parts:
        current = current / part
        if os.path.islink(current) or (os.path.lexists(current) and not current.is_dir()):
            return False
    return True


def recover(target: Path, kind: OutputKind, lock: Lock, note: Note | None = None,
            keep: Iterable[Path] = ()) -> None:
    """Undo what an interrupted command left beside ``target``, holding ``lock``: only the
    folders its record names (module docstring, step 3)."""
    note = note or default_note(kind.command)
    parent = target.parent
    kept = {Path(p).name for p in keep}
    entries = {n: k for n, k in lock.entries.items() if n not in kept}
    for name in [n for n in entries if not os.path.isdir(parent / n)
                 or os.path.islink(parent / n)]:
        del entries[name]
        lock.forget(name)
    if not os.path.lexists(target):
        olds = [n for n, k in entries.items() if k == "old"
                and kind.owned_files(parent / n) is not None]
        if olds:
            os.rename(parent / olds[-1], target)
            del entries[olds[-1]]
            lock.forget(olds[-1])
            note(f"restored the previous {kind.noun} into {target} "
                 "(an earlier run was stopped while swapping it)")
    removed = []
    for name, entry_kind in entries.items():
        folder = parent / name
        if entry_kind == "staging":
            gone = remove_tree(folder)
        else:
            gone, moved, left = retire(folder, target, kind)
            _say_kept(note, kind, target, folder, moved, left)
        if gone:
            removed.append(name)
        lock.forget(name)  # removed, or left holding only what is not ours
    if removed:
        note(f"removed what an interrupted run left beside {target.name}: "
             f"{listed(removed, 3)}")
    strangers = [p.name for p in lookalikes(target)
                 if p.name not in lock.entries and p.name not in kept]
    if strangers:
        note(f"left alone beside {target.name}, as this command did not make "
             f"{'them' if len(strangers) > 1 else 'it'}: {listed(strangers, 3)}")


def _say_kept(note: Note, kind: OutputKind, target: Path, old: Path, moved: list[str],
              left: list[str]) -> None:
    if moved:
        note(f"kept {listed(moved, 3)} in {target}: not written by the {kind.command}, "
             f"{'they were' if len(moved) > 1 else 'it was'} added while it ran (move "
             f"{'them' if len(moved) > 1 else 'it'} out before the next {kind.command})")
    if left:
        note(f"kept {old}, which holds {listed(left, 3)}: not written by the "
             f"{kind.command}, and {target} has files of that name")


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
            recover(self.target, self.kind, self.lock, self.note,
                    keep=[self._staging] if self._staging else [])
            check_target(self.target, self.kind, self.protect)  # again, now that we hold it
            if not self._staged:
                staging = self.target.parent / unique_name(f".{self.target.name}.staging-")
                with signals.deferred():  # recorded, then made: never one without the other
                    self.lock.record(staging.name, "staging")
                    self._staging = make_dir(staging, private=True)
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
        """Swap the staging folder into place, then retire the previous output."""
        staging = self.staging
        links = links_inside(staging)
        if links:
            raise PublishError(f"{staging}: holds {listed(links, 3)}, a symbolic link the "
                               f"{self.kind.command} did not write; nothing was published "
                               f"({self.target} is as it was)")
        make_public(staging)
        faults.point(f"{self.kind.command}:staged")
        try:
            # each place the old output goes is recorded before it goes there
            old = swap_into(staging, self.target,
                            before=lambda path: self.lock.record(path.name, "old"))
        except OSError as exc:
            self._unrecord(staging)
            raise PublishError(f"{self.target}: cannot put the new output in place: "
                               f"{exc.strerror}") from None
        except BaseException:
            self._unrecord(staging)
            raise
        self.published = True
        self._staged = False
        if not os.path.lexists(staging):  # renamed into place: nothing there to recover
            with contextlib.suppress(PublishError):
                self.lock.forget(staging.name)
        try:
            faults.point(f"{self.kind.command}:swapped")
        finally:  # even when interrupted here; and a signal now waits until it is gone
            with signals.deferred():
                if old is not None:
                    self._retire(old)

    def _unrecord(self, staging: Path) -> None:
        """The swap did not happen: the staging folder is what it was (or the caller's)."""
        with contextlib.suppress(PublishError):
            for name, kind in list(self.lock.entries.items()):
                if kind == "old" and name != staging.name:
                    self.lock.forget(name)
            if self._adopted:
                self.lock.forget(staging.name)
            else:
                self.lock.record(staging.name, "staging")

    def _retire(self, old: Path) -> None:
        try:
            gone, moved, left = retire(old, self.target, self.kind)
        except OSError as exc:
            self.note(f"could not remove the previous output at {old} ({exc.strerror}); "
                      "the next run will")
            return
        _say_kept(self.note, self.kind, self.target, old, moved, left)
        if gone or left:  # else something appeared in it meanwhile: the next run looks again
            with contextlib.suppress(PublishError):  # a full disk: the next run retries
                self.lock.forget(old.name)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._staged and not self._adopted and self._staging is not None:
                with signals.deferred():
                    if remove_tree(self._staging):
                        with contextlib.suppress(PublishError):
                            self.lock.forget(self._staging.name)
        finally:
            self.lock.release()
        if exc is not None and not self.published and not isinstance(exc, PublishError):
            exc.add_note(f"{self.target} is as it was")


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


def clean_up(target: Path | str, kind: OutputKind, *, note: Note | None = None) -> None:
    """Take the lock of ``target`` and recover what its record names (an orchestrator's
    step repeated after its publication went through)."""
    path = resolve_target(target)
    lock = Lock(path, kind, note)
    with lock:
        recover(path, kind, lock, note)
