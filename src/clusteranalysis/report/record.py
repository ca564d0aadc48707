"""The typed records of a report: one :class:`RunRecord` per run, one :class:`ReportInfo`.

``manifest.json`` is these records as JSON (:meth:`RunRecord.to_json`), the pages and
``index.html`` are rendered from them, and the next report reads them back
(:meth:`RunRecord.from_json`) to decide what it can reuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["ok", "unchanged", "failed"]
STATUSES: tuple[Status, ...] = ("ok", "unchanged", "failed")


@dataclass(frozen=True)
class RunInputs:
    """The hashes a run was executed from (``inputs`` in its manifest entry)."""

    code_sha256: str
    notebook_sha256: str
    processed_sha256: str
    raw_sha256: str


@dataclass(frozen=True)
class Revision:
    """The repository's commit (``git rev-parse HEAD``) and whether the tree had changes.

    ``commit`` is ``"unknown"`` outside a git checkout (an installed package, a copy);
    ``dirty`` is then None. Not part of any key: the key hashes the code itself.
    """

    commit: str = "unknown"
    dirty: bool | None = None

    @property
    def known(self) -> bool:
        return self.commit != "unknown"

    def describe(self) -> str:
        """``0123456789ab`` / ``0123456789ab (with uncommitted changes)`` / ``unknown``."""
        if not self.known:
            return "unknown (not a git checkout)"
        return self.commit[:12] + (" (with uncommitted changes)" if self.dirty else "")

    @classmethod
    def from_json(cls, data: Any) -> Revision | None:
        """A manifest's ``revision`` read back (None when absent: an older manifest)."""
        if data is None:
            return None
        if not isinstance(data, Mapping) or not isinstance(data.get("commit"), str):
            raise TypeError(f"not a revision: {data!r}")
        dirty = data.get("dirty")
        return cls(commit=data["commit"], dirty=None if dirty is None else bool(dirty))


@dataclass(frozen=True)
class RunFiles:
    """A run's files, relative to the report folder (``<name>/<name>.html`` ...)."""

    page: str
    notebook: str
    log: str | None = None
    results: tuple[str, ...] = ()

    @classmethod
    def of(cls, run_dir: Path, name: str) -> RunFiles:
        """The files a run folder holds (``results/`` listed in sorted order)."""
        results = run_dir / "results"
        found = sorted(
            p.relative_to(run_dir).as_posix() for p in results.rglob("*") if p.is_file()
        ) if results.is_dir() else []
        return cls(
            page=f"{name}/{name}.html",
            notebook=f"{name}/{name}.ipynb",
            log=f"{name}/{name}.log" if (run_dir / f"{name}.log").is_file() else None,
            results=tuple(f"{name}/{r}" for r in found),
        )

    def paths(self) -> list[str]:
        """Every file named here."""
        return [self.page, self.notebook, *([self.log] if self.log else []), *self.results]


@dataclass(frozen=True)
class LastGood:
    """Where a failed run's last successful result is kept (``<name>.last-good/``)."""

    executed_at: str | None
    page: str


@dataclass(frozen=True)
class RunRecord:
    """Everything the report knows about one run: what, from which inputs, how it went.

    ``status`` is None until the run has executed or been reused; ``files`` likewise.
    """

    name: str
    notebook: str
    parameters: dict[str, Any]  # as written in reports.toml
    effective_parameters: dict[str, Any]  # with the notebook's defaults
    key: str  # the incremental key (clusteranalysis.report.key.run_key)
    inputs: RunInputs
    package_version: str
    status: Status | None = None
    error: str | None = None
    executed_at: str | None = None
    duration_seconds: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    files: RunFiles | None = None
    last_good: LastGood | None = None
    revision: Revision | None = None  # the commit the run was executed at

    def to_json(self) -> dict[str, Any]:
        """The run's entry in ``manifest.json``."""
        data = asdict(self)
        if self.files is not None:
            data["files"]["results"] = list(self.files.results)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunRecord:
        """A manifest entry read back; ValueError if it is not one this package wrote."""
        try:
            files = data.get("files")
            last_good = data.get("last_good")
            record = cls(
                name=str(data["name"]),
                notebook=str(data["notebook"]),
                parameters=dict(data.get("parameters") or {}),
                effective_parameters=dict(data.get("effective_parameters") or {}),
                key=str(data["key"]),
                inputs=RunInputs(**data["inputs"]),
                package_version=str(data.get("package_version", "")),
                status=data.get("status"),
                error=data.get("error"),
                executed_at=data.get("executed_at"),
                duration_seconds=data.get("duration_seconds"),
                timings=dict(data.get("timings") or {}),
                files=None if files is None else RunFiles(
                    page=str(files["page"]),
                    notebook=str(files["notebook"]),
                    log=files.get("log"),
                    results=tuple(str(r) for r in files.get("results", [])),
                ),
                last_good=None if not last_good else LastGood(
                    executed_at=last_good.get("executed_at"), page=str(last_good["page"])
                ),
                revision=Revision.from_json(data.get("revision")),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a run record: {exc!r}") from None
        if record.status not in (None, *STATUSES):
            raise ValueError(f"not a run record: status {record.status!r}")
        return record


@dataclass(frozen=True)
class ReportInfo:
    """The report as a whole: the top of ``manifest.json`` and of ``index.html``."""

    generator: str
    format: int
    package_version: str
    python: str
    generated_at: str
    duration_seconds: float
    jobs: int
    forced: bool
    inputs: dict[str, Any]
    revision: Revision | None = None  # the commit at report time (write_report fills it in)
    citation: str | None = None  # how to cite the package (from CITATION.cff)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReportInfo:
        """What :meth:`to_json` wrote, read back (the revision as a :class:`Revision`)."""
        return cls(**{**data, "revision": Revision.from_json(data.get("revision"))})
