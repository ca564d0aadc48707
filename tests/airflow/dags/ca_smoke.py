"""DAGs for the Airflow harness tests (tests/test_airflow.py), valid on Airflow 2.11 and 3.x.

- ``ca_smoke``: create the run folder, run tests/airflow/notebooks/smoke.ipynb with
  PapermillOperator (parameter ``phase="I"``), then a final ``all_done`` task that records
  what the run left.
- ``ca_smoke_no_folder``: the same papermill task without the folder task; papermill does
  not create the output notebook's folder, so this task fails (issue 11, point 1).

Parameters come from the environment, read when the file is parsed: ``CA_SMOKE_OUT`` (the
folder the runs write under, required: without it the file is an import error that names
it) and ``CLUSTERANALYSIS_ROOT`` (read by the package inside the notebook's kernel).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pendulum
from airflow.providers.common.compat.sdk import DAG, TriggerRule, task
from airflow.providers.papermill.operators.papermill import PapermillOperator

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "smoke.ipynb"
if "CA_SMOKE_OUT" not in os.environ:
    raise RuntimeError("ca_smoke: set CA_SMOKE_OUT to the folder the smoke runs write under")
OUT = Path(os.environ["CA_SMOKE_OUT"])
START = pendulum.datetime(2026, 1, 1, tz="UTC")


def papermill_task(run_dir: str) -> PapermillOperator:
    """One notebook run writing ``<run_dir>/smoke.ipynb`` and ``<run_dir>/results/``."""
    return PapermillOperator(
        task_id="run_notebook",
        input_nb=str(NOTEBOOK),
        output_nb=f"{run_dir}/smoke.ipynb",
        parameters={"phase": "I", "output_dir": f"{run_dir}/results"},
        kernel_name="python3",
    )


with DAG("ca_smoke", schedule=None, start_date=START, catchup=False):
    run_dir = f"{OUT}/{{{{ ds }}}}/smoke"

    @task
    def make_folder(folder: str) -> str:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return folder

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def collect(folder: str) -> None:
        listing = sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))
        (Path(folder).parent / "collected.json").write_text(json.dumps(listing), "utf-8")

    folder = make_folder(run_dir)
    notebook = papermill_task(run_dir)
    folder >> notebook >> collect(run_dir)


with DAG("ca_smoke_no_folder", schedule=None, start_date=START, catchup=False):
    papermill_task(f"{OUT}/{{{{ ds }}}}/no-folder")
