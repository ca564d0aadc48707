"""deploy/env_constraints.py: the constraints a worker installs the package with, keeping
Airflow's environment as it is (the real install is checked by ``make airflow-3``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.data import ROOT

SCRIPT = ROOT / "deploy" / "env_constraints.py"
spec = importlib.util.spec_from_file_location("env_constraints", SCRIPT)
assert spec is not None and spec.loader is not None
env_constraints = importlib.util.module_from_spec(spec)
spec.loader.exec_module(env_constraints)

NONE: frozenset[str] = frozenset()
# A small installed environment: Airflow's provider asks papermill for its "all" extra
# (which brings boto3); pandas' "plot" extra (matplotlib) is asked by nobody but us.
REQUIRES = {
    "apache-airflow": [("pydantic", NONE, None)],
    "apache-airflow-providers-papermill": [("papermill", frozenset({"all"}), None)],
    "papermill": [("nbformat", NONE, None), ("boto3", NONE, "all"), ("pandas", NONE, "all")],
    "boto3": [("python-dateutil", NONE, None)],
    "pandas": [("python-dateutil", NONE, None), ("matplotlib", NONE, "plot")],
    "pydantic": [],
    "nbformat": [],
    "python-dateutil": [],
    "clusteranalysis": [("pandas", NONE, None), ("seaborn", NONE, None)],
    "seaborn": [("matplotlib", NONE, None), ("pandas", NONE, None)],
    "matplotlib": [("pillow", NONE, None)],
    "pillow": [],
}
VERSIONS = dict.fromkeys(REQUIRES, "1.0")


def test_closure_follows_only_the_extras_asked_for() -> None:
    assert env_constraints.closure({"apache-airflow-providers-papermill"}, REQUIRES) == {
        "apache-airflow-providers-papermill", "papermill", "nbformat", "boto3", "pandas",
        "python-dateutil"}
    assert env_constraints.closure({"pandas"}, REQUIRES) == {"pandas", "python-dateutil"}


def test_keeps_everything_but_what_only_the_package_needs() -> None:
    kept = env_constraints.kept(VERSIONS, REQUIRES)
    # pandas is the package's too, but the provider needs it: kept at its version
    assert set(VERSIONS) - set(kept) == {"clusteranalysis", "seaborn", "matplotlib", "pillow"}
    # before the package is installed, nothing is left out but it
    without = {k: v for k, v in VERSIONS.items() if k not in ("clusteranalysis",)}
    assert env_constraints.kept(without, REQUIRES) == without


def test_installed_versions_win_over_the_project_pins() -> None:
    lines = env_constraints.merged({"pandas": "3.1.1", "seaborn": "0.13.2"}, {"pandas": "2.0"})
    assert lines == ["pandas==2.0", "seaborn==0.13.2"]


def test_reads_the_projects_constraints() -> None:
    pins = env_constraints.read_pins(ROOT / "constraints.txt")
    assert pins["python-dateutil"] == "2.9.0.post0"
    assert pins["ipython-pygments-lexers"] == "1.1.1"  # names compared as pip does


def test_a_bad_constraints_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "constraints.txt"
    bad.write_text("pandas>=3\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(bad)], capture_output=True,
                          text=True)
    assert done.returncode == 2
    assert done.stderr == f"env_constraints: {bad}:1: not a 'name==version' pin: 'pandas>=3'\n"


def test_runs_on_this_environment() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), str(ROOT / "constraints.txt")],
                          capture_output=True, text=True, check=True)
    lines = [line for line in done.stdout.splitlines() if not line.startswith("#")]
    names = [line.split("==")[0] for line in lines]
    assert len(names) == len(set(names))  # one pin per package, so pip cannot conflict
    assert "clusteranalysis" not in names
    assert f"pytest=={pytest.__version__}" in lines  # installed: kept as it is
