"""clusteranalysis: tidy, traceable tables from cluster-policy documents, and studies of them.

>>> import clusteranalysis as ca
>>> ca.tables()          # names of the processed tables
>>> ca.load("budgets")   # a typed pandas DataFrame, schema-checked
>>> ca.trace(ca.load("budgets").iloc[0])   # the raw line a value was read from
>>> ca.cite(ca.load("budgets"))            # 'Sources: METI 2005 (001_….txt, lines …); …'
>>> ca.phase2_projects()   # the phase II projects: names, region, counts, source lines
>>> ca.footnotes(rows)     # numbered footnotes: each value's file, line and text

The package is in layers, each importing only those below it (``make test`` checks this
with import-linter; docs/contributing.md draws them): ``cli`` → ``report`` → ``studies`` →
``present`` → ``provenance`` → ``build`` → ``metadata`` → ``safety`` → ``config``,
``errors``, ``files``. The names above are loaded on first use, so importing the package
(the command line does, before it can handle Ctrl-C) costs no pandas, nor even the
package metadata behind ``__version__``.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: importing typing costs the command line 8 ms
if TYPE_CHECKING:
    from typing import Any

    from clusteranalysis.config import VERSION as __version__
    from clusteranalysis.metadata.loading import load, tables
    from clusteranalysis.provenance.citations import cite, footnotes, trace
    from clusteranalysis.studies.guide import phase2_projects

#: The public names, and the module each is loaded from on first use.
_PUBLIC = {
    "__version__": "clusteranalysis.config",
    "load": "clusteranalysis.metadata.loading",
    "tables": "clusteranalysis.metadata.loading",
    "cite": "clusteranalysis.provenance.citations",
    "trace": "clusteranalysis.provenance.citations",
    "footnotes": "clusteranalysis.provenance.citations",
    "phase2_projects": "clusteranalysis.studies.guide",
}

__all__ = ["__version__", "cite", "footnotes", "load", "phase2_projects", "tables", "trace"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module = importlib.import_module(_PUBLIC[name])
        value = getattr(module, "VERSION" if name == "__version__" else name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'clusteranalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
