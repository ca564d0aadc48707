"""Loading the processed tables: ``load(name)`` and ``tables()``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.errors

from . import config
from .errors import DataNotBuiltError
from .schemas import TABLES, as_category, pandera_schema

REBUILD = "rebuild it with `make data` (or `clusteranalysis build`)"


def tables() -> list[str]:
    """Names of the processed tables, in the order of the data package."""
    return list(TABLES)


def load(name: str, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """A processed table as a typed DataFrame, checked against its pandera schema.

    Missing or corrupt files raise DataNotBuiltError saying how to rebuild them.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLES)}")
    folder = Path(processed_dir) if processed_dir is not None else config.PROCESSED_DIR
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise DataNotBuiltError(f"{path} is missing: {REBUILD}")
    spec = TABLES[name]
    read_types: dict[str, object] = {}
    dates = []
    for f in spec.fields:
        if f.dtype.startswith("datetime"):
            dates.append(f.name)
            read_types[f.name] = "string"
        elif f.dtype == "category":
            read_types[f.name] = "string"
        else:
            read_types[f.name] = f.dtype
    try:
        df = pd.read_csv(path, dtype=read_types, keep_default_na=False,
                         na_values={c: [""] for c in spec.columns}, encoding="utf-8")
        if list(df.columns) != spec.columns:
            raise ValueError(f"columns {list(df.columns)} differ from {spec.columns}")
        for f in spec.fields:
            if f.name in dates:
                df[f.name] = pd.to_datetime(df[f.name], format="%Y-%m-%d").astype(f.dtype)
            elif f.dtype == "category":
                df[f.name] = as_category(df[f.name], f)
        pandera_schema(name).validate(df)
    except (ValueError, TypeError, pandera.errors.SchemaError, UnicodeDecodeError,
            pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataNotBuiltError(f"{path} is corrupt or out of date ({first}): {REBUILD}") \
            from exc
    return df
