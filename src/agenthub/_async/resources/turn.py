"""The lazy :class:`AsyncTurn` handle that ``session.create_turn`` and ``session.turns``
make: start, stream, wait, state, cancel."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from agenthub_openapi.models.turn import Turn as TurnModel
from agenthub_openapi.views import TurnFields
from typing_extensions import Unpack

from ..._backends import AsyncBackend
from ..._events import AsyncBoundElicitationRequestedEvent
from ..._exceptions import AgentHubError, ElicitationRequiredError, PollTimeoutError
from ..._inputs import InputLike, to_input_items
from ..._results import StreamPolicy, TurnResult, turn_outcome
from ..._retry import poll_pacer
from ..._statuses import TURN_TERMINAL_STATUSES
from ..._types import NO_OPTIONS, CallOptions, RequestOptions, check_seconds
from .._streaming import AsyncEventStream
from .._transport import merge_options, poll_turn, read_options

if TYPE_CHECKING:
    from .session import AsyncSession


__all__ = ["AsyncTurn", "ElicitationHandler"]

#: ``on_elicitation=`` handler: called once per unanswered elicitation with the bound event
#: (``event.approve()``, ``decline(reason=)``, ``respond(...)``, ``cancel()``); the asyncio
#: client also awaits a coroutine function.
ElicitationHandler = Callable[[AsyncBoundElicitationRequestedEvent], Any]

_PART_TYPES = frozenset({"text", "file", "file_data"})


class AsyncTurn(TurnFields):
    """A turn of a session. Created lazily by ``session.create_turn(...)``: no request until
    :meth:`stream` (on ``async with`` / first iteration), :meth:`wait` or :meth:`state`.

    ``id`` is ``None`` until started; ``result`` is the :class:`TurnResult` after completion
    (``None`` before). ``data`` is the Turn model as last fetched (``state()`` refreshes it);
    ``status``, ``input``, ``created_at``, ``completed_at`` and ``previous_turn_id`` read it
    (``None`` before the turn exists; generated as ``agenthub_openapi.views.TurnFields``).
    Errors: ``ConflictError`` (409 ``turn_in_progress``) if another turn is running,
    ``PreconditionFailedError`` (412) if ``previous_turn_id`` is stale."""

    def __init__(
        self,
        session: AsyncSession,
        input: InputLike,
        *,
        fields: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
        model: TurnModel | None = None,
    ) -> None:
        self.session = session
        self._input = input
        self._fields = {"previous_turn_id": "auto", **(fields or {})}  # already JSON
        self._options = options if options is not None else NO_OPTIONS  # the create call's
        self._later_options = read_options(self._options)  # ... minus the idempotency key
        self.data: TurnModel | None = model
        self.id: str | None = model.id if model is not None else None
        self.result: TurnResult | None = None

    @classmethod
    def attach(cls, session: AsyncSession, model: TurnModel) -> AsyncTurn:
        """A handle on a turn that exists on the server."""
        return cls(session, list(model.input), model=model)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id!r} session_id={self.session.id!r}>"

    def _body(self) -> dict[str, Any]:
        value = self._input
        if (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(p, Mapping) and p.get("type") in _PART_TYPES for p in value)
        ):
            # a list of content parts (agenthub.input.text/file/file_id) is one message
            value = {"type": "user.message", "content": [dict(p) for p in value]}
        return {"input": [item.to_dict() for item in to_input_items(value)], **self._fields}

    async def _ensure_started(self) -> str:
        if self.id is None:
            s = self.session
            self.data = await s._transport.create_turn(s.id, self._body(), self._options)
            self.id = self.data.id
        return self.id

    async def start(self) -> AsyncTurn:
        """Create the turn on the server now (no-op if started)."""
        await self._ensure_started()
        return self

    async def state(self, **options: Unpack[CallOptions]) -> TurnModel:
        """The turn as the server sees it now (created first if needed). ``options`` override
        ``create_turn``'s for this request (as for :meth:`cancel`)."""
        opts = merge_options(self._later_options, options)  # checked before any request
        turn_id = await self._ensure_started()
        self.data = await self.session._transport.get_turn(self.session.id, turn_id, opts)
        return self.data

    async def cancel(self, **options: Unpack[CallOptions]) -> TurnModel:
        """Request cancellation (idempotent, also on terminal turns). Raises
        :class:`AgentHubError` if the turn was never started."""
        if self.id is None:
            raise AgentHubError("this turn has not been started; nothing to cancel")
        self.data = await self.session._transport.cancel_turn(
            self.session.id, self.id, merge_options(self._later_options, options)
        )
        return self.data

    def stream(
        self,
        *,
        after_sequence_number: int = 0,
        max_reconnects: int = 5,
        heartbeat_timeout: float | None = None,
        timeout: float | None = None,
    ) -> AsyncEventStream:
        """This turn's events, typed, resumed after drops, ending with its terminal event;
        starts the turn (on enter / first iteration) if needed.

        ``heartbeat_timeout`` (seconds, default 50): silence longer than this counts as a
        dropped connection. ``max_reconnects``: consecutive failed reconnects before giving
        up. ``timeout`` (seconds, default none): the whole stream's budget, turn creation and
        reconnects included; when it runs out iteration raises :class:`APITimeoutError` (the
        turn itself keeps running on the server)."""
        check_seconds("timeout", timeout)
        check_seconds("heartbeat_timeout", heartbeat_timeout)
        stream = self.session.events._make_stream(
            after_sequence_number=after_sequence_number,
            turn_id=self.id,
            start=self._ensure_started if self.id is None else None,
            policy=StreamPolicy(max_reconnects, heartbeat_timeout),
            options=self._later_options,
        )
        stream.on_result = self._stream_finished
        stream.timeout = timeout
        return stream

    def _stream_finished(self, result: TurnResult) -> None:
        self.result = result

    async def wait(
        self,
        *,
        timeout: float | None = None,
        poll_interval: float = 0.25,
        max_poll_interval: float = 2.0,
        on_elicitation: ElicitationHandler | Literal["wait"] | None = None,
    ) -> TurnResult:
        """Poll until the turn ends → :class:`TurnResult`.

        Backs off from ``poll_interval`` to ``max_poll_interval`` seconds (x1.5 per idle poll;
        reset on progress; a server ``Retry-After`` wins). While waiting it catches up on the
        turn's events: status callbacks fire, registered client tools run, and each other
        pending elicitation is passed once to ``on_elicitation(event)`` (which calls
        ``await event.approve()`` etc.). One that nothing answers raises
        :class:`ElicitationRequiredError` (``.elicitation_id``, ``.turn_id``) at once (the
        turn stays ``waiting``), unless ``on_elicitation="wait"`` (someone else answers it).

        Raises :class:`PollTimeoutError` (``.last_state`` = last Turn) after ``timeout``
        seconds, :class:`TurnFailedError` if the turn failed / was cancelled / incomplete."""
        if not (on_elicitation is None or on_elicitation == "wait" or callable(on_elicitation)):
            raise TypeError(
                "on_elicitation must be a callable, 'wait' or None, not "
                f"{type(on_elicitation).__name__}"
            )
        check_seconds("timeout", timeout)
        check_seconds("poll_interval", poll_interval)
        check_seconds("max_poll_interval", max_poll_interval)
        s = self.session
        turn_id = await self._ensure_started()
        started = time.monotonic()
        deadline = None if timeout is None else started + timeout
        opts = self._later_options
        pacer = poll_pacer(poll_interval, max_poll_interval)
        after = 0
        seen_status: str | None = None
        offered: set[str] = set()
        #: elicitations seen that nothing answers (id → Elicitation), until resolved
        unanswered: dict[str, Any] = {}
        while True:
            turn, hint = await poll_turn(s._transport, s.id, turn_id, opts)
            self.data = turn
            status = str(turn.status)
            progressed = False
            if status != seen_status or status == "waiting" or status in TURN_TERMINAL_STATUSES:
                progressed = status != seen_status
                seen_status = status
                more = True
                while more:  # catch up on events: callbacks, client tools, elicitations
                    events, more, _ = await s._rest.fetch_events(s.id, after, turn_id, opts)
                    more = more and bool(events)
                    for raw in events:
                        seq = raw.get("sequence_number")
                        if isinstance(seq, int) and seq > after:
                            after = seq
                        event = s._decoder(raw)
                        await s._on_event(event)
                        if isinstance(event, AsyncBoundElicitationRequestedEvent):
                            eli = event.elicitation
                            if eli.id in s._handled_elicitations:
                                progressed = True
                            elif callable(on_elicitation) and eli.id not in offered:
                                offered.add(eli.id)
                                await AsyncBackend.maybe_await(on_elicitation(event))
                                progressed = True
                            elif on_elicitation is None:
                                unanswered[eli.id] = eli
                        elif event.type == "elicitation.resolved":
                            unanswered.pop(str(event.elicitation_id), None)
            if unanswered and status not in TURN_TERMINAL_STATUSES:
                raise ElicitationRequiredError.for_elicitation(
                    next(iter(unanswered.values())), turn_id=turn_id, session_id=s.id
                )
            if status in TURN_TERMINAL_STATUSES:
                self.result = turn_outcome(
                    status, turn.result, turn.error, turn_id=turn_id, session_id=s.id, turn=turn
                )
                return self.result
            if progressed:
                pacer.reset()
            delay = pacer.next_delay(hint)
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PollTimeoutError.for_turn(
                        turn_id, status, time.monotonic() - started, last_state=turn
                    )
                delay = min(delay, remaining)
            if not progressed:
                await AsyncBackend.sleep(delay)
