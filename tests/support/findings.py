"""Checks shared by the findings tests: a run's findings set against its result tables,
and its result files' provenance columns (the runs themselves: tests/support/runs.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from clusteranalysis.present.findings import METADATA_KEY, TEXT_KEY, check_findings

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

#: Result-table columns that hold names and labels (which may contain digits: 'Cluster Japan
#: 2008', 'METI 2005', '2nd Science and Technology Basic Plan'), not numbers of a finding.
NAME_COLUMNS = ("name", "name_ja", "name_en", "example", "phase1_project", "phase2_name_ja",
                "phase2_name_en", "names_en", "names_ja", "entity", "entity_en", "programme",
                "plan", "document", "detail", "kind", "region", "field", "group_ja", "field_basis",
                "participant_type", "phase_i_definition", "phase_ii_definition")



def findings(nb: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each findings output: its text as a reader sees it (``present.TEXT_KEY``; the
    JupyterLab test checks that the page shows it) and its recorded numbers."""
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {})
            meta = meta.get("text/markdown", meta)
            if meta.get(METADATA_KEY) is not None:
                out.append((meta[TEXT_KEY], meta[METADATA_KEY]))
    return out


def unexplained_numbers(nb: dict[str, Any], results: Path) -> list[str]:
    """Digits in a finding that are neither a recorded table value nor inside a name from
    the result tables: a number typed into the text, or taken from elsewhere."""
    names: set[str] = set()
    for path in results.glob("*.csv"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for c in NAME_COLUMNS:
            if c in df.columns:
                names.update(v for v in df[c] if v)
    problems = []
    for text, records in findings(nb):
        rest = text
        for piece in sorted({r["text"] for r in records} | names, key=len, reverse=True):
            rest = rest.replace(piece, " ")
        left = re.findall(r"\d[\d,.]*", rest)
        if left:
            problems.append(f"{left} in: {text[:160]}")
    return problems


def check_run(nb: dict[str, Any], results: Path) -> list[str]:
    """Every problem of one run: findings against tables, unexplained numbers, result
    files without source and line."""
    problems = check_findings(nb, results)
    problems += unexplained_numbers(nb, results)
    if len(findings(nb)) < 3:
        problems.append(f"only {len(findings(nb))} findings outputs")
    for path in sorted(results.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        if not {"source", "line"} <= set(df.columns):
            problems.append(f"{path.name}: no source and line columns")
        elif (df["source"] == "").any() or (df["line"] == "").any():
            problems.append(f"{path.name}: a row without source or line")
    return problems
