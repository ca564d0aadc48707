"""A notebook's JSON and its parameters cell, read without nbformat.

The report checks ``reports.toml`` against each notebook's parameters cell, and the
start-here guide shows the cells' defaults and comments; both read them here. Nothing heavy
is imported, so an orchestrator can call this when it parses its DAG file.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clusteranalysis.errors import ParameterError


def read_notebook_json(path: Path) -> dict[str, Any]:
    """A notebook file's JSON, checked just enough to run it: version 4, a list of cells.

    Raises :class:`ParameterError` (one line) for a file that is not UTF-8, not JSON or not
    a notebook. papermill and nbformat validate it fully when the run executes.
    """
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ParameterError(f"{path.name}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ParameterError(f"{path.name}: not a notebook (not UTF-8 text)") from None
    except ValueError as exc:
        raise ParameterError(f"{path.name}: not a notebook (not JSON: {exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("nbformat") != 4
        or not isinstance(data.get("cells"), list)
        or not all(isinstance(c, dict) for c in data["cells"])
    ):
        raise ParameterError(f"{path.name}: not a notebook (no nbformat 4 cells)")
    return data


UNKNOWN = object()


def parameters_cell(path: Path) -> dict[str, Any] | None:
    """The names and literal defaults of the notebook's cell tagged ``parameters``.

    ``None`` when there is no such cell. A default that is not a literal is ``UNKNOWN``.
    Used for notebooks that :data:`params.NOTEBOOK_PARAMETERS` does not describe.
    """
    return parameters_cell_of(read_notebook_json(path), path.name)


def parameters_cell_of(nb: Mapping[str, Any], notebook: str) -> dict[str, Any] | None:
    """:func:`parameters_cell` of a notebook's JSON already read."""
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and isinstance(tags, list) and "parameters" in tags:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            try:
                tree = ast.parse(source)
            except SyntaxError as exc:
                raise ParameterError(
                    f"{notebook}: parameters cell does not parse: {exc}"
                ) from None
            found: dict[str, Any] = {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                try:
                    default = ast.literal_eval(value)
                except Exception:  # not a literal (a call, a name, an unhashable key ...)
                    default = UNKNOWN
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = default
            return found
    return None
