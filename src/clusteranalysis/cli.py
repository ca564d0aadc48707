"""The ``clusteranalysis`` command: ``build`` the tables, ``report`` the notebooks.

Errors the project anticipates (a value that does not parse, a missing table, a bad
parameter, an output folder it may not replace, a file it cannot read) are printed as one
line without a traceback, and the exit status is 1. Ctrl-C exits with 130 and SIGTERM
with 143, each with one line, after the command has stopped its workers and kernels and
removed its staging folder; the output folder is then as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from pathlib import Path
from types import FrameType

from clusteranalysis import config
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.safety import signals

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so the command unwinds and cleans up."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusteranalysis",
        description="Tidy tables and comparative reports on regional cluster policies.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="read data/raw, write data/processed")
    build.add_argument("--raw", type=Path, default=config.RAW_DIR, help="raw documents folder")
    build.add_argument("--out", type=Path, default=config.PROCESSED_DIR,
                       help="output folder (empty, new, or an earlier build output)")
    build.add_argument("--review", action="store_true",
                       help="write no tables: list every number of every document that is "
                            "neither read nor skipped, all at once (exit 1 if any)")
    build.add_argument("--write-skips", type=Path, metavar="FILE",
                       help="review (as --review) and write a stub row per unaccounted "
                            "number into FILE, a new file, for lookups/coverage_skips.csv")

    report = sub.add_parser("report", help="run the notebooks in reports.toml to HTML")
    report.add_argument("--config", type=Path, default=config.REPORT_CONFIG)
    report.add_argument("--out", type=Path, default=config.REPORT_DIR,
                        help="report folder (empty, new, or an earlier report)")
    report.add_argument("--jobs", type=int, default=None,
                        help="parallel runs (default and maximum: the CPUs)")
    report.add_argument("--force", action="store_true", help="re-run unchanged runs too")
    return parser


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _ignore_signals() -> None:
    """While the last line is printed, a second Ctrl-C or SIGTERM must not add a traceback."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError):
            signal.signal(signum, signal.SIG_IGN)


def _notes(exc: BaseException) -> str:
    return "".join(f"; {note}" for note in getattr(exc, "__notes__", []))


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def _say(line: str) -> None:
    with contextlib.suppress(OSError):
        print(line, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = f"clusteranalysis {args.command}"
    # SIGINT is restored too: the way out ignores both (_ignore_signals)
    with signals.handled({signal.SIGTERM: _raise_terminated}, restore=[signal.SIGINT]):
        try:
            if args.command == "build" and (args.review or args.write_skips):
                from clusteranalysis.build.command import review

                return 0 if review(args.raw, stubs=args.write_skips) == 0 else EXIT_ERROR
            if args.command == "build":
                from clusteranalysis.build.command import build

                build(args.raw, args.out, progress=True)
                return 0
            if args.command == "report":
                from clusteranalysis.report import run_report

                ok = run_report(args.config, args.out, jobs=args.jobs, force=args.force)
                return 0 if ok else EXIT_ERROR
        except ClusterAnalysisError as exc:
            _say(f"{command}: error: {exc}")
            return EXIT_ERROR
        except OSError as exc:  # the disk is full, a folder vanished ...: not a traceback
            _say(f"{command}: error: {_os_error(exc)}")
            return EXIT_ERROR
        except KeyboardInterrupt as exc:
            _ignore_signals()
            _say(f"{command}: interrupted (Ctrl-C){_notes(exc)}")
            return EXIT_INTERRUPTED
        except Terminated as exc:
            _ignore_signals()
            _say(f"{command}: stopped by SIGTERM{_notes(exc)}")
            return EXIT_TERMINATED
    return 2


if __name__ == "__main__":
    sys.exit(main())
