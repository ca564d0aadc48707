"""Shared fixtures: the repository paths, a scratch copy of data/raw, the processed tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import clusteranalysis as ca

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw (documents, catalogue, manifest) to mutate."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a raw copy: ``old`` must occur, exactly ``count`` times (so the test means it)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    """Every processed table, loaded once per test module."""
    return {name: ca.load(name) for name in ca.tables()}


def one(df: pd.DataFrame, **match: object) -> pd.Series:
    """The one row of ``df`` matching every ``column=value`` (a test fails on 0 or 2+)."""
    mask = pd.Series(True, index=df.index)
    for k, v in match.items():
        mask &= df[k] == v
    rows = df[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {match}"
    return rows.iloc[0]
