"""Benchmark: ``clusteranalysis report`` against a plain sequential loop of ``papermill``.

In one run on this machine, over the three notebooks with their default parameters:

1. the loop: ``papermill notebooks/X.ipynb <tmp>/X.ipynb --cwd notebooks -p output_dir
   <tmp>/X`` for each notebook, one after the other (executed notebooks only, no HTML);
2. ``clusteranalysis report --force`` on the same three runs (parallel, HTML included);
3. the same report again, nothing changed (every run is "unchanged").

Both sides are timed as the commands a person would type, in fresh processes, after a
warm-up that loads the libraries into the disk cache. Goals: (2) within 0.7 of (1) on two
CPUs, and (3) under a quarter of (2). ``make bench`` runs it; ``--check`` exits 1 when a goal
is missed, ``--repeat N`` keeps the best of N.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("CLUSTERANALYSIS_ROOT") or Path(__file__).resolve().parents[1])
NOTEBOOKS = ("01_budgets.ipynb", "02_participants.ipynb", "03_timelines.ipynb")
BIN = Path(sys.executable).parent
RATIO_GOAL = 0.7
UNCHANGED_GOAL = 0.25


def _timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return elapsed


def papermill_loop(work: Path) -> float:
    """Wall time of the three notebooks run one after the other with the papermill command."""
    started = time.perf_counter()
    for notebook in NOTEBOOKS:
        stem = Path(notebook).stem
        results = work / "loop" / stem
        results.mkdir(parents=True, exist_ok=True)
        _timed(
            [
                str(BIN / "papermill"),
                str(ROOT / "notebooks" / notebook),
                str(work / "loop" / f"{stem}.ipynb"),
                "--cwd",
                str(ROOT / "notebooks"),
                "-k",
                "python3",
                "-p",
                "output_dir",
                str(results),
            ]
        )
    return time.perf_counter() - started


def report(config: Path, out: Path, jobs: int | None, force: bool) -> float:
    """Wall time of the ``clusteranalysis report`` command."""
    cmd = [str(BIN / "clusteranalysis"), "report", "--config", str(config), "--out", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if force:
        cmd.append("--force")
    return _timed(cmd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="report --jobs (default: CPUs)")
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of N rounds")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args()

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cpus} CPUs, {platform.machine()}, Python {platform.python_version()}")
    missing = [nb for nb in NOTEBOOKS if not (ROOT / "notebooks" / nb).is_file()]
    if missing:
        sys.exit(f"benchmark: missing notebooks: {', '.join(missing)}")

    with tempfile.TemporaryDirectory(prefix="clusteranalysis-bench-") as tmp:
        work = Path(tmp)
        config = work / "reports.toml"
        config.write_text(
            "".join(
                f'[[run]]\nnotebook = "{nb}"\nname = "{Path(nb).stem}"\n\n' for nb in NOTEBOOKS
            ),
            encoding="utf-8",
        )
        _timed([sys.executable, "-c", "import papermill, nbconvert, matplotlib, clusteranalysis"])
        loops, fulls, unchanged = [], [], []
        for _ in range(args.repeat):
            loops.append(papermill_loop(work))
            fulls.append(report(config, work / "reports", args.jobs, force=True))
            unchanged.append(report(config, work / "reports", args.jobs, force=False))

    loop, full, again = min(loops), min(fulls), min(unchanged)
    ratio, rerun = full / loop, again / full
    jobs = args.jobs or cpus
    print(f"papermill loop, 3 notebooks one after another:     {loop:6.1f} s")
    print(
        f"report --force, 3 runs, --jobs {jobs}, HTML included: {full:6.1f} s"
        f"   ratio {ratio:.2f} (goal <= {RATIO_GOAL})"
    )
    print(
        f"report again, unchanged:                            {again:6.1f} s"
        f"   {rerun:.2f} of a full report (goal < {UNCHANGED_GOAL})"
    )
    if args.repeat > 1:
        print(f"(best of {args.repeat} rounds)")
    met = ratio <= RATIO_GOAL and rerun < UNCHANGED_GOAL
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
