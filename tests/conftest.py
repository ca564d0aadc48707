"""Shared fixtures: the repository paths and a scratch copy of data/raw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
