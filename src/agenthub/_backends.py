"""Every difference between the async and the sync client that is more than ``async``/``await``,
side by side (as httpcore's ``_synchronization.py``): ``_async/`` code calls
:class:`AsyncBackend`, which ``scripts/run_unasync.py`` renames to :class:`SyncBackend`.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeAlias, TypeVar

import httpcore

from ._pagination import AsyncPageFetcher, AsyncPaginator, SyncCursorPage, SyncPageFetcher

T = TypeVar("T")

#: An access token: a string, or a callable (async: or coroutine function) returning one,
#: called for every request.
AsyncAccessToken = str | Callable[[], str] | Callable[[], Awaitable[str]]
SyncAccessToken = str | Callable[[], str]


class StreamIdle(Exception):
    """Raised by a gRPC reader when nothing arrived within its idle timeout."""


class AsyncGrpcReader:
    def __init__(self, call: Any, timeout: float | None) -> None:
        self._call = call
        self._timeout = timeout

    async def read(self) -> Any:
        import asyncio

        import grpc

        try:
            async with asyncio.timeout(self._timeout):  # not wait_for: no Task per message
                msg = await self._call.read()
        except TimeoutError:
            self._call.cancel()
            raise StreamIdle() from None
        return None if msg is grpc.aio.EOF else msg

    def close(self) -> None:
        return None


class SyncGrpcReader:
    """``read()`` arms a deadline before blocking in ``next(call)`` and disarms it when a
    message arrives (no lock); ONE watchdog thread per process (a thread per call took 1-4 ms
    to start under load) cancels a call whose read is pending past its deadline."""

    def __init__(self, call: Any, timeout: float | None) -> None:
        self._call = call
        self._timeout = timeout if timeout and timeout > 0 else None
        self._deadline: float | None = None
        self._fired = False
        if self._timeout is not None:
            _WATCHDOG.add(self)

    def read(self) -> Any:
        if self._timeout is not None:
            self._deadline = time.monotonic() + self._timeout
        try:
            return next(self._call)
        except StopIteration:
            return None
        except Exception:
            if self._fired:
                raise StreamIdle() from None
            raise
        finally:
            self._deadline = None

    def _check(self, now: float) -> float:
        """Cancel the call if its read is past its deadline; when to look again."""
        assert self._timeout is not None
        deadline = self._deadline
        if deadline is None:  # no read pending: a new one is armed no sooner than this
            return now + self._timeout
        if deadline > now:
            return deadline
        if self._deadline is not deadline:
            return now  # re-armed meanwhile (a new float object): look again
        self._fired = True
        with contextlib.suppress(Exception):
            self._call.cancel()
        return now + self._timeout  # watched until close(), which the failed read leads to

    def close(self) -> None:
        _WATCHDOG.remove(self)


class _Watchdog:
    """Watches every :class:`SyncGrpcReader`; ends after :attr:`linger` seconds without any."""

    linger = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readers: set[SyncGrpcReader] = set()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, reader: SyncGrpcReader) -> None:
        with self._lock:
            self._readers.add(reader)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="agenthub-grpc-watchdog", daemon=True
                )
                self._thread.start()
        self._wake.set()  # its deadline may be the earliest

    def remove(self, reader: SyncGrpcReader) -> None:
        with self._lock:
            self._readers.discard(reader)

    def _run(self) -> None:
        while True:
            self._wake.clear()
            now = time.monotonic()
            with self._lock:
                readers = list(self._readers)
            wake_at = min([now + self.linger, *(reader._check(now) for reader in readers)])
            if not self._wake.wait(max(0.0, wake_at - time.monotonic())) and not readers:
                with self._lock:  # a whole linger without readers: end (add() starts another)
                    if not self._readers:
                        self._thread = None
                        return


_WATCHDOG = _Watchdog()


class _AsyncOnly:
    __slots__ = ("_body",)

    def __init__(self, body: Any) -> None:
        self._body = body

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._body.__aiter__()  # type: ignore[no-any-return]


class AsyncBackend:
    NetworkStream: TypeAlias = httpcore.AsyncNetworkStream
    NetworkBackend: TypeAlias = httpcore.AsyncNetworkBackend

    @staticmethod
    async def sleep(seconds: float) -> None:
        import asyncio  # here, not at the top: the sync client never loads asyncio

        await asyncio.sleep(seconds)

    @staticmethod
    def paginate(fetch: AsyncPageFetcher[T]) -> AsyncPaginator[T]:
        """What a ``list()`` method returns: a lazy paginator (no request until used)."""
        return AsyncPaginator(fetch)

    @staticmethod
    async def maybe_await(value: Any) -> Any:
        if inspect.isawaitable(value):
            return await value
        return value

    @staticmethod
    async def call_tool(fn: Callable[..., Any], arguments: dict[str, Any]) -> Any:
        """Run a client tool: coroutine functions are awaited; plain functions run in a worker
        thread (so a blocking tool does not stall the event loop)."""
        if inspect.iscoroutinefunction(fn):
            return await fn(**arguments)
        import asyncio

        return await AsyncBackend.maybe_await(await asyncio.to_thread(fn, **arguments))

    @staticmethod
    def upload_body(body: Any) -> Any:
        """A replayable upload body as ``httpx.AsyncClient`` wants it (async-iterable only)."""
        return _AsyncOnly(body)

    @staticmethod
    def grpc_channel(target: str, secure: bool, options: list[tuple[str, Any]]) -> Any:
        import grpc

        if secure:
            return grpc.aio.secure_channel(target, grpc.ssl_channel_credentials(), options=options)
        return grpc.aio.insecure_channel(target, options=options)

    #: ``read()`` → the call's next message, ``None`` at its end, :class:`StreamIdle` (call
    #: cancelled) after ``timeout`` seconds of silence; ``close()`` when done
    grpc_reader = AsyncGrpcReader


class SyncBackend:
    NetworkStream: TypeAlias = httpcore.NetworkStream
    NetworkBackend: TypeAlias = httpcore.NetworkBackend

    sleep = staticmethod(time.sleep)

    @staticmethod
    def paginate(fetch: SyncPageFetcher[T]) -> SyncCursorPage[T]:
        """The first page, fetched now; iterating it walks all pages lazily."""
        return fetch(None)

    @staticmethod
    def maybe_await(value: Any) -> Any:
        return value

    @staticmethod
    def call_tool(fn: Callable[..., Any], arguments: dict[str, Any]) -> Any:
        """Run a client tool in the calling thread (coroutine functions are rejected)."""
        result = fn(**arguments)
        if inspect.isawaitable(result):
            getattr(result, "close", lambda: None)()  # no "never awaited" warning
            raise TypeError("async client tools need AsyncAgentHub; register a plain function here")
        return result

    @staticmethod
    def upload_body(body: Any) -> Any:
        return body

    @staticmethod
    def grpc_channel(target: str, secure: bool, options: list[tuple[str, Any]]) -> Any:
        import grpc

        if secure:
            return grpc.secure_channel(target, grpc.ssl_channel_credentials(), options=options)
        return grpc.insecure_channel(target, options=options)

    grpc_reader = SyncGrpcReader
