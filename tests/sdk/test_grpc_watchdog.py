"""The sync gRPC idle watchdog: one thread per call (not per message), deadline-based, only
counting time spent waiting for the server. The end-to-end silence → reconnect case is
``test_stream_resume.py::test_silence_past_heartbeat_deadline_reconnects[grpc]``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from agenthub._backends import SyncBackend


class FakeCall:
    """A blocking stream call: ``messages`` arrive at once, then silence until cancelled."""

    def __init__(self, messages: int) -> None:
        self._left = messages
        self.cancelled = threading.Event()

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        if self._left > 0:
            self._left -= 1
            return self._left
        if self.cancelled.wait(10):
            raise RuntimeError("cancelled")  # what grpc raises is an RpcError (CANCELLED)
        raise StopIteration

    def cancel(self) -> None:
        self.cancelled.set()


def _watchdogs() -> int:
    return sum(t.name == "agenthub-grpc-watchdog" for t in threading.enumerate())


def test_one_watchdog_per_call_and_idle_fires() -> None:
    before = _watchdogs()
    call = FakeCall(2000)
    reader = SyncBackend.grpc_reader(call, 0.2)
    for _ in range(2000):
        assert reader.read() is not None
    assert _watchdogs() == before + 1  # one thread for 2000 messages
    started = time.monotonic()
    with pytest.raises(SyncBackend.Idle):
        reader.read()
    waited = time.monotonic() - started
    assert 0.15 <= waited < 1.5 and call.cancelled.is_set()
    reader.close()
    deadline = time.monotonic() + 2
    while _watchdogs() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _watchdogs() == before


def test_time_between_reads_does_not_count() -> None:
    call = FakeCall(3)
    reader = SyncBackend.grpc_reader(call, 0.1)
    try:
        for _ in range(3):
            assert reader.read() is not None
            time.sleep(0.25)  # the consumer is slow; the server is not silent
        assert not call.cancelled.is_set()
    finally:
        reader.close()


def test_no_timeout_no_thread_and_errors_pass_through() -> None:
    before = _watchdogs()
    call = FakeCall(1)
    reader = SyncBackend.grpc_reader(call, None)
    assert reader.read() == 0
    assert _watchdogs() == before
    call.cancel()
    with pytest.raises(RuntimeError):  # not an idle timeout: the real error surfaces
        reader.read()
    reader.close()
