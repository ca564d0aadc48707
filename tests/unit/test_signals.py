"""safety.signals.handled: handlers set for a block, the previous ones back after."""

from __future__ import annotations

import signal
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
