"""The studies behind the notebooks: one package per study, and what they share.

``budgets`` (01), ``participants`` (02), ``timelines`` (03) and ``crosscheck`` (04) hold one
package per study notebook, and :mod:`~clusteranalysis.studies.guide` the start-here
notebook (00). Each function takes tables from :func:`clusteranalysis.load` and the
notebook's parameters and returns a tidy, sorted DataFrame, so a notebook cell is one call,
the numbers it prints are tested against the documents, and a re-run gives the same bytes.
:mod:`~clusteranalysis.studies.params` declares every notebook's parameters and checks
them where a notebook or the report receives them. What two studies read alike lives beside
them, since a study may not import another: :mod:`~clusteranalysis.studies.register` (the
register's judgements about a budget row), :mod:`~clusteranalysis.studies.periods` (a
budget's years) and :mod:`~clusteranalysis.studies.population` (per head).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from clusteranalysis import config
from clusteranalysis.files import write_csv, write_json
from clusteranalysis.metadata.datapackage import resource
from clusteranalysis.metadata.dtypes import coerce, validate
from clusteranalysis.metadata.loading import PACKAGE_FILE, load
from clusteranalysis.metadata.results import RESULTS
from clusteranalysis.provenance.citations import cited_pairs
from clusteranalysis.studies import params

__all__ = ["Parameters", "Results", "check_parameters", "data_terms", "load_inputs",
           "write_results", "write_tables"]

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


#: Result columns that show a figure was divided by the population series (the data's
#: licence then travels with the result, whatever ``inputs`` says).
POPULATION_COLUMNS = ("population_file", "population_year")


def data_terms(results: Mapping[str, pd.DataFrame],
               inputs: Mapping[str, pd.DataFrame] | Iterable[str] | None = None,
               processed_dir: Path | None = None) -> tuple[list[dict[str, Any]],
                                                           list[dict[str, Any]]]:
    """The ``licenses`` and ``sources`` of a result package: the terms of the data it used.

    The data used are the processed tables ``inputs`` names (the mapping
    :func:`load_inputs` returned, or table names), the documents the result rows cite
    (their ``source`` cells) and the population series wherever a result column names a
    population year or file. Each processed table's terms are its resource's ``licenses`` in
    ``data/processed/datapackage.json`` (a reference data set's licence with the
    attribution it asks for: Gapminder's CC BY for the population), each document's its
    catalogue licence statement. The project's MIT licence covers the code, not these.
    """
    folder = Path(processed_dir or config.PROCESSED_DIR)
    try:
        package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    by_name = {r.get("name"): r for r in package.get("resources", [])}
    used = list(dict.fromkeys(inputs or ()))
    if any(c in df.columns for df in results.values() for c in POPULATION_COLUMNS):
        used.append("population")
    cited = {s for df in results.values() for s, _ in cited_pairs(df)}
    licences: list[dict[str, Any]] = []
    for name in dict.fromkeys(used):
        for entry in by_name.get(name, {}).get("licenses", []):
            if entry not in licences and not str(entry.get("path", "")).endswith(
                    "sources.csv"):
                licences.append(entry)
    sources = []
    for doc in package.get("sources", []):
        if Path(str(doc.get("path", ""))).name in cited:
            sources.append({"title": doc.get("citation", ""), "path": doc.get("path", ""),
                            "licence": doc.get("licence", "")})
    if sources:
        licences.append({"path": "data/raw/sources.csv",
                         "title": "The documents the rows cite (sources): each one's terms "
                                  "as its licence says. The project's MIT licence covers its "
                                  "code, not these texts."})
    references = {r.get("dataset"): r for r in package.get("reference", [])}
    for name in dict.fromkeys(used):
        ref = references.get(name)
        if ref is not None:
            sources.append({"title": ref.get("title", ""), "path": ref.get("url", ""),
                            "licence": ref.get("licence", ""),
                            "attribution": ref.get("attribution", "")})
    return licences, sources


def write_results(output_dir: str | Path | None, notebook: str,
                  results: Mapping[str, pd.DataFrame],
                  parameters: Mapping[str, Any],
                  inputs: Mapping[str, pd.DataFrame] | Iterable[str] | None = None
                  ) -> list[Path]:
    """Write a study's result tables as declared (:mod:`clusteranalysis.metadata.results`),
    and the ``datapackage.json`` that describes them.

    Each table gets its declared columns, in order, with their dtypes, and is checked
    against its declaration (keys, minimums, categories) before anything is written; a
    table the study does not declare, or a declared one it did not compute, is an error.
    The package lists the terms of the data the results used (:func:`data_terms`: ``inputs``,
    the study's processed tables, and the documents the rows cite), so a licence's
    attribution (Gapminder's CC BY) travels with every result package that used its data.
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
    }
    licences, sources = data_terms(frames, inputs)
    if licences:
        package["licenses"] = licences
    if sources:
        package["sources"] = sources
    package["resources"] = [resource(spec, frames[name], units)
                            for name, spec in declared.items()]
    write_json(package, out / "datapackage.json")
    return paths
