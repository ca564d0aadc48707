"""Named fault-injection points, so the safety tests can stop a command at an exact step.

The build and the report call :func:`point` at the steps where an interruption matters
(``build:parsed``, ``build:staged``, ``build:swapped``, ``report:planned``,
``report:staged``, ``report:swapped``, and ``build:finished``, ``report:finished`` when the
program has done its work and is about to exit). Normally nothing happens: the environment variable
is unset and a point costs one dictionary lookup. With

    CLUSTERANALYSIS_FAULT=<point>[@<action>]
    CLUSTERANALYSIS_FAULT_MARKER=<file>

the process reaching ``<point>`` writes its pid to ``<file>`` and then

- ``pause`` (the default): waits until a signal ends it, so a test can send SIGKILL,
  SIGTERM or SIGINT at exactly that step instead of guessing with a sleep;
- ``kill``: sends itself SIGKILL.
"""

from __future__ import annotations

import os
import signal
import time

ENV = "CLUSTERANALYSIS_FAULT"
MARKER_ENV = "CLUSTERANALYSIS_FAULT_MARKER"
ACTIONS = ("pause", "kill")


def point(name: str) -> None:
    """A step where a test may stop this process (see the module docstring)."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, action = spec.partition("@")
    if wanted != name:
        return
    action = action or "pause"
    if action not in ACTIONS:
        raise ValueError(f"{ENV}={spec}: the action must be one of {', '.join(ACTIONS)}")
    marker = os.environ.get(MARKER_ENV)
    if marker:
        partial = f"{marker}.partial"
        with open(partial, "w", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        os.replace(partial, marker)  # the test sees the whole pid or nothing
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    while True:  # a signal handler raising an exception is the way out
        time.sleep(0.05)
