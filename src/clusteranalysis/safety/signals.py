"""One way to set signal handlers for a block and put the previous ones back, and one to
hold Ctrl-C, SIGTERM and SIGHUP back for a block that must not be cut in two (:func:`deferred`).

The command turns SIGTERM into an exception while it works (:mod:`clusteranalysis.cli`), and
the worker pool ignores a second Ctrl-C or SIGTERM while it stops its workers
(:mod:`clusteranalysis.report.pool`). Both need the handlers restored whatever happens, and
both must still work when called from a thread other than the main one (an Airflow task, a
test), where Python refuses to set handlers: there the block runs with the handlers as they
are.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


@contextlib.contextmanager
def handled(handlers: Mapping[int, Any], *, restore: Iterable[int] = ()) -> Iterator[None]:
    """Run the block with ``handlers`` (signal number: handler) set, then restore the
    previous handlers, and those of ``restore`` (signals the block may change itself);
    outside the main thread, run it unchanged."""
    try:
        previous = {s: signal.getsignal(s) for s in {*handlers, *restore}}
        for s, handler in handlers.items():
            signal.signal(s, handler)
    except ValueError:  # not the main thread: nothing was set
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back for a moment (they are delivered on the way out)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
