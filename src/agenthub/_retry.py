"""The SDK's one retry policy, shared by both clients (waiting is ``AsyncBackend.sleep``).

- Which failures: :func:`retryable` — connection errors, timeouts, HTTP 408/429/500/502/503/504
  (``x-should-retry: true|false`` overrides the status); gRPC failures are first mapped onto
  the same classes. Every call the SDK sends is safe to repeat (idempotent, or a POST with an
  ``Idempotency-Key``).
- How long: the server's hint (``Retry-After``, ``retry-after-ms``, gRPC ``RetryInfo``) capped
  at 60 s, else :class:`Backoff` (exponential with jitter).
- How many: :class:`Attempts` for one call (``max_retries`` within its deadline); :class:`Pacer`
  for long-lived loops (stream reconnects, download resumes, polling), counting *consecutive*
  attempts without progress.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

import attrs

from ._exceptions import APIConnectionError, APIStatusError
from ._http_errors import MAX_RETRY_AFTER


def retryable_status(status: int, headers: Mapping[str, str]) -> bool:
    hint = headers.get("x-should-retry", "").strip().lower()
    if hint in ("true", "false"):
        return hint == "true"
    return status in (408, 429, 500, 502, 503, 504)


def retryable(error: BaseException) -> bool:
    """Whether repeating the call that raised ``error`` may succeed."""
    if isinstance(error, APIStatusError):
        return retryable_status(error.status_code, error.headers)
    return isinstance(error, APIConnectionError)


@attrs.frozen
class Backoff:
    """Exponential backoff: wait ``n`` (from 0) lasts ``min(maximum, initial * factor**n)``
    seconds, of which the last ``jitter`` fraction is random (1.0: full jitter, 0: none)."""

    initial: float = 0.5
    maximum: float = 8.0
    factor: float = 2.0
    jitter: float = 1.0

    def delay(self, n: int, hint: float | None = None, initial: float | None = None) -> float:
        """Seconds before retry ``n``: the server's ``hint`` (capped) if given, else the
        backoff, from ``initial`` if given (the SSE ``retry:`` field)."""
        if hint is not None:
            return min(max(hint, 0.0), MAX_RETRY_AFTER)
        base = self.initial if initial is None else initial
        cap = min(self.maximum, base * self.factor ** min(n, 64))
        return cap * (1.0 - self.jitter * random.random())


REQUEST_BACKOFF = Backoff()
RECONNECT_BACKOFF = Backoff(jitter=0.25)  # stream reconnects, download resumes


@attrs.define
class Attempts:
    """The attempts of one call: the first plus up to ``max_retries`` retries, each started
    before ``deadline`` (``time.monotonic()`` seconds; ``None``: no deadline)."""

    max_retries: int
    deadline: float | None = None
    #: retries taken so far (sent as ``X-Agenthub-Retry-Count``)
    retries: int = 0

    def next_delay(self, hint: float | None = None) -> float | None:
        """Count one retry and return the wait before it (seconds), or ``None`` when none is
        left: ``max_retries`` taken, or the wait would end past the deadline."""
        if self.retries >= self.max_retries:
            return None
        delay = REQUEST_BACKOFF.delay(self.retries, hint)
        if self.deadline is not None and self.deadline - time.monotonic() <= delay:
            return None
        self.retries += 1
        return delay


@attrs.define
class Pacer:
    """Paces a long-lived loop: :meth:`next_delay` counts an attempt without progress and
    returns the wait before it (the server's ``hint`` wins), :meth:`reset` (on progress) starts
    over, :attr:`exhausted`: more than ``limit`` in a row. With ``immediate`` the first attempt
    after progress goes at once (a stream that was delivering), the backoff from the second."""

    backoff: Backoff = RECONNECT_BACKOFF
    limit: int | None = None
    immediate: bool = False
    count: int = 0

    def reset(self) -> None:
        self.count = 0

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.count > self.limit

    def next_delay(self, hint: float | None = None, initial: float | None = None) -> float:
        self.count += 1
        n = self.count - (2 if self.immediate and hint is None else 1)
        return 0.0 if n < 0 else self.backoff.delay(n, hint, initial)


def poll_pacer(initial: float = 0.25, maximum: float = 2.0) -> Pacer:
    """Polling: ``initial`` seconds growing x1.5 per idle poll up to ``maximum``, no jitter."""
    return Pacer(Backoff(initial, max(initial, maximum), factor=1.5, jitter=0.0))
