"""The incremental key: what decides whether a run is executed again or reused.

A run's key hashes its notebook's bytes, its effective parameters, the processed data,
the package version, the package's code (lookups included) and the pinned dependencies.
A run whose key equals the one in the previous ``manifest.json``, whose status there was a
success and whose folder is intact is reused (:func:`is_reusable`).

The repository's commit (:func:`repository_revision`) is recorded beside the key, not in
it: a commit that changes no code (the README, a test) leaves every run reusable, and a
reused run keeps the commit it was executed at.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.files import sha256_file, sha256_json, tree_hash
from clusteranalysis.report.record import Revision, RunInputs, RunRecord
from clusteranalysis.report.runs import Run

REPORT_FORMAT = 1  # bump when the layout changes: every run is then re-executed


def code_hash() -> str:
    """The package's code, lookups and pinned dependencies: the version string alone stays
    at 0.1.0 while the study functions the notebooks call change (editable install)."""
    code_sha, _ = tree_hash(config.PACKAGE_DIR)
    constraints = config.ROOT / "constraints.txt"
    pins = sha256_file(constraints) if constraints.is_file() else ""
    return sha256_json({"code": code_sha, "constraints": pins})


def run_key(run: Run, notebook_sha: str, processed_sha: str, version: str,
            code_sha: str = "") -> str:
    """What decides whether a run must be executed again."""
    return sha256_json(
        {
            "format": REPORT_FORMAT,
            "notebook": run.notebook,
            "notebook_sha256": notebook_sha,
            "parameters": run.effective_parameters,
            "processed_sha256": processed_sha,
            "version": version,
            "code_sha256": code_sha,
        }
    )


@dataclass(frozen=True)
class ReportInputs:
    """The hashes of everything a report's runs read, computed once per report."""

    package_version: str
    code_sha256: str
    processed_sha256: str
    processed_files: dict[str, str]
    raw_sha256: str
    raw_files: dict[str, str]
    notebooks: dict[str, str]  # notebook file name -> SHA-256
    revision: Revision = field(default_factory=Revision)  # the commit; not in any key

    def to_json(self) -> dict[str, Any]:
        """The ``inputs`` of ``manifest.json``."""
        return {
            "processed": {"sha256": self.processed_sha256, "files": self.processed_files},
            "raw": {"sha256": self.raw_sha256, "files": self.raw_files},
            "notebooks": self.notebooks,
        }


def collect_inputs(
    runs: Sequence[Run],
    notebook_dir: Path,
    processed_dir: Path | None = None,
    raw_dir: Path | None = None,
) -> ReportInputs:
    """Hash the code, the processed and raw data, and each notebook the runs use."""
    processed_sha, processed_files = tree_hash(processed_dir or config.PROCESSED_DIR)
    raw_sha, raw_files = tree_hash(raw_dir or config.RAW_DIR)
    notebooks = sorted({r.notebook for r in runs})
    return ReportInputs(
        package_version=config.VERSION,
        code_sha256=code_hash(),
        processed_sha256=processed_sha,
        processed_files=processed_files,
        raw_sha256=raw_sha,
        raw_files=raw_files,
        notebooks={nb: sha256_file(Path(notebook_dir) / nb) for nb in notebooks},
        revision=repository_revision(),
    )


GIT_TIMEOUT = 30  # seconds


def _git(root: Path, *args: str) -> str | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT, check=False, env=env)
    except (OSError, subprocess.SubprocessError):  # no git, or it hangs
        return None
    return done.stdout if done.returncode == 0 else None


def repository_revision(root: Path | None = None) -> Revision:
    """The commit of the repository at ``root`` (default: the project's) and whether its
    tree differs from it (changed or untracked files git does not ignore).

    ``Revision()`` ("unknown") when git is missing or ``root`` is not the top of a git
    checkout: a copy inside some other repository must not take that one's commit.
    """
    root = Path(root or config.ROOT)
    found = _git(root, "rev-parse", "--show-toplevel", "HEAD")
    lines = found.split() if found else []
    if len(lines) != 2 or Path(lines[0]).resolve() != root.resolve():
        return Revision()
    status = _git(root, "status", "--porcelain", "--untracked-files=normal")
    return Revision(commit=lines[1], dirty=None if status is None else bool(status.strip()))


def new_record(run: Run, inputs: ReportInputs) -> RunRecord:
    """A run's record before it executes: what it is and its key."""
    notebook_sha = inputs.notebooks[run.notebook]
    return RunRecord(
        name=run.name,
        notebook=run.notebook,
        parameters=dict(run.parameters),
        effective_parameters=run.effective_parameters,
        key=run_key(run, notebook_sha, inputs.processed_sha256, inputs.package_version,
                    inputs.code_sha256),
        inputs=RunInputs(
            code_sha256=inputs.code_sha256,
            notebook_sha256=notebook_sha,
            processed_sha256=inputs.processed_sha256,
            raw_sha256=inputs.raw_sha256,
        ),
        package_version=inputs.package_version,
        revision=inputs.revision,
    )


def is_reusable(previous: RunRecord | None, record: RunRecord, out_dir: Path) -> bool:
    """Whether ``previous`` (from the report in ``out_dir``) can stand for ``record``."""
    return (
        previous is not None
        and previous.key == record.key
        and previous.status in ("ok", "unchanged")
        and previous.files is not None
        and (out_dir / record.name).is_dir()
        and all((out_dir / p).is_file() for p in previous.files.paths())
    )
