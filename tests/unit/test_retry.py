"""The one retry policy (``agenthub._retry``): which errors retry, delays, attempt budgets, and
that the loops wait through the one injectable sleep (``no_sleep``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from agenthub import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    ProtocolError,
    RateLimitError,
)
from agenthub._events import decode_event
from agenthub._grpc_errors import from_grpc
from agenthub._http_errors import MAX_RETRY_AFTER
from agenthub._retry import (
    RECONNECT_BACKOFF,
    REQUEST_BACKOFF,
    Attempts,
    Backoff,
    Pacer,
    poll_pacer,
    retryable,
)
from agenthub._sync._streaming import EventStream


def _status(cls: type, status: int, **headers: str) -> Any:
    return cls(f"HTTP {status}", status_code=status, headers=httpx.Headers(headers))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (APIConnectionError("reset"), True),
        (APITimeoutError("slow"), True),
        (_status(RateLimitError, 429), True),
        (_status(InternalServerError, 500), True),
        (_status(InternalServerError, 503), True),
        (_status(InternalServerError, 501), False),
        (_status(NotFoundError, 404), False),
        (_status(ConflictError, 409), False),
        (_status(NotFoundError, 404, **{"x-should-retry": "true"}), True),
        (_status(InternalServerError, 503, **{"x-should-retry": "false"}), False),
        (ProtocolError("bad json"), False),
        (ValueError("bug"), False),
    ],
)
def test_retryable_by_class_and_status(error: BaseException, expected: bool) -> None:
    assert retryable(error) is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("UNAVAILABLE", True),
        ("RESOURCE_EXHAUSTED", True),
        ("INTERNAL", True),
        ("DEADLINE_EXCEEDED", True),
        ("ABORTED", False),
        ("NOT_FOUND", False),
        ("CANCELLED", False),
        ("INVALID_ARGUMENT", False),
    ],
)
def test_grpc_errors_retry_by_the_class_they_map_to(code: str, expected: bool) -> None:
    assert retryable(from_grpc(code, "x")) is expected


def test_backoff_hint_wins_and_is_capped() -> None:
    assert REQUEST_BACKOFF.delay(3, hint=2.5) == 2.5
    assert REQUEST_BACKOFF.delay(0, hint=10_000) == MAX_RETRY_AFTER == 60.0
    assert REQUEST_BACKOFF.delay(0, hint=-1) == 0.0


def test_backoff_bounds() -> None:
    for n in range(12):
        cap = min(8.0, 0.5 * 2**n)
        assert 0.0 < REQUEST_BACKOFF.delay(n) <= cap  # full jitter
        assert 0.75 * cap <= RECONNECT_BACKOFF.delay(n) <= cap
    assert Backoff(jitter=0.0).delay(10_000) == 8.0  # no overflow for huge attempt numbers
    assert Backoff(jitter=0.0).delay(1, initial=3.0) == 6.0  # SSE retry: as the base


def test_attempts_count_and_deadline() -> None:
    attempts = Attempts(2)
    assert attempts.next_delay() is not None and attempts.retries == 1
    assert attempts.next_delay(hint=0.0) == 0.0 and attempts.retries == 2
    assert attempts.next_delay() is None and attempts.retries == 2

    late = Attempts(5, deadline=time.monotonic() + 1.0)
    assert late.next_delay(hint=5.0) is None and late.retries == 0
    assert late.next_delay(hint=0.1) == 0.1


def test_pacer_immediate_first_then_backoff_and_budget() -> None:
    pacer = Pacer(Backoff(jitter=0.0), limit=3, immediate=True)
    assert [pacer.next_delay() for _ in range(3)] == [0.0, 0.5, 1.0]
    assert not pacer.exhausted
    pacer.next_delay()
    assert pacer.exhausted
    pacer.reset()
    assert pacer.next_delay() == 0.0 and not pacer.exhausted
    assert pacer.next_delay(hint=7.0) == 7.0


def test_poll_pacer_grows_and_resets() -> None:
    pacer = poll_pacer(0.25, 2.0)
    delays = [pacer.next_delay() for _ in range(8)]
    assert delays[:3] == [0.25, 0.375, 0.5625] and delays[-1] == 2.0
    pacer.reset()
    assert pacer.next_delay() == 0.25
    assert pacer.next_delay(hint=3.0) == 3.0
    assert poll_pacer(5.0, 1.0).next_delay() == 5.0  # maximum never below initial


class _Flaky:
    """An event transport failing ``failures`` connections, then replaying ``raws``."""

    def __init__(self, failures: int, raws: list[dict[str, Any]], retry_hint: float | None):
        self.failures = failures
        self.raws = raws
        self.retry_hint = retry_hint
        self.opened = 0

    def open_events(self, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        self.opened += 1
        if self.opened <= self.failures:
            raise APIConnectionError("dropped")
        yield from self.raws


def _event(seq: int) -> dict[str, Any]:
    return {
        "id": f"evt_{seq}",
        "type": "message.delta",
        "sequence_number": seq,
        "session_id": "ses_1",
        "turn_id": "trn_1",
        "created_at": "2026-01-01T00:00:00Z",
        "message_id": "msg_1",
        "delta": "x",
    }


@pytest.mark.parametrize(("hint", "base"), [(None, 0.5), (2.0, 2.0)])
def test_stream_reconnects_wait_through_the_one_sleep(
    no_sleep: list[float], hint: float | None, base: float
) -> None:
    """Reconnect 1 is immediate, then the backoff from the transport's retry hint."""
    transport = _Flaky(3, [_event(1)], hint)
    stream = EventStream(transport=transport, decoder=decode_event, session_id="ses_1")
    assert next(stream).sequence_number == 1
    assert stream.reconnects == 3 and len(no_sleep) == 2
    assert 0.75 * base <= no_sleep[0] <= base and 1.5 * base <= no_sleep[1] <= 2 * base


def test_stream_gives_up_after_max_reconnects_in_a_row(no_sleep: list[float]) -> None:
    transport = _Flaky(100, [], None)
    stream = EventStream(transport=transport, decoder=decode_event, session_id="ses_1")
    with pytest.raises(APIConnectionError):
        next(stream)
    assert transport.opened == 6  # the first connection plus max_reconnects=5
