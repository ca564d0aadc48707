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
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clusteranalysis import cli, config
from clusteranalysis.errors import ParameterError
from clusteranalysis.files import tree_hash
from clusteranalysis.report import ReportConfigError, load_config, run_report
from clusteranalysis.report.pool import cpu_count
from clusteranalysis.studies import params
from tests.support.data import replace_in
from tests.support.faults import (
    ROOT,
    Command,
    cli_env,
    descendants,
    files,
    in_private_mounts,
    last_lines,
    open_files,
    parent_of,
    private_mounts_available,
    running,
    snapshot,
    wait_gone,
)
from tests.support.notebooks import (
    F002,
    HANG_CELL,
    RUNS,
    make_repository,
    tiny_notebook,
    write_config,
    write_notebook,
)
from tests.support.reports import check_hashes


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
     ("report:staged", signal.SIGTERM), ("report:swapped", signal.SIGKILL),
     ("report:swapped", signal.SIGTERM), ("report:finished", signal.SIGTERM),
     ("report:finished", signal.SIGINT)],
    ids=["planned-SIGKILL", "staged-SIGKILL", "staged-SIGTERM", "swapped-SIGKILL",
         "swapped-SIGTERM", "finished-SIGTERM", "finished-Ctrl-C"],
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
    published = point in ("report:swapped", "report:finished")
    if published:  # the new report is in place, whole
        assert now != previous and set(statuses(repo / "reports").values()) == {"ok"}
        assert check_hashes(repo / "reports") == []
    else:
        assert now == previous
    if signum != signal.SIGKILL:
        stop = {signal.SIGTERM: "stopped by SIGTERM", signal.SIGINT: "interrupted (Ctrl-C)"}
        state = "" if published else f"; {repo / 'reports'} is as it was"
        assert command.process.returncode == 128 + signum
        assert last_lines(command.stderr())[-1] == f"clusteranalysis report: {stop[signum]}{state}"
        assert "Traceback" not in command.stderr()

    again = report_again(repo)
    assert again.returncode == 0, again.stderr
    assert outside(repo) == before
    assert set(statuses(repo / "reports").values()) <= {"ok", "unchanged"}


@pytest.mark.parametrize("seconds", [0.1, 0.5, 1.5])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_at_the_start_of_a_report_is_one_line(
    repo: Path, seconds: float, signum: int
) -> None:
    """Issue 20: Ctrl-C in the first ~2 s printed a traceback, SIGTERM no line at all."""
    before, previous = outside(repo), files(repo / "reports")
    command = start(repo, "--force")
    time.sleep(seconds)
    processes = descendants(command.pid) | {command.pid}
    command.signal(signum)
    code = command.wait()
    err = command.stderr()
    assert "Traceback" not in err, err
    lines = [x for x in last_lines(err) if not x.startswith("report: 3 runs")]
    stop = "stopped by SIGTERM" if signum == signal.SIGTERM else r"interrupted \(Ctrl-C\)"
    assert code == 128 + signum and len(lines) == 1, (code, err)
    assert re.fullmatch(rf"clusteranalysis report: {stop}(; {re.escape(str(repo / 'reports'))} "
                        "is as it was)?", lines[0]), lines
    assert wait_gone(processes, timeout=2) == set()
    assert files(repo / "reports") == previous and outside(repo) == before


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


# --------------------------------------------------------------------------- issue 20: data


READER_CELL = f"""
import pathlib
import clusteranalysis as ca

p = ca.load("participants")
row = p[(p["source"] == "{F002}") & (p["line"] == 38) & (p["participant_type"] == "companies")]
count = int(row["count"].iloc[0])
pathlib.Path(output_dir, "count.txt").write_text(str(count))
print("IT companies:", count)
ca.trace(row.iloc[0], context=0)
"""


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    """A repository with the real tables (a build output) and a raw copy whose 002 line 38
    says 約841社 where the document says 約840社 ("ＩＴ分野　約840社　3大学")."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    replace_in(root / "data" / "raw" / F002, "約840社", "約841社")
    shutil.copytree(ROOT / "data" / "processed", root / "data" / "processed")
    shutil.copytree(ROOT / "data" / "external", root / "data" / "external")
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "hang.ipynb", 'marker = ""\nrelease = ""\noutput_dir = None',
                   HANG_CELL)
    write_notebook(notebooks / "reader.ipynb", "output_dir = None", READER_CELL)
    write_config(root / "reports.toml", [
        {"notebook": "hang.ipynb", "name": "hang",
         "parameters": {"marker": "../kernel.pid", "release": "../release"}},
        {"notebook": "reader.ipynb", "name": "reader"},
    ])
    return root


def test_a_build_during_a_report_does_not_reach_its_runs(data_repo: Path) -> None:
    """Issue 20: a build eight seconds into a report gave pages with 841 (the new data)
    under a manifest stating the old hash. Now every run reads the snapshot the report took
    at its start, and the hash it states is that snapshot's."""
    root = data_repo
    processed = root / "data" / "processed"
    old_hash, _ = tree_hash(processed)
    command = start(root, "--jobs", "1")  # hang first, reader after it
    command.wait_for(root / "kernel.pid")
    build = subprocess.run(  # changes data/processed while the report runs: not blocked
        [sys.executable, "-m", "clusteranalysis.cli", "build"], cwd=root,
        env=cli_env(root, CLUSTERANALYSIS_ROOT=str(root)), capture_output=True, text=True,
        check=False, timeout=300)
    assert build.returncode == 0, build.stderr
    new_hash, _ = tree_hash(processed)
    assert new_hash != old_hash
    (root / "release").touch()
    assert command.wait() == 0, command.stderr()

    out = root / "reports"
    report = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert report["inputs"]["processed"]["sha256"] == old_hash
    assert {r["inputs"]["processed_sha256"] for r in report["runs"]} == {old_hash}
    assert (out / "reader" / "results" / "count.txt").read_text() == "840"  # 002 line 38
    page = (out / "reader" / "reader.html").read_text(encoding="utf-8")
    assert old_hash in page and new_hash not in page
    assert "IT companies: 840" in page
    assert ".processed" not in json.dumps(report["contents"])  # the snapshot is not published

    again = report_again(root)  # reads the new data, and says so; the reader runs again
    assert again.returncode == 0, again.stderr
    report = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert report["inputs"]["processed"]["sha256"] == new_hash
    assert {r["name"]: r["status"] for r in report["runs"]} == {"hang": "ok", "reader": "ok"}
    assert (out / "reader" / "results" / "count.txt").read_text() == "841"
    assert not list(root.glob(".reports*"))


def test_an_edit_of_the_raw_documents_during_a_report_does_not_reach_it(
        data_repo: Path) -> None:
    """A second hostile pass at issue 20: the raw documents were read live, so one page
    quoted 約841社 from a trace beside a manifest stating the raw hash of the start. The
    runs and the source pages read a copy of data/raw taken at the start."""
    root = data_repo
    raw_before, _ = tree_hash(root / "data" / "raw")
    command = start(root, "--jobs", "1")
    command.wait_for(root / "kernel.pid")
    document = root / "data" / "raw" / F002
    with document.open("r+", encoding="utf-8") as text:  # in place: the same file
        edited = text.read().replace("約841社", "約842社")
        text.seek(0)
        text.write(edited)
    (root / "release").touch()
    assert command.wait() == 0, command.stderr()
    out = root / "reports"
    report = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert report["inputs"]["raw"]["sha256"] == raw_before
    page = (out / "reader" / "reader.html").read_text(encoding="utf-8")
    assert "約841社" in page and "約842社" not in page  # as the fixture wrote line 38
    source = (out / "sources" / f"{F002}.html").read_text(encoding="utf-8")
    assert "約841社" in source and "約842社" not in source
    assert ".raw" not in json.dumps(report["contents"])  # the snapshot is not published
    assert not list(root.glob(".reports*"))


def test_a_config_that_is_no_plain_short_file_is_refused(tmp_path: Path) -> None:
    """A second hostile pass at issue 20: a link to /dev/zero was read until the machine ran
    out of memory (22 GB), a FIFO waited forever."""
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ReportConfigError, match="is not a plain file"):
        load_config(zero, tmp_path)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(ReportConfigError, match="is not a plain file"):
        load_config(fifo, tmp_path)
    big = tmp_path / "big.toml"
    big.write_text("#" * (2 << 20), encoding="utf-8")
    with pytest.raises(ReportConfigError, match="is larger than 1024 KiB"):
        load_config(big, tmp_path)
    with pytest.raises(ReportConfigError, match="is a folder"):
        load_config(tmp_path, tmp_path)


# --------------------------------------------------------------------------- issue 20: files


def test_a_link_at_the_report_lock_path_writes_nothing(
    tmp_path: Path, real_notebook_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's file\n")
    (tmp_path / ".reports.lock").symlink_to(victim)
    before = snapshot(tmp_path)
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out",
                           str(tmp_path / "reports"))
    assert (code, lines) == (1, [
        f"clusteranalysis report: error: {tmp_path / '.reports.lock'}: the lock file is a "
        f"symbolic link (to {victim}); refusing to write through it (remove the link, or "
        "choose another --out)"])
    assert snapshot(tmp_path) == before


def test_a_look_alike_manifest_does_not_make_a_report(
    tmp_path: Path, real_notebook_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.md").write_text("four years of work\n")
    (mine / "manifest.json").write_text(
        json.dumps({"generator": "clusteranalysis report", "contents": ["thesis.md"]}))
    before = snapshot(tmp_path)
    code, lines = run_main(capsys, "--config", str(real_notebook_config), "--out", str(mine))
    assert code == 1 and len(lines) == 1
    assert f"{mine} is not empty and is not a clusteranalysis report" in lines[0]
    assert snapshot(tmp_path) == before


def test_a_file_added_to_the_report_while_it_runs_is_kept(repo: Path) -> None:
    """Issue 20: a my_notes.md written into the report folder mid-run vanished, exit 0."""
    out = repo / "reports"
    command = start(repo, "--force")
    caught_mid_run(repo, command)
    (out / "my_notes.md").write_text("written while it ran\n")
    (repo / "release").touch()
    assert command.wait() == 0, command.stderr()
    assert (out / "my_notes.md").read_text() == "written while it ran\n"
    assert check_hashes(out) == ["my_notes.md"]  # all else is the new report's, whole
    assert set(statuses(out).values()) == {"ok"}
    assert (f"report: kept my_notes.md in {out}: not written by the report, it was added "
            "while it ran (move it out before the next report)") in command.stderr()
    assert not list(repo.glob(".reports.*"))


@pytest.mark.skipif(not private_mounts_available(), reason="needs a mount namespace")
def test_a_full_disk_during_a_report_is_one_line(repo: Path) -> None:
    """Issue 20: a full disk printed a 40-line traceback (failed_record raised inside its
    own except). One line naming the folder; the previous report as it was."""
    (repo / "release").touch()
    disk, results = repo / "disk", repo.parent / "results"
    disk.mkdir()
    results.mkdir()
    command = (f"{sys.executable} -m clusteranalysis.cli report --force --jobs 2 "
               f"--out {disk}/reports")
    script = f"""
        mount -t tmpfs -o size=2m tmpfs {disk}
        cp -a {repo}/reports {disk}/reports
        head -c 2M /dev/zero > {disk}/filler 2> /dev/null || true  # full
        truncate -s -16k {disk}/filler  # but for a few pages
        {command} 2> {results}/full.err || echo $? > {results}/full.rc
        ls -A {disk} > {results}/full.ls
        diff -r {repo}/reports {disk}/reports > {results}/full.diff || true
        rm {disk}/filler
        mount -o remount,size=8m {disk}  # space freed
        {command} 2> {results}/next.err && echo 0 > {results}/next.rc
        ls -A {disk} > {results}/next.ls
    """
    done = in_private_mounts(script, cli_env(repo, CLUSTERANALYSIS_ROOT=str(repo)), cwd=repo)
    assert done.returncode == 0, done.stderr

    def result(name: str) -> str:
        return (results / name).read_text()

    err = result("full.err")
    assert "Traceback" not in err, err
    lines = [x for x in last_lines(err) if not x.startswith("report: 3 runs")
             and not re.match(r"\s+(ok|failed|unchanged)  ", x)]
    assert result("full.rc") == "1\n" and len(lines) == 1, err
    # the file, when the failing call knew it, and the folder, which is as it was
    assert re.fullmatch(rf"clusteranalysis report: error: ({re.escape(str(disk))}/\S+: )?No "
                        rf"space left on device; {re.escape(str(disk))}/reports is as it was",
                        lines[0]), lines
    assert result("full.ls") == "filler\nreports\n" and result("full.diff") == ""
    assert result("next.rc") == "0\n" and result("next.ls") == "reports\n", result("next.err")


# --------------------------------------------------------------------------- issue 20: lines


def test_a_config_with_thousands_of_errors_is_one_line(
    tmp_path: Path, nbdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 20: 9,999 duplicate names printed 10,000 lines."""
    cfg = write_config(tmp_path / "reports.toml",
                       [{"notebook": "tiny.ipynb", "name": "a"}] * 10_000)
    code, lines = run_main(capsys, "--config", str(cfg), "--out", str(tmp_path / "r"))
    duplicate = "duplicate name (run #1 has it too)"
    assert (code, lines) == (1, [
        f"clusteranalysis report: error: {cfg}: 9,999 errors: "
        + "; ".join(f"run 'a' (#{n}): {duplicate}" for n in range(2, 7))
        + "; and 9,994 more"])


# --------------------------------------------------------------------------- issue 20: params


def test_papermill_output_dir_in_the_raw_folder_is_refused(tmp_path: Path) -> None:
    """Issue 20: `papermill … -p output_dir "$PWD/data/raw"` wrote 13 files into data/raw.
    The notebook's parameter check refuses it, as the commands refuse such an --out."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "01_budgets.ipynb", root / "notebooks")
    before = snapshot(root / "data")
    done = subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/01_budgets.ipynb", str(tmp_path / "o.ipynb"),
         "--cwd", "notebooks", "-p", "output_dir", str(root / "data" / "raw")],
        cwd=root, env=cli_env(root, CLUSTERANALYSIS_ROOT=str(root)), capture_output=True,
        text=True, check=False, timeout=300)
    assert done.returncode != 0
    assert (f"ParameterError: output_dir: refusing to write {root / 'data' / 'raw'}: it is the "
            "repository's data/raw/ folder") in done.stderr
    assert snapshot(root / "data") == before
