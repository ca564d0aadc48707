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
