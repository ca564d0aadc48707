"""What the start-here notebook (``notebooks/00_start_here.ipynb``) shows a new reader.

Everything is read from the project itself, so the guide cannot drift from it:

- :func:`tables_overview` and :func:`relations`: the processed tables, their keys and how
  they refer to each other, from ``data/processed/datapackage.json``;
- :func:`parameter_guide`: every study notebook's parameters with their defaults and
  allowed values (:data:`clusteranalysis.studies.params.NOTEBOOK_PARAMETERS`) and what each does
  (the comment beside it in the notebook's parameters cell);
- :func:`phase2_projects` (``ca.phase2_projects()``): the phase II projects as one wide
  table, names, region, field, companies and universities, each row with the file and
  lines it stands on (the participants study's pivot,
  :func:`clusteranalysis.studies.participants.compute.project_counts`);
- :func:`companies_per_university`: the worked example, the same pivot ranked by
  companies per university;
- :func:`papermill_command`: the command that re-runs a study with other parameters
  (lists go through ``-y``, as papermill needs).
"""

from __future__ import annotations

import ast
import io
import json
import shlex
import tokenize
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from clusteranalysis import config
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.present import figures
from clusteranalysis.present.formats import fmt_number
from clusteranalysis.provenance import citations
from clusteranalysis.studies import params, participants
from clusteranalysis.studies.notebook_cells import read_notebook_json

START_HERE = "00_start_here.ipynb"
NOTEBOOK = START_HERE


def _package(processed_dir: Path | None = None) -> dict[str, Any]:
    path = Path(processed_dir or config.PROCESSED_DIR) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClusterAnalysisError(f"{path}: cannot read the data package ({exc}); run "
                                   "`make data`") from None


def tables_overview(processed_dir: Path | None = None) -> pd.DataFrame:
    """One row per processed table: its name, what a row is, how many rows, its primary
    key and the tables it refers to (foreign keys), in ``datapackage.json``'s order."""
    rows = []
    for r in _package(processed_dir)["resources"]:
        schema = r["schema"]
        refers = sorted({fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])})
        rows.append({
            "table": r["name"],
            "title": r.get("title", ""),
            "rows": int(r["rows"]),
            "columns": len(schema["fields"]),
            "primary_key": ", ".join(schema.get("primaryKey") or []) or "—",
            "refers_to": ", ".join(refers) or "—",
        })
    return pd.DataFrame(rows)


def relations(processed_dir: Path | None = None) -> pd.DataFrame:
    """One row per foreign key: ``table.columns`` → ``refers_to.refers_to_columns``: the
    joins the data package declares (and its validation checks)."""
    rows = []
    for r in _package(processed_dir)["resources"]:
        for fk in r["schema"].get("foreignKeys", []):
            rows.append({"table": r["name"], "columns": ", ".join(fk["fields"]),
                         "refers_to": fk["reference"]["resource"],
                         "refers_to_columns": ", ".join(fk["reference"]["fields"])})
    return pd.DataFrame(rows, columns=["table", "columns", "refers_to", "refers_to_columns"])


# --------------------------------------------------------------------------- the example

#: The worked example's table: the participants study's pivot of the phase II projects
#: (:func:`clusteranalysis.studies.participants.compute.companies_per_university`).
companies_per_university = participants.compute.companies_per_university


def phase2_projects(projects: pd.DataFrame | None = None,
                    participants_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The phase II projects as one wide table, in ``project_id`` order: ``name`` (as 002
    writes it), ``name_nfkc``, ``name_en``, ``region`` and ``region_ja``, ``field``, the
    companies and universities (``companies_as_written``: "約840社"), companies per
    university, and ``source`` and ``line``: the lines of the project's name and counts.

    What a student builds first from ``participants`` (one row per count) and ``projects``
    (their pivot and join); the processed tables are loaded when not given.
    """
    from clusteranalysis.metadata.loading import load

    return participants.compute.project_counts(
        load("projects") if projects is None else projects,
        load("participants") if participants_table is None else participants_table, "II")


def plot_companies_universities(table: pd.DataFrame) -> Any:
    """Each project a dot: universities across, companies up. The projects with the most
    and the fewest companies per university place, and the largest, are named. The source line
    comes from the rows (:func:`clusteranalysis.provenance.citations.cite`)."""
    fig, ax = plt.subplots(figsize=(8, 5))
    x, y = table["universities"].astype(float), table["companies"].astype(float)
    ax.scatter(x, y, s=36, color=figures.COUNTRY_COLORS.get("Japan"), zorder=3)
    ordered = table.sort_values("companies_per_university", ascending=False, kind="stable")
    largest = table.sort_values("companies", ascending=False, kind="stable").head(1)
    named = pd.concat([ordered.head(1), ordered.tail(1), largest]).drop_duplicates("project_id")
    right = 0.7 * float(x.max())
    for _, row in named.iterrows():
        at = (float(row["universities"]), float(row["companies"]))
        left = at[0] > right
        ax.annotate(f"{row['name']}\n{fmt_number(row['companies_per_university'], 1)} "
                    "companies per university place", at, xytext=(-8, -6) if left else (8, 4),
                    textcoords="offset points", ha="right" if left else "left",
                    va="top" if left else "bottom", fontsize=8.5, color="0.25")
    ax.set_xlabel("universities (大学, technical colleges included), 2008")
    ax.set_ylabel("companies (中堅・中小企業, 約: approximate), 2008")
    figures.thousands(ax.yaxis)
    ax.set_xlim(0, float(x.max()) * 1.05)
    ax.set_ylim(0, float(y.max()) * 1.08)
    ax.set_title(f"METI phase II projects: companies and universities ({len(table)} projects)")
    return figures.finish(fig, citations.cite(table))


# --------------------------------------------------------------------------- parameters


def _comments(source: str) -> dict[str, str]:
    """{name: comment} of a parameters cell. A comment belongs to the assignment on its
    line; a comment line opening with ``name:`` (``# kinds: None for all …``) to that name,
    with the comment lines after it; any other comment line to the assignment before it."""
    tree = ast.parse(source)
    names: dict[int, str] = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        for target in targets:
            if isinstance(target, ast.Name):
                names[node.lineno] = target.id
    known = set(names.values())
    comments: dict[str, list[str]] = {}
    current: str | None = None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        row = tok.start[0]
        if tok.type != tokenize.COMMENT:
            if row in names:
                current = names[row]
            continue
        text = tok.string.lstrip("#").strip()
        if row in names:
            current = names[row]
        else:
            head = text.split(":", 1)[0].strip()
            if ":" in text and head in known:
                current, text = head, text.split(":", 1)[1].strip()
        if current is not None and text:
            comments.setdefault(current, []).append(text)
    return {name: " ".join(parts) for name, parts in comments.items()}


def parameters_cell_source(notebook: str, notebook_dir: Path | None = None) -> str:
    """The source of a notebook's cell tagged ``parameters``."""
    path = Path(notebook_dir or config.NOTEBOOK_DIR) / notebook
    for cell in read_notebook_json(path)["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "parameters" in tags:
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    raise ClusterAnalysisError(f"{path.name}: no cell tagged 'parameters'")


def format_default(value: Any) -> str:
    """A default as the parameters cell writes it: ``"JPY"``, ``None``, ``120``."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def parameter_guide(notebook_dir: Path | None = None,
                    notebooks: list[str] | None = None) -> pd.DataFrame:
    """One row per parameter of each study notebook: default, allowed values (from
    ``params.py``) and what it does (the comment beside it in the notebook)."""
    names = notebooks if notebooks is not None else [
        n for n in sorted(params.NOTEBOOK_PARAMETERS) if n != START_HERE]
    rows = []
    for notebook in names:
        said = _comments(parameters_cell_source(notebook, notebook_dir))
        for p in params.NOTEBOOK_PARAMETERS[notebook]:
            rows.append({"notebook": notebook, "parameter": p.name,
                         "default": format_default(p.default), "allowed": p.allowed,
                         "what_it_does": said.get(p.name, "")})
    return pd.DataFrame(rows)


def papermill_command(notebook: str, parameters: Mapping[str, Any], output: str) -> str:
    """The shell command that runs ``notebook`` with ``parameters`` into ``output`` (a
    notebook path under ``runs/``), from the repository's root, writing its results into
    ``<output's folder>/results``. Lists go through ``-y`` (papermill's ``-p`` passes text);
    the parameters are checked first, with the notebook's own messages."""
    params.validate(notebook, dict(parameters), partial=True)
    folder = str(Path(output).parent)
    args = [".venv/bin/papermill", f"notebooks/{notebook}", output, "--cwd", "notebooks"]
    for name, value in parameters.items():
        if isinstance(value, list | tuple):
            items = ", ".join(str(v) if params._plain_yaml(str(v))
                              else json.dumps(str(v), ensure_ascii=False) for v in value)
            args += ["-y", f"{name}: [{items}]"]
        elif isinstance(value, str):
            args += ["-r", name, value]  # -r keeps text as text ("2020" stays a string)
        else:
            args += ["-p", name, str(value)]  # numbers, True, False, None
    command = " ".join(shlex.quote(a) for a in args)
    results = shlex.quote(f"{folder}/results")
    return f"mkdir -p {shlex.quote(folder)} && {command} -p output_dir \"$PWD\"/{results}"
