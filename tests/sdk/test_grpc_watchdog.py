"""The sync gRPC idle watchdog: one thread for the process (not per call, nor per message),
deadline-based, only counting time spent waiting for the server. The end-to-end case:
``test_stream_resume.py::test_silence_past_heartbeat_deadline_reconnects[grpc]``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from agenthub._backends import StreamIdle, SyncBackend


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


def test_one_watchdog_for_many_calls_and_idle_fires(monkeypatch: pytest.MonkeyPatch) -> None:
    from agenthub._backends import _WATCHDOG

    monkeypatch.setattr(_WATCHDOG, "linger", 0.2)
    before = _watchdogs()
    assert before <= 1
    call = FakeCall(2000)
    reader = SyncBackend.grpc_reader(call, 0.2)
    for _ in range(2000):
        assert reader.read() is not None
    assert _watchdogs() == 1  # one thread for 2000 messages
    # more calls at once (one silent with a shorter timeout): still one thread, and each call
    # is cancelled at its own deadline
    quick = FakeCall(0)
    quick_reader = SyncBackend.grpc_reader(quick, 0.05)
    started = time.monotonic()
    with pytest.raises(StreamIdle):
        quick_reader.read()
    assert time.monotonic() - started < 1.0 and quick.cancelled.is_set()
    assert _watchdogs() == 1 and not call.cancelled.is_set()
    started = time.monotonic()
    with pytest.raises(StreamIdle):
        reader.read()
    waited = time.monotonic() - started
    assert 0.15 <= waited < 1.5 and call.cancelled.is_set()
    reader.close()
    quick_reader.close()
    deadline = time.monotonic() + 3
    while _watchdogs() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _watchdogs() == 0  # it ends once no call has needed it for `linger` seconds


def test_many_concurrent_calls_share_the_thread() -> None:
    readers = [SyncBackend.grpc_reader(FakeCall(5), 5.0) for _ in range(20)]
    try:
        for reader in readers:
            assert reader.read() is not None
        assert _watchdogs() == 1
    finally:
        for reader in readers:
            reader.close()


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
