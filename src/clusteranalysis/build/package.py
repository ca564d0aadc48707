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

#: What the package as a whole is under: no one licence. The project's MIT licence covers
#: its code; each table keeps the terms of what it was made from (its resource's licenses).
PACKAGE_LICENCE = {
    "path": "data/raw/sources.csv",
    "title": "Mixed: each resource lists the terms of what it was made from (the documents' "
             "licence statements in data/raw/sources.csv, the reference data's in "
             "data/external/*_source.csv). The project's MIT licence covers its code, not the "
             "government texts, the third-party quotations or the reference data.",
}
#: The processed tables made from a reference data set, by the dataset's name in its
#: ``*_source.csv``.
REFERENCE_TABLES = {"population": "population", "reference_rates": "reference_rates"}
#: The licence a CC BY data set is under, as a Frictionless license object needs it.
_CC_BY_3 = ("CC-BY-3.0", "https://creativecommons.org/licenses/by/3.0/")


def resource_licences(name: str, references: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A processed table's ``licenses``: a reference data set's own terms and the attribution
    they ask for (Gapminder's CC BY travels with the population table), or, for a table read
    from the documents (or the register, which cites them), the documents' terms."""
    dataset = REFERENCE_TABLES.get(name)
    ref = next((r for r in references if r.get("dataset") == dataset), None)
    if ref is None:
        return [{"path": "data/raw/sources.csv",
                 "title": "The documents' terms: see each document's licence in "
                          "data/raw/sources.csv (datapackage sources). Not covered by the "
                          "project's MIT licence."}]
    entry = {"path": str(ref.get("url", "")),
             "title": f"{ref.get('licence', '')}. Attribution: {ref.get('attribution', '')}"}
    if "Creative Commons Attribution 3.0" in str(ref.get("licence", "")):
        entry = {"name": _CC_BY_3[0], "path": _CC_BY_3[1], "title": entry["title"]}
    return [entry]


def datapackage(frames: dict[str, pd.DataFrame], inputs: list[dict[str, Any]],
                catalogue: Mapping[str, Source],
                external: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Frictionless metadata for the tables the build writes, and for its inputs
    (``catalogue``: :func:`clusteranalysis.build.catalogue.read`; ``external``: the hashes of
    data/external and the reference data's citation,
    :func:`clusteranalysis.build.external.provenance`)."""
    references = list((external or {}).get("reference", []))
    resources = []
    for name, spec in TABLES.items():
        entry = resource(spec, frames[name])
        entry["licenses"] = resource_licences(name, references)
        resources.append(entry)
    sources = []
    for item in inputs:
        meta = catalogue.get(item["name"])
        sources.append({
            "path": f"data/raw/{item['name']}", "title": meta.title if meta else "",
            "citation": meta.citation if meta else "",
            "publisher": meta.publisher if meta else "",
            "date": meta.date if meta else "", "date_basis": meta.date_basis if meta else "",
            "publication": meta.publication if meta else "",
            "address": meta.address if meta else "",
            "licence": meta.licence if meta else "",
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
        "version": config.VERSION, "licenses": [PACKAGE_LICENCE],
        "sources": sources, "lookups": lookups,
    }
    if external is not None:
        package["external"] = external["files"]
        package["reference"] = external["reference"]
    package["resources"] = resources
    return package
