"""``datapackage.json``: the Frictionless Data Package describing ``data/processed``.

Each resource lists its fields (type, description, unit, constraints from the field
registry), its primary and foreign keys, its row count and the SHA-256 of its CSV
(``hash: "sha256:…"``, which ``frictionless validate`` checks and :func:`clusteranalysis.load`
compares). The sources record each raw file's hash, its short citation and its coverage
(numbers, read, skipped); the lookups their hashes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, config
from .catalogue import Source
from .files import csv_bytes, sha256_bytes, sha256_file
from .schemas import DTYPES, TABLES, Field


def field_descriptor(f: Field) -> dict[str, Any]:
    """A Table Schema field from the registry."""
    entry: dict[str, Any] = {"name": f.name, "type": DTYPES[f.dtype],
                             "description": f.description}
    if f.unit:
        entry["unit"] = f.unit
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


def datapackage(frames: dict[str, pd.DataFrame], inputs: list[dict[str, Any]],
                catalogue: Mapping[str, Source],
                external: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Frictionless metadata for the tables the build writes, and for its inputs
    (``catalogue``: :func:`clusteranalysis.catalogue.read`; ``external``: the hashes of
    data/external and the reference data's citation,
    :func:`clusteranalysis.external.provenance`)."""
    resources = []
    for name, spec in TABLES.items():
        schema: dict[str, Any] = {"fields": [field_descriptor(f) for f in spec.fields],
                                  "missingValues": [""]}
        if spec.primary_key:
            schema["primaryKey"] = list(spec.primary_key)
        if spec.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(fk.fields),
                 "reference": {"resource": fk.resource, "fields": list(fk.reference)}}
                for fk in spec.foreign_keys]
        data = csv_bytes(frames[name])
        resources.append({
            "name": name, "path": f"{name}.csv", "title": spec.title,
            "description": spec.description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "rows": len(frames[name]), "bytes": len(data),
            "hash": f"sha256:{sha256_bytes(data)}", "schema": schema,
        })
    sources = []
    for item in inputs:
        meta = catalogue.get(item["name"])
        sources.append({
            "path": f"data/raw/{item['name']}", "title": meta.title if meta else "",
            "citation": meta.citation if meta else "",
            "publisher": meta.publisher if meta else "",
            "date": meta.date if meta else "", "date_basis": meta.date_basis if meta else "",
            "sha256": item["sha256"], "manifest_sha256": item["manifest_sha256"],
            "matches_manifest": item["matches_manifest"],
            "coverage": item.get("coverage", {}),
        })
    lookups = []
    for path in sorted(Path(config.LOOKUP_DIR).glob("*.csv")):
        lookups.append({"path": f"src/clusteranalysis/lookups/{path.name}",
                        "sha256": sha256_file(path)})
    package: dict[str, Any] = {
        "name": "clusteranalysis",
        "title": "Regional industrial-cluster policies: tidy tables from five documents",
        "description": "Built by `clusteranalysis build` from data/raw; every fact row "
                       "carries source, line and raw; coverage.csv accounts for every "
                       "number in the documents. independent_figures and population come "
                       "from data/external (hand-curated, cited; see external and "
                       "reference).",
        "version": __version__, "licenses": [{"name": "MIT"}],
        "sources": sources, "lookups": lookups,
    }
    if external is not None:
        package["external"] = external["files"]
        package["reference"] = external["reference"]
    package["resources"] = resources
    return package
