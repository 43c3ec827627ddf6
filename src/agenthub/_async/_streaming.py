"""The event stream: one resume loop for every :class:`AsyncEventTransport` (SSE, gRPC, polling;
each connection yields wire event dicts).

* It tracks ``last_sequence_number`` and, when a connection drops, errors, ends early or is
  silent past ``heartbeat_timeout``, re-opens after it: no event lost, none delivered twice.
* Reconnects are budgeted by CONSECUTIVE failures (``max_reconnects``); every event resets the
  count. The first reconnect after progress is immediate, later ones wait per
  :mod:`agenthub._retry` (``Retry-After``, else backoff from the SSE ``retry:`` hint or 0.5 s).
* When the server's capabilities mark the transport's streaming unavailable, or the transport
  refuses it (:class:`StreamingUnavailable`: HTTP 404/405/406/501 or a non-SSE answer, gRPC
  UNIMPLEMENTED), it polls ``list_events`` instead: the same events, exactly once.
* ``timeout`` (seconds) bounds the whole stream, reconnects included; over SSE every socket
  read is clamped to the time left, over gRPC and polling it is checked per message, idle
  timeout or poll.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from typing import Any, Protocol

import attrs

from .._backends import AsyncBackend, StreamIdle
from .._deadline import deadline_scope
from .._events import TERMINAL_TURN_EVENTS, AsyncEvent
from .._exceptions import (
    AgentHubError,
    APIConnectionError,
    APITimeoutError,
    EventTooLargeError,
    ProtocolError,
    StreamError,
)
from .._logging import logger
from .._results import EventsRequest, StreamingUnavailable, StreamPolicy, turn_outcome
from .._results import TurnResult as TurnResult
from .._retry import Pacer, retryable
from .._types import RequestOptions, check_seconds


class AsyncEventTransport(Protocol):
    """``open_events``: one connection (a generator); ``retry_hint``: the server's reconnect
    delay in seconds."""

    retry_hint: float | None

    def open_events(self, request: EventsRequest) -> AsyncIterator[dict[str, Any]]: ...


@attrs.define(kw_only=True, eq=False, repr=False)
class AsyncEventStream:
    """Typed events of a session (or of one turn), resumed transparently after drops::

        async with turn.stream() as events:
            async for event in events:
                ...
        print(events.result.text)

    Attributes: ``last_sequence_number`` (the last delivered), ``reconnects``, ``polling`` (fell
    back to polling), ``timeout`` (overall budget in seconds, counted from the first iteration
    or ``async with``; settable until then), ``finished``, ``terminal_event``. ``error`` events
    are yielded like any other. Raises :class:`APIConnectionError` / :class:`APIStatusError`
    when the reconnect budget is exhausted or the server refuses, :class:`APITimeoutError` when
    ``timeout`` has passed, ``EventTooLargeError`` above the client's ``max_event_bytes``.
    """

    _transport: AsyncEventTransport
    _decoder: Callable[[dict[str, Any]], AsyncEvent]
    session_id: str
    turn_id: str | None = None
    last_sequence_number: int = attrs.field(default=0, alias="after_sequence_number")
    #: creates the turn on first use and returns its id (a turn stream not yet started)
    _start: Callable[[], Any] | None = None
    #: called with each event of the types in ``hook_types`` (all: ``None``) before it is yielded
    _hook: Callable[[AsyncEvent], Any] | None = None
    _hook_types: Collection[str] | None = None
    _fallback: AsyncEventTransport | None = None
    policy: StreamPolicy = attrs.field(factory=StreamPolicy)
    _streaming_available: Callable[[], Awaitable[bool]] | None = None
    timeout: float | None = None
    _options: RequestOptions | None = None
    #: called with the TurnResult when the followed turn completes
    on_result: Callable[[TurnResult], Any] | None = attrs.field(default=None, init=False)
    reconnects: int = attrs.field(default=0, init=False)
    polling: bool = attrs.field(default=False, init=False)
    finished: bool = attrs.field(default=False, init=False)
    terminal_event: AsyncEvent | None = attrs.field(default=None, init=False)
    #: ``time.monotonic()`` when ``timeout`` runs out (set when the stream starts)
    _deadline: float | None = attrs.field(default=None, init=False)
    _iter: AsyncIterator[dict[str, Any]] | None = attrs.field(default=None, init=False)
    _pacer: Pacer = attrs.field(init=False)
    _error_event: AsyncEvent | None = attrs.field(default=None, init=False)

    def __attrs_post_init__(self) -> None:
        self._pacer = Pacer(limit=self.policy.max_reconnects, immediate=True)

    async def __aenter__(self) -> AsyncEventStream:
        await self._ensure_started()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __aiter__(self) -> AsyncEventStream:
        return self

    async def __anext__(self) -> AsyncEvent:
        while True:
            if self.finished:
                await self._close_iter()
                raise StopAsyncIteration
            it = self._iter
            if it is None:
                it = await self._open()
            elif self._deadline is not None:
                await self._check_deadline()
            try:
                if self._deadline is None:  # hot path: no context manager per event
                    raw = await it.__anext__()
                else:
                    with deadline_scope(self._deadline):
                        raw = await it.__anext__()
            except StopAsyncIteration:
                await self._dropped(None)
                continue
            except StreamingUnavailable as exc:
                await self._close_iter()
                if self._fallback is None or self.polling:
                    raise AgentHubError(f"streaming is not available: {exc}") from None
                self._poll(f"streaming refused ({exc})")
                continue
            except BaseException as exc:
                too_large = isinstance(exc, EventTooLargeError)  # a reconnect would refetch it
                if too_large or not (retryable(exc) or isinstance(exc, ProtocolError | StreamIdle)):
                    self.finished = too_large
                    await self._close_iter()
                    raise
                await self._dropped(exc)
                continue
            seq = raw.get("sequence_number")
            if isinstance(seq, int):
                if seq <= self.last_sequence_number:
                    continue  # already delivered (replay overlap)
                self.last_sequence_number = seq
            self._pacer.count = 0  # progress: the reconnect budget starts over
            event = self._decoder(raw)
            t = raw.get("type")
            if self._hook is not None and (self._hook_types is None or t in self._hook_types):
                await self._hook(event)
            if (
                t in TERMINAL_TURN_EVENTS
                and self.turn_id is not None
                and raw.get("turn_id") == self.turn_id
            ):
                self.terminal_event = event
                self.finished = True
                if t == "turn.completed" and self.on_result is not None:
                    self.on_result(self.result)
            elif t == "error":
                self._error_event = event
            return event

    def _start_clock(self) -> None:
        if self._deadline is None and self.timeout is not None:
            self._deadline = time.monotonic() + self.timeout

    async def _ensure_started(self) -> None:
        self._start_clock()
        if self._start is not None:
            start, self._start = self._start, None
            with deadline_scope(self._deadline):
                self.turn_id = await start()

    async def _open(self) -> AsyncIterator[dict[str, Any]]:
        await self._ensure_started()
        await self._check_deadline()
        if self._streaming_available is not None:
            probe, self._streaming_available = self._streaming_available, None
            if self._fallback is not None and not await probe():
                self._poll("streaming not offered by the server")
        request = EventsRequest(
            self.session_id,
            self.last_sequence_number,
            self.turn_id,
            self.policy.heartbeat_timeout,
            self._options,
        )
        self._iter = self._transport.open_events(request)
        return self._iter

    def _poll(self, why: str) -> None:
        logger.info("agenthub: %s; falling back to polling", why)
        self._transport, self.polling = self._fallback, True  # type: ignore[assignment]

    async def _check_deadline(self) -> None:
        if self._deadline is not None and time.monotonic() >= self._deadline:
            self.finished = True
            await self._close_iter()
            raise APITimeoutError(
                f"event stream of session {self.session_id} timed out: its timeout of "
                f"{self.timeout:g}s ran out (after sequence number {self.last_sequence_number}, "
                f"{self.reconnects} reconnect(s))"
            )

    async def _close_iter(self) -> None:
        it, self._iter = self._iter, None
        if it is not None:
            with contextlib.suppress(Exception):  # a broken connection must not mask the error
                await it.aclose()  # type: ignore[attr-defined]  # open_events are generators

    async def _dropped(self, exc: BaseException | None) -> None:
        await self._close_iter()
        await self._check_deadline()
        pacer = self._pacer
        delay = pacer.next_delay(getattr(exc, "retry_after", None), self._transport.retry_hint)
        if pacer.exhausted:
            self.finished = True
            if exc is None:
                raise APIConnectionError(
                    f"event stream ended early {pacer.count} times in a row without "
                    f"progress (after sequence number {self.last_sequence_number})"
                )
            if isinstance(exc, StreamIdle):
                raise APIConnectionError(
                    f"event stream silent for more than {self.policy.heartbeat_timeout}s, "
                    f"{pacer.count} times in a row"
                ) from None
            raise exc
        logger.info(
            "agenthub: event stream %s (%s); reconnecting after seq %d in %.2fs (attempt %d/%d)",
            self.session_id,
            "ended" if exc is None else type(exc).__name__,
            self.last_sequence_number,
            delay,
            pacer.count,
            pacer.limit,
        )
        if self._deadline is not None:
            delay = min(delay, max(0.0, self._deadline - time.monotonic()))
        if delay > 0:
            await AsyncBackend.sleep(delay)
        self.reconnects += 1

    async def close(self) -> None:
        """Stop streaming and release the connection (idempotent)."""
        self.finished = True
        await self._close_iter()

    @property
    def result(self) -> TurnResult:
        """The turn's :class:`TurnResult` once the stream saw its end; :class:`TurnFailedError`
        if it failed, was cancelled or incomplete, :class:`AgentHubError` before its end."""
        term = self.terminal_event
        if term is None:
            raise AgentHubError(
                "the turn has not finished yet: iterate the stream to the end "
                "(or call until_done())"
            )
        return turn_outcome(
            str(term.type).removeprefix("turn."),
            getattr(term, "result", None),
            getattr(term, "error", None),
            turn_id=self.turn_id,
            session_id=self.session_id,
            turn=term,
        )

    async def until_done(self, *, timeout: float | None = None) -> TurnResult:
        """Consume the remaining events and return :attr:`result`. ``timeout`` (seconds, from
        now; the stream's own still applies if sooner) → :class:`APITimeoutError`."""
        check_seconds("timeout", timeout)
        if timeout is not None:
            deadline = time.monotonic() + timeout
            self._start_clock()
            if self._deadline is None or deadline < self._deadline:
                self._deadline, self.timeout = deadline, timeout
        async for _ in self:
            pass
        return self.result

    async def get_final_result(self) -> TurnResult:
        """Like :meth:`until_done`, but a turn that ended after an ``error`` event without a
        result raises :class:`StreamError` (carrying that event)."""
        async for _ in self:
            pass
        term = self.terminal_event
        if (term is None or term.type != "turn.completed") and self._error_event:
            ev = self._error_event
            raise StreamError(
                f"stream error: {getattr(ev, 'code', '')}: {getattr(ev, 'message', '')}",
                event=ev,
                code=getattr(ev, "code", None),
                source=getattr(ev, "source", None),
            )
        return self.result

    async def text_deltas(self) -> AsyncIterator[str]:
        """Only the text: each ``message.delta``'s ``delta`` (other events are still
        processed, e.g. client tools run)."""
        async for event in self:
            if event.type == "message.delta":
                yield event.delta

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} session_id={self.session_id!r} turn_id={self.turn_id!r} "
            f"last_sequence_number={self.last_sequence_number}>"
        )
