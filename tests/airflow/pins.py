"""Resolve Airflow beside the package with pip, and write the Airflow lock files.

``resolve()`` asks pip (``install --dry-run --ignore-installed --report``) what it would
install for ``-c constraints.txt . apache-airflow==A apache-airflow-providers-papermill==P``
without installing anything; tests/system/test_airflow_pins.py uses it. ``python -m
tests.airflow.pins AIRFLOW PROVIDER OUT`` (``make airflow-lock``) writes a lock file:
the version pip chose for every package constraints.txt does not pin, so the Airflow test
environment (``make airflow-3``, ``make airflow-2``) installs the same versions each time.
A lock is resolved on this platform (Linux, CPython 3.11).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"
DEPLOY = ROOT / "deploy"
OWN = "clusteranalysis"
AIRFLOW = "apache-airflow"
PROVIDER = "apache-airflow-providers-papermill"


def canonical(name: str) -> str:
    """A distribution name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """The ``name==version`` lines of a constraints file, canonical name -> version."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            name, version = (part.strip() for part in text.split("=="))
            pins[canonical(name)] = version
    return pins


def lock_file(major: int) -> Path:
    """The committed lock of the Airflow ``major`` test environment."""
    return DEPLOY / f"constraints-airflow-{major}.txt"


@dataclass(frozen=True)
class Resolution:
    """What pip would install: canonical name -> version, or pip's error."""

    returncode: int
    chosen: dict[str, str]
    output: str
    seconds: float


def resolve(
    airflow: str,
    provider: str,
    constraints: list[Path],
    python: str = sys.executable,
    timeout: float = 600,
) -> Resolution:
    """Resolve the package with Airflow ``airflow`` and the papermill provider ``provider``."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed",
               "--report", str(report)]
        for path in constraints:
            cmd += ["-c", str(path)]
        cmd += [str(ROOT), f"{AIRFLOW}=={airflow}", f"{PROVIDER}=={provider}"]
        start = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            out = "".join(part.decode(errors="replace") if isinstance(part, bytes) else part
                          for part in (exc.stdout, exc.stderr) if part)
            return Resolution(-1, {}, f"{_clean(out)}\npip did not finish in {timeout:.0f} s "
                              "(backtracking: a pin conflicts)", time.monotonic() - start)
        seconds = time.monotonic() - start
        chosen: dict[str, str] = {}
        if done.returncode == 0:
            for item in json.loads(report.read_text(encoding="utf-8"))["install"]:
                meta = item["metadata"]
                chosen[canonical(meta["name"])] = meta["version"]
        return Resolution(done.returncode, chosen, _clean(done.stdout + done.stderr), seconds)


def _clean(output: str) -> str:
    """pip's output without the warnings about this machine's empty local index folders."""
    return "\n".join(line for line in output.splitlines()
                     if "is ignored: it is neither a file nor a directory" not in line)


def write_lock(airflow: str, provider: str, out: Path) -> Resolution:
    """Resolve with constraints.txt and write the pins of everything it leaves open."""
    result = resolve(airflow, provider, [CONSTRAINTS])
    if result.returncode != 0:
        raise SystemExit(f"pip could not resolve Airflow {airflow}:\n{result.output}")
    pinned = read_pins(CONSTRAINTS)
    rest = {name: v for name, v in result.chosen.items() if name not in pinned and name != OWN}
    major = airflow.split(".")[0]
    header = [
        f"# The Airflow {major} environment of `make airflow-{major}`: the versions pip chose for",
        f"#   -c constraints.txt . {AIRFLOW}=={airflow} {PROVIDER}=={provider}",
        "# for every package that constraints.txt does not pin (use the two files together).",
        "# Resolved on Linux x86_64, CPython 3.11. Regenerate: make airflow-lock",
    ]
    body = [f"{name}=={version}" for name, version in sorted(rest.items())]
    out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write an Airflow lock file")
    parser.add_argument("airflow", help="apache-airflow version, e.g. 3.3.2")
    parser.add_argument("provider", help="apache-airflow-providers-papermill version")
    parser.add_argument("out", type=Path, help="the lock file to write")
    args = parser.parse_args(argv)
    result = write_lock(args.airflow, args.provider, args.out)
    print(f"{args.out}: {len(result.chosen)} packages resolved in {result.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
