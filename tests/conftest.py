"""Fixtures every layer shares: a scratch copy of data/raw, the processed tables.

The layers (``tests/unit``, ``tests/data``, ``tests/studies``, ``tests/system``,
``tests/airflow``) and their markers are described in docs/contributing.md; paths and small
helpers are in :mod:`tests.support.data`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import clusteranalysis as ca
from tests.support.data import RAW
from tests.support.runs import NotebookRuns


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A system test, and any test that needs an executed notebook, is slow."""
    system = Path(__file__).parent / "system"
    for item in items:
        if "notebook_runs" in getattr(item, "fixturenames", ()) or system in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw (documents, catalogue, manifest) to mutate."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    """Every processed table, loaded once per test module."""
    return {name: ca.load(name) for name in ca.tables()}


@pytest.fixture(scope="session")
def notebook_runs(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> NotebookRuns:
    """The notebook runs of tests/support/runs.py, each executed once per session.

    Under pytest-xdist the folder is the one every worker shares (the parent of the
    workers' own temporary folders), so a run one worker made serves the others.
    """
    base = tmp_path_factory.getbasetemp()
    return NotebookRuns((base.parent if worker_id != "master" else base) / "notebook-runs")
