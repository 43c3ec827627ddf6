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
from typing import TYPE_CHECKING, Any, Literal, TypedDict

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
from typing_extensions import Unpack

from ..._errors import ConfigurationError
from ..._events import AsyncBoundElicitationRequestedEvent, Event, EventDecoder, event_type
from ..._inputs import InputLike
from ..._logging import logger
from ..._response import RawResponse
from ..._results import TurnResult
from ..._stream_compat import AsyncStreamIO
from ..._types import NOT_GIVEN, CallOptions, NotGiven, RequestOptions
from .._compat import AsyncPaginator
from .._raw import to_raw_response_wrapper
from .._transport import AsyncRestTransport, JsonBody
from ._base import AsyncAPIResource, none_response, unset
from .elicitations import AsyncElicitations
from .events import AsyncSessionEvents
from .files import AsyncFiles
from .tools import AsyncTools
from .turns import AsyncTurn, AsyncTurns

if TYPE_CHECKING:
    from .._grpc import AsyncGrpcTransport
    from ..client import AsyncAgentHub

__all__ = [
    "AsyncSession",
    "AsyncSessionMcpServers",
    "AsyncSessions",
    "PromptOptions",
    "Transport",
]

Transport = Literal["sse", "grpc"]


class PromptOptions(TypedDict, total=False):
    """The per-call options of :meth:`AsyncSession.prompt` (its ``timeout`` is the wait's)."""

    max_retries: int
    extra_headers: Mapping[str, str]
    idempotency_key: str


StatusCallback = Callable[[str, str], Any]
ApprovalPolicy = Literal["always", "never"] | Sequence[str]


def _policy(value: ApprovalPolicy | None) -> Any:
    if value is None or isinstance(value, str):
        return value
    return list(value)


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
            raise ConfigurationError(f"transport must be 'sse' or 'grpc', not {transport!r}")
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
            get_session._get_kwargs(session_id), SessionModel.from_dict, options
        )

    async def _create_model(self, *, agent_id: str, **fields: Any) -> SessionModel:
        options: dict[str, Any] = {k: fields.pop(k) for k in _CALL_OPTIONS if k in fields}
        body: dict[str, Any] = {"agent_id": agent_id}
        for key, value in fields.items():
            if value is not None:
                body[key] = _policy(value) if key == "require_approval" else value
        spec = create_session._get_kwargs(body=JsonBody(body))  # type: ignore[arg-type]
        return await self._request(spec, SessionModel.from_dict, options)  # type: ignore[arg-type]

    async def _cancel_model(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        return await self._request(
            cancel_session._get_kwargs(session_id), SessionModel.from_dict, options
        )

    async def aclose(self) -> None:
        """Close the gRPC channel, if one was opened."""
        if self._grpc is not None:
            grpc, self._grpc = self._grpc, None
            await grpc.close()

    async def create(
        self,
        *,
        agent_id: str,
        name: str | None = None,
        labels: Mapping[str, str] | None = None,
        require_approval: ApprovalPolicy | None = None,
        metadata: Mapping[str, str] | None = None,
        transport: Transport = "sse",
        **options: Unpack[CallOptions],
    ) -> AsyncSession:
        """Open a session on an agent → a bound :class:`AsyncSession` (``POST /v1/sessions``,
        or ``CreateSession`` when ``transport="grpc"``).

        ``require_approval``: ``"always"``, ``"never"`` or a list of tool names (overrides the
        agent's). ``idempotency_key=`` makes a retried create return the same session.
        Raises ``NotFoundError`` for an unknown agent, ``UnprocessableEntityError`` (422)."""
        body: dict[str, Any] = {"agent_id": agent_id}
        if name is not None:
            body["name"] = name
        if labels is not None:
            body["labels"] = dict(labels)
        if require_approval is not None:
            body["require_approval"] = _policy(require_approval)
        if metadata is not None:
            body["metadata"] = dict(metadata)
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
        label = [f"{k}:{v}" for k, v in labels.items()] if labels else None
        rest = self._rest

        def item(data: Any) -> AsyncSession:
            return AsyncSession(self, SessionModel.from_dict(data), transport, rest)

        def ts(value: datetime.datetime | str | None) -> Any:
            if isinstance(value, str):
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return unset(value)

        return self._paginate(
            lambda cursor: list_sessions._get_kwargs(
                limit=unset(limit),
                after=unset(cursor),
                order=unset(order),
                agent_id=unset(agent_id),
                status=unset(status),  # type: ignore[arg-type]
                label=unset(label),
                created_after=ts(created_after),
                created_before=ts(created_before),
            ),
            item,
            options,
        )

    async def get(
        self, session_id: str, *, transport: Transport = "sse", **options: Unpack[CallOptions]
    ) -> AsyncSession:
        """Fetch a session snapshot (status, usage, last_sequence_number, active turn,
        pending elicitations). Raises ``NotFoundError``."""
        t = await self._transport(transport)
        model = await t.get_session(session_id, RequestOptions.from_call(options))
        return AsyncSession(self, model, transport, t)

    async def update(
        self,
        session_id: str,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        labels: Mapping[str, str] | NotGiven = NOT_GIVEN,
        require_approval: ApprovalPolicy | NotGiven | None = NOT_GIVEN,
        metadata: Mapping[str, str] | NotGiven = NOT_GIVEN,
        **options: Unpack[CallOptions],
    ) -> SessionModel:
        """PATCH the given fields (a rename emits ``session.renamed``)."""
        body: dict[str, Any] = {}
        if not isinstance(name, NotGiven):
            body["name"] = name
        if not isinstance(labels, NotGiven):
            body["labels"] = dict(labels)
        if not isinstance(require_approval, NotGiven):
            body["require_approval"] = _policy(require_approval)
        if not isinstance(metadata, NotGiven):
            body["metadata"] = dict(metadata)
        spec = update_session._get_kwargs(session_id, body=JsonBody(body))  # type: ignore[arg-type]
        return await self._request(spec, SessionModel.from_dict, options)

    async def delete(self, session_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete the session (204). Raises ``NotFoundError``."""
        return await self._request(delete_session._get_kwargs(session_id), none_response, options)

    async def cancel(
        self, session_id: str, *, transport: Transport = "sse", **options: Unpack[CallOptions]
    ) -> SessionModel:
        """Cancel the active turn and the session (terminal; new turns → 409)."""
        t = await self._transport(transport)
        return await t.cancel_session(session_id, RequestOptions.from_call(options))

    async def pause(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        """idle → paused (409 ``conflict`` while a turn runs)."""
        return await self._request(
            pause_session._get_kwargs(session_id), SessionModel.from_dict, options
        )

    async def resume(self, session_id: str, **options: Unpack[CallOptions]) -> SessionModel:
        """paused → idle."""
        return await self._request(
            resume_session._get_kwargs(session_id), SessionModel.from_dict, options
        )


_CALL_OPTIONS = ("timeout", "max_retries", "extra_headers", "idempotency_key")


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


class AsyncSessionMcpServers:
    """``session.mcp_servers``: ``list()`` and ``set([ids])``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, **options: Unpack[CallOptions]) -> builtins.list[McpServer]:
        """The MCP servers attached to the session."""
        s = self._session
        spec = list_session_mcp_servers._get_kwargs(s.id)
        return await s._resource._request(spec, _mcp_list, options)

    async def set(
        self, mcp_server_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> builtins.list[McpServer]:
        """Replace the session's MCP servers. Unknown id → ``NotFoundError``."""
        s = self._session
        spec = set_session_mcp_servers._get_kwargs(
            s.id,
            body=JsonBody({"mcp_server_ids": list(mcp_server_ids)}),  # type: ignore[arg-type]
        )
        return await s._resource._request(spec, _mcp_list, options)


def _mcp_list(body: Any) -> builtins.list[McpServer]:
    return [McpServer.from_dict(x) for x in body["data"]]


class AsyncSession:
    """A session bound to the client. ``id``, ``status``, ``data`` (the generated Session
    model — unknown attributes fall through to it, e.g. ``session.labels``).

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
        self.tools = AsyncTools()

    # The sub-resources and the decoder point back at the session, so they are created on
    # first use: a handle that never uses them (e.g. each item of a long ``sessions.list()``)
    # is then free of reference cycles and freed at once, not by the cyclic GC.

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
    def _decoder(self) -> EventDecoder:
        return EventDecoder(self._resolve, AsyncBoundElicitationRequestedEvent)

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def status(self) -> str:
        return str(self.data.status)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.data, name)

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

    async def update(
        self,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        labels: Mapping[str, str] | NotGiven = NOT_GIVEN,
        require_approval: ApprovalPolicy | NotGiven | None = NOT_GIVEN,
        metadata: Mapping[str, str] | NotGiven = NOT_GIVEN,
        **options: Unpack[CallOptions],
    ) -> AsyncSession:
        """PATCH the given fields into ``data``; returns self."""
        self.data = await self._resource.update(
            self.id,
            name=name,
            labels=labels,
            require_approval=require_approval,
            metadata=metadata,
            **options,
        )
        return self

    async def inject_context(
        self, text: str, *, source: str | None = None, **options: Unpack[CallOptions]
    ) -> ContextInjectedEvent:
        """Add context to the session (``POST …/context``) → the recorded event.
        ``idempotency_key=`` makes a retried injection record it once."""
        body: dict[str, Any] = {"text": text}
        if source is not None:
            body["source"] = source
        spec = inject_context._get_kwargs(self.id, body=JsonBody(body))  # type: ignore[arg-type]
        return await self._resource._request(spec, ContextInjectedEvent.from_dict, options)

    # -- turns ----------------------------------------------------------------------------

    def create_turn(
        self,
        input: InputLike,
        *,
        previous_turn_id: str | None = "auto",
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncTurn:
        """Prepare a turn; NO request is made until ``stream()``, ``wait()`` or ``state()``.

        ``input``: a string, an input item (dict / generated model / ``agenthub.input``
        helper) or a list of them. ``previous_turn_id``: ``"auto"`` (chain to the latest),
        an id (412 ``PreconditionFailedError`` if stale) or ``None`` (first turn only).

        ``options`` (``timeout``, ``max_retries``, ``extra_headers``, ``idempotency_key``) are
        kept by the turn: the create call uses them all; its later requests (``state()``,
        ``wait()``'s polls, ``stream()``'s connections, ``cancel()``) use all but the
        ``idempotency_key``."""
        return AsyncTurn(
            self,
            input,
            previous_turn_id=previous_turn_id,
            metadata=metadata,
            options=RequestOptions.from_call(options),
        )

    async def prompt(
        self,
        text: InputLike,
        *,
        timeout: float | None = None,
        on_elicitation: Callable[[Any], Any] | None = None,
        **options: Unpack[PromptOptions],
    ) -> TurnResult:
        """``create_turn(text, **options)`` + ``wait(timeout=timeout)`` → :class:`TurnResult`.

        ``timeout`` bounds the whole wait (``PollTimeoutError``); ``max_retries``,
        ``extra_headers`` and ``idempotency_key`` apply to the turn's requests."""
        turn = self.create_turn(text, **options)
        return await turn.wait(timeout=timeout, on_elicitation=on_elicitation)

    # -- callbacks & hooks ----------------------------------------------------------------

    def add_status_callback(self, fn: StatusCallback) -> StatusCallback:
        """Call ``fn(session_id, status)`` for each ``session.status`` event this handle's
        streams/waits see, and for the changes its own ``pause()``/``resume()``/``cancel()``
        make (once per event, in order). Usable as a decorator."""
        self._status_callbacks.append(fn)
        return fn

    async def _resolve(
        self,
        elicitation_id: str,
        action: str,
        content: dict[str, Any] | None,
        reason: str | None,
    ) -> Any:
        return await self._transport.resolve_elicitation(
            self.id, elicitation_id, action, content, reason
        )

    #: the event types :meth:`_on_event` acts on (streams call it for these only)
    _HOOKED_EVENT_TYPES = frozenset({"session.status", "elicitation.requested"})

    async def _on_event(self, event: Event) -> None:
        """Per-event session hook: status callbacks, client tools (for the event types in
        :attr:`_HOOKED_EVENT_TYPES`; keep the two in step)."""
        t = event_type(event)
        if t == "session.status":
            seq = event.sequence_number
            await self._notify_status(
                str(event.status),  # type: ignore[union-attr]
                seq if isinstance(seq, int) else None,
            )
        elif t == "elicitation.requested":
            await self._maybe_run_tool(event)

    async def _notify_status(self, status: str, seq: int | None) -> None:
        """Call the status callbacks, once per sequence number and only moving forward."""
        if seq is not None:
            if seq <= self._status_seq:
                return
            self._status_seq = seq
        for fn in list(self._status_callbacks):
            try:
                await AsyncStreamIO.settle(fn(self.id, status))
            except Exception:
                logger.exception("agenthub: status callback %r raised", fn)

    async def _maybe_run_tool(self, event: Event) -> bool:
        eli = getattr(event, "elicitation", None)
        if eli is None or eli.kind != "client_tool" or eli.status != "pending":
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
            result = await AsyncStreamIO.call_tool(fn, arguments)
            content = {"output": result if isinstance(result, str) else str(result)}
        except Exception as exc:
            logger.warning("agenthub: client tool %s raised %r", eli.tool_name, exc)
            content = {"output": f"error: {type(exc).__name__}: {exc}", "is_error": True}
        await self._resolve(eli.id, "accept", content, None)
        return True
