"""Frictionless descriptors of the project's tables (Table Schema fields).

The build's ``datapackage.json`` (:mod:`clusteranalysis.build.package`) and the studies'
result packages describe their columns with the same function, so a field reads alike
wherever it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.files import csv_bytes, sha256_bytes
from clusteranalysis.metadata.spec import DTYPES, Field, TableSpec


def field_descriptor(f: Field, values: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Table Schema field from its declaration.

    A unit may name a run's parameter (``"million {currency}"``): ``values`` fills it in.
    """
    entry: dict[str, Any] = {"name": f.name, "type": DTYPES[f.dtype],
                             "description": f.description}
    if f.unit:
        entry["unit"] = f.unit.format_map(dict(values or {}))
    constraints: dict[str, Any] = {}
    if not f.nullable:
        constraints["required"] = True
    if f.enum is not None:
        constraints["enum"] = list(f.enum)
    if f.minimum is not None:
        constraints["minimum"] = int(f.minimum) if f.dtype == "Int64" else f.minimum
    if f.unique:
        constraints["unique"] = True
    if constraints:
        entry["constraints"] = constraints
    return entry


def resource(spec: TableSpec, df: pd.DataFrame, values: Mapping[str, str] | None = None
             ) -> dict[str, Any]:
    """A Data Package resource: the table's schema (fields, keys), its CSV's row count,
    size and SHA-256 (the bytes :func:`clusteranalysis.files.write_csv` writes)."""
    schema: dict[str, Any] = {"fields": [field_descriptor(f, values) for f in spec.fields],
                              "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields),
             "reference": {"resource": fk.resource, "fields": list(fk.reference)}}
            for fk in spec.foreign_keys]
    data = csv_bytes(df)
    return {
        "name": spec.name, "path": f"{spec.name}.csv", "title": spec.title,
        "description": spec.description, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "rows": len(df), "bytes": len(data),
        "hash": f"sha256:{sha256_bytes(data)}", "schema": schema,
    }
