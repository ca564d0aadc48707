"""Helpers of the fault-injection tests: run a command, stop it at a named point, look at
what it left (files, processes) without psutil: ``/proc`` and the folder tree."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from clusteranalysis.safety import faults

ROOT = Path(__file__).resolve().parents[2]


def snapshot(root: Path, exclude: Path | None = None) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` (not following links): kind, mode, bytes or link target.

    ``exclude`` (a folder under ``root``) is left out with everything in it.
    """
    found: dict[str, tuple[object, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if exclude is not None and (path == exclude or exclude in path.parents):
                continue
            info = path.lstat()
            mode = stat.S_IMODE(info.st_mode)
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[rel] = ("dir", mode)
            else:
                found[rel] = ("file", mode, path.read_bytes())
        dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()]
    return found


def files(folder: Path) -> dict[str, bytes]:
    """The bytes of every file under ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie is not)."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def parent_of(pid: int) -> int:
    fields = _stat(pid)
    assert fields is not None, f"no process {pid}"
    return int(fields[1])


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``: its children, theirs, and so on."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def open_files(pid: int) -> set[str]:
    """The paths of the files ``pid`` has open."""
    paths = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return set()
    for fd in fds:
        try:
            paths.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue
    return paths


def wait_gone(pids: set[int], timeout: float = 15.0) -> set[int]:
    """Wait until none of ``pids`` runs; return those still running after ``timeout``."""
    deadline = time.monotonic() + timeout
    left = {p for p in pids if running(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = {p for p in left if running(p)}
    return left


def cli_env(tmp: Path, point: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (faults.ENV, faults.MARKER_ENV, "CLUSTERANALYSIS_ROOT")}
    if point is not None:
        env[faults.ENV] = point
        env[faults.MARKER_ENV] = str(tmp / "fault.pid")
    env.update(extra)
    return env


@dataclass
class Command:
    """A ``clusteranalysis`` command running in a session of its own (like a terminal job)."""

    process: subprocess.Popen[bytes]
    stderr_path: Path

    @classmethod
    def start(cls, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> Command:
        with log.open("wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-m", "clusteranalysis.cli", *args],
                cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err,
                start_new_session=True,
            )
        return cls(process, log)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, marker: Path, timeout: float = 120.0) -> int:
        """Wait until ``marker`` holds a pid (the command or its kernel reached its point)."""
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if self.process.poll() is not None:
                raise AssertionError(f"ended ({self.process.returncode}) before {marker.name}:"
                                     f"\n{self.stderr()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {marker.name} after {timeout} s:\n{self.stderr()}")
            time.sleep(0.02)
        return int(marker.read_text().strip())

    def signal(self, signum: int) -> None:
        """SIGINT goes to the whole process group, as Ctrl-C in a terminal; others to the pid."""
        if signum == signal.SIGINT:
            os.killpg(self.pid, signum)
        else:
            os.kill(self.pid, signum)

    def wait(self, timeout: float = 120.0) -> int:
        return self.process.wait(timeout=timeout)


def last_lines(text: str) -> list[str]:
    """The lines of stderr that are not the progress bar's."""
    lines = []
    for line in text.replace("\r", "\n").splitlines():
        if line.strip() and "%|" not in line:
            lines.append(line)
    return lines


def private_mounts_available() -> bool:
    """Whether this process may mount a tmpfs in a mount namespace of its own (root, or a
    user namespace): how the tests make a small, full disk and a bind mount."""
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           "mount -t tmpfs -o size=64k tmpfs /mnt"],
                          capture_output=True, check=False)
    return done.returncode == 0


def in_private_mounts(script: str, env: dict[str, str], cwd: Path,
                      timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a bash ``script`` in a mount namespace of its own: what it mounts (a tmpfs, a
    bind mount) exists for it alone, and vanishes with it, whatever happens to the test."""
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash", "-eu", "-c", script],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def stray_processes(tag: str) -> set[int]:
    """The processes whose environment holds ``CLUSTERANALYSIS_TEST_TAG=<tag>``: every
    process a command started (workers, kernels) inherits it."""
    needle = f"{TAG_ENV}={tag}".encode()
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0") and running(int(entry)):
            found.add(int(entry))
    return found


TAG_ENV = "CLUSTERANALYSIS_TEST_TAG"
