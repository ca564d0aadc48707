"""A report built by separate steps (``clusteranalysis.report.staged``, what the Airflow DAG
calls from its tasks) is the command's report: same files, same reuse, same last good
results. The plan travels through JSON, as between an orchestrator's tasks.

The tiny notebooks come from tests/test_report.py; tests/airflow/ runs the same steps in a
real Airflow.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from clusteranalysis.report import load_config, run_report, staged
from clusteranalysis.report.execute import execute_run
from clusteranalysis.report.plan import ReportPlan, plan_report, run_task, unchanged
from clusteranalysis.report.record import RunRecord
from clusteranalysis.report.worker import execute_in_process
from clusteranalysis.safety.targets import PublishError
from tests.support.notebooks import (
    manifest,
    statuses,
    tiny_notebook,
    write_config,
    write_notebook,
)
from tests.support.reports import differences, snapshot

pytestmark = pytest.mark.usefixtures("data_dirs")


def staged_report(
    cfg: Path, out: Path, nbdir: Path, run_id: str = "run-1", *, skip: Sequence[str] = (),
    force: bool = False,
) -> list[RunRecord]:
    """The three steps, each run's as if in a task of its own; ``skip``: tasks that died."""
    plan = staged.start(load_config(cfg, nbdir), target=out, config_path=cfg,
                        notebook_dir=nbdir, tag="test", run_id=run_id, force=force)
    plan = ReportPlan.from_json(json.loads(json.dumps(plan.to_json())))
    for planned in plan.runs:
        if planned.name not in skip:
            staged.run(ReportPlan.from_json(plan.to_json()), planned.name)
    return staged.finish(plan)


@pytest.fixture
def nbdir(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(folder)
    return folder


RUNS = [
    {"notebook": "tiny.ipynb", "name": "one"},
    {"notebook": "tiny.ipynb", "name": "two", "parameters": {"value": 2}},
    {"notebook": "tiny.ipynb", "name": "bad", "parameters": {"fail": True}},
]


def test_staged_report_equals_the_command(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "reports.toml", RUNS[1:])
    out = tmp_path / "reports"  # both write the same folder, so paths inside are the same

    assert run_report(cfg, out, jobs=1, notebook_dir=nbdir, progress=False) is False
    command_first = snapshot(out)
    out.rename(tmp_path / "command-report")
    records = staged_report(cfg, out, nbdir)
    assert [(r.name, r.status) for r in records] == [("two", "ok"), ("bad", "failed")]
    assert differences(snapshot(out), command_first) == []
    assert (out / "two" / "results" / "value.csv").read_text() == "value\n2\n"

    # each reuses what the other wrote, in the same way
    assert run_report(cfg, out, jobs=1, notebook_dir=nbdir, progress=False) is False
    command_again = snapshot(out)
    assert statuses(out) == {"two": "unchanged", "bad": "failed"}
    staged_report(cfg, out, nbdir, "run-2")
    assert differences(snapshot(out), command_again) == []
    # nothing left beside the report: no staging folder, no outcomes, no lock
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "command-report", "notebooks", "processed", "raw", "reports", "reports.toml"]


def test_a_run_whose_task_died_is_failed_with_its_last_good_result(
    nbdir: Path, tmp_path: Path
) -> None:
    cfg = write_config(tmp_path / "reports.toml", RUNS[:2])
    out = tmp_path / "reports"
    staged_report(cfg, out, nbdir)
    good = {r["name"]: r["executed_at"] for r in manifest(out)["runs"]}

    write_config(cfg, [{**RUNS[0], "parameters": {"value": 5}}, RUNS[1]])
    staged_report(cfg, out, nbdir, "run-2", skip=["one"])  # its task never finished
    one, two = manifest(out)["runs"]
    assert (one["status"], one["error"]) == ("failed", staged.NO_RESULT)
    assert one["last_good"] == {"executed_at": good["one"], "page": "one.last-good/one.html"}
    assert (out / "one.last-good" / "results" / "value.csv").read_text() == "value\n1\n"
    assert (out / "one" / "one.html").is_file()  # a page saying so
    assert (two["status"], two["executed_at"]) == ("unchanged", good["two"])

    write_config(cfg, [{**RUNS[0], "parameters": {"fail": True}}, RUNS[1]])
    staged_report(cfg, out, nbdir, "run-3")  # fails in the notebook now: still kept
    one = manifest(out)["runs"][0]
    assert one["error"] == "ValueError: asked to fail <u>now</u> (in cell [3])"
    assert one["last_good"] == {"executed_at": good["one"], "page": "one.last-good/one.html"}


def test_every_step_can_be_repeated(nbdir: Path, tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "reports.toml", RUNS[:1])
    out = tmp_path / "reports"
    runs = load_config(cfg, nbdir)
    kwargs = {"target": out, "config_path": cfg, "notebook_dir": nbdir, "tag": "test"}
    staged.start(runs, run_id="run-1", **kwargs)
    plan = staged.start(runs, run_id="run-1", **kwargs)  # the plan task, retried
    for _ in range(2):  # the run task twice (a retry after it had written its folder)
        assert staged.run(plan, "one").status == "ok"
    first = staged.finish(plan)
    assert [r.status for r in first] == ["ok"]
    assert staged.finish(plan) == first  # published already: the same records
    assert statuses(out) == {"one": "ok"}
    assert not list(tmp_path.glob(".reports*"))

    again = staged.start(runs, run_id="run-2", **kwargs)
    assert [unchanged(again, p) for p in again.runs] == [True]
    # run-2 never finished: it has ended, says the orchestrator
    forced = staged.start(runs, run_id="run-3", force=True, active=lambda run: False, **kwargs)
    assert [unchanged(forced, p) for p in forced.runs] == [False]
    assert forced.info.forced is True


def test_start_checks_the_folder_and_removes_what_an_earlier_report_left(
    nbdir: Path, tmp_path: Path
) -> None:
    cfg = write_config(tmp_path / "reports.toml", RUNS[:1])
    out = tmp_path / "reports"
    runs = load_config(cfg, nbdir)
    kwargs = {"target": out, "config_path": cfg, "notebook_dir": nbdir, "tag": "test"}
    earlier = staged.start(runs, run_id="run-0", **kwargs)  # stopped before it published
    left = [earlier.staging, earlier.staging.with_name(earlier.staging.name + ".runs")]
    lookalikes = [tmp_path / ".reports.test-old-1234abcd",  # nothing proves them a report's
                  tmp_path / ".reports.test-old-1234abcd.runs"]
    for folder in lookalikes:
        folder.mkdir()
        (folder / "x").write_text("partial", encoding="utf-8")
    others = [tmp_path / ".reports.other-1", tmp_path / "reports-test-1"]  # not this tag's
    for folder in others:
        folder.mkdir()
    (tmp_path / ".reports.test-notes").write_text("mine", encoding="utf-8")  # a file
    notes: list[str] = []
    run_id = "scheduled__2026-11-23T02:30:00+00:00"  # Airflow's, with ':' and '+'
    plan = staged.start(runs, run_id=run_id, note=notes.append, active=lambda run: False,
                        **kwargs)
    assert re.fullmatch(r"\.reports\.test-scheduled__2026-11-23T02_30_00_00_00-[0-9a-f]{8}",
                        plan.staging.name)
    assert plan.staging.is_dir() and plan.staging.with_name(plan.staging.name + ".runs").is_dir()
    assert not any(p.exists() for p in left)
    assert all((p / "x").read_text(encoding="utf-8") == "partial" for p in lookalikes)
    assert all(p.is_dir() for p in others)
    assert (tmp_path / ".reports.test-notes").read_text(encoding="utf-8") == "mine"
    assert notes == [
        f"removed what an earlier test report left beside reports: {left[0].name}, "
        f"{left[1].name}",
        "left alone beside reports, as no test report can be shown to have made it: "
        ".reports.test-old-1234abcd"]

    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter.tex").write_text("precious", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(PublishError, match="is not empty and is not a clusteranalysis report"):
        staged.start(runs, run_id="run-2", **{**kwargs, "target": mine})
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created
    with pytest.raises(PublishError, match="it is the notebook folder"):
        staged.start(runs, run_id="run-2", **{**kwargs, "target": nbdir})


def test_the_worker_process_keeps_the_callers_logging_out_of_the_run(
    nbdir: Path, tmp_path: Path
) -> None:
    cfg = write_config(tmp_path / "reports.toml", RUNS[:1])
    runs = load_config(cfg, nbdir)
    (tmp_path / "staging").mkdir()
    plan = plan_report(runs, target=tmp_path / "reports", staging=tmp_path / "staging",
                       config_path=cfg, notebook_dir=nbdir)
    task = run_task(plan, plan.runs[0])
    # a caller that logs to its standard error, as Airflow's task processes do
    handler = logging.StreamHandler(sys.__stderr__)
    logging.getLogger("papermill").addHandler(handler)
    logging.getLogger("papermill").setLevel(logging.INFO)
    try:
        in_process = execute_run(task)
        assert in_process.files is not None and in_process.files.log == "one/one.log"
        assert "Input Notebook:" in (tmp_path / "staging" / "one" / "one.log").read_text()
        (tmp_path / "staging").rename(tmp_path / "staging-in-process")
        record = execute_in_process(task)
    finally:
        logging.getLogger("papermill").removeHandler(handler)
        logging.getLogger("papermill").setLevel(logging.NOTSET)
    assert (record.status, record.error) == ("ok", None)
    assert record.files is not None and record.files.log is None  # nothing the caller logged
    assert (tmp_path / "staging" / "one" / "results" / "value.csv").read_text() == "value\n1\n"


def test_a_worker_process_that_dies_fails_its_run(tmp_path: Path) -> None:
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    # the kernel's parent is the worker process
    write_notebook(nbdir / "kills.ipynb", "output_dir = None",
                   "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    cfg = write_config(tmp_path / "reports.toml", [{"notebook": "kills.ipynb", "name": "k"}])
    (tmp_path / "staging").mkdir()
    plan = plan_report(load_config(cfg, nbdir), target=tmp_path / "reports",
                       staging=tmp_path / "staging", config_path=cfg, notebook_dir=nbdir)
    record = execute_in_process(run_task(plan, plan.runs[0]))
    assert (record.status, record.error) == (
        "failed", "worker process died (SIGKILL) before the run finished")
    assert (tmp_path / "staging" / "k" / "k.html").is_file()


def test_a_second_start_while_a_report_is_in_progress_is_refused(
    nbdir: Path, tmp_path: Path
) -> None:
    """Issue 20: a second start while a DAG run was active deleted the first run's staging
    and .runs folders, and the first then published every run as failed."""
    cfg = write_config(tmp_path / "reports.toml", RUNS[:2])
    out = tmp_path / "reports"
    runs = load_config(cfg, nbdir)
    kwargs = {"target": out, "config_path": cfg, "notebook_dir": nbdir, "tag": "test"}
    first = staged.start(runs, run_id="run-1", **kwargs)
    staged.run(first, "one")
    before = {p: p.read_bytes() for p in tmp_path.glob(".reports.*/**/*") if p.is_file()}
    for active in (None, lambda run: True, lambda run: None):  # unknown counts as running
        with pytest.raises(PublishError) as caught:
            staged.start(runs, run_id="run-2", **kwargs,
                         **({} if active is None else {"active": active}))
        assert str(caught.value) == (
            f"{out}: the report of run 'run-1' is in progress ({first.staging.name}); wait "
            "for it to finish: one report of a folder at a time")
    assert {p: p.read_bytes() for p in tmp_path.glob(".reports.*/**/*") if p.is_file()} \
        == before  # nothing of the first run's touched, no folder of the second made
    staged.run(first, "two")
    assert [r.status for r in staged.finish(first)] == ["ok", "ok"]
    assert statuses(out) == {"one": "ok", "two": "ok"}
