"""One module per source document; each finds its tables and adds rows to a Tables.

``data/raw/sources.csv`` is the registry of documents: its ``read_by`` column names the
module of this package that reads each one (a module with a ``parse(doc, tables)``
function), and the build reads exactly the documents it lists, in its order. Adding a
document is adding a module here and a row there; nothing else registers it
(docs/adding-a-document.md; :mod:`clusteranalysis.build.sources.template` is the module to
start from).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from clusteranalysis.build.rawdoc import RawDocument
from clusteranalysis.build.sources.common import Tables
from clusteranalysis.errors import ClusterAnalysisError

Parser = Callable[[RawDocument, Tables], None]


class MissingParser(ClusterAnalysisError):
    """The module a catalogue row names does not exist (yet)."""


def parser(module: str) -> Parser:
    """The ``parse`` function of a module of this package, named as sources.csv names it
    ('clusteranalysis.build.sources.meti_2005'). A name outside this package, a module that
    does not exist (:class:`MissingParser`) or one without ``parse`` is an error."""
    if not module.startswith(__name__ + ".") or not module[len(__name__) + 1:].isidentifier():
        raise ClusterAnalysisError(f"{module!r} is not a module of {__name__}")
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        raise MissingParser(f"{module} does not exist: write it "
                            f"(docs/adding-a-document.md)") from None
    parse = getattr(found, "parse", None)
    if not callable(parse):
        raise ClusterAnalysisError(f"{module} has no parse(doc, tables) function")
    return parse  # type: ignore[no-any-return]


__all__ = ["MissingParser", "Parser", "Tables", "parser"]
