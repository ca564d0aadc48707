"""Every notebook run the tests need, executed once per test session and shared.

A notebook run through papermill takes seconds, and several layers check the same run
(its files, its findings, its warnings), so the parameter sets live here, once, and the
``notebook_runs`` fixture (``tests/conftest.py``) executes each at most once per session,
even across pytest-xdist's workers: the first test to ask runs it under a file lock, the
others wait for it and read the same folder. A test must not change what it reads there.
The report of the committed ``reports.toml`` (about a minute) is made once the same way,
and its runs serve as parameter sets too, at no extra cost: the run of each notebook's
defaults is "default", the others go by their names in reports.toml ("budgets-usd").
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import papermill as pm

from clusteranalysis import config
from clusteranalysis.report import load_config
from tests.support.data import NOTEBOOKS
from tests.support.repository import reader_env, repository_copy

#: Seconds ``make report`` may take for the committed reports.toml (about a minute here).
REPORT_TIMEOUT = 900

#: The parameter sets the tests execute themselves, by notebook and label, beside the runs
#: of the committed reports.toml (:func:`report_runs`), which the report makes anyway:
#: "default" is the notebook's own defaults, as the report executed them; the others are
#: the variants the studies' tests check their findings under.
RUNS: dict[str, dict[str, dict[str, Any]]] = {
    "00_start_here.ipynb": {"default": {}},
    "01_budgets.ipynb": {
        "default": {},
        "usd_total_europe": {"currency": "USD", "basis": "total",
                             "countries": ["Germany", "United Kingdom"],
                             "jpy_per_usd_range": [105, 125]},
        "per_unit_japan_finland": {"basis": "annual_per_unit",
                                   "countries": ["Japan", "Finland"], "jpy_per_usd": 110},
        "per_capita_usd": {"basis": "per_capita", "currency": "USD"},
        "other": {"currency": "USD", "jpy_per_usd": 100, "basis": "annual_per_unit",
                  "countries": ["Japan", "Germany"], "jpy_per_usd_range": [105, 125]},
        "usd_at_100": {"currency": "USD", "jpy_per_usd": 100},
        "rate_outside_register": {"jpy_per_usd": 150, "jpy_per_usd_range": [140, 160],
                                  "basis": "total"},
    },
    "02_participants.ipynb": {
        "default": {},
        "other": {"phase": "both", "by": "field", "metric": "universities", "names": "en",
                  "top_n": 5},
        "phase1-region-ja-top2": {"phase": "I", "by": "region", "names": "ja", "top_n": 2},
        "both-region-companies-top3": {"phase": "both", "by": "region",
                                       "metric": "companies", "top_n": 3},
        "phase2-field-ja": {"phase": "II", "by": "field", "names": "ja", "top_n": 8},
    },
    "03_timelines.ipynb": {
        "default": {},
        "other": {"start_year": 1995, "end_year": 2010, "countries": ["Japan", "Germany"],
                  "kinds": ["programme", "plan", "event"]},
        "japan-programmes-1998-2004": {"start_year": 1998, "end_year": 2004,
                                       "countries": ["Japan"],
                                       "kinds": ["programme", "programme phase", "plan"]},
        "laws-eras-to-2060": {"start_year": 1980, "end_year": 2060,
                              "kinds": ["law", "policy era", "event"]},
        "europe-1990-2015": {"start_year": 1990, "end_year": 2015,
                             "countries": ["Finland", "Germany", "United Kingdom", "France"]},
    },
    "04_crosscheck.ipynb": {
        "default": {},
        "other": {"topics": ["fr_poles", "meti_companies", "exchange_rate"], "tolerance": 0.1},
        "narrow": {"topics": ["fr_poles", "kc_budget", "de_bioregio"], "tolerance": 0.1},
        "tolerance_0": {"tolerance": 0.0},
        "tolerance_0.1": {"tolerance": 0.1},
        "money_wide": {"topics": ["de_innoregio", "uk_mnt", "meti_budget", "fr_poles"],
                       "tolerance": 0.5},
    },
}


@dataclass(frozen=True)
class Executed:
    """One executed run: the notebook papermill wrote and the run's ``output_dir``."""

    notebook: str
    label: str
    parameters: dict[str, Any]
    path: Path
    results: Path

    @cached_property
    def json(self) -> dict[str, Any]:
        """The executed notebook as JSON (as ``json.load`` reads an ``.ipynb``)."""
        return json.loads(self.path.read_text(encoding="utf-8"))


def report_runs(notebook: str) -> dict[str, dict[str, Any]]:
    """The runs of ``notebook`` in the committed reports.toml, by name: their parameters."""
    return {r.name: dict(r.parameters) for r in load_config(config.REPORT_CONFIG)
            if r.notebook == notebook}


def _default_run(notebook: str) -> str:
    """The run of the committed reports.toml that executes ``notebook`` with its defaults."""
    names = [name for name, parameters in report_runs(notebook).items() if not parameters]
    if not names:
        raise LookupError(f"reports.toml has no run of {notebook} with its defaults")
    return names[0]


def parameter_sets(notebook: str) -> list[str]:
    """Every label :class:`NotebookRuns` serves for ``notebook``: "default", the report's
    other runs of it, then the tests' own variants."""
    default = _default_run(notebook)
    return ["default", *(name for name in report_runs(notebook) if name != default),
            *(label for label in RUNS[notebook] if label != "default")]


def parameters(notebook: str, label: str) -> dict[str, Any]:
    """The parameters of the run ``label`` of ``notebook`` (besides ``output_dir``)."""
    if label in RUNS[notebook]:
        return RUNS[notebook][label]
    return report_runs(notebook)[label]


def once(root: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``root/name``, made by ``make(folder)`` the first time anyone in the session asks
    (under a file lock, so pytest-xdist's workers wait for one another) and read as it is
    afterwards; a failure is remembered, so the others fail at once with its traceback."""
    folder = root / name
    lock = root / f"{name.replace('/', '.')}.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # released when the file closes
        failed = folder / "FAILED"
        if failed.exists():
            raise RuntimeError(f"{name} failed earlier in this session:\n"
                               f"{failed.read_text(encoding='utf-8')}")
        if not (folder / "DONE").exists():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                make(folder)
            except Exception:
                failed.write_text(traceback.format_exc(), encoding="utf-8")
                raise
            (folder / "DONE").write_text("", encoding="utf-8")
    return folder


class NotebookRuns:
    """Executes each run of :data:`RUNS` at most once under ``root``, whoever asks first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def __call__(self, notebook: str, label: str = "default") -> Executed:
        values = parameters(notebook, label)
        if label not in RUNS[notebook] or label == "default":  # a run of the committed report
            name = _default_run(notebook) if label == "default" else label
            report = self.committed_report()
            return Executed(notebook, label, values, report / name / f"{name}.ipynb",
                            report / name / "results")
        folder = self.root / Path(notebook).stem / label
        run = Executed(notebook, label, values, folder / notebook, folder / "results")

        def execute(_: Path) -> None:
            pm.execute_notebook(
                NOTEBOOKS / notebook, run.path,
                parameters={**values, "output_dir": str(run.results)},
                cwd=NOTEBOOKS, kernel_name="python3", progress_bar=False, log_output=False)

        once(self.root, f"{Path(notebook).stem}/{label}", execute)
        return run

    def committed_report(self) -> Path:
        """The report of the committed ``reports.toml`` on the real notebooks and data, made
        by ``make report`` in a fresh copy of the repository, as a reader makes it (setup,
        build, every run executed), never in this process, whose ``config`` a test may
        have patched. The end-to-end test checks it, the docs' sandboxes start from a copy
        (so their ``make report`` reuses its runs), its default runs are the studies'."""

        def report(folder: Path) -> None:
            root = repository_copy(folder)
            done = subprocess.run(["make", "--no-print-directory", "report"], cwd=root,
                                  env=reader_env(folder / "tmp"), capture_output=True,
                                  text=True, timeout=REPORT_TIMEOUT, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"make report failed (exit status {done.returncode}):\n"
                                   f"{(done.stdout + done.stderr)[-4000:]}")

        return once(self.root, "committed-report", report) / "clusteranalysis" / "reports"
