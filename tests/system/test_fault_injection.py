"""Kills at random moments (issue 20): 20 of a build and 20 of a report, with a fixed seed.

Each kill sends SIGKILL, SIGTERM or Ctrl-C (SIGINT to the process group, as a terminal
does) at a moment drawn between 0.1 s after the start and the length of an uninterrupted
run (measured first; a draw past the end of the run is not a kill, and is drawn again).
The first 0.1 s are left out: they are the interpreter's own start, before any of the
command's code has run (the command listens from a few milliseconds in, test_safety_*
check 0.1 s itself). After each kill the test checks:

1. the output is the previous one byte for byte, or the new one complete (the build's
   exact bytes; for the report, a manifest whose SHA-256s account for every file);
2. no process the command started is left after 2 s (each carries a tag in its
   environment, so a kernel is found even when its parent is gone);
3. from SIGTERM and Ctrl-C, exactly one line from the command once it got the signal (only
   progress lines already under way besides), no traceback, and 143 or 130;
4. the next run, as a person would start it, recovers unattended: it succeeds, leaves
   nothing beside the output, and names nothing it had to leave alone.

Each killed run writes the other of two states, so that "previous" and "new" always
differ: the build reads one of two raw folders; the report runs with ``--force`` (a new
report differs in its timestamps), and the next run, without it, reuses the runs of
whichever report it finds, so that it is quick.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clusteranalysis import config
from clusteranalysis.build.command import build
from clusteranalysis.report import run_report
from tests.support.data import PROCESSED, RAW, replace_in
from tests.support.faults import (
    TAG_ENV,
    Command,
    cli_env,
    files,
    last_lines,
    snapshot,
    stray_processes,
)
from tests.support.notebooks import make_repository, statuses, write_config
from tests.support.reports import check_hashes

SEED = 20
KILLS = 20
EARLIEST = 0.1  # seconds
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
STOP_LINES = {signal.SIGTERM: "stopped by SIGTERM", signal.SIGINT: "interrupted (Ctrl-C)"}
F002 = "002_0f5a4630d1886fda.txt"


@dataclass
class Kill:
    """One killed run: what the checks found (the test asserts on all of them at the end,
    so that a failure shows every kill, with its seed-drawn moment and signal)."""

    number: int
    signal: str
    at: float
    code: int | None
    problems: list[str] = field(default_factory=list)


def stop_lines(err: str, offset: int, command: str, signum: int) -> list[str]:
    """What is wrong with the lines the command wrote once it got the signal."""
    problems = []
    if "Traceback" in err:
        problems.append("a traceback: " + err[err.index("Traceback"):][:300])
    if signum == signal.SIGKILL:
        return problems
    after = [x for x in last_lines(err[offset:]) if not PROGRESS.match(x)]
    expected = re.compile(rf"{command}: {re.escape(STOP_LINES[signum])}(; .* is as it was)?")
    if len(after) != 1 or not expected.fullmatch(after[0]):
        problems.append(f"not one stop line after the signal: {after}")
    return problems


# lines that may be under way when the signal comes
PROGRESS = re.compile(r"(reading |wrote |warning: |built |report: \d+ runs|\S+: \d+ numbers, "
                      r"|\s+(ok|failed|unchanged)  )")


def kill_at_random(
    rng: random.Random, horizon: float, start: Callable[[str], Command], number: int
) -> tuple[Kill, str] | None:
    """Start a run, send a drawn signal at a drawn moment; None if the run ended first."""
    tag = uuid.uuid4().hex
    signum = rng.choice(SIGNALS)
    at = rng.uniform(EARLIEST, horizon)
    command = start(tag)
    time.sleep(at)
    if command.process.poll() is not None:
        command.wait()
        return None
    offset = command.stderr_path.stat().st_size
    command.signal(signum)
    code = command.wait()
    if code == 0:  # it finished as the signal came: not a kill
        return None
    kill = Kill(number, signal.Signals(signum).name, round(at, 2), code)
    wanted = -signal.SIGKILL if signum == signal.SIGKILL else 128 + signum
    if code != wanted:
        kill.problems.append(f"exit status {code}, not {wanted}")
    deadline = time.monotonic() + 2
    while stray_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    if stray_processes(tag):
        kill.problems.append(f"processes left after 2 s: {sorted(stray_processes(tag))}")
    # offset counts bytes (the file's size at the signal): cut the bytes, then decode, since
    # the progress bar's █ takes three bytes and one character
    raw = command.stderr_path.read_bytes()
    before = raw[:offset].decode("utf-8", "replace")
    err = before + raw[offset:].decode("utf-8", "replace")
    kill.problems += stop_lines(err, len(before), command_name(command), signum)
    return kill, tag


def command_name(command: Command) -> str:
    return "clusteranalysis " + command.process.args[3]  # type: ignore[index]


def report_failures(kills: list[Kill]) -> str:
    return "\n".join(f"kill {k.number} ({k.signal} at {k.at} s, exit {k.code}): "
                     + "; ".join(k.problems) for k in kills if k.problems)


# --------------------------------------------------------------------------- the build


class TestBuildKills:
    def test_twenty_kills_of_a_build(self, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
        shutil.copytree(RAW, tmp_path / "raw-a")
        shutil.copytree(RAW, tmp_path / "raw-b")
        # 002 line 41 says 約1,490社 (Tokai's companies, a row no judgement names); raw-b
        # says 約1,500社
        replace_in(tmp_path / "raw-b" / F002, "約1,490社", "約1,500社")
        out = tmp_path / "out"
        shutil.copytree(PROCESSED, out)  # what raw-a builds (test_build checks)
        states = {"raw-a": files(out)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # raw-b's hash differs from SHA256SUMS
            build(tmp_path / "raw-b", tmp_path / "reference")
        states["raw-b"] = files(tmp_path / "reference")
        shutil.rmtree(tmp_path / "reference")
        assert states["raw-a"] != states["raw-b"]
        current = "raw-a"

        def start(tag: str) -> Command:
            raw = tmp_path / ("raw-b" if current == "raw-a" else "raw-a")
            return Command.start(["build", "--raw", str(raw), "--out", str(out)],
                                 cli_env(tmp_path, **{TAG_ENV: tag}), cwd=tmp_path,
                                 log=tmp_path.parent / f"{tmp_path.name}.err")

        began = time.monotonic()
        calibration = start("calibration")
        assert calibration.wait() == 0, calibration.stderr()
        horizon = time.monotonic() - began
        current = "raw-b"
        assert files(out) == states[current]
        beside = sorted(p.name for p in tmp_path.iterdir())

        rng = random.Random(SEED)
        kills: list[Kill] = []
        for attempt in range(3 * KILLS):  # noqa: B007 (printed below)
            if len(kills) == KILLS:
                break
            previous = current
            new = "raw-b" if current == "raw-a" else "raw-a"
            result = kill_at_random(rng, horizon, start, len(kills) + 1)
            if result is None:  # finished first: the new output is in place, whole
                assert files(out) == states[new]
                current = new
                continue
            kill, _ = result
            kills.append(kill)
            now = files(out)
            if now not in (states[previous], states[new]):
                kill.problems.append("the output is neither the previous nor the new one")
            capsys.readouterr()
            with warnings.catch_warnings():  # the next run, unattended
                warnings.simplefilter("ignore")
                try:
                    build(tmp_path / new, out)
                except Exception as exc:
                    kill.problems.append(f"the next run failed: {exc}")
            notes = capsys.readouterr().err
            if "left alone" in notes:
                kill.problems.append(f"the next run did not recognise a leftover: {notes}")
            if files(out) != states[new]:
                kill.problems.append("the next run did not write the new output")
            if sorted(p.name for p in tmp_path.iterdir()) != beside:
                kill.problems.append(
                    f"left beside: {sorted(p.name for p in tmp_path.iterdir())}")
            current = new
        print(f"build: {len(kills)} kills in {attempt + 1} tries, {horizon:.1f} s a run")
        assert len(kills) == KILLS
        assert report_failures(kills) == ""
        assert {k.signal for k in kills} == {s.name for s in SIGNALS}


# --------------------------------------------------------------------------- the report


class TestReportKills:
    def test_twenty_kills_of_a_report(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        root = make_repository(tmp_path / "repo")
        (root / "release").touch()  # the hang notebook is not used: two tiny runs
        config_path = root / "reports.toml"
        out = root / "reports"
        monkeypatch.setattr(config, "PROCESSED_DIR", root / "data" / "processed")
        monkeypatch.setattr(config, "RAW_DIR", root / "data" / "raw")
        monkeypatch.setattr(config, "ROOT", root)

        write_config(config_path, [{"notebook": "tiny.ipynb", "name": "one"}])

        def start(tag: str) -> Command:
            env = cli_env(root, CLUSTERANALYSIS_ROOT=str(root), **{TAG_ENV: tag})
            return Command.start(["report", "--force"], env, cwd=root,
                                 log=tmp_path / "report.err")

        def whole(folder: Path) -> bool:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            return check_hashes(folder) == [] and all(
                r["status"] in ("ok", "unchanged") for r in manifest["runs"])

        began = time.monotonic()
        calibration = start("calibration")
        assert calibration.wait() == 0, calibration.stderr()
        horizon = time.monotonic() - began
        beside = outside(root)

        rng = random.Random(SEED)
        kills: list[Kill] = []
        for attempt in range(3 * KILLS):  # noqa: B007 (printed below)
            if len(kills) == KILLS:
                break
            previous = files(out)
            result = kill_at_random(rng, horizon, start, len(kills) + 1)
            if result is None:
                assert whole(out) and files(out) != previous
                continue
            kill, _ = result
            kills.append(kill)
            now = files(out)
            if now != previous and not whole(out):
                kill.problems.append("the report is neither the previous nor a whole new one")
            capsys.readouterr()
            try:  # the next run, unattended (what the kill left, then unchanged runs)
                ok = run_report(config_path, out, notebook_dir=root / "notebooks",
                                progress=False)
            except Exception as exc:
                kill.problems.append(f"the next run failed: {exc}")
            else:
                if not ok or not whole(out) or statuses(out) != {"one": "unchanged"}:
                    kill.problems.append("the next run did not write a whole report")
            notes = capsys.readouterr().err
            if "left alone" in notes:
                kill.problems.append(f"the next run did not recognise a leftover: {notes}")
            if outside(root) != beside:
                kill.problems.append("something left beside the report")
        print(f"report: {len(kills)} kills in {attempt + 1} tries, {horizon:.1f} s a run")
        assert len(kills) == KILLS
        assert report_failures(kills) == ""
        assert {k.signal for k in kills} == {s.name for s in SIGNALS}


def outside(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything of the repository but the report folder."""
    return snapshot(root, exclude=root / "reports")
