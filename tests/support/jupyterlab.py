"""A JupyterLab server and a headless Chromium for the tests that read what a student sees.

:func:`start_lab` starts JupyterLab from the checkout's ``.venv`` on a free loopback port
with a token, on a folder of the test's own, with its configuration, runtime, settings and
workspaces in that folder too (a student's own JupyterLab state is never read or written);
``--allow-root`` only when the tests run as root (a container). The settings turn off
JupyterLab's windowing, so every cell of a notebook is rendered, not only those in view.

Chromium is Debian's (``make browser`` installs it), driven by Playwright for Python through
``executable_path`` (``playwright install`` cannot download a browser on these machines),
with the flags that keep it off the network.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.data import ROOT

VENV = ROOT / ".venv"

#: Headless, and off the network: no background connections, updates, sync or QUIC.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

#: JupyterLab's notebook settings for the test: every cell rendered (no windowing).
SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
            {"windowingMode": "none"}}


def chromium_path() -> str:
    """Debian's chromium, or an error that says how to install it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("chromium is not installed: run `make browser` "
                           "(apt-get install chromium)")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its address, token and the folder it serves."""

    url: str
    token: str
    root: Path
    log: Path

    def lab(self) -> str:
        """JupyterLab's page, its layout reset (no notebook open)."""
        return f"{self.url}/lab?reset&token={self.token}"


def isolated_env(state: Path) -> dict[str, str]:
    """The environment with Jupyter's configuration, runtime and data folders under
    ``state``, so a student's own JupyterLab state is neither read nor written."""
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
            "JUPYTER_DATA_DIR": str(state / "data"), "IPYTHONDIR": str(state / "ipython"),
            "MPLBACKEND": "Agg"}


@contextmanager
def serve(command: list[str], cwd: Path, env: dict[str, str], lab: Lab,
          timeout: float = 90) -> Iterator[Lab]:
    """Run ``command`` (a JupyterLab, or ``make lab``) in a session of its own until its
    server answers at ``lab.url``; on exit stop the session, children included."""
    with lab.log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with status {process.returncode}:\n"
                                   f"{lab.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}",
                                            timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not answer in {timeout:.0f} s:\n"
                                       f"{lab.log.read_text(errors='replace')[-3000:]}") from None
                time.sleep(0.25)
        yield lab
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def contents(lab: Lab, path: str = "") -> dict[str, Any]:
    """JupyterLab's contents API for ``path`` (a folder: its listing)."""
    with urllib.request.urlopen(f"{lab.url}/api/contents/{path}?token={lab.token}",
                                timeout=10) as answer:
        return json.loads(answer.read())


@contextmanager
def start_lab(root: Path, state: Path, timeout: float = 90) -> Iterator[Lab]:
    """JupyterLab serving ``root``, its own state under ``state``; stopped on exit."""
    for relative, values in SETTINGS.items():
        path = state / "settings" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(VENV / "bin" / "jupyter"), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    lab = Lab(f"http://127.0.0.1:{port}", token, root, state / "jupyterlab.log")
    with serve(command, root, isolated_env(state), lab, timeout) as server:
        yield server
