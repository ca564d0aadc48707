"""The ``clusteranalysis`` command: ``build`` the tables, ``report`` the notebooks.

Errors the project anticipates (a value that does not parse, a missing table, a bad
parameter, an output folder it may not replace, a file it cannot read, a full disk, a
mistyped option) are printed as one line without a traceback, and the exit status is 1.
Ctrl-C exits with 130, SIGTERM with 143 and SIGHUP with 129, each with one line, at any
moment: after the command has stopped its workers and kernels and removed its staging
folder (the output folder is then as it was), and equally before it has started working or
once it has published (:func:`run`, the program, installs its handlers before it imports
anything heavy). ``clusteranalysis --help`` lists the commands.

This module imports only the standard library at the top, so that the program is
listening for signals a few milliseconds after it starts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs the command line 8 ms
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import FrameType
    from typing import NoReturn

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM
#: The signals that stop the command as SIGTERM does, cleaning up: SIGHUP (its terminal
#: closed) exits 129 with its own line.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
PROG = "clusteranalysis"

#: The status of an interruption whose line has been said: a second signal then only exits.
_stopped: list[int] = []


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so the command unwinds and cleans up."""


class UsageError(Exception):
    """A command line argparse would answer with a usage block and status 2."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog


def one_line(text: str) -> str:
    """``text`` on one line: control characters (a newline in a path) written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _say(line: str) -> None:
    """Write one line to stderr (never raises: a closed or full stderr loses it)."""
    with contextlib.suppress(OSError, ValueError):
        print(one_line(line), file=sys.stderr, flush=True)


def _say_now(line: str) -> None:
    """Write one line to file descriptor 2 at once (in a signal handler: no buffer)."""
    with contextlib.suppress(OSError):
        os.write(2, (one_line(line) + "\n").encode("utf-8", "backslashreplace"))


def _command(argv: Sequence[str] | None = None) -> str:
    """``clusteranalysis build`` / ``clusteranalysis report`` / ``clusteranalysis``."""
    args = list(sys.argv[1:] if argv is None else argv)
    word = next((a for a in args if not a.startswith("-")), None)
    return f"{PROG} {word}" if word in ("build", "report") else PROG


def _stop_line(command: str, signum: int, notes: str = "") -> tuple[str, int]:
    if signum == signal.SIGINT:
        return f"{command}: interrupted (Ctrl-C){notes}", EXIT_INTERRUPTED
    return f"{command}: stopped by {signal.Signals(signum).name}{notes}", 128 + signum


def _ignore_signals() -> None:
    """While the last line is printed, a second Ctrl-C or SIGTERM must not add a line."""
    for signum in (signal.SIGINT, *STOP_SIGNALS):
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signum, signal.SIG_IGN)


def _stop_now(signum: int, frame: FrameType | None) -> None:
    """A signal while nothing needs undoing (starting, or finished): its line, and exit."""
    _ignore_signals()
    if _stopped:  # the command has said why it stopped: nothing to add
        os._exit(_stopped[0])
    line, code = _stop_line(_command(), signum)
    with contextlib.suppress(OSError, ValueError, RuntimeError):  # the buffer comes first
        sys.stderr.flush()
    _say_now(line)
    os._exit(code)


def _lost_if_raised(frame: FrameType | None) -> bool:
    """Whether an exception raised in ``frame`` would be lost: Python ignores one raised in
    a weakref callback or a ``__del__`` (it prints "Exception ignored in" and goes on), and
    importlib's module-lock callback is one, run during the first imports."""
    if frame is None:
        return False
    code = frame.f_code
    return code.co_name == "__del__" or (code.co_name == "cb"
                                         and "importlib" in code.co_filename)


def _raise_soon(signum: int) -> None:
    """Raise for ``signum`` 10 ms from now, outside the frame that would lose it (SIGALRM;
    the command restores the previous SIGALRM handler on return)."""
    def again(_alarm: int, frame: FrameType | None) -> None:
        _raise_for(signum, frame)

    signal.signal(signal.SIGALRM, again)
    signal.setitimer(signal.ITIMER_REAL, 0.01)


def _raise_for(signum: int, frame: FrameType | None) -> None:
    """The command's handler of SIGINT (KeyboardInterrupt) and the stop signals
    (Terminated): the exception, or, where it would be lost, the same a moment later."""
    if _lost_if_raised(frame):
        _raise_soon(signum)
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)



def _parser() -> argparse.ArgumentParser:
    import argparse
    from pathlib import Path

    from clusteranalysis import config

    class Parser(argparse.ArgumentParser):
        """argparse, with one line and status 1 for a mistake (``--help`` unchanged)."""

        def error(self, message: str) -> NoReturn:
            raise UsageError(self.prog, message)

    parser = Parser(
        prog=PROG,
        description="Tidy tables and comparative reports on regional cluster policies.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{build,report}")

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


def _notes(exc: BaseException) -> str:
    return "".join(f"; {note}" for note in getattr(exc, "__notes__", []))


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}{_notes(exc)}"


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the program's arguments); its exit status.

    SIGTERM is turned into an exception while the command works, and the previous handlers
    are restored on return (so that this can be called from Python, a test, a thread).
    """
    from clusteranalysis.errors import ClusterAnalysisError
    from clusteranalysis.safety import signals

    command = _command(argv)
    _stopped.clear()
    # SIGINT is restored too: the way out ignores both (_ignore_signals)
    with signals.handled({**{s: _raise_for for s in STOP_SIGNALS},
                          signal.SIGINT: _raise_for},
                         restore=[signal.SIGINT, signal.SIGALRM, *STOP_SIGNALS]):
        try:
            try:
                args = _parser().parse_args(argv)
            except UsageError as exc:
                _say(f"{exc.prog}: error: {exc} (see {exc.prog} --help)")
                return EXIT_ERROR
            command = f"{PROG} {args.command}"
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
            _stopped[:] = [EXIT_INTERRUPTED]
            _say(_stop_line(command, signal.SIGINT, _notes(exc))[0])
            return EXIT_INTERRUPTED
        except Terminated as exc:
            _ignore_signals()
            signum = exc.args[0] if exc.args else signal.SIGTERM
            line, code = _stop_line(command, signum, _notes(exc))
            _stopped[:] = [code]
            _say(line)
            return code
    return 2


def run() -> NoReturn:
    """The program (``clusteranalysis``, ``python -m clusteranalysis.cli``).

    Ctrl-C and SIGTERM are handled from the first moment: before the command starts and
    after it has finished, a signal prints its one line and exits (130, 143) at once, as
    there is nothing to undo; while it works, :func:`main` turns them into exceptions that
    unwind it. On the way out both are held back, so the last line stays the last.
    """
    for signum in (signal.SIGINT, *STOP_SIGNALS):
        signal.signal(signum, _stop_now)
    code = main()
    from clusteranalysis.safety import faults

    faults.point(f"{_command().removeprefix(PROG).strip() or PROG}:finished")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
