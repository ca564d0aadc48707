"""Parameters of the study notebooks: their defaults, allowed values and validation.

papermill only warns on an unknown parameter and does not check types, so each notebook's
second cell calls :func:`validate` (through :func:`clusteranalysis.studies.check_parameters`)
and the report command checks ``reports.toml`` against the same specification before
anything runs. Both give the same messages: :func:`unknown_parameter_message` is the one
wording of a misspelled name. :func:`executed_parameter_names` finds the names the
parameters cells just executed assigned, so a misspelled name fails in the notebook too.
"""

from __future__ import annotations

import ast
import difflib
import json
import math
import shlex
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.errors import ParameterError
from clusteranalysis.metadata import vocab
from clusteranalysis.metadata.vocab import FIGURE_TOPICS as TOPICS
from clusteranalysis.metadata.vocab import PROGRAMME_COUNTRIES as COUNTRIES
from clusteranalysis.metadata.vocab import STUDY_TIMELINE_KINDS as TIMELINE_KINDS
from clusteranalysis.safety.targets import (
    Protected,
    PublishError,
    check_protected,
    repository_protection,
    unlinked_path,
)


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its default, a check, and the allowed values in words."""

    name: str
    default: Any
    check: Callable[[Any], bool]
    allowed: str


def _one_of(*values: Any) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in values


@dataclass(frozen=True)
class _OptionalListOf:
    """The check of a list parameter: None or a non-empty list drawn from ``values``."""

    values: tuple[str, ...]

    def __call__(self, v: Any) -> bool:
        if v is None:
            return True
        return (
            isinstance(v, list | tuple)
            and len(v) > 0
            and all(isinstance(x, str) and x in self.values for x in v)
        )


def _optional_list_of(values: tuple[str, ...]) -> Callable[[Any], bool]:
    return _OptionalListOf(values)


def _positive_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0


@dataclass(frozen=True)
class _Between:
    """The check of a number with a stated range, ``low <= v <= high``: extreme values
    (``1e308``, ``1e-300``) are stopped here, not deep in a study."""

    low: float
    high: float

    def __call__(self, v: Any) -> bool:
        return _positive_number(v) and self.low <= v <= self.high


#: Yen per US dollar a study accepts: a bound on plausibility, not a claim about history
#: (the documents' own rates, 100 to 130, lie well inside).
JPY_PER_USD = _Between(50, 500)


@dataclass(frozen=True)
class _NumberRange:
    """The check of a range parameter: a list of two numbers in ``bounds``, the first smaller."""

    bounds: _Between

    def __call__(self, v: Any) -> bool:
        return (
            isinstance(v, list | tuple)
            and len(v) == 2
            and all(self.bounds(x) for x in v)
            and v[0] < v[1]
        )


TOP_N_MAX = 1000  # far more rows than any grouping has


def _optional_top_n(v: Any) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= TOP_N_MAX)


def _year(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100


def _fraction(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) \
        and 0 <= v < 1


def _optional_dir(v: Any) -> bool:
    return v is None or (isinstance(v, str | Path) and str(v) != "")


OUTPUT_DIR = Parameter("output_dir", None, _optional_dir, "None or a folder path")

def _choice(name: str, default: str, values: tuple[str, ...]) -> Parameter:
    """A parameter that takes one of ``values`` (a vocabulary of metadata.vocab)."""
    return Parameter(name, default, _one_of(*values), "one of " + ", ".join(values))


def _optional_list(name: str, values: tuple[str, ...]) -> Parameter:
    """A list parameter: None for all, or a non-empty list drawn from ``values``."""
    return Parameter(name, None, _optional_list_of(values),
                     "None or a non-empty list drawn from " + ", ".join(values))


NOTEBOOK_PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "00_start_here.ipynb": (OUTPUT_DIR,),
    "01_budgets.ipynb": (
        _choice("currency", "JPY", vocab.DISPLAY_CURRENCIES),
        Parameter("jpy_per_usd", 120, JPY_PER_USD,
                  f"a positive number from {JPY_PER_USD.low:g} to {JPY_PER_USD.high:g}"),
        Parameter(
            "jpy_per_usd_range",
            [100, 130],
            _NumberRange(JPY_PER_USD),
            "a list of two positive numbers, the lower first, each from "
            f"{JPY_PER_USD.low:g} to {JPY_PER_USD.high:g}, such as [100, 130]",
        ),
        _choice("basis", "annual", vocab.BUDGET_BASES),
        _optional_list("countries", COUNTRIES),
        OUTPUT_DIR,
    ),
    "02_participants.ipynb": (
        _choice("phase", "II", vocab.PHASE_CHOICES),
        _choice("by", "region", vocab.GROUPINGS),
        _choice("metric", "companies", vocab.PROJECT_METRICS),
        _choice("names", "both", vocab.NAME_LANGUAGES),
        Parameter("top_n", None, _optional_top_n,
                  f"None or a positive whole number up to {TOP_N_MAX}"),
        OUTPUT_DIR,
    ),
    "03_timelines.ipynb": (
        Parameter("start_year", 1970, _year, "a year between 1900 and 2100"),
        Parameter("end_year", 2020, _year, "a year between 1900 and 2100"),
        _optional_list("countries", COUNTRIES),
        _optional_list("kinds", TIMELINE_KINDS),
        OUTPUT_DIR,
    ),
    "04_crosscheck.ipynb": (
        _optional_list("topics", TOPICS),
        Parameter("tolerance", 0.05, _fraction,
                  "a number from 0 up to 1 (0.05: two amounts within 5 % agree; counts "
                  "only when equal)"),
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
        raise ParameterError(unknown_parameter_message(unknown[0], notebook, list(spec)))
    for name, p in spec.items():
        if name not in params:
            if partial:
                continue
            raise ParameterError(f"missing parameter {name!r}")
        value = params[name]
        if not p.check(value):
            if isinstance(p.check, _OptionalListOf) and isinstance(value, str):
                raise ParameterError(f"{name} must be {p.allowed} ({_list_hint(name, value)})")
            if isinstance(p.check, _NumberRange) and isinstance(value, str):
                raise ParameterError(f"{name} must be {p.allowed} ({_range_hint(name, value)})")
            raise ParameterError(f"{name} must be {p.allowed} (got {value!r})")
    if params.get("output_dir") is not None:
        check_output_dir(params["output_dir"])
    if Path(notebook).name == "03_timelines.ipynb":
        merged = {**defaults(notebook), **params}
        if merged["start_year"] > merged["end_year"]:
            raise ParameterError(
                f"start_year must be <= end_year (got {merged['start_year']} > "
                f"{merged['end_year']})"
            )


def output_protection() -> list[Protected]:
    """Where no notebook may write its results: what the commands' ``--out`` may not be."""
    return [*repository_protection(),
            Protected(config.PROCESSED_DIR, "the processed data (data/processed)")]


def check_output_dir(value: str | Path) -> Path:
    """The folder ``output_dir`` names, refused (a :class:`ParameterError`) as the commands
    refuse an ``--out``: through a symbolic link, or equal to, inside or containing the raw
    documents, the processed data or the repository's own folders."""
    try:
        target = unlinked_path(value)
        check_protected(target, output_protection())
    except PublishError as exc:
        raise ParameterError(f"output_dir: {exc}") from None
    return target


def unknown_parameter_message(name: str, notebook: str, known: Sequence[str]) -> str:
    """The one wording of a misspelled parameter, for the notebooks and ``reports.toml``.

    ``unknown parameter 'curency' for 01_budgets.ipynb; parameters are: currency, …``,
    ending with ``did you mean 'currency'?`` when one name is close.
    """
    message = (
        f"unknown parameter {name!r} for {Path(notebook).name}; "
        f"parameters are: {', '.join(known)}"
    )
    close = difflib.get_close_matches(name, list(known), n=1)
    return message + (f"; did you mean {close[0]!r}?" if close else "")


def _list_hint(name: str, value: str) -> str:
    """Why a string is not a list, and how to pass the list it seems to mean.

    papermill's ``-p`` turns only True, False, None and numbers into values (everything
    else stays text, ``'["Germany"]'`` included) and ``-r`` passes text as it is; its ``-y``
    reads YAML, where ``[Germany]`` is a list.
    """
    text = value.strip()
    if text in ("None", "null", "~", ""):
        return f"got the string {value!r}; pass None with -p {name} None, not -r"
    items: list[str] | None = None
    try:
        parsed = json.loads(text)
    except ValueError:
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            parsed = None
    if isinstance(parsed, list | tuple) and all(isinstance(x, str) for x in parsed):
        items = list(parsed)
    if items is None:
        items = [x.strip().strip("'\"") for x in text.strip("[]").split(",") if x.strip()]
    flow = ", ".join(x if _plain_yaml(x) else json.dumps(x, ensure_ascii=False) for x in items)
    python = json.dumps(items, ensure_ascii=False)
    return (
        f"got a string, {value!r}; papermill's -p and -r pass text, so pass lists with "
        f"-y {shlex.quote(f'{name}: [{flow}]')}; in Python or reports.toml write "
        f"{name} = {python}"
    )


def _range_hint(name: str, value: str) -> str:
    """Why a string is not a range, and how to pass the one it seems to mean."""
    numbers = [x.strip() for x in value.strip().strip("[]()").split(",") if x.strip()]
    shown = ", ".join(numbers) if numbers else "100, 130"
    return (
        f"got a string, {value!r}; papermill's -p and -r pass text, so pass a list with "
        f"-y {shlex.quote(f'{name}: [{shown}]')}; in Python or reports.toml write "
        f"{name} = [{shown}]"
    )


def _plain_yaml(item: str) -> bool:
    """Whether ``item`` reads as itself inside a YAML flow list, unquoted."""
    words = item.replace(" ", "").replace("-", "").replace("_", "")
    reserved = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}
    return bool(item) and words.isalnum() and words.isascii() and item.lower() not in reserved


PAPERMILL_HEADER = "# Parameters"
# what papermill's --inject-paths adds to its cell: not the notebook's, not a typo
PAPERMILL_NAMES = frozenset({"PAPERMILL_INPUT_PATH", "PAPERMILL_OUTPUT_PATH"})


def executed_parameter_names(history: Sequence[Any], known: Collection[str]) -> set[str] | None:
    """The names assigned by the parameters cells executed just before the current cell.

    ``history`` is IPython's list of executed inputs (``In`` in a notebook's namespace),
    whose last entry is the cell running now (the validation cell). Walking back from it
    (over earlier runs of the validation cell, which call ``check_parameters``), the
    parameters are the cells of plain assignments (imports, comments and blank cells
    allowed) that were run just before it: the notebook's cell tagged ``parameters`` (it
    assigns a name in ``known``), papermill's injected cell (it starts with
    ``# Parameters``) and any cell of literal assignments a student added beside them.

    None when no such cell was run just before (the validation cell re-run in JupyterLab
    after other cells): there is nothing to check then, and the globals other cells defined
    are never taken for parameters.
    """
    names: set[str] = set()
    is_parameters = False
    cells = list(history)[:-1]
    while cells and isinstance(cells[-1], str) and "check_parameters(" in cells[-1]:
        cells.pop()
    for source in reversed(cells):
        if not isinstance(source, str) or "check_parameters(" in source:
            break
        found = _assignments(source)
        if found is None:
            break
        assigned, literal = found
        header = source.lstrip().startswith(PAPERMILL_HEADER)
        if not (header or assigned & set(known) or literal):
            break
        names |= assigned
        is_parameters = is_parameters or header or bool(assigned & set(known))
    return names - PAPERMILL_NAMES if is_parameters else None


def _assignments(source: str) -> tuple[set[str], bool] | None:
    """The names a cell of plain assignments assigns, and whether every value is a literal.

    None for any other cell (a call, a loop, ``x.attr = …``, a syntax error).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: set[str] = set()
    literal = True
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Import | ast.ImportFrom) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            continue
        else:
            return None
        for target in targets:
            for element in ast.walk(target):
                if isinstance(element, ast.Name):
                    names.add(element.id)
                elif not isinstance(element, ast.Tuple | ast.List | ast.Starred | ast.expr_context):
                    return None  # x.attr = …, x[0] = …: not a parameter
        if value is not None:
            try:
                ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                literal = False
    return names, literal
