"""The budgets study (notebook 01) run in-process, as its notebook runs it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from clusteranalysis.studies import budgets as study
from clusteranalysis.studies import params

NOTEBOOK = "01_budgets.ipynb"


def parameters(**overrides: Any) -> dict[str, Any]:
    """The notebook's parameters: its defaults with ``overrides``, checked as it checks them."""
    values = {**params.defaults(NOTEBOOK), **overrides}
    params.validate(NOTEBOOK, values)
    return values


def inputs(t: Mapping[str, pd.DataFrame], **replaced: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The study's inputs from the processed tables ``t``, some replaced by test tables."""
    return {name: replaced.get(name, t[name]) for name in study.INPUTS}


def run(t: Mapping[str, pd.DataFrame], **overrides: Any) -> dict[str, pd.DataFrame]:
    """Every result table of a run with ``overrides`` of the default parameters."""
    return study.compute.results(inputs(t), parameters(**overrides))


def register(t: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The register of judgements (the processed tables the study reads it from)."""
    return {name: t[name] for name in study.register.TABLES}
