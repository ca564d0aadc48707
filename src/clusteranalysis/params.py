"""Parameters of the study notebooks: their defaults, allowed values and validation.

papermill only warns on an unknown parameter and does not check types, so each notebook's
second cell calls :func:`validate` and the report command checks ``reports.toml`` against the
same specification before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParameterError
from .vocab import PROGRAMME_COUNTRIES as COUNTRIES
from .vocab import STUDY_TIMELINE_KINDS as TIMELINE_KINDS


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its default, a check, and the allowed values in words."""

    name: str
    default: Any
    check: Callable[[Any], bool]
    allowed: str


def _one_of(*values: Any) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in values


def _optional_list_of(values: tuple[str, ...]) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        if v is None:
            return True
        return (
            isinstance(v, list | tuple)
            and len(v) > 0
            and all(isinstance(x, str) and x in values for x in v)
        )

    return check


def _positive_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v > 0


def _optional_positive_int(v: Any) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool) and v > 0)


def _year(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100


def _optional_dir(v: Any) -> bool:
    return v is None or (isinstance(v, str | Path) and str(v) != "")


OUTPUT_DIR = Parameter("output_dir", None, _optional_dir, "None or a folder path")

NOTEBOOK_PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "01_budgets.ipynb": (
        Parameter("currency", "JPY", _one_of("JPY", "USD"), "one of JPY, USD"),
        Parameter("jpy_per_usd", 120, _positive_number, "a positive number"),
        Parameter(
            "basis",
            "annual",
            _one_of("annual", "total", "per_cluster"),
            "one of annual, total, per_cluster",
        ),
        Parameter(
            "countries",
            None,
            _optional_list_of(COUNTRIES),
            "None or a non-empty list drawn from " + ", ".join(COUNTRIES),
        ),
        OUTPUT_DIR,
    ),
    "02_participants.ipynb": (
        Parameter("phase", "II", _one_of("I", "II", "both"), "one of I, II, both"),
        Parameter("by", "region", _one_of("region", "field"), "one of region, field"),
        Parameter(
            "metric",
            "companies",
            _one_of("companies", "universities"),
            "one of companies, universities",
        ),
        Parameter("top_n", None, _optional_positive_int, "None or a positive whole number"),
        OUTPUT_DIR,
    ),
    "03_timelines.ipynb": (
        Parameter("start_year", 1970, _year, "a year between 1900 and 2100"),
        Parameter("end_year", 2020, _year, "a year between 1900 and 2100"),
        Parameter(
            "countries",
            None,
            _optional_list_of(COUNTRIES),
            "None or a non-empty list drawn from " + ", ".join(COUNTRIES),
        ),
        Parameter(
            "kinds",
            None,
            _optional_list_of(TIMELINE_KINDS),
            "None or a non-empty list drawn from " + ", ".join(TIMELINE_KINDS),
        ),
        OUTPUT_DIR,
    ),
}


def defaults(notebook: str) -> dict[str, Any]:
    """The default parameters of a notebook (file name in ``notebooks/``)."""
    return {p.name: p.default for p in _spec(notebook)}


def _spec(notebook: str) -> tuple[Parameter, ...]:
    name = Path(notebook).name
    if name not in NOTEBOOK_PARAMETERS:
        known = ", ".join(sorted(NOTEBOOK_PARAMETERS))
        raise ParameterError(f"unknown notebook {name!r}; known notebooks: {known}")
    return NOTEBOOK_PARAMETERS[name]


def validate(notebook: str, params: Mapping[str, Any], *, partial: bool = False) -> None:
    """Raise :class:`ParameterError` naming the first bad parameter and its allowed values.

    ``partial=True`` accepts a subset (a ``reports.toml`` run overrides only some defaults).
    """
    spec = {p.name: p for p in _spec(notebook)}
    unknown = sorted(set(params) - set(spec))
    if unknown:
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for {Path(notebook).name}; "
            f"parameters are: {', '.join(spec)}"
        )
    for name, p in spec.items():
        if name not in params:
            if partial:
                continue
            raise ParameterError(f"missing parameter {name!r}")
        value = params[name]
        if not p.check(value):
            raise ParameterError(f"{name} must be {p.allowed} (got {value!r})")
    if Path(notebook).name == "03_timelines.ipynb":
        merged = {**defaults(notebook), **params}
        if merged["start_year"] > merged["end_year"]:
            raise ParameterError(
                f"start_year must be <= end_year (got {merged['start_year']} > "
                f"{merged['end_year']})"
            )
