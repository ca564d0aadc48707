"""docs/report.md states, for each safety test, the guarantee it checks: every test it
names exists, and every test of the safety modules is named there."""

from __future__ import annotations

import ast
import re

from tests.support.data import ROOT

DOC = ROOT / "docs" / "report.md"
NAMED_IN = ["tests/system/test_safety_build.py", "tests/system/test_safety_report.py",
            "tests/system/test_report_staged.py", "tests/system/test_fault_injection.py",
            "tests/unit/test_publish.py", "tests/unit/test_params.py",
            "tests/airflow/test_report_dag.py"]
ALL_NAMED = [*NAMED_IN[:2], "tests/system/test_fault_injection.py", "tests/unit/test_publish.py"]


def _tests_in(rel: str) -> set[str]:
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def guarantees() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("\n## Guarantees\n"):]
    return set(re.findall(r"`(test_\w+)`", section))


def test_every_test_the_guarantees_name_exists() -> None:
    existing = set().union(*(_tests_in(rel) for rel in NAMED_IN))
    assert sorted(guarantees() - existing) == []


def test_every_safety_test_states_its_guarantee() -> None:
    named = guarantees()
    missing = {rel: sorted(_tests_in(rel) - named) for rel in ALL_NAMED}
    assert {rel: names for rel, names in missing.items() if names} == {}
