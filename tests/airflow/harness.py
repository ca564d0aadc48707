"""Drive a real Airflow installation from the tests: a throwaway home, ``db migrate``,
``dags test``, per-task states and import errors.

Airflow runs in its own virtual environment (``make airflow-3`` builds ``.venv-airflow-3``,
``make airflow-2`` builds ``.venv-airflow-2``); the tests only call its ``airflow`` command
and read its sqlite database, so nothing of Airflow is imported here. What this relies on,
checked on Airflow 2.11.2 and 3.3.2 (tests/airflow/test_report_dag.py):

- ``airflow dags test DAG_ID DATE`` runs every task inside the command's own process, one at
  a time in dependency order (retries included), without a scheduler or an executor, and
  exits 1 with ``DagRun failed`` as its last line when the run failed. The run's state
  comes from its leaf tasks, so a run whose failed task is followed by a succeeding
  ``all_done`` task counts as successful (exit 0): check the task states, not the exit code.
- ``dags test`` writes its run to the database: ``task_instance`` rows of the newest
  ``dag_run`` of the DAG hold each task's state.
- A DAG file that raises on import: Airflow 2's ``dags list-import-errors`` parses the
  folder itself; Airflow 3's reads the database, filled by ``dags reserialize``.

Usage (see tests/airflow/conftest.py for the fixtures)::

    af = Airflow(venv, home=tmp / "home", dags_folder=tmp / "dags", env={"X": "1"})
    af.db_migrate()
    run = af.dags_test("my_dag", "2026-11-23")
    assert run.tasks == {"a": "success", "b": "skipped"}, run.output

or from a shell: ``python -m tests.airflow.harness .venv-airflow-3 DAGS_FOLDER DAG_ID``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOGICAL_DATE = "2026-11-23"
# a DAG file importing pandas through the package can take a while on a busy CI machine
PARSE_TIMEOUT = "120"


class AirflowHarnessError(RuntimeError):
    """The Airflow environment is missing or an ``airflow`` command failed unexpectedly."""


@dataclass(frozen=True)
class Command:
    """One ``airflow`` command: its arguments, exit code, output and wall time."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class DagRun:
    """What ``airflow dags test`` did: the run's state and each task's state."""

    dag_id: str
    run_id: str | None
    state: str | None
    tasks: dict[str, str]
    command: Command
    try_numbers: dict[str, int] = field(default_factory=dict)

    @property
    def returncode(self) -> int:
        return self.command.returncode

    @property
    def output(self) -> str:
        return self.command.output

    @property
    def seconds(self) -> float:
        return self.command.seconds

    def tasks_in(self, state: str) -> list[str]:
        """The task ids in ``state`` ("success", "failed", "skipped", "upstream_failed"...)."""
        return sorted(task for task, s in self.tasks.items() if s == state)


def find_venv(path: str | os.PathLike[str] | None = None) -> Path:
    """The Airflow virtual environment: ``path``, else ``$AIRFLOW_VENV``."""
    value = path if path is not None else os.environ.get("AIRFLOW_VENV")
    if not value:
        raise AirflowHarnessError(
            "AIRFLOW_VENV is not set: run the Airflow tests with `make airflow-3` or "
            "`make airflow-2`, which build the environment and set it")
    venv = Path(value)
    if not venv.is_absolute():
        venv = ROOT / venv
    if not (venv / "bin" / "airflow").is_file():
        raise AirflowHarnessError(f"{venv} has no bin/airflow: run `make airflow-3` first")
    return venv


def airflow_version(venv: Path) -> str:
    """The apache-airflow version installed in ``venv`` (from its dist-info folder)."""
    found = sorted(venv.glob("lib/python3*/site-packages/apache_airflow-*.dist-info"))
    if not found:
        raise AirflowHarnessError(f"{venv}: apache-airflow is not installed")
    return found[0].name.removeprefix("apache_airflow-").removesuffix(".dist-info")


class Airflow:
    """One Airflow installation with its own ``AIRFLOW_HOME`` (sqlite) and DAGs folder."""

    def __init__(
        self,
        venv: Path,
        home: Path,
        dags_folder: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.venv = venv
        self.home = home
        self.dags_folder = dags_folder
        self.extra_env = dict(env or {})
        self.version = airflow_version(venv)
        self.major = int(self.version.split(".")[0])
        home.mkdir(parents=True, exist_ok=True)

    @property
    def database(self) -> Path:
        return self.home / "airflow.db"

    def environment(self, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """The process environment of an ``airflow`` command: no inherited Airflow settings."""
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("AIRFLOW") and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        base.update({
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(self.dags_folder),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": PARSE_TIMEOUT,
            "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": PARSE_TIMEOUT,
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        })
        base.update(self.extra_env)
        base.update(env or {})
        return base

    def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        check: bool = False,
    ) -> Command:
        """Run ``airflow ARGS`` (cwd: the home folder); ``check`` raises on a non-zero exit."""
        cmd = [str(self.venv / "bin" / "airflow"), *args]
        start = time.monotonic()
        done = subprocess.run(cmd, cwd=self.home, env=self.environment(env),
                              capture_output=True, text=True, timeout=timeout)
        result = Command(tuple(args), done.returncode, done.stdout, done.stderr,
                         time.monotonic() - start)
        if check and done.returncode != 0:
            raise AirflowHarnessError(
                f"airflow {' '.join(args)} exited {done.returncode}:\n{result.output[-4000:]}")
        return result

    def db_migrate(self, template: Path | None = None) -> Command | None:
        """Create the sqlite database; with ``template`` (an already migrated airflow.db of
        the same Airflow version) copy it instead, which takes no time."""
        if template is not None:
            shutil.copyfile(template, self.database)
            return None
        return self.run("db", "migrate", check=True)

    def dags_test(
        self,
        dag_id: str,
        logical_date: str = LOGICAL_DATE,
        conf: Mapping[str, object] | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
    ) -> DagRun:
        """``airflow dags test`` one run of ``dag_id`` and read back what each task did."""
        args = ["dags", "test", dag_id, logical_date]
        if conf is not None:
            args += ["--conf", json.dumps(conf)]
        command = self.run(*args, env=env, timeout=timeout)
        run_id, state, tasks, tries = self._latest_run(dag_id)
        return DagRun(dag_id, run_id, state, tasks, command, tries)

    def _latest_run(
        self, dag_id: str
    ) -> tuple[str | None, str | None, dict[str, str], dict[str, int]]:
        if not self.database.is_file():
            return None, None, {}, {}
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            row = db.execute("SELECT run_id, state FROM dag_run WHERE dag_id = ? "
                             "ORDER BY id DESC LIMIT 1", (dag_id,)).fetchone()
            if row is None:
                return None, None, {}, {}
            tasks: dict[str, str] = {}
            tries: dict[str, int] = {}
            for task_id, map_index, state, try_number in db.execute(
                "SELECT task_id, map_index, state, try_number FROM task_instance "
                "WHERE dag_id = ? AND run_id = ?", (dag_id, row[0])):
                key = task_id if map_index < 0 else f"{task_id}[{map_index}]"
                tasks[key] = state
                tries[key] = try_number
        return row[0], row[1], dict(sorted(tasks.items())), tries

    def import_errors(self, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """Each DAG file that fails to import, by path relative to the DAGs folder, with its
        error (the traceback Airflow shows). Airflow 3 parses the folder first
        (``dags reserialize``), as its DAG processor would."""
        if self.major >= 3:
            self.run("dags", "reserialize", env=env, check=True)
        command = self.run("dags", "list-import-errors", "--output", "json", env=env)
        listing = _json_listing(command.stdout)
        if listing is None:
            raise AirflowHarnessError(
                f"airflow dags list-import-errors printed no JSON:\n{command.output[-4000:]}")
        errors: dict[str, str] = {}
        for entry in listing:
            path = Path(entry["filepath"])
            if path.is_absolute():
                path = path.relative_to(self.dags_folder)
            errors[path.as_posix()] = entry["error"]
        return errors


def _json_listing(stdout: str) -> list[dict[str, str]] | None:
    """The JSON list in a command's output (Airflow 2 prints log lines before it)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("["):
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, list):
                return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="run `airflow dags test` on a DAGs folder in a throwaway AIRFLOW_HOME")
    parser.add_argument("venv", help="the Airflow virtual environment, e.g. .venv-airflow-3")
    parser.add_argument("dags_folder", type=Path)
    parser.add_argument("dag_id")
    parser.add_argument("--date", default=LOGICAL_DATE, help="logical date (%(default)s)")
    parser.add_argument("--home", type=Path, help="AIRFLOW_HOME (default: a new temp folder)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    try:
        venv = find_venv(args.venv)
    except AirflowHarnessError as exc:
        print(exc, file=sys.stderr)
        return 2
    home = args.home or Path(tempfile.mkdtemp(prefix="airflow-home-"))
    env = dict(item.split("=", 1) for item in args.env)
    af = Airflow(venv, home, args.dags_folder.resolve(), env)
    migrated = af.db_migrate()
    print(f"Airflow {af.version}, AIRFLOW_HOME={home}"
          + (f", db migrate {migrated.seconds:.1f} s" if migrated else ""))
    errors = af.import_errors()
    for path, error in errors.items():
        print(f"import error in {path}: {error.strip().splitlines()[-1]}")
    run = af.dags_test(args.dag_id, args.date)
    print(f"dags test {args.dag_id}: exit {run.returncode}, run {run.state}, "
          f"{run.seconds:.1f} s")
    for task, state in run.tasks.items():
        print(f"  {task}: {state}")
    if run.returncode != 0 and not run.tasks:
        print(run.output[-4000:])
    return 0 if run.state == "success" and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
