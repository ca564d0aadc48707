"""The computations behind the three study notebooks.

Each function takes tables from :func:`clusteranalysis.load` and the notebook's parameters
and returns a tidy, sorted DataFrame, so a notebook cell is one call, the numbers it prints
are tested in ``tests/test_studies.py`` against the documents, and a re-run gives the same
bytes. ``budgets``, ``participants`` and ``timelines`` hold one module per notebook.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import params
from ..files import write_csv

__all__ = ["check_parameters", "write_tables"]


def check_parameters(notebook: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a notebook's parameters, read by name from its namespace (``globals()``).

    papermill injects parameters without checking them, so the notebook's second cell calls
    this: a bad value stops the run with a :class:`~clusteranalysis.errors.ParameterError`
    naming the parameter and its allowed values, and so does a name the notebook does not
    have (``unknown parameter 'curency' for 01_budgets.ipynb; parameters are: …``, the
    message ``clusteranalysis report`` gives). The names come from the parameters cells
    executed just before this one, read from IPython's input history (``In`` in the
    namespace; see :func:`clusteranalysis.params.executed_parameter_names`): papermill's
    injected cell, an edited parameters cell under nbconvert or in JupyterLab. Other globals
    are never taken for parameters. Returns the parameters as a dict.
    """
    __tracebackhide__ = True  # IPython shows the notebook's line and the message
    known = params.defaults(notebook)
    history = namespace.get("In")
    assigned = None
    if isinstance(history, list):
        assigned = params.executed_parameter_names(history, known)
    names = [*known, *sorted((assigned or set()) - set(known))]
    values = {name: namespace[name] for name in names if name in namespace}
    params.validate(notebook, values)
    return values


def write_tables(output_dir: str | Path | None, tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, ``\\n`` line ends, no index).

    Nothing is written when ``output_dir`` is None. The tables come sorted from the study
    functions, so the files are byte-stable between runs.
    """
    if output_dir is None:
        return []
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in sorted(tables.items()):
        path = out / f"{name}.csv"
        paths.append(write_csv(df, path))
    return paths
