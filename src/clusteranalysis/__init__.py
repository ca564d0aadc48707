"""clusteranalysis: tidy, traceable tables from five cluster-policy documents.

>>> import clusteranalysis as ca
>>> ca.tables()          # names of the processed tables
>>> ca.load("budgets")   # a typed pandas DataFrame, schema-checked
>>> ca.trace(ca.load("budgets").iloc[0])   # the raw line a value was read from
>>> ca.cite(ca.load("budgets"))            # 'Sources: METI 2005 (001_….txt, lines …); …'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clusteranalysis")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

from .citations import cite, trace
from .data import load, tables

__all__ = ["__version__", "cite", "load", "tables", "trace"]
