"""``clusteranalysis report`` as a hostile user would try it (issue 9): kill -9 of the
command or of one worker, SIGTERM and Ctrl-C mid-run and at each publishing step, odd
``--out`` and ``--config`` values, ``--jobs 1000``, a kernel that does not start.

Each test runs on a temporary copy of a small repository (``CLUSTERANALYSIS_ROOT``): tiny
notebooks, a little data, a previous report and a decoy folder. A notebook that must be
caught mid-run writes its kernel's pid to a marker file and waits for a release file, so
every signal lands at a known step, never after a guessed sleep.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clusteranalysis import cli, config
from clusteranalysis.errors import ParameterError
from clusteranalysis.report import run_report
from clusteranalysis.report.pool import cpu_count
from clusteranalysis.studies import params
from tests.support.faults import (
    ROOT,
    Command,
    cli_env,
    descendants,
    files,
    last_lines,
    open_files,
    parent_of,
    running,
    snapshot,
    wait_gone,
)
from tests.support.notebooks import tiny_notebook, write_config, write_notebook

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


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small repository with a first report in ``reports/``."""
    root = make_repository(tmp_path_factory.mktemp("template") / "repo")
    (root / "release").touch()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config, "PROCESSED_DIR", root / "data" / "processed")
        mp.setattr(config, "RAW_DIR", root / "data" / "raw")
        mp.setattr(config, "ROOT", root)
        assert run_report(root / "reports.toml", root / "reports",
                          notebook_dir=root / "notebooks", progress=False)
    (root / "release").unlink()
    (root / "kernel.pid").unlink()
    return root


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def start(repo: Path, *args: str, point: str | None = None) -> Command:
    env = cli_env(repo, point, CLUSTERANALYSIS_ROOT=str(repo))
    return Command.start(["report", *args], env, cwd=repo, log=repo.parent / "report.err")


def report_again(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The next run, as a person would type it."""
    return subprocess.run(
        [sys.executable, "-m", "clusteranalysis.cli", "report", *args],
        cwd=repo, env=cli_env(repo, CLUSTERANALYSIS_ROOT=str(repo)),
        capture_output=True, text=True, check=False, timeout=300,
    )


def outside(repo: Path) -> dict[str, tuple[object, ...]]:
    """Everything but the report folder and the hang notebook's own marker files."""
    found = snapshot(repo, exclude=repo / "reports")
    return {k: v for k, v in found.items() if k not in ("kernel.pid", "release", "fault.pid")}


def statuses(out: Path) -> dict[str, str]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {r["name"]: r["status"] for r in data["runs"]}


def caught_mid_run(repo: Path, command: Command) -> tuple[int, int, set[int]]:
    """Wait until the hang run's kernel is running; (kernel, worker, every process)."""
    kernel = command.wait_for(repo / "kernel.pid")
    worker = parent_of(kernel)
    assert parent_of(worker) == command.pid  # command -> worker -> kernel
    processes = descendants(command.pid) | {command.pid}
    assert {kernel, worker} <= processes
    lock = str(repo / ".reports.lock")
    assert lock in open_files(command.pid)
    holders = {p for p in processes if lock in open_files(p)}
    assert holders == {command.pid}, "a worker or kernel holds the lock"
    return kernel, worker, processes


# --------------------------------------------------------------------------- mid-run


def test_kill_9_of_the_command_mid_run(repo: Path) -> None:
    before, previous = outside(repo), files(repo / "reports")
    command = start(repo, "--force")
    _, _, processes = caught_mid_run(repo, command)
    command.signal(signal.SIGKILL)
    assert command.wait() == -signal.SIGKILL
    assert wait_gone(processes) == set()  # workers die with it, kernels with them
    assert files(repo / "reports") == previous

    (repo / "release").touch()
    again = report_again(repo)
    assert again.returncode == 0, again.stderr
    assert f"report: took over the lock of pid {command.pid} on" in again.stderr
    assert "which is no longer running" in again.stderr
    assert "report: removed what an interrupted run left beside reports: " \
           ".reports.staging-" in again.stderr
    assert outside(repo) == before  # no lock file, no staging folder left
    assert statuses(repo / "reports") == {"one": "unchanged", "two": "unchanged",
                                          "hang": "unchanged"}


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(signal.SIGTERM, 143, "stopped by SIGTERM"), (signal.SIGINT, 130, "interrupted (Ctrl-C)")],
    ids=["SIGTERM", "Ctrl-C"],
)
def test_sigterm_and_ctrl_c_mid_run(repo: Path, signum: int, code: int, line: str) -> None:
    before, previous = outside(repo), files(repo / "reports")
    command = start(repo, "--force")
    _, _, processes = caught_mid_run(repo, command)
    command.signal(signum)
    assert command.wait() == code
    err = command.stderr()
    assert "Traceback" not in err
    assert last_lines(err)[-1] == f"clusteranalysis report: {line}; {repo / 'reports'} is as it was"
    assert wait_gone(processes, timeout=3) == set()  # stopped before the command ended
    assert files(repo / "reports") == previous
    assert outside(repo) == before  # cleaned up at once

    (repo / "release").touch()
    again = report_again(repo)
    assert again.returncode == 0, again.stderr
    assert "took over" not in again.stderr and "removed" not in again.stderr


def test_kill_9_of_one_worker_fails_only_its_run(repo: Path) -> None:
    command = start(repo, "--force", "--jobs", "2")
    kernel, worker, _ = caught_mid_run(repo, command)
    os.kill(worker, signal.SIGKILL)
    assert command.wait() == 1  # a run failed
    assert wait_gone({worker, kernel}) == set()  # the kernel did not outlive its worker
    report = json.loads((repo / "reports" / "manifest.json").read_text(encoding="utf-8"))
    runs = {r["name"]: r for r in report["runs"]}
    assert {n: r["status"] for n, r in runs.items()} == {"one": "ok", "two": "ok",
                                                          "hang": "failed"}
    assert runs["hang"]["error"] == "worker process died (SIGKILL) before the run finished"
    assert runs["hang"]["last_good"]["page"] == "hang.last-good/hang.html"
    assert (repo / "reports" / "hang.last-good" / "hang.html").is_file()
    assert "Traceback" not in command.stderr()
    assert not list(repo.glob(".reports*"))


# --------------------------------------------------------------------------- publishing


@pytest.mark.parametrize(
    ("point", "signum"),
    [("report:planned", signal.SIGKILL), ("report:staged", signal.SIGKILL),
     ("report:staged", signal.SIGTERM), ("report:swapped", signal.SIGKILL)],
    ids=["planned-SIGKILL", "staged-SIGKILL", "staged-SIGTERM", "swapped-SIGKILL"],
)
def test_interrupted_while_publishing(repo: Path, point: str, signum: int) -> None:
    (repo / "release").touch()  # the hang run finishes at once
    before, previous = outside(repo), files(repo / "reports")
    command = start(repo, "--force", point=point)
    assert command.wait_for(repo / "fault.pid") == command.pid
    processes = descendants(command.pid) | {command.pid}
    command.signal(signum)
    command.wait()
    assert wait_gone(processes) == set()
    now = files(repo / "reports")
    if point == "report:swapped":  # the new report is in place, whole
        assert now != previous and set(statuses(repo / "reports").values()) == {"ok"}
    else:
        assert now == previous
    if signum == signal.SIGTERM:
        assert command.process.returncode == 143
        assert last_lines(command.stderr())[-1] == (
            f"clusteranalysis report: stopped by SIGTERM; {repo / 'reports'} is as it was")

    again = report_again(repo)
    assert again.returncode == 0, again.stderr
    assert outside(repo) == before
    assert set(statuses(repo / "reports").values()) <= {"ok", "unchanged"}


# --------------------------------------------------------------------------- refusals


@pytest.fixture
def real_notebook_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "reports.toml", [{"notebook": "01_budgets.ipynb", "name": "b"}])


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = cli.main(["report", *args])
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("decoy", "is not empty and is not a clusteranalysis report (no valid manifest.json "
                  "listing the SHA-256 of each file)"),
        ("file.txt", "file.txt: is a file, not a folder"),
        ("file.txt/sub", "file.txt is a file, not a folder"),
        ("link", "link: is a symbolic link"),
        (".", "is not empty and is not a clusteranalysis report"),
    ],
)
def test_report_refuses_what_it_did_not_write(
    tmp_path: Path, real_notebook_config: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    (tmp_path / "decoy").mkdir()
    (tmp_path / "decoy" / "thesis.tex").write_text("precious\n")
    (tmp_path / "file.txt").write_text("a file\n")
    (tmp_path / "link").symlink_to(tmp_path / "decoy")
    monkeypatch.chdir(tmp_path / "decoy" if target == "." else tmp_path)
    before = snapshot(tmp_path)
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out", target)
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("clusteranalysis report: error: ") and message in lines[0]
    assert snapshot(tmp_path) == before  # no lock file, nothing moved


def test_report_into_the_raw_folder_leaves_no_lock(
    real_notebook_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in config.RAW_DIR.parent.iterdir())
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out",
                           str(config.RAW_DIR))
    assert code == 1 and len(lines) == 1
    assert "refusing to write" in lines[0] and "data/raw" in lines[0]
    assert not (config.RAW_DIR.parent / ".raw.lock").exists()
    assert sorted(p.name for p in config.RAW_DIR.parent.iterdir()) == before


def test_report_with_files_added_by_hand_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], real_notebook_config: Path
) -> None:
    out = repo / "reports"
    (out / "my-summary.md").write_text("mine\n")
    (out / "one" / "results" / "extra.png").write_bytes(b"png")
    before = snapshot(repo)
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out", str(out))
    assert code == 1 and len(lines) == 1
    assert ("holds files the report did not write: my-summary.md, one/results/extra.png; "
            "move them out first (the folder belongs to the report command") in lines[0]
    assert snapshot(repo) == before


def test_report_in_a_read_only_folder_is_one_line(
    tmp_path: Path, real_notebook_config: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    real_open = os.open

    def refusing_open(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if Path(path).parent == parent and flags & os.O_CREAT:  # what EROFS/EACCES look like
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kw)

    if os.geteuid() == 0:  # root may write anyway: answer as the kernel answers a user
        monkeypatch.setattr(os, "open", refusing_open)
    else:
        parent.chmod(0o555)
        monkeypatch.setattr(os, "access", lambda *a, **kw: True)  # get past the early check
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out",
                           str(parent / "reports"))
    parent.chmod(0o755)
    assert (code, lines) == (1, [f"clusteranalysis report: error: {parent / '.reports.lock'}: "
                                 "cannot create the lock file: Permission denied"])
    assert list(parent.iterdir()) == []


# --------------------------------------------------------------------------- config errors


@pytest.fixture
def nbdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(folder)
    write_notebook(folder / "01_budgets.ipynb", "currency = 'JPY'\noutput_dir = None")
    (folder / "broken.ipynb").write_text("{ not json", encoding="utf-8")
    (folder / "folder.ipynb").mkdir()
    monkeypatch.setattr(config, "NOTEBOOK_DIR", folder)
    return folder


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ([{"notebook": "broken.ipynb", "name": "a"}],
         "run 'a' (#1): broken.ipynb: not a notebook (not JSON: "),
        ([{"notebook": "folder.ipynb", "name": "a"}],
         "run 'a' (#1): folder.ipynb in {nbdir} is a folder, not a notebook"),
        ([{"notebook": "tiny.ipynb", "name": "a", "parameters": {"value": math.inf}}],
         "run 'a' (#1): value must be a finite number (got inf)"),
        ([{"notebook": "01_budgets.ipynb", "name": "a", "parameters": {"jpy_per_usd": math.inf}}],
         "run 'a' (#1): jpy_per_usd must be a finite number (got inf)"),
    ],
    ids=["not-json", "folder", "inf", "jpy-per-usd-inf"],
)
def test_config_errors_are_one_line(
    tmp_path: Path, nbdir: Path, capsys: pytest.CaptureFixture[str], runs: list[dict],
    message: str
) -> None:
    cfg = tmp_path / "reports.toml"
    write_config(cfg, runs)
    text = cfg.read_text().replace("Infinity", "inf")  # TOML spells it inf
    cfg.write_text(text)
    code, lines = run_main(capsys, "--config", str(cfg), "--out", str(tmp_path / "r"))
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("clusteranalysis report: error: ")
    assert message.format(nbdir=nbdir) in lines[0]
    assert not (tmp_path / "r").exists() and not list(tmp_path.glob(".r*"))


def test_config_that_is_a_folder_is_one_line(
    tmp_path: Path, nbdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_main(capsys, "--config", str(nbdir), "--out", str(tmp_path / "r"))
    assert (code, lines) == (1, [f"clusteranalysis report: error: {nbdir}: is a folder, "
                                 "not a TOML file"])


def test_non_finite_rate_is_rejected_by_the_notebook_check_too() -> None:
    for value in (math.inf, -math.inf, math.nan):
        with pytest.raises(ParameterError, match="jpy_per_usd must be a positive number"):
            params.validate("01_budgets.ipynb", {"jpy_per_usd": value}, partial=True)


# --------------------------------------------------------------------------- kernels, jobs


def test_jobs_is_capped_at_the_cpus(repo: Path) -> None:
    (repo / "release").touch()
    done = report_again(repo, "--force", "--jobs", "1000")
    assert done.returncode == 0, done.stderr
    cpus = cpu_count()
    assert (f"report: --jobs 1000 is more than the {cpus} CPUs here; running at most {cpus} at "
            "a time") in done.stderr
    assert f"3 to execute (0 unchanged), {min(cpus, 3)} at a time" in done.stderr
    manifest = json.loads((repo / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["jobs"] == cpus


FLAKY_KERNEL = """
import os, sys
count = {count!r}
if not os.path.exists(count):  # the first start fails, as a kernel whose port was taken
    open(count, "w").close()
    sys.exit("flaky kernel: Address already in use")
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *sys.argv[1:]])
"""


def test_a_kernel_that_does_not_start_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    count = tmp_path / "started-once"
    (spec / "flaky.py").write_text(FLAKY_KERNEL.format(count=str(count)))
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(spec / "flaky.py"), "-f", "{connection_file}"],
        "display_name": "Python 3 (flaky)", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    root = make_repository(tmp_path / "repo")
    monkeypatch.setattr(config, "PROCESSED_DIR", root / "data" / "processed")
    monkeypatch.setattr(config, "RAW_DIR", root / "data" / "raw")
    write_config(root / "reports.toml", RUNS[:1])
    assert run_report(root / "reports.toml", root / "reports", notebook_dir=root / "notebooks",
                      progress=False)
    assert count.exists()  # the first start did fail
    assert statuses(root / "reports") == {"one": "ok"}
    log = (root / "reports" / "one" / "one.log").read_text()
    assert "the kernel did not start (RuntimeError: Kernel died before replying to " \
           "kernel_info); starting another (attempt 2 of 3)" in log
    assert not any(running(p) for p in descendants(os.getpid()))
