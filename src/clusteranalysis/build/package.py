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

from clusteranalysis import config
from clusteranalysis.build.catalogue import Source
from clusteranalysis.files import sha256_file
from clusteranalysis.metadata.datapackage import resource
from clusteranalysis.metadata.processed import TABLES


def datapackage(frames: dict[str, pd.DataFrame], inputs: list[dict[str, Any]],
                catalogue: Mapping[str, Source],
                external: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Frictionless metadata for the tables the build writes, and for its inputs
    (``catalogue``: :func:`clusteranalysis.build.catalogue.read`; ``external``: the hashes of
    data/external and the reference data's citation,
    :func:`clusteranalysis.build.external.provenance`)."""
    resources = [resource(spec, frames[name]) for name, spec in TABLES.items()]
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
        "version": config.VERSION, "licenses": [{"name": "MIT"}],
        "sources": sources, "lookups": lookups,
    }
    if external is not None:
        package["external"] = external["files"]
        package["reference"] = external["reference"]
    package["resources"] = resources
    return package
