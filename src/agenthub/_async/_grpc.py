"""The gRPC transport of a session (``transport="grpc"``).

``grpc`` is imported lazily: install the extra with ``pip install 'agenthub[grpc]'``; without
it, choosing the gRPC transport raises :class:`ConfigurationError`.

Covers the unary calls of ``agenthub.v1.SessionService`` that sessions and turns use
(GetSession, CancelSession, CreateTurn, GetTurn, CancelTurn, ResolveElicitation) and
``StreamEvents``, whose messages are converted by :func:`agenthub._events.proto_event_to_dict`
into exactly the dicts REST sends, so both transports yield equal typed events and share one
resume loop. Metadata: ``authorization: Bearer …`` (same credential chain as REST) plus the
client's default headers and a call's ``extra_headers``; deadlines come from the call's
``timeout`` else the client's; a call's ``idempotency_key`` goes into the request message;
every ``grpc.RpcError`` is mapped with
:func:`agenthub._errors.from_grpc` — none escapes.

Unary calls retry like the REST pipeline (``_http``): up to ``max_retries`` (client default,
per-call override) on UNAVAILABLE, RESOURCE_EXHAUSTED and INTERNAL (≈ HTTP 503/429/500), and
on DEADLINE_EXCEEDED when the call is safe to repeat (Get*/List*, or it carries an idempotency
key); never on ABORTED (409) or other codes. The delay is the server's ``google.rpc.RetryInfo``
(capped at 60 s like ``Retry-After``) else :func:`._http.backoff_delay` (exponential, full
jitter), slept with ``_compat.sleep``. Every RPC whose request has an ``idempotency_key``
field gets the caller's key or a generated ``ik_<uuid4>``, chosen ONCE per call and sent on
every attempt, so a retried create never duplicates. The async/sync API differences (channel
construction, idle-timeout reads) live in :mod:`agenthub._stream_compat`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.session import Session as SessionModel
from agenthub_openapi.models.turn import Turn as TurnModel

from .._errors import APIConnectionError, APIError, ConfigurationError, from_grpc
from .._events import proto_event_to_dict, proto_to_python
from .._logging import logger
from .._results import StreamingUnavailable
from .._stream_compat import AsyncStreamIO
from .._types import NotGiven, RequestOptions, to_httpx_timeout
from ._compat import sleep
from ._http import AsyncHTTPPipeline, backoff_delay
from ._transport import read_options

__all__ = ["AsyncGrpcTransport", "input_items_to_proto", "load_grpc"]

#: keepalive so a dead peer is noticed even on a silent stream
_CHANNEL_OPTIONS: list[tuple[str, Any]] = [
    ("grpc.keepalive_time_ms", 20_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
]


#: HTTP headers that must not be sent as gRPC metadata (the channel sets them itself)
_RESERVED_METADATA = frozenset(
    {"content-type", "te", "host", "connection", "user-agent", "accept", "content-length"}
)

#: status codes a unary call is retried on (like HTTP 429/5xx); DEADLINE_EXCEEDED (≈ a REST
#: timeout) only when repeating the call is safe. ABORTED maps to 409 and is not retried.
_RETRYABLE_CODES = frozenset({"UNAVAILABLE", "RESOURCE_EXHAUSTED", "INTERNAL"})

#: RPCs that only read, so repeating them is always safe (the others carry an idempotency key)
_READ_PREFIXES = ("Get", "List")

#: status codes that mean "the stream broke" rather than "the request is wrong"
_DROPPED_CODES = frozenset(
    {"UNAVAILABLE", "CANCELLED", "ABORTED", "INTERNAL", "UNKNOWN", "DATA_LOSS"}
)


def _code_name(exc: Exception) -> str:
    """The status code name of a ``grpc.RpcError`` (``"UNKNOWN"`` if it has none)."""
    code = exc.code() if hasattr(exc, "code") else None
    return str(getattr(code, "name", None) or "UNKNOWN")


def load_grpc() -> tuple[Any, Any, Any]:
    """Import ``grpc`` and the generated modules → (grpc, session_service_pb2, stub class)."""
    try:
        import grpc
        from agenthub_proto.v1 import session_service_pb2, session_service_pb2_grpc
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigurationError(
            f"transport='grpc' needs the gRPC extra: pip install 'agenthub[grpc]' ({exc})"
        ) from None
    return grpc, session_service_pb2, session_service_pb2_grpc.SessionServiceStub


def _struct(value: Mapping[str, Any] | None) -> Any:
    from google.protobuf import struct_pb2

    s = struct_pb2.Struct()
    if value:
        s.update(dict(value))
    return s


def input_items_to_proto(items: list[dict[str, Any]], pb2: Any) -> list[Any]:
    """REST input items (dicts) → ``agenthub.v1.InputItem`` messages."""
    from agenthub_proto.v1 import common_pb2 as c

    out = []
    for item in items:
        if item.get("type") == "user.context":
            ctx = c.UserContextInput(type="user.context", text=item.get("text", ""))
            if item.get("source") is not None:
                ctx.source = item["source"]
            out.append(c.InputItem(user_context=ctx))
            continue
        content = item.get("content")
        if isinstance(content, str):
            mc = c.MessageContent(text=content)
        else:
            parts = []
            for p in content or []:
                kind = p.get("type")
                if kind == "text":
                    parts.append(c.ContentPart(text=c.TextPart(type="text", text=p["text"])))
                elif kind == "file":
                    parts.append(c.ContentPart(file=c.FilePart(type="file", file_id=p["file_id"])))
                else:
                    parts.append(
                        c.ContentPart(
                            file_data=c.FileDataPart(
                                type="file_data",
                                filename=p.get("filename", ""),
                                data=p.get("data", ""),
                            )
                        )
                    )
            mc = c.MessageContent(parts=c.ContentPartList(parts=parts))
        out.append(c.InputItem(user_message=c.UserMessageInput(type="user.message", content=mc)))
    return out


class AsyncGrpcTransport:
    """Session/turn calls and event streaming over gRPC (``grpc.aio`` here)."""

    name = "grpc"

    def __init__(
        self, pipeline: AsyncHTTPPipeline, target: str, *, secure: bool | None = None
    ) -> None:
        self._grpc, self._pb2, stub_cls = load_grpc()
        self._pipeline = pipeline
        if target.startswith(("grpc://", "http://")):
            target, secure = target.split("://", 1)[1], False
        elif target.startswith(("grpcs://", "https://")):
            target, secure = target.split("://", 1)[1], True
        self.target = target
        self._channel = AsyncStreamIO.grpc_channel(target, bool(secure), _CHANNEL_OPTIONS)
        self._stub = stub_cls(self._channel)

    async def close(self) -> None:
        await AsyncStreamIO.close_channel(self._channel)

    async def _metadata(self, options: RequestOptions | None = None) -> list[tuple[str, str]]:
        """Credentials, the client's default headers and the call's ``extra_headers`` as
        metadata (lower-cased; headers gRPC reserves, e.g. ``content-type``, are skipped)."""
        headers: dict[str, str] = {}
        for source in (
            self._pipeline.default_headers,
            (options.extra_headers if options is not None else None) or {},
        ):
            for key, value in source.items():
                k = str(key).lower()
                if k in _RESERVED_METADATA or k.startswith(("grpc-", ":")):
                    continue
                headers[k] = str(value)
        headers.update({k.lower(): v for k, v in (await self._pipeline.auth_headers()).items()})
        return list(headers.items())

    def _deadline(self, options: RequestOptions | None = None) -> float | None:
        """Seconds for the call's deadline: the per-call ``timeout`` (an ``httpx.Timeout``
        contributes its read timeout), else the client's."""
        if options is not None and not isinstance(options.timeout, NotGiven):
            t = to_httpx_timeout(options.timeout)
        else:
            t = self._pipeline.timeout
        return t.read if t.read is not None else None

    def _map(self, exc: Exception) -> APIError:
        code = exc.code() if hasattr(exc, "code") else "UNKNOWN"
        details = exc.details() if hasattr(exc, "details") else str(exc)
        trailing = None
        if hasattr(exc, "trailing_metadata"):
            try:
                trailing = exc.trailing_metadata()
            except Exception:
                trailing = None
        return from_grpc(code, details, trailing)

    async def _unary(self, method: str, request: Any, options: RequestOptions | None = None) -> Any:
        """One unary RPC with the REST pipeline's retry policy (see the module docstring)."""
        options = options or RequestOptions()
        max_retries = (
            self._pipeline.max_retries
            if isinstance(options.max_retries, NotGiven)
            else options.max_retries
        )
        keyed = "idempotency_key" in request.DESCRIPTOR.fields_by_name
        if keyed:
            # chosen ONCE per call, so every attempt carries the same key (as REST does)
            request.idempotency_key = options.idempotency_key or f"ik_{uuid.uuid4().hex}"
        retry_safe = keyed or method.startswith(_READ_PREFIXES)
        deadline = self._deadline(options)
        retries_taken = 0
        while True:
            metadata = await self._metadata(options)
            metadata.append(("x-agenthub-retry-count", str(retries_taken)))
            try:
                return await getattr(self._stub, method)(
                    request, metadata=metadata, timeout=deadline
                )
            except self._grpc.RpcError as exc:
                error = self._map(exc)
                code = _code_name(exc)
                retryable = code in _RETRYABLE_CODES or (code == "DEADLINE_EXCEEDED" and retry_safe)
                if not retryable or retries_taken >= max_retries:
                    raise error from None
                hinted = getattr(error, "retry_after", None)
                delay = backoff_delay(retries_taken) if hinted is None else hinted
                logger.info(
                    "agenthub retry %d/%d after gRPC %s in %.2fs: %s",
                    retries_taken + 1,
                    max_retries,
                    code,
                    delay,
                    method,
                )
            await sleep(delay)
            retries_taken += 1

    # -- unary ----------------------------------------------------------------------------

    async def create_session(
        self, body: dict[str, Any], options: RequestOptions | None = None
    ) -> SessionModel:
        """CreateSession; ``body`` is the REST ``SessionCreate`` dict."""
        from agenthub_proto.v1 import common_pb2

        req = self._pb2.CreateSessionRequest(
            agent_id=body["agent_id"],
            labels=body.get("labels") or {},
            metadata=body.get("metadata") or {},
        )
        if body.get("name") is not None:
            req.name = body["name"]
        policy = body.get("require_approval")
        if isinstance(policy, str):
            req.require_approval.CopyFrom(common_pb2.ApprovalPolicy(mode=policy))
        elif policy is not None:
            req.require_approval.CopyFrom(
                common_pb2.ApprovalPolicy(tool_names=common_pb2.ToolNames(names=list(policy)))
            )
        msg = await self._unary("CreateSession", req, options)
        return SessionModel.from_dict(proto_to_python(msg))

    async def get_session(
        self, session_id: str, options: RequestOptions | None = None
    ) -> SessionModel:
        req = self._pb2.GetSessionRequest(session_id=session_id)
        msg = await self._unary("GetSession", req, options)
        return SessionModel.from_dict(proto_to_python(msg))

    async def cancel_session(
        self, session_id: str, options: RequestOptions | None = None
    ) -> SessionModel:
        req = self._pb2.CancelSessionRequest(session_id=session_id)
        msg = await self._unary("CancelSession", req, options)
        return SessionModel.from_dict(proto_to_python(msg))

    async def create_turn(
        self, session_id: str, body: dict[str, Any], options: RequestOptions | None = None
    ) -> TurnModel:
        req = self._pb2.CreateTurnRequest(
            session_id=session_id,
            input=input_items_to_proto(body["input"], self._pb2),
            metadata=body.get("metadata") or {},
        )
        prev = body.get("previous_turn_id", "auto")
        if prev is not None:
            req.previous_turn_id = prev
        return TurnModel.from_dict(proto_to_python(await self._unary("CreateTurn", req, options)))

    async def get_turn(
        self, session_id: str, turn_id: str, options: RequestOptions | None = None
    ) -> tuple[TurnModel, float | None]:
        req = self._pb2.GetTurnRequest(session_id=session_id, turn_id=turn_id)
        msg = await self._unary("GetTurn", req, read_options(options))
        return TurnModel.from_dict(proto_to_python(msg)), None

    async def cancel_turn(
        self, session_id: str, turn_id: str, options: RequestOptions | None = None
    ) -> TurnModel:
        req = self._pb2.CancelTurnRequest(session_id=session_id, turn_id=turn_id)
        return TurnModel.from_dict(proto_to_python(await self._unary("CancelTurn", req, options)))

    async def resolve_elicitation(
        self,
        session_id: str,
        elicitation_id: str,
        action: str,
        content: dict[str, Any] | None,
        reason: str | None,
        options: RequestOptions | None = None,
    ) -> Elicitation:
        req = self._pb2.ResolveElicitationRequest(
            session_id=session_id, elicitation_id=elicitation_id, action=action
        )
        if content is not None:
            req.content.CopyFrom(_struct(content))
        if reason is not None:
            req.reason = reason
        msg = await self._unary("ResolveElicitation", req, options)
        return Elicitation.from_dict(proto_to_python(msg))

    # -- events ---------------------------------------------------------------------------

    async def open_events(
        self,
        session_id: str,
        after_sequence_number: int,
        turn_id: str | None,
        *,
        heartbeat_timeout: float | None,
        stream: object = None,
        options: RequestOptions | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """One StreamEvents call: yields event dicts until the server ends it. Silence longer
        than ``heartbeat_timeout`` raises ``AsyncStreamIO.Idle`` (→ the loop reconnects).
        ``options.extra_headers`` are sent as metadata (a stream has no overall deadline)."""
        req = self._pb2.StreamEventsRequest(
            session_id=session_id, after_sequence_number=after_sequence_number
        )
        if turn_id is not None:
            req.turn_id = turn_id
        call = self._stub.StreamEvents(req, metadata=await self._metadata(options))
        reader = AsyncStreamIO.grpc_reader(call, heartbeat_timeout)
        try:
            while True:
                try:
                    msg = await reader.read()
                except self._grpc.RpcError as exc:
                    error = self._map(exc)
                    name = exc.code().name if hasattr(exc, "code") else "UNKNOWN"
                    if name == "UNIMPLEMENTED":
                        raise StreamingUnavailable(str(error)) from None
                    if name in _DROPPED_CODES:
                        # the stream broke mid-way: the resume loop reconnects
                        raise APIConnectionError(f"gRPC stream interrupted: {error}") from None
                    raise error from None
                if msg is None:
                    return
                yield proto_event_to_dict(msg)
        finally:
            reader.close()
            call.cancel()
