"""Skip, short-circuit and trigger-rule behaviour the report DAG relies on (tests/test_airflow.py).

- ``ca_semantics``: beside one task that succeeds, one raises ``AirflowSkipException``, one
  fails, and one ShortCircuitOperator returns False with ``ignore_downstream_trigger_rules=
  False``; each has a plain downstream task, and a final ``all_done`` task waits on all of
  them (the shape of "run every notebook, then publish whatever happened").
- ``ca_short_circuit_all``: a ShortCircuitOperator left at its default
  (``ignore_downstream_trigger_rules=True``) in front of an ``all_done`` task.

The imports go through the common-compat provider, so one file serves Airflow 2.11 and 3.
"""

from __future__ import annotations

import pendulum
from airflow.providers.common.compat.sdk import DAG, AirflowSkipException, TriggerRule, task
from airflow.providers.common.compat.standard.operators import ShortCircuitOperator

START = pendulum.datetime(2026, 1, 1, tz="UTC")


@task
def step() -> None:
    """A task that does nothing and succeeds when it runs."""


with DAG("ca_semantics", schedule=None, start_date=START, catchup=False):

    @task
    def skips() -> None:
        raise AirflowSkipException("nothing to do: the key is unchanged")

    @task
    def fails() -> None:
        raise RuntimeError("this run fails on purpose")

    short = ShortCircuitOperator(
        task_id="short_direct",
        python_callable=lambda: False,
        ignore_downstream_trigger_rules=False,
    )
    final = step.override(task_id="final", trigger_rule=TriggerRule.ALL_DONE)()
    ok = step.override(task_id="ok")()
    ok >> final
    skips() >> step.override(task_id="after_skip")() >> final
    failed = fails()
    failed >> final
    failed >> step.override(task_id="after_fail")() >> final
    short >> step.override(task_id="after_short")() >> final


with DAG("ca_short_circuit_all", schedule=None, start_date=START, catchup=False):
    gate = ShortCircuitOperator(task_id="short_all", python_callable=lambda: False)
    after = step.override(task_id="after_short")()
    gate >> after >> step.override(task_id="final", trigger_rule=TriggerRule.ALL_DONE)()
