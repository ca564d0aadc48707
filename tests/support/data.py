"""The repository's paths and two small helpers every layer of the tests uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
NOTEBOOKS = ROOT / "notebooks"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a raw copy: ``old`` must occur, exactly ``count`` times (so the test means it)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def one(df: pd.DataFrame, **match: object) -> pd.Series:
    """The one row of ``df`` matching every ``column=value`` (a test fails on 0 or 2+)."""
    mask = pd.Series(True, index=df.index)
    for k, v in match.items():
        mask &= df[k] == v
    rows = df[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {match}"
    return rows.iloc[0]
