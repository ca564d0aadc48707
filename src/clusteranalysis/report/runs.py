"""Reading and checking ``reports.toml``: the runs, each a notebook with some parameters.

:func:`load_config` checks the whole file before anything runs and raises one
:class:`ReportConfigError`, one line: the bad run, or the number of bad runs and the first
five. It imports nothing heavy (no nbformat,
no papermill), so an orchestrator can call it when it parses its DAG file.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusteranalysis import config
from clusteranalysis.errors import ParameterError
from clusteranalysis.studies import params
from clusteranalysis.studies.notebook_cells import UNKNOWN, parameters_cell_of, read_notebook_json

RUN_KEYS = ("notebook", "name", "parameters")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
RESERVED_PARAMETERS = ("output_dir",)
#: Folders of the report that are not runs: the documents' pages (report.publish.SOURCES).
RESERVED_NAMES = ("sources",)
SHOWN_ERRORS = 5  # of a configuration with more: the count, and these first


class ReportConfigError(ParameterError):
    """``reports.toml`` is invalid; the message names each bad run."""


@dataclass(frozen=True)
class Run:
    """One ``[[run]]`` of ``reports.toml``: a notebook with some parameters overridden."""

    name: str
    notebook: str  # a file name in the notebook folder
    parameters: dict[str, Any] = field(default_factory=dict)  # as written in the file
    defaults: dict[str, Any] = field(default_factory=dict)  # the notebook's (no output_dir)

    @property
    def effective_parameters(self) -> dict[str, Any]:
        """The defaults with this run's overrides (``output_dir`` excluded)."""
        return {**self.defaults, **self.parameters}


#: The largest reports.toml read: far more than any list of runs (a link to /dev/zero or
#: a huge file must not fill the memory of a shared machine).
CONFIG_LIMIT = 1 << 20


def _read_config(path: Path) -> str:
    """The text of a plain file of at most :data:`CONFIG_LIMIT` bytes (never a FIFO, which
    would wait forever, or a device)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise ReportConfigError(f"{path}: is not a plain file (a device, a FIFO)")
        data = file.read(CONFIG_LIMIT + 1)
    if len(data) > CONFIG_LIMIT:
        raise ReportConfigError(f"{path}: is larger than {CONFIG_LIMIT // 1024} KiB; a "
                                "report configuration is a short list of runs")
    return data.decode("utf-8")


def load_config(path: Path | str, notebook_dir: Path | str | None = None) -> list[Run]:
    """Read and check ``reports.toml``; raise :class:`ReportConfigError` (one line: the
    count of errors and the first few)."""
    path = Path(path)
    notebook_dir = Path(notebook_dir) if notebook_dir is not None else config.NOTEBOOK_DIR
    try:
        data = tomllib.loads(_read_config(path))
    except FileNotFoundError:
        raise ReportConfigError(f"{path}: report configuration not found") from None
    except IsADirectoryError:
        raise ReportConfigError(f"{path}: is a folder, not a TOML file") from None
    except OSError as exc:
        raise ReportConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReportConfigError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"run"})
    if extra:
        raise ReportConfigError(
            f"{path}: unknown top-level key {extra[0]!r}; list runs as [[run]] tables"
        )
    raw_runs = data.get("run")
    if not isinstance(raw_runs, list) or not raw_runs:
        raise ReportConfigError(f"{path}: no [[run]] tables")

    errors: list[str] = []
    runs: list[Run] = []
    seen: dict[str, int] = {}
    notebooks: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(raw_runs, 1):
        label = _label(number, raw)
        try:
            run = _parse_run(raw, notebook_dir, notebooks)
        except ParameterError as exc:
            errors.append(f"{label}: {exc}")
            continue
        if run.name in seen:
            errors.append(f"{label}: duplicate name (run #{seen[run.name]} has it too)")
            continue
        seen[run.name] = number
        runs.append(run)
    if len(errors) == 1:
        raise ReportConfigError(f"{path}: {errors[0]}")
    if errors:  # one line however many: the count and the first few
        shown = "; ".join(errors[:SHOWN_ERRORS])
        more = len(errors) - SHOWN_ERRORS
        rest = f"; and {more:,} more" if more > 0 else ""
        raise ReportConfigError(f"{path}: {len(errors):,} errors: {shown}{rest}")
    return runs


def _label(number: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"run {name!r} (#{number})" if isinstance(name, str) else f"run #{number}"


def _parse_run(raw: Any, notebook_dir: Path, notebooks: dict[str, dict[str, Any]]) -> Run:
    if not isinstance(raw, dict):
        raise ParameterError("each run must be a [[run]] table")
    unknown = sorted(set(raw) - set(RUN_KEYS))
    if unknown:
        raise ParameterError(f"unknown key {unknown[0]!r}; a run has {', '.join(RUN_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise ParameterError(
            f"name must be letters, digits, '-' or '_' (at most 80, used in file names); "
            f"got {name!r}"
        )
    if name.lower() in RESERVED_NAMES:
        raise ParameterError(f"name {name!r} is taken by the report's folder of source pages "
                             "(reports/sources/); choose another")
    notebook = raw.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        raise ParameterError("notebook is missing (a file name in notebooks/)")
    if Path(notebook).name == notebook and (notebook_dir / notebook).is_dir():
        raise ParameterError(f"{notebook} in {notebook_dir} is a folder, not a notebook")
    available = sorted(p.name for p in notebook_dir.glob("*.ipynb") if p.is_file())
    if Path(notebook).name != notebook or notebook not in available:
        listed = ", ".join(available) or "none"
        raise ParameterError(
            f"unknown notebook {notebook!r}; notebooks in {notebook_dir}: {listed}"
        )
    parameters = raw.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ParameterError("parameters must be a table")
    for key in RESERVED_PARAMETERS:
        if key in parameters:
            raise ParameterError(f"{key} is set by the report (each run writes <name>/results/)")
    for key, value in parameters.items():
        if not _plain(value):
            raise ParameterError(f"{key} must be a string, number, boolean or list (got {value!r})")
        if not _finite(value):
            raise ParameterError(f"{key} must be a finite number (got {value!r})")

    if notebook not in notebooks:
        notebooks[notebook] = read_notebook_json(notebook_dir / notebook)
    if notebook in params.NOTEBOOK_PARAMETERS:
        params.validate(notebook, parameters, partial=True)
        defaults = params.defaults(notebook)
    else:
        cell = parameters_cell_of(notebooks[notebook], notebook)
        defaults = _check_against_cell(notebook, parameters, cell)
    for key in RESERVED_PARAMETERS:
        defaults.pop(key, None)
    return Run(name=name, notebook=notebook, parameters=dict(parameters), defaults=defaults)


def _plain(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    return False


def _finite(value: Any) -> bool:
    """No ``inf`` or ``nan`` anywhere (TOML has both; no notebook wants them)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True


def _check_against_cell(
    notebook: str, parameters: Mapping[str, Any], cell: dict[str, Any] | None
) -> dict[str, Any]:
    if cell is None:
        if parameters:
            raise ParameterError(f"{notebook} has no cell tagged 'parameters'")
        return {}
    for key, value in parameters.items():
        if key not in cell:
            raise ParameterError(params.unknown_parameter_message(key, notebook, list(cell)))
        default = cell[key]
        if default is None or default is UNKNOWN:
            continue
        numbers = isinstance(default, int | float) and isinstance(value, int | float)
        same_kind = isinstance(value, bool) == isinstance(default, bool)
        if not (isinstance(value, type(default)) or numbers) or not same_kind:
            raise ParameterError(f"{key} must be like its default {default!r} (got {value!r})")
    return {k: v for k, v in cell.items() if v is not UNKNOWN}
