"""Loading the processed tables: ``load(name)`` and ``tables()``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors

from clusteranalysis import config
from clusteranalysis.errors import DataNotBuiltError
from clusteranalysis.files import sha256_file
from clusteranalysis.metadata.dtypes import coerce, validate
from clusteranalysis.metadata.processed import TABLES

REBUILD = "rebuild it with `make data` (or `clusteranalysis build`)"
PACKAGE_FILE = "datapackage.json"


def tables() -> list[str]:
    """Names of the processed tables, in the order of the data package."""
    return list(TABLES)


def _resource(folder: Path, name: str) -> dict[str, Any]:
    """The table's entry in datapackage.json (row count and SHA-256 of its CSV)."""
    path = folder / PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        return next(r for r in package["resources"] if r["name"] == name)
    except FileNotFoundError:
        raise DataNotBuiltError(f"{path} is missing: {REBUILD}") from None
    except (ValueError, KeyError, TypeError, StopIteration):
        raise DataNotBuiltError(f"{path} is corrupt or out of date (no entry for {name!r}): "
                                f"{REBUILD}") from None


def load(name: str, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """A processed table as a typed DataFrame, checked against datapackage.json and its schema.

    The CSV's SHA-256 and row count must be those ``datapackage.json`` records, so a table
    with a row deleted, or emptied to its header, is reported, not read. A missing or corrupt
    file raises :class:`~clusteranalysis.errors.DataNotBuiltError` saying how to rebuild it.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLES)}")
    folder = Path(processed_dir) if processed_dir is not None else config.PROCESSED_DIR
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise DataNotBuiltError(f"{path} is missing: {REBUILD}")
    resource = _resource(folder, name)
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    if sha256_file(path) != expected:
        raise DataNotBuiltError(f"{path} is corrupt or out of date (its SHA-256 differs from "
                                f"{PACKAGE_FILE}): {REBUILD}")
    try:
        text = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                           encoding="utf-8")
        if list(text.columns) != TABLES[name].columns:
            raise ValueError(f"columns {list(text.columns)} differ from {TABLES[name].columns}")
        if len(text) != resource.get("rows"):
            raise ValueError(f"{len(text)} rows, {PACKAGE_FILE} records {resource.get('rows')}")
        df = validate(name, coerce(name, text))
    except (ValueError, TypeError, pandera.errors.SchemaError, UnicodeDecodeError,
            pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataNotBuiltError(f"{path} is corrupt or out of date ({first}): {REBUILD}") \
            from exc
    return df
