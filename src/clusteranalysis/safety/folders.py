"""Low-level folder operations under :mod:`clusteranalysis.safety.publish`: make, swap, remove.

No policy lives here (which folders may be replaced, locking, recovery): that is
:mod:`clusteranalysis.safety.publish`, the one mechanism ``build`` and ``report`` share.
:func:`snapshot` copies a folder as it is at one moment, for a reader that must not see a
build swap it midway (the report's runs read ``data/processed`` through one).
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path


def exchange_dirs(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def make_dir(path: Path, *, private: bool = False) -> Path:
    """Create a folder with the usual permissions (``0o777 & ~umask``: 0755 under umask 022),
    or, ``private``, 0700: a staging folder while it is written, so that nobody else can
    plant a link in it for the command to write through (:func:`make_public` before it is
    published)."""
    os.mkdir(path, 0o700 if private else 0o777)
    return path


def make_public(path: Path) -> None:
    """Give a folder made ``private`` the usual permissions (``0o777 & ~umask``)."""
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(path, 0o777 & ~mask, follow_symlinks=False)


def links_inside(folder: Path) -> list[str]:
    """The symbolic links under ``folder`` (relative paths): the commands write none."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            if os.path.islink(os.path.join(dirpath, name)):
                found.append(os.path.relpath(os.path.join(dirpath, name), folder))
    return sorted(found)


def unlink_beneath(top: Path, rel: str) -> bool:
    """Delete the plain file ``top/rel`` without following a link on the way: each folder
    is opened beneath the last with ``O_NOFOLLOW``, so a folder swapped for a link to
    someone's files stops it there. Returns whether a file was deleted."""
    *folders, name = Path(rel).parts
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(top, flags)
    except OSError:
        return False
    try:
        for part in folders:
            inner = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = inner
        if not stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
            return False
        os.unlink(name, dir_fd=fd)
        return True
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return False  # gone, or a link or a file where a folder was: not ours to follow
        raise
    finally:
        os.close(fd)


def unique_name(prefix: str) -> str:
    """``<prefix><pid>-<random hex>``: unique beside its siblings, and says who made it."""
    return f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"


def swap_into(staging: Path, target: Path,
              before: Callable[[Path], None] = lambda old: None) -> Path | None:
    """Put the finished folder ``staging`` where ``target`` is; return where the old one went.

    Readers of ``target`` see the old or the new folder, never a mix: one atomic exchange
    where the kernel has it (the old folder is then at ``staging``), else two renames
    through ``.<name>.old-<pid>-<hex>`` (the old folder is restored if the second fails;
    a crash between the two is undone by :func:`clusteranalysis.safety.publish.recover`).
    ``before(path)`` is called with the place the old folder will be, before it moves there
    (the lock records it). Returns None when there was no old folder. The caller removes
    the old folder.
    """
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    before(staging)
    if exchange_dirs(staging, target):
        return staging
    old = target.parent / unique_name(f".{target.name}.old-")
    before(old)
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


def remove_tree(path: Path) -> bool:
    """Remove a folder we made (never following symbolic links); True if it is gone."""
    if os.path.islink(path) or not os.path.isdir(path):
        return not os.path.lexists(path)
    shutil.rmtree(path, ignore_errors=True)
    return not os.path.lexists(path)


class SnapshotError(OSError):
    """The folder kept changing while it was copied."""


def snapshot(source: Path, dest: Path, attempts: int = 5, *, copy: bool = False) -> Path:
    """Copy the folder ``source`` into the new folder ``dest`` as it is at one moment.

    Files are hard-linked where the file system allows (else copied): the build never
    edits a published file, it swaps the whole folder, so a link keeps the bytes read. The
    copy goes through a descriptor of the folder opened first, and counts only if the
    path still names that folder afterwards: a swap meanwhile (or the old folder's removal
    cutting the copy short) starts it again, up to ``attempts`` times. A missing
    ``source`` gives an empty ``dest``. ``copy``: always copy the bytes (a folder whose
    files a user may edit in place, as data/raw's could be).
    """
    for _ in range(attempts):
        try:
            fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except FileNotFoundError:
            return make_dir(dest)
        try:
            before = os.fstat(fd)
            make_dir(dest)
            whole = _copy_from(fd, dest, link=not copy)
        finally:
            os.close(fd)
        try:
            after = os.stat(source)
        except FileNotFoundError:
            after = None
        if whole and after is not None and (after.st_dev, after.st_ino) == (
                before.st_dev, before.st_ino):
            return dest
        remove_tree(dest)
    raise SnapshotError(0, f"changed {attempts} times while it was copied; try again",
                        str(source))


def _copy_from(top: int, dest: Path, *, link: bool = True) -> bool:
    """Copy what the folder descriptor ``top`` holds into ``dest``; False if a file vanished."""
    for root, dirs, files, root_fd in os.fwalk(".", dir_fd=top):
        here = dest / root
        for name in dirs:
            make_dir(here / name)
        for name in files:
            try:
                try:
                    if not link:
                        raise OSError("copy")
                    os.link(name, here / name, src_dir_fd=root_fd, follow_symlinks=True)
                except FileNotFoundError:
                    raise
                except OSError:  # another file system, or links not allowed: copy
                    src = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=root_fd)
                    with os.fdopen(src, "rb") as fin, open(here / name, "xb") as fout:
                        shutil.copyfileobj(fin, fout)
            except FileNotFoundError:
                return False
    return True
