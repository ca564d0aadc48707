"""Low-level folder operations under :mod:`clusteranalysis.safety.publish`: make, swap, remove.

No policy lives here (which folders may be replaced, locking, recovery): that is
:mod:`clusteranalysis.safety.publish`, the one mechanism ``build`` and ``report`` share.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import sys
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


def make_dir(path: Path) -> Path:
    """Create a folder with the usual permissions (``0o777 & ~umask``: 0755 under umask 022).

    Not ``tempfile.mkdtemp``, whose 0700 would make a published folder private.
    """
    os.mkdir(path, 0o777)
    return path


def unique_name(prefix: str) -> str:
    """``<prefix><pid>-<random hex>``: unique beside its siblings, and says who made it."""
    return f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"


def swap_into(staging: Path, target: Path) -> Path | None:
    """Put the finished folder ``staging`` where ``target`` is; return where the old one went.

    Readers of ``target`` see the old or the new folder, never a mix: one atomic exchange
    where the kernel has it (the old folder is then at ``staging``), else two renames
    through ``.<name>.old-<pid>-<hex>`` (the old folder is restored if the second fails;
    a crash between the two is undone by :func:`clusteranalysis.safety.publish.recover`).
    Returns None when there was no old folder. The caller removes the old folder.
    """
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    if exchange_dirs(staging, target):
        return staging
    old = target.parent / unique_name(f".{target.name}.old-")
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
