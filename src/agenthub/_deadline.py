"""Whole-call deadlines: one time budget from connect to the last byte, across retries.

httpx timeouts are per phase (a server dripping a byte per second keeps a "2 s" read timeout
alive forever), so the SDK keeps a monotonic *deadline* in a context variable
(:func:`deadline_scope`; task-local under asyncio, thread-local in threads) and clamps every
socket operation to the time left: on the httpx clients the SDK creates, :func:`install` wraps
the pool's network backend, so each connect, TLS handshake, read and write gets
``min(its own timeout, time left)`` and fails with the matching httpx timeout once the
deadline has passed; on a user's ``http_client=`` only each attempt's timeouts are clamped
when it starts (:func:`clamp_timeout`).
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token
from typing import Any

import httpcore
import httpx

__all__ = [
    "clamp_timeout",
    "current_deadline",
    "deadline_scope",
    "enter_deadline",
    "exit_deadline",
    "install",
    "time_left",
]

_DEADLINE: ContextVar[float | None] = ContextVar("agenthub_deadline", default=None)

_ExcT = type[httpcore.TimeoutException]


def current_deadline() -> float | None:
    """The innermost active deadline (``time.monotonic()`` seconds), or ``None``."""
    return _DEADLINE.get()


def time_left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (may be negative), or ``None`` without a deadline."""
    return None if deadline is None else deadline - time.monotonic()


def enter_deadline(deadline: float | None) -> Token[float | None] | None:
    """Make ``deadline`` the active one unless an enclosing one is earlier; pass the result to
    :func:`exit_deadline` when done (:class:`deadline_scope` without a ``with``, for the
    request hot path). ``None``: nothing to undo."""
    if deadline is None:
        return None
    outer = _DEADLINE.get()
    if outer is not None and outer <= deadline:
        return None
    return _DEADLINE.set(deadline)


def exit_deadline(token: Token[float | None] | None) -> None:
    """Undo :func:`enter_deadline`."""
    if token is not None:
        _DEADLINE.reset(token)


class deadline_scope:
    """Make ``deadline`` (monotonic seconds) the active one inside the block; an enclosing
    scope's earlier deadline wins (a call inside a stream with a timeout never outlives the
    stream's). ``as`` gives the effective deadline. (A class, not a generator context
    manager: it is entered on every request.)"""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: float | None) -> None:
        self._deadline = deadline
        self._token: Token[float | None] | None = None

    def __enter__(self) -> float | None:
        self._token = enter_deadline(self._deadline)
        return _DEADLINE.get()

    def __exit__(self, *exc: object) -> None:
        exit_deadline(self._token)


def clamp_timeout(timeout: httpx.Timeout, deadline: float | None) -> httpx.Timeout:
    """``timeout`` with each phase limited to the time left before ``deadline`` (at least
    1 ms, so that an expired budget fails at once instead of meaning "no timeout")."""
    if deadline is None:
        return timeout
    left = max(0.001, deadline - time.monotonic())
    phases = timeout.as_dict().items()
    return httpx.Timeout(**{k: left if v is None else min(v, left) for k, v in phases})


def _clamp(timeout: float | None, exc: _ExcT) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("the call's timeout (its whole time budget) has run out")
    return left if timeout is None else min(timeout, left)


# -- httpcore network backend wrappers: every socket operation clamped to the time left ----
# (the SDK's clients never connect to a unix socket, so only TCP is wrapped)


class _Stream(httpcore.NetworkStream):
    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any
    ) -> httpcore.NetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, timeout, *args, **kwargs))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    __slots__ = ("_inner",)

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any
    ) -> httpcore.AsyncNetworkStream:
        timeout = _clamp(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_tcp(host, port, timeout, *args, **kwargs))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _wrap_pool(pool: Any) -> bool:
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, _Backend | _AsyncBackend):
        return True
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _AsyncBackend(backend)
        return True
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _Backend(backend)
        return True
    return False


def install(client: httpx.Client | httpx.AsyncClient) -> bool:
    """Make every connection of ``client`` (one the SDK created) honour the active deadline.

    Wraps the httpcore network backend of the client's default transport and of its proxy
    mounts (httpx 0.28 keeps it in ``transport._pool._network_backend``; a private attribute,
    so an httpx that stores it elsewhere just leaves the client unwrapped: deadlines then hold
    per socket operation via :func:`clamp_timeout`). Returns whether the default transport
    was wrapped."""
    transports = [getattr(client, "_transport", None)]
    transports += list(getattr(client, "_mounts", {}).values())
    wrapped = False
    for i, transport in enumerate(transports):
        pool = getattr(transport, "_pool", None)
        if pool is not None and _wrap_pool(pool) and i == 0:
            wrapped = True
    return wrapped
