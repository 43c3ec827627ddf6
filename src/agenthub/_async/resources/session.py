"""The bound :class:`AsyncSession` handle that ``hub.sessions`` makes: the session's data,
its sub-resources, turns (``create_turn``, ``prompt``), status callbacks and client tools.
Its REST/gRPC calls are generated (``_session.AsyncSessionAPI``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from agenthub_openapi.models.session import Session as SessionModel
from agenthub_openapi.models.session_status_event import SessionStatusEvent
from agenthub_openapi.models.turn import Turn as TurnModel
from agenthub_openapi.params import TurnCreateOptionalParams
from agenthub_openapi.views import SessionFields
from typing_extensions import Unpack

from ..._backends import AsyncBackend
from ..._events import AsyncBoundElicitationRequestedEvent, AsyncEvent, EventDecoder
from ..._inputs import InputLike
from ..._logging import logger
from ..._results import TurnResult
from ..._types import CallOptions, RequestOptions, check_options
from .._transport import AsyncRestTransport
from ._base import Transport, request_body
from ._session import AsyncSessionAPI
from .tools import AsyncTools
from .turn import AsyncTurn, ElicitationHandler

if TYPE_CHECKING:
    from .._grpc import AsyncGrpcTransport
    from .sessions import AsyncSessions


__all__ = ["AsyncSession", "PromptOptions", "StatusCallback", "TurnCreateCall"]


class PromptOptions(TurnCreateOptionalParams, total=False):
    """The keywords of :meth:`AsyncSession.prompt` besides ``timeout`` (the wait's) and
    ``on_elicitation``: the optional ``TurnCreate`` fields and the per-call options."""

    max_retries: int
    extra_headers: Mapping[str, str]
    idempotency_key: str


_PROMPT_OPTIONS = frozenset(PromptOptions.__optional_keys__)


class TurnCreateCall(TurnCreateOptionalParams, CallOptions, total=False):
    """Keywords of ``session.create_turn`` after the input: ``previous_turn_id`` (default
    ``"auto"``), ``metadata`` and the per-call options."""


#: ``fn(session_id, status)`` (the asyncio client also awaits a coroutine function).
StatusCallback = Callable[[str, str], Any]


class AsyncSession(AsyncSessionAPI, SessionFields):
    """A session bound to the client. ``data`` is the generated Session model as last
    fetched; each field of the contract's ``Session`` is a read-only attribute of the handle
    (``session.id``, ``session.status``…; generated as ``agenthub_openapi.views.SessionFields``),
    refreshed by :meth:`refresh` and by the calls that return a snapshot (``update``,
    ``pause``, ``resume``, ``cancel``; these return the handle).

    Sub-resources: ``turns``, ``events``, ``elicitations``, ``files``, ``tools``,
    ``mcp_servers``. Status callbacks (:meth:`add_status_callback`) are called
    ``fn(session_id, status)`` once per ``session.status`` event, in sequence order, by any
    stream or wait of this handle and by its own ``pause()``/``resume()``/``cancel()``;
    client tools registered with ``tools.register`` are run when their ``client_tool``
    elicitation arrives.
    """

    def __init__(
        self,
        resource: AsyncSessions,
        data: SessionModel,
        transport: Transport,
        transport_impl: AsyncRestTransport | AsyncGrpcTransport,
    ) -> None:
        self._resource = resource
        self._pipeline = resource._pipeline
        self.data = data
        self.transport_name: Transport = transport
        self._transport = transport_impl
        self._rest = resource._rest
        self._status_callbacks: list[StatusCallback] = []
        self._status_seq = 0
        self._handled_elicitations: set[str] = set()

    # Like the sub-resources (generated in AsyncSessionAPI) these are created on first use:
    # a handle that never uses them (each item of a long ``sessions.list()``) is then free of
    # reference cycles and freed at once, not by the cyclic GC.

    @cached_property
    def tools(self) -> AsyncTools:
        return AsyncTools()

    def _turn(self, data: Any) -> AsyncTurn:
        return AsyncTurn.attach(self, TurnModel.from_dict(data))

    @cached_property
    def _decoder(self) -> EventDecoder[AsyncBoundElicitationRequestedEvent]:
        return EventDecoder(self._resolve, AsyncBoundElicitationRequestedEvent)

    def to_dict(self) -> dict[str, Any]:
        return self.data.to_dict()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id!r} status={self.status!r}>"

    @property
    def _session(self) -> AsyncSession:  # the calls of AsyncSessionAPI are about this handle
        return self

    async def _store(self, data: SessionModel) -> AsyncSession:
        self.data = data
        return self

    async def _set_data(self, data: SessionModel) -> AsyncSession:
        """Store a snapshot returned by a status-changing call and notify callbacks once."""
        previous, self.data = str(self.data.status), data
        seq = data.last_sequence_number
        if str(data.status) != previous and isinstance(seq, int):
            await self._notify_status(str(data.status), seq)
        return self

    def create_turn(self, input: InputLike, **params: Unpack[TurnCreateCall]) -> AsyncTurn:
        """Prepare a turn; NO request is made until ``stream()``, ``wait()`` or ``state()``.

        ``input``: a string, an input item (dict / generated model / ``agenthub.input``
        helper) or a list of them. Keywords: the other ``TurnCreate`` fields —
        ``previous_turn_id``: ``"auto"`` (default: chain to the latest), an id (412
        ``PreconditionFailedError`` if stale) or ``None`` (first turn only); ``metadata`` —
        and the per-call options, kept by the turn: the create call uses them all, its later
        requests (``state()``, ``wait()``'s polls, ``stream()``'s connections, ``cancel()``)
        all but the ``idempotency_key``. Raises ``TypeError`` at once for an unknown
        keyword or a wrong kind of value."""
        fields, options = request_body(
            "TurnCreate", {"input": [], **params}, "session.create_turn()"
        )
        del fields["input"]  # converted from ``input`` when the turn starts
        return AsyncTurn(self, input, fields=fields, options=RequestOptions.from_call(options))

    async def prompt(
        self,
        text: InputLike,
        *,
        timeout: float | None = None,
        on_elicitation: ElicitationHandler | Literal["wait"] | None = None,
        **options: Unpack[PromptOptions],
    ) -> TurnResult:
        """``create_turn(text, **options)`` + ``wait(timeout=, on_elicitation=)`` (see
        ``AsyncTurn.wait``). ``output_schema={...JSON Schema...}`` makes the result's
        ``structured_output`` the parsed answer (``TurnFailedError`` with code
        ``output_schema_mismatch`` when the answer does not match)."""
        check_options(options, _PROMPT_OPTIONS, "session.prompt()")
        turn = self.create_turn(text, **options)
        return await turn.wait(timeout=timeout, on_elicitation=on_elicitation)

    def add_status_callback(self, fn: StatusCallback) -> StatusCallback:
        """Register ``fn(session_id, status)`` (see the class docstring); usable as a
        decorator. Raises ``TypeError`` if ``fn`` is not callable."""
        if not callable(fn):
            raise TypeError(f"a status callback must be callable, not {type(fn).__name__}")
        self._status_callbacks.append(fn)
        return fn

    async def _resolve(
        self,
        elicitation_id: str,
        action: str,
        content: dict[str, Any] | None,
        reason: str | None,
    ) -> Any:
        body = {"action": action, "content": content, "reason": reason}
        body = {k: v for k, v in body.items() if v is not None}
        return await self._transport.resolve_elicitation(self.id, elicitation_id, body)

    #: the event types :meth:`_on_event` acts on (streams call it for these only)
    _HOOKED_EVENT_TYPES = frozenset({"session.status", "elicitation.requested"})

    async def _on_event(self, event: AsyncEvent) -> None:
        """Status callbacks and client tools, for :attr:`_HOOKED_EVENT_TYPES` (keep the two
        in step); an :class:`UnknownEvent`, even of a hooked type, is ignored."""
        t = event.type
        if t == "session.status" and isinstance(event, SessionStatusEvent):
            await self._notify_status(str(event.status), event.sequence_number)
        elif t == "elicitation.requested" and isinstance(
            event, AsyncBoundElicitationRequestedEvent
        ):
            await self._maybe_run_tool(event)

    async def _notify_status(self, status: str, seq: int | None) -> None:
        """Call the status callbacks, once per sequence number and only moving forward."""
        if seq is not None:
            if seq <= self._status_seq:
                return
            self._status_seq = seq
        for fn in list(self._status_callbacks):
            try:
                await AsyncBackend.maybe_await(fn(self.id, status))
            except Exception:
                logger.exception("agenthub: status callback %r raised", fn)

    async def _maybe_run_tool(self, event: AsyncBoundElicitationRequestedEvent) -> None:
        eli = event.elicitation
        if eli.kind != "client_tool" or eli.status != "pending":
            return
        fn = self.tools.get(eli.tool_name or "")
        if fn is None or eli.id in self._handled_elicitations:
            return
        self._handled_elicitations.add(eli.id)
        arguments: dict[str, Any] = getattr(eli.arguments, "to_dict", dict)()  # None → {}
        content: dict[str, Any]
        try:
            result = await AsyncBackend.call_tool(fn, arguments)
            content = {"output": result if isinstance(result, str) else str(result)}
        except Exception as exc:
            logger.warning("agenthub: client tool %s raised %r", eli.tool_name, exc)
            content = {"output": f"error: {type(exc).__name__}: {exc}", "is_error": True}
        await self._resolve(eli.id, "accept", content, None)
