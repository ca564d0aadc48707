"""The ``clusteranalysis`` command: ``build`` the tables, ``report`` the notebooks.

Errors the project anticipates (a value that does not parse, a missing table, a bad
parameter) are printed as one line without a traceback, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config
from .errors import ClusterAnalysisError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusteranalysis",
        description="Tidy tables and comparative reports on regional cluster policies.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="read data/raw, write data/processed")
    build.add_argument("--raw", type=Path, default=config.RAW_DIR, help="raw documents folder")
    build.add_argument("--out", type=Path, default=config.PROCESSED_DIR, help="output folder")

    report = sub.add_parser("report", help="run the notebooks in reports.toml to HTML")
    report.add_argument("--config", type=Path, default=config.REPORT_CONFIG)
    report.add_argument("--out", type=Path, default=config.REPORT_DIR)
    report.add_argument("--jobs", type=int, default=None, help="parallel runs (default: CPUs)")
    report.add_argument("--force", action="store_true", help="re-run unchanged runs too")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            from .build import build

            build(args.raw, args.out, progress=True)
            return 0
        if args.command == "report":
            from .report import run_report

            ok = run_report(args.config, args.out, jobs=args.jobs, force=args.force)
            return 0 if ok else 1
    except ClusterAnalysisError as exc:
        print(f"clusteranalysis {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
