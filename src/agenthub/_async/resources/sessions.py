"""Sessions: ``hub.sessions`` and the bound :class:`AsyncSession` handle.

``transport="sse"`` (default) or ``"grpc"`` picks how a session streams events AND how it
makes the calls the gRPC service has (GetSession, CancelSession, CreateTurn, GetTurn,
CancelTurn, ResolveElicitation); everything else goes over REST.
"""

from __future__ import annotations

import builtins
import datetime
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from agenthub_openapi.api.mcp_servers import list_session_mcp_servers, set_session_mcp_servers
from agenthub_openapi.api.sessions import (
    cancel_session,
    create_session,
    delete_session,
    get_session,
    inject_context,
    list_sessions,
    pause_session,
    resume_session,
    update_session,
)
from agenthub_openapi.models.context_injected_event import ContextInjectedEvent
from agenthub_openapi.models.mcp_server import McpServer
from agenthub_openapi.models.session import Session as SessionModel
from agenthub_openapi.models.session_status_event import SessionStatusEvent
from agenthub_openapi.params import (
    InjectContextRequestOptionalParams,
    SessionCreateParams,
    SessionUpdateParams,
    TurnCreateOptionalParams,
)
from agenthub_openapi.views import SessionFields
from typing_extensions import Unpack

from ..._backends import AsyncBackend
from ..._events import AsyncBoundElicitationRequestedEvent, AsyncEvent, EventDecoder
from ..._inputs import InputLike
from ..._logging import logger
from ..._pagination import AsyncPaginator
from ..._response import RawResponse
from ..._results import TurnResult
from ..._types import CallOptions, RequestOptions, check_options
from .._raw import to_raw_response_wrapper
from .._transport import AsyncRestTransport
from ._base import AsyncAPIResource, label_filter, none_response, request_body
from .elicitations import AsyncElicitations
from .events import AsyncSessionEvents
from .files import AsyncFiles
from .tools import AsyncTools
from .turns import AsyncTurn, AsyncTurns, ElicitationHandler

if TYPE_CHECKING:
    from .._grpc import AsyncGrpcTransport
    from ..client import AsyncAgentHub

__all__ = [
    "AsyncSession",
    "AsyncSessionMcpServers",
    "AsyncSessions",
    "InjectContextCall",
    "PromptOptions",
    "SessionCreateCall",
    "SessionUpdateCall",
    "Transport",
    "TurnCreateCall",
]

Transport = Literal["sse", "grpc"]


class PromptOptions(TurnCreateOptionalParams, total=False):
    """The keywords of :meth:`AsyncSession.prompt` besides ``timeout`` (the wait's) and
    ``on_elicitation``: the optional ``TurnCreate`` fields (``output_schema``, ``metadata``,
    ``previous_turn_id``) and the per-call options."""

    max_retries: int
    extra_headers: Mapping[str, str]
    idempotency_key: str


_PROMPT_OPTIONS = frozenset(PromptOptions.__optional_keys__)


class SessionCreateCall(SessionCreateParams, CallOptions, total=False):
    """Keywords of ``sessions.create``: the ``SessionCreate`` fields, the per-call options
    and ``transport`` (``"sse"``, the default, or ``"grpc"``)."""

    transport: Transport


class SessionUpdateCall(SessionUpdateParams, CallOptions, total=False):
    """Keywords of ``sessions.update`` / ``session.update``: ``SessionUpdate`` fields + options."""


class InjectContextCall(InjectContextRequestOptionalParams, CallOptions, total=False):
    """Keywords of ``session.inject_context`` after the text: ``source`` + options."""


class TurnCreateCall(TurnCreateOptionalParams, CallOptions, total=False):
    """Keywords of ``session.create_turn`` after the input: ``previous_turn_id`` (default
    ``"auto"``), ``metadata`` and the per-call options."""


#: ``fn(session_id, status)`` (the asyncio client also awaits a coroutine function).
StatusCallback = Callable[[str, str], Any]


class AsyncSessions(AsyncAPIResource):
    """``hub.sessions``: create, list, get, update, delete, cancel, pause, resume."""

    def __init__(self, client: AsyncAgentHub) -> None:
        super().__init__(client)
        self._grpc: AsyncGrpcTransport | None = None
        self._rest = AsyncRestTransport(self._pipeline)

    async def _transport(self, transport: Transport) -> AsyncRestTransport | AsyncGrpcTransport:
        if transport == "sse":
            return self._rest
        if transport != "grpc":
            raise ValueError(f"transport must be 'sse' or 'grpc', not {transport!r}")
        if self._grpc is None:
            from .._grpc import AsyncGrpcTransport

            target = await self._client._resolve_grpc_target()
            self._grpc = AsyncGrpcTransport(self._pipeline, target)
        return self._grpc

    @builtins.property
    def with_raw_response(self) -> AsyncSessionsWithRawResponse:
        """The REST calls behind ``hub.sessions``, returning ``RawResponse`` (status, headers,
        request id, ``.parse()`` → the generated ``Session`` model) instead of a handle:
        ``hub.sessions.with_raw_response.get(sid).request_id``."""
        return AsyncSessionsWithRawResponse(self)

    async def _retrieve(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        return await self._request(
            get_session.build_request(session_id), SessionModel.from_dict, options
        )

    async def _create_model(self, **params: Unpack[SessionCreateParams]) -> SessionModel:
        body, options, _ = request_body(
            "SessionCreate", params, "sessions.with_raw_response.create()"
        )
        spec = create_session.build_request(body=body)
        return await self._request(spec, SessionModel.from_dict, options)

    async def _cancel_model(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        return await self._request(
            cancel_session.build_request(session_id), SessionModel.from_dict, options
        )

    async def aclose(self) -> None:
        """Close the gRPC channel, if one was opened."""
        if self._grpc is not None:
            grpc, self._grpc = self._grpc, None
            await grpc.close()

    async def create(self, **params: Unpack[SessionCreateCall]) -> AsyncSession:
        """Open a session on an agent → a bound :class:`AsyncSession` (``POST /v1/sessions``,
        or ``CreateSession`` when ``transport="grpc"``).

        Keywords: the ``SessionCreate`` fields of the contract — ``agent_id`` (required),
        ``name``, ``labels``, ``require_approval`` (``"always"``, ``"never"`` or a list of tool
        names; overrides the agent's), ``metadata`` — plus ``transport`` and the per-call
        options. ``idempotency_key=`` makes a retried create return the same session.
        Raises ``TypeError`` before any request for an unknown keyword or a wrong kind of
        value, ``ValueError`` for a ``transport`` other than ``"sse"``/``"grpc"``,
        ``NotFoundError`` for an unknown agent, ``UnprocessableEntityError`` (422)."""
        body, options, extra = request_body(
            "SessionCreate", params, "sessions.create()", extra=("transport",)
        )
        transport: Transport = extra.get("transport", "sse")
        t = await self._transport(transport)  # fails fast on a bad transport / no grpc extra
        model = await t.create_session(body, RequestOptions.from_call(options))
        return AsyncSession(self, model, transport, t)

    def list(
        self,
        *,
        agent_id: str | None = None,
        status: str | None = None,
        labels: Mapping[str, str] | None = None,
        created_after: datetime.datetime | str | None = None,
        created_before: datetime.datetime | str | None = None,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        transport: Transport = "sse",
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[AsyncSession]:
        """List sessions (newest first), filtered by agent, status, labels (all must match)
        and creation time. Iterating walks every page; ``limit`` is the page size."""
        if transport not in ("sse", "grpc"):
            raise ValueError(f"transport must be 'sse' or 'grpc', not {transport!r}")

        # handles bound to the transport asked for (gRPC resolved once, on the first page)
        impl: list[AsyncRestTransport | AsyncGrpcTransport] = []

        def item(data: Any) -> AsyncSession:
            return AsyncSession(self, SessionModel.from_dict(data), transport, impl[0])

        async def prepare() -> None:
            if not impl:
                impl.append(await self._transport(transport))

        def ts(value: datetime.datetime | str | None) -> datetime.datetime | None:
            if isinstance(value, str):
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return value

        return self._paginate(
            list_sessions,
            item,
            options,
            prepare=prepare,
            limit=limit,
            order=order,
            agent_id=agent_id,
            status=status,
            label=label_filter(labels),
            created_after=ts(created_after),
            created_before=ts(created_before),
        )

    async def get(
        self, session_id: str, *, transport: Transport = "sse", **options: Unpack[CallOptions]
    ) -> AsyncSession:
        """Fetch a session snapshot (status, usage, last_sequence_number, active turn,
        pending elicitations). Raises ``NotFoundError``."""
        t = await self._transport(transport)
        model = await t.get_session(session_id, RequestOptions.from_call(options))
        return AsyncSession(self, model, transport, t)

    async def update(self, session_id: str, **params: Unpack[SessionUpdateCall]) -> SessionModel:
        """PATCH the given ``SessionUpdate`` fields (``name``, ``labels``,
        ``require_approval``, ``metadata``; ``None`` clears ``name`` / ``require_approval``).
        A rename emits ``session.renamed``. Raises ``TypeError`` for an unknown keyword."""
        body, options, _ = request_body("SessionUpdate", params, "sessions.update()")
        spec = update_session.build_request(session_id, body=body)
        return await self._request(spec, SessionModel.from_dict, options)

    async def delete(self, session_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete the session (204). Raises ``NotFoundError``."""
        return await self._request(delete_session.build_request(session_id), none_response, options)

    async def cancel(
        self, session_id: str, *, transport: Transport = "sse", **options: Unpack[CallOptions]
    ) -> SessionModel:
        """Cancel the active turn and the session (terminal; new turns → 409)."""
        t = await self._transport(transport)
        return await t.cancel_session(session_id, RequestOptions.from_call(options))

    async def pause(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        """idle → paused (409 ``conflict`` while a turn runs)."""
        return await self._request(
            pause_session.build_request(session_id), SessionModel.from_dict, options
        )

    async def resume(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        """paused → idle."""
        return await self._request(
            resume_session.build_request(session_id), SessionModel.from_dict, options
        )


class AsyncSessionsWithRawResponse:
    """``hub.sessions.with_raw_response``: each method makes the REST call and returns
    ``RawResponse[Session model]``; ``list`` returns the first page's raw response."""

    def __init__(self, sessions: AsyncSessions) -> None:
        self.create: Callable[..., Awaitable[RawResponse[SessionModel]]] = to_raw_response_wrapper(
            sessions._create_model
        )
        self.get = to_raw_response_wrapper(sessions._retrieve)
        self.update = to_raw_response_wrapper(sessions.update)
        self.delete = to_raw_response_wrapper(sessions.delete)
        self.cancel = to_raw_response_wrapper(sessions._cancel_model)
        self.pause = to_raw_response_wrapper(sessions.pause)
        self.resume = to_raw_response_wrapper(sessions.resume)
        self.list = to_raw_response_wrapper(sessions.list)


class AsyncSessionMcpServers:
    """``session.mcp_servers``: ``list()`` and ``set([ids])``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, **options: Unpack[CallOptions]) -> builtins.list[McpServer]:
        """The MCP servers attached to the session."""
        s = self._session
        spec = list_session_mcp_servers.build_request(s.id)
        return await s._resource._request(spec, _mcp_list, options)

    async def set(
        self, mcp_server_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> builtins.list[McpServer]:
        """Replace the session's MCP servers. Unknown id → ``NotFoundError``."""
        s = self._session
        body, call, _ = request_body(
            "SessionMcpServersUpdate",
            {"mcp_server_ids": mcp_server_ids, **options},
            "session.mcp_servers.set()",
        )
        spec = set_session_mcp_servers.build_request(s.id, body=body)
        return await s._resource._request(spec, _mcp_list, call)


def _mcp_list(body: Any) -> builtins.list[McpServer]:
    return [McpServer.from_dict(x) for x in body["data"]]


class AsyncSession(SessionFields):
    """A session bound to the client. ``data`` is the generated Session model as last
    fetched; each field of the contract's ``Session`` is a read-only attribute of the handle
    (``session.id``, ``session.status``, ``session.labels``…; generated from the schema as
    ``agenthub_openapi.views.SessionFields``), refreshed by :meth:`refresh` and by the calls
    that return a snapshot (``update``, ``pause``, ``resume``, ``cancel``).

    Sub-resources: ``turns``, ``events``, ``elicitations``, ``files``, ``tools``,
    ``mcp_servers``. Status callbacks registered with :meth:`add_status_callback` are called
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

    # The sub-resources and the decoder point back at the session, so they are created on
    # first use: a handle that never uses them (e.g. each item of a long ``sessions.list()``)
    # is then free of reference cycles and freed at once, not by the cyclic GC.

    @cached_property
    def tools(self) -> AsyncTools:
        """This session's client-tool registry (``tools.register(name, fn)``)."""
        return AsyncTools()

    @cached_property
    def turns(self) -> AsyncTurns:
        return AsyncTurns(self)

    @cached_property
    def events(self) -> AsyncSessionEvents:
        return AsyncSessionEvents(self)

    @cached_property
    def elicitations(self) -> AsyncElicitations:
        return AsyncElicitations(self)

    @cached_property
    def files(self) -> AsyncFiles:
        return AsyncFiles(self)

    @cached_property
    def mcp_servers(self) -> AsyncSessionMcpServers:
        return AsyncSessionMcpServers(self)

    @cached_property
    def _decoder(self) -> EventDecoder[AsyncBoundElicitationRequestedEvent]:
        return EventDecoder(self._resolve, AsyncBoundElicitationRequestedEvent)

    def to_dict(self) -> dict[str, Any]:
        """The session snapshot as JSON data (``data.to_dict()``)."""
        return self.data.to_dict()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id!r} status={self.status!r}>"

    # -- lifecycle ------------------------------------------------------------------------

    async def refresh(self, **options: Unpack[CallOptions]) -> AsyncSession:
        """Re-fetch the snapshot into ``data``; returns self."""
        self.data = await self._transport.get_session(self.id, RequestOptions.from_call(options))
        return self

    async def cancel(self, **options: Unpack[CallOptions]) -> AsyncSession:
        """Cancel the active turn and the session (terminal); status callbacks fire."""
        data = await self._transport.cancel_session(self.id, RequestOptions.from_call(options))
        await self._set_data(data)
        return self

    async def pause(self, **options: Unpack[CallOptions]) -> AsyncSession:
        """idle → paused (409 ``ConflictError`` while a turn runs). Status callbacks fire for
        the change at once (a stream replaying that ``session.status`` event skips it)."""
        await self._set_data(await self._resource.pause(self.id, **options))
        return self

    async def resume(self, **options: Unpack[CallOptions]) -> AsyncSession:
        """paused → idle; status callbacks fire like for :meth:`pause`."""
        await self._set_data(await self._resource.resume(self.id, **options))
        return self

    async def _set_data(self, data: SessionModel) -> None:
        """Store a snapshot returned by a status-changing call and notify callbacks once."""
        previous, self.data = str(self.data.status), data
        seq = data.last_sequence_number
        if str(data.status) != previous and isinstance(seq, int):
            await self._notify_status(str(data.status), seq)

    async def delete(self, **options: Unpack[CallOptions]) -> None:
        """Delete the session (204). Raises ``NotFoundError``."""
        await self._resource.delete(self.id, **options)

    async def update(self, **params: Unpack[SessionUpdateCall]) -> AsyncSession:
        """PATCH the given ``SessionUpdate`` fields into ``data``; returns self."""
        self.data = await self._resource.update(self.id, **params)
        return self

    async def inject_context(
        self, text: str, **params: Unpack[InjectContextCall]
    ) -> ContextInjectedEvent:
        """Add context to the session (``POST …/context``) → the recorded event.
        ``source`` (default ``"user"``); ``idempotency_key=`` makes a retried injection
        record it once. Raises ``TypeError`` for an unknown keyword."""
        body, options, _ = request_body(
            "InjectContextRequest", {**params, "text": text}, "session.inject_context()"
        )
        spec = inject_context.build_request(self.id, body=body)
        return await self._resource._request(spec, ContextInjectedEvent.from_dict, options)

    # -- turns ----------------------------------------------------------------------------

    def create_turn(self, input: InputLike, **params: Unpack[TurnCreateCall]) -> AsyncTurn:
        """Prepare a turn; NO request is made until ``stream()``, ``wait()`` or ``state()``.

        ``input``: a string, an input item (dict / generated model / ``agenthub.input``
        helper) or a list of them. Keywords: the other ``TurnCreate`` fields —
        ``previous_turn_id``: ``"auto"`` (default: chain to the latest), an id (412
        ``PreconditionFailedError`` if stale) or ``None`` (first turn only); ``metadata`` —
        and the per-call options (``timeout``, ``max_retries``, ``extra_headers``,
        ``idempotency_key``), kept by the turn: the create call uses them all; its later
        requests (``state()``, ``wait()``'s polls, ``stream()``'s connections, ``cancel()``)
        use all but the ``idempotency_key``. Raises ``TypeError`` at once for an unknown
        keyword or a wrong kind of value."""
        fields, options, _ = request_body(
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
        """``create_turn(text, **options)`` + ``wait(timeout=timeout)`` → :class:`TurnResult`.

        ``timeout`` bounds the whole wait (``PollTimeoutError``); ``max_retries``,
        ``extra_headers`` and ``idempotency_key`` apply to the turn's requests; the
        ``TurnCreate`` fields go to ``create_turn`` — e.g. ``output_schema={...JSON Schema...}``
        makes the result's ``structured_output`` the parsed answer (``TurnFailedError`` with
        code ``output_schema_mismatch`` when the answer does not match). An
        elicitation nothing answers raises :class:`ElicitationRequiredError` at once, unless
        ``on_elicitation`` handles it (a callable) or is ``"wait"`` (see ``Turn.wait``)."""
        check_options(options, _PROMPT_OPTIONS, "session.prompt()")
        turn = self.create_turn(text, **options)
        return await turn.wait(timeout=timeout, on_elicitation=on_elicitation)

    # -- callbacks & hooks ----------------------------------------------------------------

    def add_status_callback(self, fn: StatusCallback) -> StatusCallback:
        """Call ``fn(session_id, status)`` for each ``session.status`` event this handle's
        streams/waits see, and for the changes its own ``pause()``/``resume()``/``cancel()``
        make (once per event, in order). Usable as a decorator. Raises ``TypeError`` if
        ``fn`` is not callable."""
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
        body: dict[str, Any] = {"action": action}
        if content is not None:
            body["content"] = content
        if reason is not None:
            body["reason"] = reason
        return await self._transport.resolve_elicitation(self.id, elicitation_id, body)

    #: the event types :meth:`_on_event` acts on (streams call it for these only)
    _HOOKED_EVENT_TYPES = frozenset({"session.status", "elicitation.requested"})

    async def _on_event(self, event: AsyncEvent) -> None:
        """Per-event session hook: status callbacks, client tools (for the event types in
        :attr:`_HOOKED_EVENT_TYPES`; keep the two in step). Any event is accepted: an
        :class:`UnknownEvent` (even one whose ``type`` is hooked but whose payload did not
        decode) is ignored here."""
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

    async def _maybe_run_tool(self, event: AsyncBoundElicitationRequestedEvent) -> bool:
        eli = event.elicitation
        if eli.kind != "client_tool" or eli.status != "pending":
            return False
        fn = self.tools.get(eli.tool_name or "")
        if fn is None or eli.id in self._handled_elicitations:
            return False
        self._handled_elicitations.add(eli.id)
        args_obj = eli.arguments
        arguments = (
            args_obj.to_dict() if args_obj is not None and hasattr(args_obj, "to_dict") else {}
        )
        content: dict[str, Any]
        try:
            result = await AsyncBackend.call_tool(fn, arguments)
            content = {"output": result if isinstance(result, str) else str(result)}
        except Exception as exc:
            logger.warning("agenthub: client tool %s raised %r", eli.tool_name, exc)
            content = {"output": f"error: {type(exc).__name__}: {exc}", "is_error": True}
        await self._resolve(eli.id, "accept", content, None)
        return True
