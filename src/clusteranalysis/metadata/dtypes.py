"""Applying the declared dtypes, and checking a table against its declaration.

:func:`coerce` is the one way dtypes are applied, on build and on load; :func:`validate`
checks a table with the pandera schema its fields give (``minimum``, ``enum``, ``finite``,
nullability, uniqueness).
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pandera.pandas as pa

from clusteranalysis.metadata.processed import TABLES
from clusteranalysis.metadata.spec import Field, TableSpec

# --- dtypes and checks --------------------------------------------------------------------------

def dtype_of(f: Field) -> object:
    """The pandas dtype of a field."""
    if f.dtype == "category":
        return pd.CategoricalDtype(list(f.enum or ()), ordered=f.ordered)
    if f.dtype == "date":
        return "datetime64[ns]"
    return f.dtype


_TRUE = {"True": True, "true": True, True: True}
_FALSE = {"False": False, "false": False, False: False}


def _is_missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _to_bool(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, np.bool_):
        v = bool(v)
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"not a boolean: {v!r}")


def _to_int(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, str):
        return int(v)
    if isinstance(v, float) and not v.is_integer():
        raise ValueError(f"not a whole number: {v!r}")
    return int(v)  # type: ignore[call-overload]


def _to_date(v: object) -> object:
    if _is_missing(v):
        return None
    if isinstance(v, str):
        return datetime.strptime(v, "%Y-%m-%d")
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    raise ValueError(f"not a date: {v!r}")


def spec_of(table: TableSpec | str) -> TableSpec:
    """A declaration, or the processed table of that name."""
    return table if isinstance(table, TableSpec) else TABLES[table]


def coerce(table: TableSpec | str, df: pd.DataFrame) -> pd.DataFrame:
    """The table's columns in order with their dtypes, from parsed values or CSV text.

    The one way dtypes are applied: the build passes the parsers' Python values, ``load``
    the strings of the CSV, a study the frames it computed. A value outside a category's
    values is an error (pandas would silently make it missing).
    """
    spec = spec_of(table)
    name = spec.name
    missing = [c for c in spec.columns if c not in df.columns]
    extra = [c for c in df.columns if c not in spec.columns]
    if missing or extra:
        raise ValueError(f"{name}: columns missing {missing}, not in the schema {extra}")
    out = pd.DataFrame(index=df.index)
    for f in spec.fields:
        col = df[f.name]
        if f.dtype == "date":
            out[f.name] = pd.Series([_to_date(v) for v in col], index=df.index,
                                    dtype="datetime64[ns]")
        elif f.dtype == "boolean":
            out[f.name] = pd.array([_to_bool(v) for v in col], dtype="boolean")
        elif f.dtype == "Int64":
            out[f.name] = pd.array([_to_int(v) for v in col], dtype="Int64")
        elif f.dtype == "Float64":
            out[f.name] = pd.array([None if _is_missing(v) else float(v) for v in col],
                                   dtype="Float64")
        elif f.dtype == "category":
            values = col.astype("string")
            unknown = sorted(set(values.dropna()) - set(f.enum or ()))
            if unknown:
                raise ValueError(f"column {f.name!r}: values {unknown} not in "
                                 f"{list(f.enum or ())}")
            out[f.name] = values.astype(dtype_of(f))
        else:
            out[f.name] = col.astype("string")
    return out


def _finite(s: pd.Series) -> pd.Series:
    return pd.Series(np.isfinite(s.astype("float64").fillna(0.0)), index=s.index)


def pandera_schema(table: TableSpec | str) -> pa.DataFrameSchema:
    """The pandera schema of a table, strict about columns and their order.

    Checks come from the fields: ``minimum`` (≥), ``enum`` (for a string column),
    finiteness (numbers), uniqueness, and the table's primary key.
    """
    spec = spec_of(table)
    columns = {}
    for f in spec.fields:
        checks = []
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum))
        if f.finite:
            checks.append(pa.Check(_finite, error="not finite"))
        if f.enum is not None and f.dtype != "category":
            checks.append(pa.Check.isin(list(f.enum)))
        columns[f.name] = pa.Column(dtype_of(f), checks=checks, nullable=f.nullable,
                                    unique=f.unique, coerce=False)
    unique = list(spec.primary_key) or None
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=spec.name,
                              unique=unique)


def validate(table: TableSpec | str, df: pd.DataFrame) -> pd.DataFrame:
    """Check a typed table against its schema (pandera raises on the first problem)."""
    return pandera_schema(table).validate(df)
