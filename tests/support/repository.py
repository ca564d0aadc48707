"""A temporary copy of the repository, run as a reader runs it: its own folder as the root,
the checkout's .venv linked in (not activated), a clean environment.

The docs' examples run in such copies (``tests/system/test_readme.py``), and so does the
session's report of the committed reports.toml (``tests/support/runs.py``), through
``make report`` as a reader types it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.support.data import ROOT

VENV = ROOT / ".venv"
#: What a copy leaves out: git, the environments (.venv-airflow-3 is 700 MB), what the
#: commands make.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "reports", ".reports.*", "runs", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "*.egg-info", "build", ".ipynb_checkpoints",
)


class StaleVenv(RuntimeError):
    """The checkout's .venv is older than pyproject.toml or constraints.txt."""


def repository_copy(base: Path) -> Path:
    """The repository copied into ``base/clusteranalysis`` (work in progress included, no
    .git), with the checkout's .venv linked in; the Makefile must see that .venv as up to
    date, or :class:`StaleVenv`."""
    root = base / "clusteranalysis"
    shutil.copytree(ROOT, root, ignore=COPY_IGNORE, symlinks=True)
    (root / ".venv").symlink_to(VENV, target_is_directory=True)
    stale = subprocess.run(["make", "-q", ".venv/.installed"], cwd=root, capture_output=True,
                           check=False)
    if stale.returncode != 0:
        raise StaleVenv(".venv is older than pyproject.toml or constraints.txt: run `make setup`")
    return root


def reader_env(tmp: Path) -> dict[str, str]:
    """The environment a reader's shell has: no project variables, the .venv not on PATH
    (the docs write `.venv/bin/...`), its own temporary folder, a headless matplotlib."""
    tmp.mkdir(parents=True, exist_ok=True)
    bin_dir = str(VENV / "bin")
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep)
            if p and Path(p).resolve() != Path(bin_dir).resolve()]
    env = {k: v for k, v in os.environ.items()
           if k not in ("CLUSTERANALYSIS_ROOT", "VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PATH=os.pathsep.join(path), TMPDIR=str(tmp), MPLBACKEND="Agg")
    return env
