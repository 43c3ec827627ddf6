"""Whole-call deadlines: one time budget from connect to the last byte, across retries.

httpx timeouts are per phase (a server dripping a byte per second keeps a "2 s" read timeout
alive forever), so the SDK keeps a monotonic *deadline* in a context variable
(:class:`deadline_scope`; task-local under asyncio, thread-local in threads) and clamps every
socket operation to the time left: the httpx clients the SDK creates get a network backend
(``DeadlineBackend`` in ``_async/_http.py``) that gives each connect, TLS handshake, read and
write ``min(its own timeout, time left)`` (:func:`clamp`), failing with the matching httpx
timeout once the deadline has passed; on a user's ``http_client=`` only each attempt's
timeouts are clamped when it starts (:func:`clamp_timeout`).
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token

import httpcore
import httpx

_DEADLINE: ContextVar[float | None] = ContextVar("agenthub_deadline", default=None)


#: ``current_deadline()``: the innermost active deadline (``time.monotonic()`` s), or ``None``
current_deadline = _DEADLINE.get


class deadline_scope:
    """Make ``deadline`` (monotonic seconds; ``None``: none) the active one inside the block;
    an enclosing scope's earlier deadline wins (a call inside a stream with a timeout never
    outlives the stream's). A class, not a generator: it is entered on every request."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: float | None) -> None:
        self._deadline = deadline
        self._token: Token[float | None] | None = None

    def __enter__(self) -> None:
        outer, deadline = _DEADLINE.get(), self._deadline
        if deadline is not None and (outer is None or deadline < outer):
            self._token = _DEADLINE.set(deadline)

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _DEADLINE.reset(self._token)


def clamp_timeout(timeout: httpx.Timeout, deadline: float | None) -> httpx.Timeout:
    """``timeout`` with each phase limited to the time left before ``deadline`` (at least
    1 ms, so that an expired budget fails at once instead of meaning "no timeout")."""
    if deadline is None:
        return timeout
    left = max(0.001, deadline - time.monotonic())
    phases = timeout.as_dict().items()
    return httpx.Timeout(**{k: left if v is None else min(v, left) for k, v in phases})


def clamp(timeout: float | None, exc: type[httpcore.TimeoutException]) -> float | None:
    """One socket operation's ``timeout`` limited to the active deadline; raises ``exc`` once
    it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("the call's timeout (its whole time budget) has run out")
    return left if timeout is None else min(timeout, left)
