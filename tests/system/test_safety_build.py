"""``clusteranalysis build`` as a hostile user would try it (issue 9): decoy folders, odd
``--out`` values, bad metadata files, kill -9, SIGTERM and Ctrl-C at each step.

Every test works on a temporary copy: a raw folder, a previous output, decoy folders with
marker files. Each checks that nothing outside the output folder changed, that the
previous output is byte-identical whenever the command stopped before its swap, that the
next run succeeds with no manual clean-up, and the exit status and its one line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from clusteranalysis import cli, config
from clusteranalysis.build.command import BUILD_OUTPUT, build
from clusteranalysis.safety import faults
from clusteranalysis.safety.lock import Lock
from tests.support.data import PROCESSED, RAW, replace_in
from tests.support.faults import (
    Command,
    cli_env,
    files,
    in_private_mounts,
    last_lines,
    private_mounts_available,
    running,
    snapshot,
    wait_gone,
)

F002 = "002_0f5a4630d1886fda.txt"
# 002 line 41: "ものづくり分野　約1,490社　26大学" (Tokai's companies, a row no judgement of the
# register names); the changed copy says 約1,500社, so a new output differs from the
# previous one in participants.csv.
TOKAI_OLD, TOKAI_NEW = "約1,490社", "約1,500社"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace: raw/ (changed), out/ (a previous build), decoys with marker files."""
    shutil.copytree(RAW, tmp_path / "raw")
    replace_in(tmp_path / "raw" / F002, TOKAI_OLD, TOKAI_NEW)
    shutil.copytree(PROCESSED, tmp_path / "out")  # equals a fresh build (test_build checks)
    decoy = tmp_path / "decoy"
    (decoy / "sub").mkdir(parents=True)
    (decoy / "thesis.tex").write_text("precious\n")
    (decoy / ".hidden").write_text("also precious\n")
    (decoy / "sub" / "notes.md").write_text("notes\n")
    (tmp_path / "file.txt").write_text("a file\n")
    (tmp_path / "link").symlink_to(decoy)
    other = tmp_path / "other-package"
    other.mkdir()
    (other / "datapackage.json").write_text('{"name": "someone-else", "resources": []}\n')
    (other / "data.csv").write_text("x\n1\n")
    report = tmp_path / "a-report"
    report.mkdir()
    (report / "manifest.json").write_text('{"generator": "clusteranalysis report"}\n')
    return tmp_path


@pytest.fixture(scope="module")
def new_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a build of the changed raw folder writes."""
    root = tmp_path_factory.mktemp("reference")
    shutil.copytree(RAW, root / "raw")
    replace_in(root / "raw" / F002, TOKAI_OLD, TOKAI_NEW)
    with pytest.warns(UserWarning, match=F002):
        build(root / "raw", root / "out")
    return files(root / "out")


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``clusteranalysis build ...`` in this process; its status and stderr lines."""
    code = cli.main(["build", *args])
    err = capsys.readouterr().err
    return code, [x for x in err.splitlines() if not x.startswith(("reading ", "warning: "))]


# --------------------------------------------------------------------------- refusals

REFUSALS = [
    ("user-folder", "decoy", "is not empty and is not a clusteranalysis build output"),
    ("raw-folder", "raw", "it is the raw documents folder (--raw)"),
    ("inside-raw", "raw/sub", "it is inside the raw documents folder (--raw)"),
    ("contains-raw", ".", "it contains the raw documents folder (--raw)"),
    ("file", "file.txt", "file.txt: is a file, not a folder"),
    ("under-a-file", "file.txt/sub", "file.txt is a file, not a folder"),
    ("symlink", "link", "link: is a symbolic link"),
    ("missing-parent", "nope/out", "does not exist; create it first"),
    ("other-datapackage", "other-package", "is not a clusteranalysis build output"),
    ("a-report", "a-report", "is not a clusteranalysis build output"),
]


@pytest.mark.parametrize(("target", "message"), [r[1:] for r in REFUSALS],
                         ids=[r[0] for r in REFUSALS])
def test_build_refuses_what_it_did_not_write(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    target: str, message: str
) -> None:
    monkeypatch.chdir(ws)
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", "raw", "--out", target)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("clusteranalysis build: error: "), lines
    assert message in lines[0]
    assert snapshot(ws) == before  # nothing moved, deleted or created (no lock file either)


def test_build_refuses_dot_in_a_user_folder(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "decoy")
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", ".")
    assert code == 1 and len(lines) == 1
    assert f"{ws / 'decoy'} is not empty and is not a clusteranalysis build output" in lines[0]
    assert snapshot(ws) == before


def test_build_refuses_an_output_with_files_added(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ws / "out" / "my-notes.txt").write_text("mine\n")
    (ws / "out" / "extra").mkdir()
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert code == 1 and len(lines) == 1
    assert "holds files the build did not write: extra/, my-notes.txt" in lines[0]
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        ("", "it is the repository"),
        ("notebooks", "it is the repository's notebooks/ folder"),
        ("src/newdir", "it is inside the repository's src/ folder"),
        ("src/clusteranalysis/newdir", "it is inside the clusteranalysis package"),
        ("data", "it contains the repository's data/raw/ folder"),
    ],
)
def test_build_refuses_the_repository_folders(
    ws: Path, capsys: pytest.CaptureFixture[str], rel: str, message: str
) -> None:
    target = config.ROOT / rel
    existed = target.exists()
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(target))
    assert code == 1 and len(lines) == 1 and message in lines[0], lines
    assert target.exists() == existed
    assert not (target.parent / f".{target.name}.lock").exists()


def test_build_subprocess_refusal_is_one_line(ws: Path) -> None:
    """The real command, for one refusal: exit 1, one line, no traceback."""
    before = snapshot(ws)
    done = subprocess.run(
        [sys.executable, "-m", "clusteranalysis.cli", "build", "--raw", str(ws / "raw"),
         "--out", str(ws / "decoy")], capture_output=True, text=True, env=cli_env(ws),
        check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"clusteranalysis build: error: {ws / 'decoy'} is not empty and is not a "
        "clusteranalysis build output (no valid datapackage.json listing the SHA-256 of each "
        "file); choose another --out, or empty the folder yourself"
    ]
    assert snapshot(ws) == before


# --------------------------------------------------------------------------- bad input files


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("SHA256SUMS", b"not a checksum line\n", "SHA256SUMS:1: not a '<SHA-256>  <file name>'"
         " line: 'not a checksum line'"),
        ("SHA256SUMS", b"\xff\xfe 000.txt\n", "SHA256SUMS:1: not UTF-8 text"),
        ("sources.csv", b"file,title\n000.txt,caf\xe9\n", "sources.csv:2: not UTF-8 text"),
    ],
    ids=["malformed-sums", "sums-not-utf8", "catalogue-not-utf8"],
)
def test_bad_metadata_file_is_one_line(
    ws: Path, capsys: pytest.CaptureFixture[str], file: str, content: bytes, message: str
) -> None:
    if file == "SHA256SUMS":  # the damage after a good first line: the line number counts
        good = (ws / "raw" / file).read_bytes().splitlines(keepends=True)[0]
        content, message = good + content, message.replace(":1:", ":2:")
    (ws / "raw" / file).write_bytes(content)
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("clusteranalysis build: error: " + message), lines
    assert snapshot(ws) == before


def test_unreadable_raw_file_is_one_line(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ws / "raw" / F002
    before = snapshot(ws)
    if os.geteuid() == 0:  # root reads any file: make this one fail as for other users
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    else:
        path.chmod(0)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    path.chmod(0o644)
    monkeypatch.undo()
    assert code == 1 and lines == [
        f"clusteranalysis build: error: {path}: cannot read: Permission denied"
    ]
    assert snapshot(ws) == before


def test_read_only_parent_is_one_line(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = ws / "locked"
    parent.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: answer as the kernel would answer a user
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != parent
                            and real_access(p, mode, **kw))
    else:
        parent.chmod(0o555)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(parent / "out"))
    parent.chmod(0o755)
    assert code == 1 and lines == [
        f"clusteranalysis build: error: {parent}: read-only folder; cannot write out in it"
    ]
    assert list(parent.iterdir()) == []


def test_lock_file_that_cannot_be_created_is_one_line(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``mkdtemp`` or the lock file met in a read-only folder: EACCES from the kernel."""
    real_open = os.open

    def refusing_open(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if Path(path).parent == ws and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refusing_open)
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert code == 1 and lines == [
        f"clusteranalysis build: error: {ws / '.out.lock'}: cannot create the lock file: "
        "Permission denied"
    ]
    assert snapshot(ws) == before


def test_read_only_output_is_refused(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = ws / "out"
    if os.geteuid() == 0:
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != out
                            and real_access(p, mode, **kw))
    else:
        out.chmod(0o555)
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(out))
    out.chmod(0o755)
    assert code == 1 and lines == [
        f"clusteranalysis build: error: {out}: read-only folder; cannot replace {out}"
    ]
    assert snapshot(ws) == before


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o755), (0o027, 0o750)])
def test_output_folder_has_the_usual_permissions(ws: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        with pytest.warns(UserWarning):
            build(ws / "raw", ws / "new")  # a new folder
            build(ws / "raw", ws / "out")  # replacing one
    finally:
        os.umask(previous)
    assert (ws / "new").stat().st_mode & 0o777 == mode
    assert (ws / "out").stat().st_mode & 0o777 == mode


# --------------------------------------------------------------------------- the lock


def test_a_build_in_progress_stops_a_second_one(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = (ws / "out").resolve()
    with Lock(target, BUILD_OUTPUT):
        before = snapshot(ws)
        code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
        assert snapshot(ws) == before
    assert code == 1 and len(lines) == 1
    assert f"another build is being written to {target} (pid {os.getpid()} on" in lines[0]
    assert not (ws / ".out.lock").exists()  # released and removed


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_lock_left_by_a_dead_build_is_taken_over(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    dead = _dead_pid()
    lock = ws / ".out.lock"
    lock.write_text(f"pid {dead} on {socket.gethostname()} since 2025-01-01T00:00:00+00:00\n")
    with pytest.warns(UserWarning):
        build(ws / "raw", ws / "out")
    assert capsys.readouterr().err.splitlines() == [
        f"build: took over the lock of pid {dead} on {socket.gethostname()} since "
        "2025-01-01T00:00:00+00:00, which is no longer running"
    ]
    assert files(ws / "out") == new_output
    assert not lock.exists()


def test_a_lock_held_by_an_orphan_of_a_dead_build_is_taken_over(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: a forked worker that outlived its parent holds the flock."""
    dead = _dead_pid()
    lock = ws / ".out.lock"
    holder = textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"pid {dead} on {socket.gethostname()} since 2025-01-01T00:00:00+00:00\\n")
        print("locked", flush=True)
        time.sleep(120)
    """)
    orphan = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert orphan.stdout is not None and orphan.stdout.readline() == "locked\n"
        with pytest.warns(UserWarning):
            build(ws / "raw", ws / "out")
    finally:
        orphan.kill()
        orphan.wait()
    err = capsys.readouterr().err
    assert f"build: took over the lock of pid {dead} on" in err
    assert "a process it left behind still holds .out.lock" in err
    assert files(ws / "out") == new_output
    assert not lock.exists()


# --------------------------------------------------------------------------- interruptions

KILLS = [
    ("build:parsed", signal.SIGKILL),
    ("build:parsed", signal.SIGTERM),
    ("build:staged", signal.SIGKILL),
    ("build:staged", signal.SIGTERM),
    ("build:staged", signal.SIGINT),
    ("build:swapped", signal.SIGKILL),
    ("build:swapped", signal.SIGTERM),
    ("build:swapped", signal.SIGINT),
    # issue 20: just after publishing, SIGTERM ended the process with no line
    ("build:finished", signal.SIGTERM),
    ("build:finished", signal.SIGINT),
    # a second pass at issue 20: SIGHUP (a closed terminal) stopped it with no line,
    # leaving the lock and the staging folder
    ("build:staged", signal.SIGHUP),
]


@pytest.mark.parametrize(("point", "signum"), KILLS,
                         ids=[f"{p.split(':')[1]}-{s.name}" for p, s in KILLS])
def test_interrupted_build(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str],
    point: str, signum: signal.Signals
) -> None:
    out = ws / "out"
    outside, previous = snapshot(ws, exclude=out), files(out)
    command = Command.start(["build", "--raw", str(ws / "raw"), "--out", str(out)],
                            cli_env(ws, point), cwd=ws, log=ws.parent / f"{ws.name}.err")
    pid = command.wait_for(ws / "fault.pid")
    assert pid == command.pid
    (ws / "fault.pid").unlink()
    command.signal(signum)
    code = command.wait()
    assert wait_gone({pid}) == set() and not running(pid)

    swapped = point in ("build:swapped", "build:finished")
    assert files(out) == (new_output if swapped else previous)  # old or new, never a mix
    lines = [x for x in last_lines(command.stderr())
             if not x.startswith(("reading ", "warning: ", "wrote ", "built "))
             and not re.fullmatch(r"\S+: \d+ numbers, \d+ read, \d+ skipped", x)]
    assert "Traceback" not in command.stderr()
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL and lines == []
    else:
        state = "" if swapped else f"; {out} is as it was"
        expected = {
            signal.SIGTERM: (143, f"clusteranalysis build: stopped by SIGTERM{state}"),
            signal.SIGHUP: (129, f"clusteranalysis build: stopped by SIGHUP{state}"),
            signal.SIGINT: (130, f"clusteranalysis build: interrupted (Ctrl-C){state}"),
        }[signum]
        assert (code, lines) == (expected[0], [expected[1]])
        assert snapshot(ws, exclude=out) == outside  # cleaned up at once: staging, lock

    with pytest.warns(UserWarning):
        build(ws / "raw", out)  # the next run: no manual clean-up
    notes = capsys.readouterr().err
    if signum == signal.SIGKILL:
        assert "which is no longer running" in notes  # the lock it left
    assert files(out) == new_output
    assert snapshot(ws, exclude=out) == outside  # nothing else changed, nothing left over
    assert json.loads((out / "datapackage.json").read_text())["name"] == "clusteranalysis"


@pytest.mark.parametrize("seconds", [0.1, 0.5, 1.5])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_at_the_start_is_one_line(ws: Path, seconds: float, signum: int) -> None:
    """Issue 20: Ctrl-C in the first ~2 s printed a KeyboardInterrupt traceback, SIGTERM
    ended the process with no line. The handlers come before any heavy import."""
    out = ws / "out"
    outside, previous = snapshot(ws, exclude=out), files(out)
    command = Command.start(["build", "--raw", str(ws / "raw"), "--out", str(out)],
                            cli_env(ws), cwd=ws, log=ws.parent / f"{ws.name}.err")
    time.sleep(seconds)
    command.signal(signum)
    code = command.wait()
    err = command.stderr()
    assert "Traceback" not in err, err
    if code == 0:  # on a quiet machine the build (about 1.3 s) ends before 1.5 s: then the
        assert seconds > 1 and re.search(r"built \d+ tables", err)  # the whole output; the
        assert files(out) != previous  # signal, which came too late, changed nothing
        return
    lines = [x for x in last_lines(err) if not x.startswith(("reading ", "warning: ", "wrote ",
                                                             "built "))
             and not re.fullmatch(r"\S+: \d+ numbers, \d+ read, \d+ skipped", x)]
    stop = "stopped by SIGTERM" if signum == signal.SIGTERM else r"interrupted \(Ctrl-C\)"
    assert code == 128 + signum and len(lines) == 1, (code, err)
    published = re.search(r"^built \d+ tables", err, re.MULTILINE) is not None
    state = "" if published else f"; {re.escape(str(out))} is as it was"
    assert re.fullmatch(rf"clusteranalysis build: {stop}({state})?", lines[0]), lines
    if not published:  # else the signal came just after it published: the new output
        assert files(out) == previous and snapshot(ws, exclude=out) == outside


# --------------------------------------------------------------------------- issue 20: links


def _plant(ws: Path, kind: str) -> tuple[Path, dict[str, tuple[object, ...]]]:
    """A planted lock path of ``kind`` beside ``out``; what the user's things look like."""
    victim = ws / "victim.txt"
    victim.write_text("the user's file\n")
    lock = ws / ".out.lock"
    if kind == "symlink-to-a-file":
        lock.symlink_to(victim)
    elif kind == "dangling-symlink":
        lock.symlink_to(ws / "created-through-the-link.txt")
    elif kind == "symlink-to-a-folder":
        lock.symlink_to(ws / "decoy")
    elif kind == "hard-link":
        os.link(victim, lock)
    return lock, snapshot(ws)


LOCK_PLANTS = {
    "symlink-to-a-file": "the lock file is a symbolic link (to {ws}/victim.txt); refusing to "
                         "write through it",
    "dangling-symlink": "the lock file is a symbolic link (to {ws}/created-through-the-link.txt);"
                        " refusing to write through it",
    "symlink-to-a-folder": "the lock file is a symbolic link (to {ws}/decoy); refusing",
    "hard-link": "the lock file is a hard link (2 names for one file): another name of some "
                 "file; refusing to write it",
}


@pytest.mark.parametrize("kind", list(LOCK_PLANTS))
def test_a_link_planted_at_the_lock_path_writes_nothing(
    ws: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Issue 20: `ln -s ~/victim.txt /shared/.rep.lock; build --out /shared/rep` replaced
    victim.txt with the holder line; a dangling link created a file outside."""
    lock, before = _plant(ws, kind)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"clusteranalysis build: error: {lock}: "
                               + LOCK_PLANTS[kind].format(ws=ws)), lines[0]
    assert snapshot(ws) == before  # the victim, the folder: unchanged; nothing created
    assert (ws / "victim.txt").read_text() == "the user's file\n"


@pytest.mark.parametrize("text", [
    "my notes, unluckily named\n",
    # a second hostile pass: a first line shaped like a holder's was taken for a lock
    "pid 1 on elsewhere since x\nmy diary\n",
], ids=["notes", "holder-like"])
def test_a_file_that_is_not_a_lock_is_not_overwritten(
    ws: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    (ws / ".out.lock").write_text(text)
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert (code, lines) == (1, [
        f"clusteranalysis build: error: {ws / '.out.lock'}: is not a clusteranalysis lock "
        "file (it holds something else); refusing to overwrite it (move it away, or choose "
        "another --out)"])
    assert snapshot(ws) == before


# --------------------------------------------------------------------------- issue 20: guards


def test_a_path_through_a_symlink_is_refused_however_spelled(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: `link/nonexist/..` resolved through the link (into the decoy)."""
    monkeypatch.chdir(ws)
    (ws / "empty").mkdir()
    (ws / "to-empty").symlink_to(ws / "empty")
    before = snapshot(ws)
    for spelled in ("to-empty/nonexist/..", "to-empty/new", f"{ws}/to-empty/new/../x"):
        code, lines = run_main(capsys, "--raw", "raw", "--out", spelled)
        assert (code, lines) == (1, [
            f"clusteranalysis build: error: {spelled}: passes through the symbolic link "
            f"{ws / 'to-empty'} (to {ws / 'empty'}); give the real path "
            f"({os.path.realpath(spelled)})"])
    assert snapshot(ws) == before


@pytest.mark.skipif(not private_mounts_available(), reason="needs a mount namespace")
def test_a_bind_mount_of_the_raw_folder_is_refused(ws: Path) -> None:
    """Issue 20: `build --out /mnt/bindraw/newsub` wrote into data/raw (a bind mount of
    it): the guard compares device and inode of every ancestor."""
    (ws / "mnt" / "bindraw").mkdir(parents=True)
    (ws / "mnt" / "bindrepo").mkdir()
    before = snapshot(ws / "raw")
    script = f"""
        mount --bind {ws / 'raw'} {ws / 'mnt' / 'bindraw'}
        mount --bind {ws} {ws / 'mnt' / 'bindrepo'}
        for out in mnt/bindraw/newsub mnt/bindraw mnt/bindrepo/raw/x; do
            {sys.executable} -m clusteranalysis.cli build --raw {ws / 'raw'} --out "$out" \\
                && echo "built $out" || true
        done
    """
    done = in_private_mounts(script, cli_env(ws), cwd=ws)
    assert done.returncode == 0 and "built" not in done.stdout, done.stdout + done.stderr
    raw = ws / "raw"
    assert done.stderr.splitlines() == [
        f"clusteranalysis build: error: refusing to write {ws}/mnt/bindraw/newsub: it is "
        f"inside the raw documents folder (--raw) ({raw})",
        f"clusteranalysis build: error: refusing to write {ws}/mnt/bindraw: it is the raw "
        "documents folder (--raw)",
        f"clusteranalysis build: error: refusing to write {ws}/mnt/bindrepo/raw/x: it is "
        f"inside the raw documents folder (--raw) ({raw})",
    ]
    assert snapshot(ws / "raw") == before


def test_a_user_folder_with_a_look_alike_datapackage_is_not_replaced(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 20: `{"name": "clusteranalysis", "resources": [{"path": "thesis.md"}]}` made
    a user folder count as a build output, and thesis.md was deleted."""
    mine = ws / "mine"
    mine.mkdir()
    (mine / "thesis.md").write_text("four years of work\n")
    (mine / "datapackage.json").write_text(
        json.dumps({"name": "clusteranalysis", "resources": [{"path": "thesis.md"}]}))
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(mine))
    assert code == 1 and len(lines) == 1
    assert f"{mine} is not empty and is not a clusteranalysis build output" in lines[0]
    assert snapshot(ws) == before


def test_a_build_output_with_a_changed_file_is_not_replaced(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table edited by hand is the user's now: refused, named, not deleted."""
    (ws / "out" / "budgets.csv").write_text("my edits\n")
    before = snapshot(ws)
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(ws / "out"))
    assert (code, lines) == (1, [
        f"clusteranalysis build: error: {ws / 'out'} holds files changed since the build "
        "wrote them (their SHA-256 differs from datapackage.json): budgets.csv; move them "
        "out first (the folder is replaced as a whole)"])
    assert snapshot(ws) == before


# --------------------------------------------------------------------------- issue 20: leftovers


def test_folders_that_merely_look_like_leftovers_are_left_alone(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 20: user folders named .<out>.old-*, .tmp-*, .staging-* were deleted, and
    .rep.old-mine renamed into place when the output was missing."""
    mine = {".out.old-mybackup": "backup", ".out.tmp-notes": "notes",
            ".out.staging-draft": "draft"}
    for name, text in mine.items():
        (ws / name).mkdir()
        (ws / name / "datapackage.json").write_text(text)
    with pytest.warns(UserWarning):
        build(ws / "raw", ws / "out")
    assert files(ws / "out") == new_output
    assert {n: (ws / n / "datapackage.json").read_text() for n in mine} == mine
    assert capsys.readouterr().err.splitlines() == [
        "build: left alone beside out, as this command did not make them: .out.old-mybackup, "
        ".out.staging-draft, .out.tmp-notes"]

    shutil.rmtree(ws / "out")  # the output missing: .out.old-mybackup is not put there
    shutil.copytree(PROCESSED, ws / ".out.old-mine")
    with pytest.warns(UserWarning):
        build(ws / "raw", ws / "out")
    assert files(ws / "out") == new_output
    assert files(ws / ".out.old-mine") == files(PROCESSED)


# --------------------------------------------------------------------------- issue 20: added


def test_a_file_added_to_the_output_while_the_build_runs_is_kept(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: my_notes.md written into the output mid-run vanished with exit 0."""
    out = ws / "out"

    def user_writes(name: str) -> None:
        if name == "build:parsed":
            (out / "my_notes.md").write_text("written while it ran\n")
            (out / "figures").mkdir()
            (out / "figures" / "f.png").write_bytes(b"png")

    monkeypatch.setattr(faults, "point", user_writes)
    with pytest.warns(UserWarning):
        build(ws / "raw", out)
    assert (out / "my_notes.md").read_text() == "written while it ran\n"
    assert (out / "figures" / "f.png").read_bytes() == b"png"
    assert {k: v for k, v in files(out).items()
            if k not in ("my_notes.md", "figures/f.png")} == new_output
    assert capsys.readouterr().err.splitlines() == [
        f"build: kept figures/, my_notes.md in {out}: not written by the build, they were "
        "added while it ran (move them out before the next build)"]
    assert sorted(p.name for p in ws.glob(".out*")) == []  # nothing left beside
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(out))
    assert code == 1 and "holds files the build did not write: figures/, my_notes.md" \
        in lines[0]


def test_a_file_added_to_the_old_output_before_a_kill_after_the_swap_is_kept(
    ws: Path, new_output: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    """The previous output, moved aside by the swap, holds a file someone wrote into it
    (through an open folder); kill -9 before it was removed: the next run moves the file
    into the output, deletes only the previous output's own files."""
    out = ws / "out"
    command = Command.start(["build", "--raw", str(ws / "raw"), "--out", str(out)],
                            cli_env(ws, "build:swapped"), cwd=ws,
                            log=ws.parent / f"{ws.name}.err")
    command.wait_for(ws / "fault.pid")
    (ws / "fault.pid").unlink()
    [old] = ws.glob(".out.staging-*")  # the previous output, after the exchange
    assert "previous" not in old.name and (old / "datapackage.json").is_file()
    (old / "my_notes.md").write_text("mine\n")
    command.signal(signal.SIGKILL)
    assert command.wait() == -signal.SIGKILL
    assert files(out) == new_output

    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", str(out))
    assert (out / "my_notes.md").read_text() == "mine\n"
    assert not old.exists() and not (ws / ".out.lock").exists()
    assert code == 1  # the output now holds the user's file: refused until it is moved out
    assert lines[-1].endswith("holds files the build did not write: my_notes.md; move them "
                              "out first (the folder belongs to the build command and is "
                              "replaced as a whole)")
    assert f"build: kept my_notes.md in {out}: not written by the build" in lines[1]


# --------------------------------------------------------------------------- issue 20: disk


@pytest.mark.skipif(not private_mounts_available(), reason="needs a mount namespace")
def test_a_full_disk_is_one_line_and_leaves_no_lock_file(ws: Path) -> None:
    """Issue 20: a full disk must not leave an empty lock file (pwrite failed before the
    lock was registered), and must name the path; the previous output stays as it was."""
    disk, results = ws / "disk", ws / "results"
    disk.mkdir()
    results.mkdir()
    command = f"{sys.executable} -m clusteranalysis.cli build --raw {ws / 'raw'} --out {disk}/out"
    script = f"""
        mount -t tmpfs -o size=600k tmpfs {disk}
        cp -r {PROCESSED} {disk}/out
        {command} 2> {results}/tables.err || echo $? > {results}/tables.rc
        ls -A {disk} > {results}/tables.ls
        diff -r {PROCESSED} {disk}/out > {results}/tables.diff
        head -c 10M /dev/zero > {disk}/filler 2> /dev/null || true
        {command} 2> {results}/lock.err || echo $? > {results}/lock.rc
        ls -A {disk} > {results}/lock.ls
        rm {disk}/filler
        mount -o remount,size=2m {disk}  # space freed
        {command} 2> {results}/next.err && echo 0 > {results}/next.rc
        ls -A {disk} > {results}/next.ls
    """
    done = in_private_mounts(script, cli_env(ws), cwd=ws)
    assert done.returncode == 0, done.stderr

    def result(name: str) -> str:
        return (results / name).read_text()

    tables = [x for x in result("tables.err").splitlines()
              if not x.startswith(("reading ", "warning: ", "wrote "))
              and not re.fullmatch(r"\S+: \d+ numbers, \d+ read, \d+ skipped", x)]
    assert result("tables.rc") == "1\n" and len(tables) == 1, tables
    assert re.fullmatch(rf"clusteranalysis build: error: {re.escape(str(disk))}/\.out\."
                        rf"staging-[^/]+/\S+\.(csv|json): No space left on device; "
                        rf"{re.escape(str(disk))}/out is as it was", tables[0]), tables
    assert result("tables.ls") == "out\n" and result("tables.diff") == ""  # as it was
    assert result("lock.rc") == "1\n"
    assert result("lock.err").splitlines() == [
        f"clusteranalysis build: error: {disk}/.out.lock: cannot write the lock file: No space "
        "left on device"]
    assert result("lock.ls") == "filler\nout\n"  # no empty lock file
    assert result("next.rc") == "0\n" and result("next.ls") == "out\n"  # the next run: fine


# --------------------------------------------------------------------------- issue 20: lines


def test_a_newline_in_out_is_still_one_line(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 20: a newline in --out split the message."""
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", f"{ws}/a\nb/c")
    assert (code, lines) == (1, [f"clusteranalysis build: error: {ws}/a\\nb/c: the folder "
                                 f"{ws}/a\\nb does not exist; create it first"])
    # a newline in the output's own name would break the lock's record: refused
    code, lines = run_main(capsys, "--raw", str(ws / "raw"), "--out", f"{ws}/a\nb")
    assert (code, lines) == (1, [f"clusteranalysis build: error: {ws}/a\\nb: the output's "
                                 "name holds a control character (a newline, a tab); choose a "
                                 "name without one"])
    assert not any(ws.glob(".a*"))


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["report", "--jobs", "abc"], "clusteranalysis report: error: argument --jobs: invalid "
         "int value: 'abc' (see clusteranalysis report --help)"),
        (["build", "--bogus"], "clusteranalysis: error: unrecognized arguments: --bogus (see "
         "clusteranalysis --help)"),
        ([], "clusteranalysis: error: the following arguments are required: {build,report} "
         "(see clusteranalysis --help)"),
    ],
    ids=["jobs-abc", "unknown-option", "no-command"],
)
def test_argument_errors_are_one_line_and_exit_1(ws: Path, args: list[str], line: str) -> None:
    """Issue 20: argparse printed a usage block and exited 2."""
    done = subprocess.run([sys.executable, "-m", "clusteranalysis.cli", *args],
                          capture_output=True, text=True, env=cli_env(ws), check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", line + "\n")


def test_help_is_still_there(ws: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "clusteranalysis.cli", "--help"],
                          capture_output=True, text=True, env=cli_env(ws), check=False)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("usage: clusteranalysis [-h] {build,report} ...")
