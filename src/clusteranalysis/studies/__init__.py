"""The studies behind the notebooks: one package per study, and what they share.

``budgets`` (01), ``participants`` (02), ``timelines`` (03) and ``crosscheck`` (04) hold one
package per study notebook, and :mod:`~clusteranalysis.studies.guide` the start-here
notebook (00). Each function takes tables from :func:`clusteranalysis.load` and the
notebook's parameters and returns a tidy, sorted DataFrame, so a notebook cell is one call,
the numbers it prints are tested against the documents, and a re-run gives the same bytes.
:mod:`~clusteranalysis.studies.params` declares every notebook's parameters and checks
them where a notebook or the report receives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from clusteranalysis import config
from clusteranalysis.files import write_csv, write_json
from clusteranalysis.metadata.datapackage import resource
from clusteranalysis.metadata.dtypes import coerce, validate
from clusteranalysis.metadata.loading import load
from clusteranalysis.metadata.results import RESULTS
from clusteranalysis.studies import params

__all__ = ["Parameters", "Results", "check_parameters", "load_inputs", "write_results",
           "write_tables"]

#: A study's result tables by their declared names (``compute.results``).
Results = Mapping[str, pd.DataFrame]
#: A notebook's parameters as ``check_parameters`` returns them.
Parameters = Mapping[str, Any]


def check_parameters(notebook: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a notebook's parameters, read by name from its namespace (``globals()``).

    papermill injects parameters without checking them, so the notebook's second cell calls
    this: a bad value stops the run with a :class:`~clusteranalysis.errors.ParameterError`
    naming the parameter and its allowed values, and so does a name the notebook does not
    have (``unknown parameter 'curency' for 01_budgets.ipynb; parameters are: …``, the
    message ``clusteranalysis report`` gives). The names come from the parameters cells
    executed just before this one, read from IPython's input history (``In`` in the
    namespace; see :func:`clusteranalysis.studies.params.executed_parameter_names`): papermill's
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


def load_inputs(names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The processed tables a study reads (its ``INPUTS``), each loaded and checked once.

    A study's computations take these as arguments and read nothing themselves, so a test
    can hand them any tables.
    """
    return {name: load(name) for name in names}


def write_results(output_dir: str | Path | None, notebook: str,
                  results: Mapping[str, pd.DataFrame],
                  parameters: Mapping[str, Any]) -> list[Path]:
    """Write a study's result tables as declared (:mod:`clusteranalysis.metadata.results`),
    and the ``datapackage.json`` that describes them.

    Each table gets its declared columns, in order, with their dtypes, and is checked
    against its declaration (keys, minimums, categories) before anything is written; a
    table the study does not declare, or a declared one it did not compute, is an error.
    Nothing is written when ``output_dir`` is None. Returns the tables' paths (the package
    is ``datapackage.json`` beside them).
    """
    declared = RESULTS[notebook]
    unknown = sorted(set(results) - set(declared))
    missing = sorted(set(declared) - set(results))
    if unknown or missing:
        raise ValueError(f"{notebook}: result tables not declared {unknown}, declared but "
                         f"not computed {missing}")
    frames = {name: validate(spec, coerce(spec, results[name]))
              for name, spec in declared.items()}
    if output_dir is None:
        return []
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(df, out / f"{name}.csv") for name, df in frames.items()]
    units = {k: str(v) for k, v in parameters.items() if isinstance(v, str)}
    package = {
        "name": f"clusteranalysis-{Path(notebook).stem.replace('_', '-')}",
        "title": declared.title,
        "description": f"The result tables of notebooks/{notebook}, run with the parameters "
                       "below (clusteranalysis.studies.write_results).",
        "version": config.VERSION,
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "resources": [resource(spec, frames[name], units) for name, spec in declared.items()],
    }
    write_json(package, out / "datapackage.json")
    return paths
