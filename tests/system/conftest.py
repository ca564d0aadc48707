"""Fixtures of the system tests: small data folders the report's input hashes can rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusteranalysis import config


@pytest.fixture
def data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Small processed and raw folders, so the input hashes do not depend on the build."""
    processed, raw = tmp_path / "processed", tmp_path / "raw"
    processed.mkdir()
    raw.mkdir()
    (processed / "budgets.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (raw / "doc.txt").write_text("<u>text</u>\n", encoding="utf-8")
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    monkeypatch.setattr(config, "RAW_DIR", raw)
    return processed, raw
