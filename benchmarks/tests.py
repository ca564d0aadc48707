"""Benchmark: how long the test suite takes, against its goals.

Times, as a person would type them, on this machine:

1. ``make test-fast``: lint and the unit and data layers (goal: at most 60 s);
2. ``make test``: everything CI runs, the Airflow 3 tests included, with the Airflow
   environment already built (goal: at most 5 minutes on 2 CPUs).

It builds the Airflow environment first (``make .venv-airflow-3/.package``, not timed), so
(2) measures the tests, not the installation. Each line gives the time, the goal and their
ratio (under 1 meets the goal). ``make bench-tests`` runs it; ``--check`` exits 1 when a
goal is missed; ``--only fast`` times (1) alone. The goals are met here, in a benchmark
that prints a ratio, not in a timed test: a loaded machine would make such a test fail.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("CLUSTERANALYSIS_ROOT") or Path(__file__).resolve().parents[1])
GOALS = {"test-fast": 60.0, "test": 300.0}


def timed(target: str) -> float:
    """Seconds ``make <target>`` takes; the benchmark stops if it fails."""
    started = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"benchmark: make {target} failed after {elapsed:.0f} s:\n"
                 f"{(done.stdout + done.stderr)[-3000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--only", choices=sorted(GOALS), help="time one target")
    args = parser.parse_args(argv)
    targets = [args.only] if args.only else list(GOALS)
    if "test" in targets:
        print("building the Airflow 3 environment if needed (not timed) ...", flush=True)
        subprocess.run(["make", "--no-print-directory", ".venv-airflow-3/.package"], cwd=ROOT,
                       check=True, capture_output=True)
    print(f"{platform.node()}: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    missed = []
    for target in targets:
        seconds = timed(target)
        ratio = seconds / GOALS[target]
        print(f"make {target:<9} {seconds:7.1f} s   goal {GOALS[target]:5.0f} s   "
              f"ratio {ratio:.2f}", flush=True)
        if ratio > 1:
            missed.append(target)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
