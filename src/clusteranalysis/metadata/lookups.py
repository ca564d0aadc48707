"""The reviewed lookups in ``src/clusteranalysis/lookups/``, read as rows of text.

The vocabularies, the parsers' names and words and the reviewed judgements come from these
CSV files; each is read once per process.
"""

from __future__ import annotations

import csv
from functools import cache

from clusteranalysis import config


@cache
def lookup(name: str) -> tuple[dict[str, str], ...]:
    """A reviewed lookup table from ``clusteranalysis/lookups/<name>.csv`` as dict rows."""
    path = config.LOOKUP_DIR / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def lookup_map(name: str, key: str) -> dict[str, dict[str, str]]:
    """A lookup keyed by one column (the key must be unique)."""
    rows = lookup(name)
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        if row[key] in out:
            raise ValueError(f"lookups/{name}.csv: duplicate {key} {row[key]!r}")
        out[row[key]] = row
    return out
