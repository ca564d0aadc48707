"""environment.yml (conda) and pyproject.toml (pip) pin the same packages at the same
versions, and constraints.txt agrees with both."""

from __future__ import annotations

import re
import tomllib

from tests.support.data import ROOT


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for spec in specs:
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", spec).groups()
        pins[name.lower()] = version
    return pins


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\s*-\s+([A-Za-z0-9_.\-]+)(?:={1,2})([^\s#]+)\s*", line)
        if m and m.group(1) != "python":
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_every_dependency_is_pinned_exactly() -> None:
    assert len(pyproject_pins()) >= 15


def test_environment_yml_matches_pyproject() -> None:
    assert environment_pins() == pyproject_pins()


def test_constraints_agree_with_pyproject() -> None:
    constraints = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line:
            name, version = line.split("==")
            constraints[name.strip().lower().replace("_", "-")] = version.strip()
    for name, version in pyproject_pins().items():
        assert constraints[name.replace("_", "-")] == version, name


def test_python_version_agrees() -> None:
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in env
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "3.11" in project["requires-python"] or ">=3.11" in project["requires-python"]
