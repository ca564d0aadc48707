"""Fixtures for the tests against a real Airflow (marked ``airflow``; ``make airflow-3`` and
``make airflow-2`` run them alone, and ``make test`` in its one session, with
``AIRFLOW_VENV`` set to the environment they built).

- ``airflow_venv``: the Airflow virtual environment (fails, with the make target to run, when
  it is missing: these tests never skip).
- ``airflow_db``: an airflow.db migrated once per test session (``airflow db migrate``).
- ``make_airflow(dags_folder, env)``: a fresh ``Airflow`` (tests/airflow/harness.py) with its
  own AIRFLOW_HOME holding a copy of that database, for a DAGs folder and environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from .harness import Airflow, find_venv

MakeAirflow = Callable[..., Airflow]

#: The DAG tests' own notebooks (their smoke run) are inputs, not tests: `make test`'s
#: ``--nbval-lax`` is for the committed notebooks in notebooks/ only.
collect_ignore_glob = ["notebooks/*.ipynb"]


@pytest.fixture(scope="session")
def airflow_venv() -> Path:
    return find_venv()


@pytest.fixture(scope="session")
def airflow_db(airflow_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("airflow-template")
    empty = tmp_path_factory.mktemp("no-dags")
    Airflow(airflow_venv, home, empty).db_migrate()
    return home / "airflow.db"


@pytest.fixture
def make_airflow(airflow_venv: Path, airflow_db: Path, tmp_path: Path) -> MakeAirflow:
    count = 0

    def make(dags_folder: Path, env: Mapping[str, str] | None = None) -> Airflow:
        nonlocal count
        count += 1
        af = Airflow(airflow_venv, tmp_path / f"airflow-home-{count}", dags_folder, env)
        af.db_migrate(template=airflow_db)
        return af

    return make
