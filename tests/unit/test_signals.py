"""safety.signals.handled: handlers set for a block, the previous ones back after."""

from __future__ import annotations

import signal
import sys
import threading

import pytest

from clusteranalysis.safety import signals


def test_handlers_are_set_inside_and_restored_after() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with signals.handled({signal.SIGTERM: signal.SIG_IGN}, restore=[signal.SIGINT]):
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the block changes one it was told of
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_restored_when_the_block_raises() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(RuntimeError), signals.handled({signal.SIGTERM: signal.SIG_IGN}):
        raise RuntimeError("stop")
    assert signal.getsignal(signal.SIGTERM) == before


def test_outside_the_main_thread_the_block_runs_unchanged() -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def body() -> None:
        with signals.handled({signal.SIGTERM: signal.SIG_IGN}):
            seen.append(signal.getsignal(signal.SIGTERM))

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert seen == [before]


def test_a_signal_in_a_frame_that_would_lose_its_exception_is_raised_a_moment_later() -> None:
    """Ctrl-C during the first imports can land in importlib's module-lock callback, where
    a KeyboardInterrupt is printed as "Exception ignored" and lost, and the build went on
    (a CI run of the kill tests). The command's handler raises it again 10 ms later."""
    import time
    import types

    from clusteranalysis import cli

    def cb() -> types.FrameType:  # a frame like importlib's: named cb, in importlib
        frame = sys._getframe()
        return frame

    lock_callback = types.SimpleNamespace(f_code=types.SimpleNamespace(
        co_name="cb", co_filename="<frozen importlib._bootstrap>"))
    assert cli._lost_if_raised(lock_callback)  # type: ignore[arg-type]
    assert not cli._lost_if_raised(cb())
    previous = signal.getsignal(signal.SIGALRM)
    try:
        cli._raise_for(signal.SIGINT, lock_callback)  # type: ignore[arg-type]  # no raise here
        with pytest.raises(KeyboardInterrupt):
            time.sleep(1)  # the alarm raises it
        cli._raise_for(signal.SIGTERM, lock_callback)  # type: ignore[arg-type]
        with pytest.raises(cli.Terminated):
            time.sleep(1)
        with pytest.raises(KeyboardInterrupt):
            cli._raise_for(signal.SIGINT, cb())  # an ordinary frame: at once
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
