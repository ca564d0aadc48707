"""Replacing a folder as a whole: the build's data/processed and the report's reports/."""

from __future__ import annotations

import ctypes
import os
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


def replace_dir(staging: Path, out_dir: Path) -> None:
    """Put the finished folder ``staging`` where ``out_dir`` is.

    Readers of ``out_dir`` see the old or the new folder, never a mix: one atomic exchange
    where the kernel has it, else two renames (the old folder is restored on failure).
    """
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if exchange_dirs(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old folder
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    os.rename(out_dir, old)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
