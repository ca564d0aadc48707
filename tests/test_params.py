"""Notebook parameter validation: the messages name the parameter and its allowed values."""

from __future__ import annotations

import pytest

from clusteranalysis import params
from clusteranalysis.errors import ParameterError


def test_defaults_validate() -> None:
    for notebook in params.NOTEBOOK_PARAMETERS:
        params.validate(notebook, params.defaults(notebook))


@pytest.mark.parametrize(
    ("notebook", "bad", "message"),
    [
        ("01_budgets.ipynb", {"currency": "XYZ"}, "currency must be one of JPY, USD"),
        ("01_budgets.ipynb", {"jpy_per_usd": 0}, "jpy_per_usd must be a positive number"),
        ("01_budgets.ipynb", {"jpy_per_usd": "120"}, "jpy_per_usd must be a positive number"),
        ("01_budgets.ipynb", {"countries": ["Japan", "Narnia"]}, "countries must be None or"),
        ("01_budgets.ipynb", {"countries": []}, "countries must be None or a non-empty list"),
        ("02_participants.ipynb", {"phase": "III"}, "phase must be one of I, II, both"),
        ("02_participants.ipynb", {"top_n": 0}, "top_n must be None or a positive"),
        ("02_participants.ipynb", {"top_n": True}, "top_n must be None or a positive"),
        ("03_timelines.ipynb", {"start_year": 2010, "end_year": 2000},
         "start_year must be <= end_year"),
        ("03_timelines.ipynb", {"kinds": ["war"]}, "kinds must be None or"),
    ],
)
def test_bad_values(notebook: str, bad: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=message.replace("(", r"\(")):
        params.validate(notebook, {**params.defaults(notebook), **bad})


def test_unknown_parameter_and_notebook() -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        params.validate("01_budgets.ipynb", {"colour": "red"}, partial=True)
    with pytest.raises(ParameterError, match="unknown notebook"):
        params.validate("99_nothing.ipynb", {})


def test_partial_accepts_a_subset() -> None:
    params.validate("01_budgets.ipynb", {"currency": "USD"}, partial=True)
    with pytest.raises(ParameterError, match="missing parameter"):
        params.validate("01_budgets.ipynb", {"currency": "USD"})
