"""Small notebooks and report configurations written for the report's tests."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def write_notebook(path: Path, parameters: str, *cells: str) -> Path:
    """A notebook whose first code cell, tagged ``parameters``, holds ``parameters``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(textwrap.dedent(parameters).strip())
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {path.stem}"),
        cell,
        *(nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in cells),
    ]
    nbformat.write(nb, path)
    return path


FIGURE_CELL = """
import csv
import pathlib

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(["a", "b", "c"], [1, 2 * scale, 3])
ax.set_title(title)
if output_dir:
    out = pathlib.Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "bars.png")
    fig.savefig(out / "bars.svg")
    with open(out / "values.csv", "w", newline="") as f:
        csv.writer(f).writerows([["label", "value"], ["b", 2 * scale]])
plt.show()
"""


# 002 line 38: "ＩＴ分野　約840社　3大学", the counts of 情報ベンチャーの育成 (line 37)
F002 = "002_0f5a4630d1886fda.txt"
SOURCE_CELL = f"""
import clusteranalysis as ca
from clusteranalysis import present

p = ca.load("participants")
rows = p[(p["source"] == "{F002}") & (p["line"] == 38)]
display(present.table(rows[["participant_type", "count", "raw", "source", "line"]], "line38"))
ca.trace(source="{F002}", line=38)
"""


def figure_notebook(folder: Path) -> Path:
    """Draws a figure inline and writes CSV, PNG and SVG into ``output_dir``; shows a table
    of two rows read from 002 line 38 and a trace of that line."""
    return write_notebook(
        folder / "figure.ipynb",
        'title = "Bars"\nscale = 1\noutput_dir = None',
        FIGURE_CELL,
        'print("The document says <u>underlined</u> & more")',
        SOURCE_CELL,
    )


def tiny_notebook(folder: Path) -> Path:
    """No imports beyond the standard library: fast. Fails when ``fail`` is true."""
    return write_notebook(
        folder / "tiny.ipynb",
        "value = 1\nfail = False\noutput_dir = None",
        """
        import pathlib
        if fail:
            raise ValueError("asked to fail <u>now</u>")
        if output_dir:
            pathlib.Path(output_dir, "value.csv").write_text(f"value\\n{value}\\n")
        print(value)
        """,
    )


def failing_notebook(folder: Path) -> Path:
    return write_notebook(
        folder / "fails.ipynb",
        'message = "boom"\noutput_dir = None',
        "raise RuntimeError(message)",
    )


def write_config(path: Path, runs: list[dict]) -> Path:
    """A reports.toml with one [[run]] per dict (values written as TOML)."""
    lines = []
    for run in runs:
        lines.append("[[run]]")
        for key in ("notebook", "name"):
            if key in run:
                lines.append(f"{key} = {json.dumps(run[key])}")
        if run.get("parameters"):
            lines.append("[run.parameters]")
            lines += [f"{k} = {_toml(v)}" for k, v in run["parameters"].items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def statuses(out: Path) -> dict[str, str]:
    return {r["name"]: r["status"] for r in manifest(out)["runs"]}


# --------------------------------------------------------------------------- the safety tests

# A notebook caught mid-run writes its kernel's pid to a marker file and waits for a release
# file, so that every signal lands at a known step, never after a guessed sleep.
HANG_CELL = """
import os, pathlib, time
if marker:  # the kernel says where it is, then waits to be released (at most 2 minutes)
    pathlib.Path(marker + ".partial").write_text(str(os.getpid()))
    os.replace(marker + ".partial", marker)
    deadline = time.time() + 120
    while time.time() < deadline and not os.path.exists(release):
        time.sleep(0.05)
print("released")
"""

RUNS = [
    {"notebook": "tiny.ipynb", "name": "one"},
    {"notebook": "tiny.ipynb", "name": "two", "parameters": {"value": 2}},
    # relative to the kernel's working directory, the notebook folder
    {"notebook": "hang.ipynb", "name": "hang",
     "parameters": {"marker": "../kernel.pid", "release": "../release"}},
]


def make_repository(root: Path) -> Path:
    """A small repository: data, two notebooks, reports.toml, a decoy; no report yet."""
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "processed").mkdir()
    (root / "data" / "raw" / "doc.txt").write_text("<u>text</u>\n", encoding="utf-8")
    (root / "data" / "processed" / "budgets.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")  # the same code key
    notebooks = root / "notebooks"
    notebooks.mkdir()
    tiny_notebook(notebooks)
    write_notebook(notebooks / "hang.ipynb", 'marker = ""\nrelease = ""\noutput_dir = None',
                   HANG_CELL)
    write_config(root / "reports.toml", RUNS)
    (root / "decoy").mkdir()
    (root / "decoy" / "thesis.tex").write_text("precious\n")
    return root


