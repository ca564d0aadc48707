"""One module per source document; each finds its tables and adds rows to a Tables.

``SOURCES`` maps a raw file name to the module that reads it. ``data/raw/sources.csv`` is
the registry of documents; the build and a test check that it lists exactly these files,
each with the module registered here (its ``read_by`` column). To add a document, copy it
to data/raw, add a line to data/raw/sources.csv and SHA256SUMS, write a module with a
``parse(doc, tables)`` function, and register it here.
"""

from __future__ import annotations

from collections.abc import Callable

from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources import (
    france_poles,
    meti_2005,
    mext_knowledge_cluster,
    mext_overview,
    mext_phase2,
)
from clusteranalysis.build.sources.common import Tables

Parser = Callable[[RawDocument, Tables], None]

SOURCES: dict[str, Parser] = {
    "000_7b3e377257c25d7a.txt": france_poles.parse,
    "001_fc47ff42475d4a79.txt": meti_2005.parse,
    "002_0f5a4630d1886fda.txt": mext_phase2.parse,
    "003_ea909c88cb2d084b.txt": mext_knowledge_cluster.parse,
    "004_900bb6791dcdb13c.txt": mext_overview.parse,
}

__all__ = ["SOURCES", "Tables"]
