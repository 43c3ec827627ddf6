"""The gRPC transport of a session (``transport="grpc"``; needs the ``agenthub[grpc]`` extra,
else choosing it raises :class:`ConfigurationError`): the ``agenthub.v1.SessionService`` calls
sessions and turns use, and ``StreamEvents``.

Requests are built from the REST-shaped fields and responses turned into exactly the JSON REST
sends, generically from the descriptors. Proto conventions (common.proto): field names equal
the REST names; a message that is one oneof (ApprovalPolicy, MessageContent, InputItem,
ContentPart) is a REST union value; in a oneof, a message with one repeated field (ToolNames,
ContentPartList) is a bare REST list; Struct/Value are JSON (whole doubles become ints again);
an unset field with presence is ``null`` where the REST schema requires the key, else absent.
A request field the proto lacks raises :class:`CapabilityUnavailableError`.

Metadata: the REST credential chain, default headers and a call's ``extra_headers``; deadline:
the call's ``timeout``, else the client's. Errors: ``agenthub._grpc_errors.from_grpc``; unary
calls retry as REST calls do (never ABORTED; ``RetryInfo`` is the delay hint), with one
``idempotency_key`` per call (the caller's or ``ik_<uuid4>``) on every attempt.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import attrs
from agenthub_openapi import models
from agenthub_openapi.types import path_param

from .._backends import AsyncBackend
from .._deadline import current_deadline
from .._exceptions import (
    APIConnectionError,
    APIError,
    CapabilityUnavailableError,
    ConfigurationError,
)
from .._grpc_errors import from_grpc
from .._logging import logger
from .._results import EventsRequest, StreamingUnavailable
from .._retry import Attempts, retryable
from .._types import NO_OPTIONS, RequestOptions
from ._http import AsyncHTTPPipeline, check_path
from ._transport import AsyncSessionCalls, Body, Decoder, Ids, Opts

if TYPE_CHECKING:
    from agenthub_proto.v1.events_pb2 import Event as EventMessage
    from google.protobuf.message import Message

M = TypeVar("M")

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

#: status codes that mean "the stream broke" rather than "the request is wrong"
_DROPPED_CODES = frozenset(
    {"UNAVAILABLE", "CANCELLED", "ABORTED", "INTERNAL", "UNKNOWN", "DATA_LOSS"}
)


def _map(exc: Any) -> tuple[APIError, str]:
    """A ``grpc.RpcError`` (a call: code, details, trailers) → (SDK error, status code name)."""
    name = str(getattr(exc.code(), "name", "UNKNOWN"))
    return from_grpc(name, exc.details(), exc.trailing_metadata()), name


_STRUCT_TYPES = frozenset(f"google.protobuf.{n}" for n in ("Struct", "Value", "ListValue"))
_MAX_EXACT = 2**53  # doubles are exact integers up to here


@functools.cache
def _required_keys(cls: Any) -> frozenset[str] | None:
    """JSON keys a generated attrs model requires (fields without default); None = unknown."""
    if cls is None or not attrs.has(cls):
        return None
    # generated names of keywords/builtins carry a trailing "_" (type_ -> "type")
    fields = attrs.fields(cls)
    return frozenset(f.name.removesuffix("_") for f in fields if f.default is attrs.NOTHING)


def _json_ints(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _MAX_EXACT else value
    if isinstance(value, dict):
        return {k: _json_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ints(v) for v in value]
    return value


@functools.cache
def _real_oneof(field: Any) -> str | None:
    """The name of the field's oneof, unless it is the synthetic one of a proto3 ``optional``."""
    oneof = field.containing_oneof
    if oneof is None or (len(oneof.fields) == 1 and oneof.name == "_" + field.name):
        return None
    return str(oneof.name)


@functools.cache
def _oneof_wrapper(descriptor: Any) -> Any:
    """The oneof of a message that is nothing but one oneof (a REST union), else None."""
    names = {_real_oneof(f) for f in descriptor.fields}
    if len(names) == 1 and None not in names:
        return descriptor.oneofs_by_name[names.pop()]
    return None


@functools.cache
def _is_map(field: Any) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


@functools.cache
def _list_wrapper(descriptor: Any) -> Any:
    """The repeated field of a one-field message (a REST list inside a oneof), else None."""
    fields = descriptor.fields
    if len(fields) == 1 and fields[0].is_repeated and not _is_map(fields[0]):
        return fields[0]
    return None


def message_to_rest(msg: Message) -> Any:
    """An ``agenthub.v1`` message → its REST JSON value; the keys the REST model named like
    the message (Session ↔ Session) requires are always present."""
    descriptor = msg.DESCRIPTOR
    if descriptor.full_name in _STRUCT_TYPES:
        from google.protobuf import json_format

        return _json_ints(json_format.MessageToDict(msg))
    oneof = _oneof_wrapper(descriptor)
    if oneof is None:
        return _fields_to_rest(msg, _required_keys(getattr(models, descriptor.name, None)))
    which = msg.WhichOneof(oneof.name)
    value: Any = None if which is None else getattr(msg, which)
    inner = _list_wrapper(value.DESCRIPTOR) if hasattr(value, "DESCRIPTOR") else None
    if inner is not None:
        return [_value(v) for v in getattr(value, inner.name)]
    return _value(value)


def _value(v: Any) -> Any:
    return message_to_rest(v) if hasattr(v, "DESCRIPTOR") else v


_ONE, _LIST, _MAP = range(3)


@functools.cache
def _plan(descriptor: Any) -> tuple[tuple[str, str | None, int, bool], ...]:
    """Per message type, once (a descriptor walk per message cost ~100 µs per event): each
    field's (name, real oneof name or None, kind, has presence)."""
    plan = []
    for field in descriptor.fields:
        kind = _MAP if _is_map(field) else _LIST if field.is_repeated else _ONE
        plan.append((field.name, _real_oneof(field), kind, field.has_presence))
    return tuple(plan)


def _fields_to_rest(
    msg: Message, required: frozenset[str] | None, skip_oneof: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, oneof, kind, presence in _plan(msg.DESCRIPTOR):
        if oneof is not None and (oneof == skip_oneof or msg.WhichOneof(oneof) != name):
            continue  # another member of a real oneof, or the flattened event payload
        value = getattr(msg, name)
        if kind == _MAP:
            out[name] = {k: _value(v) for k, v in value.items()}
        elif kind == _LIST:
            out[name] = [_value(v) for v in value]
        elif presence and not msg.HasField(name):
            if required is None or name in required:
                out[name] = None  # a nullable REST field; optional ones stay absent (UNSET)
        else:
            out[name] = _value(value)
    return out


def event_to_rest(msg: EventMessage) -> dict[str, Any]:
    """An ``agenthub.v1.Event`` → exactly the dict REST sends (envelope + flat payload)."""
    which = msg.WhichOneof("payload")
    if which == "message_delta" or which == "reasoning_delta":
        # the high-volume payloads: all fields required, no descriptor walk
        payload: Any = getattr(msg, which)
        try:
            out: dict[str, Any] = {
                "id": msg.id,
                "type": msg.type,
                "sequence_number": msg.sequence_number,
                "session_id": msg.session_id,
                "turn_id": msg.turn_id if msg.HasField("turn_id") else None,
                "created_at": msg.created_at,
                "delta": payload.delta,
            }
            if which == "message_delta":
                out["message_id"] = payload.message_id
            return out
        except AttributeError:  # a payload built from another proto version: walk it
            pass
    from .._events import EVENT_TYPES

    cls: Any = EVENT_TYPES.get(msg.type)
    required = _required_keys(cls)
    out = _fields_to_rest(msg, required, skip_oneof="payload")
    if which is not None:
        out.update(_fields_to_rest(getattr(msg, which), required))
    return out


def _to_proto_json(value: Any, descriptor: Any) -> Any:
    """REST JSON for a message of type ``descriptor`` (None: a scalar) → proto JSON for
    ``ParseDict``."""
    if descriptor is None or descriptor.full_name in _STRUCT_TYPES:
        return value
    oneof = _oneof_wrapper(descriptor)
    if oneof is not None:
        return _union_to_proto_json(value, descriptor, oneof)
    if not isinstance(value, Mapping):
        return value  # ParseDict reports the type error
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            continue  # REST null = an unset field with presence
        field = descriptor.fields_by_name.get(key)
        if field is None or field.message_type is None:
            out[key] = item  # an unknown key is kept, so ParseDict refuses it
        elif _is_map(field):
            vt = field.message_type.fields_by_name["value"].message_type
            out[key] = {k: _to_proto_json(v, vt) for k, v in item.items()}
        elif field.is_repeated:
            out[key] = [_to_proto_json(v, field.message_type) for v in item]
        else:
            out[key] = _to_proto_json(item, field.message_type)
    return out


def _union_to_proto_json(value: Any, descriptor: Any, oneof: Any) -> Any:
    """A REST union value → ``{member: ...}``: a tagged object picks the member named like
    its ``type`` ("user.message" → user_message), a string the string member, a list the
    list-wrapper member."""
    for field in oneof.fields:
        mt = field.message_type
        if isinstance(value, Mapping) and mt is not None:
            if field.name == str(value.get("type", "")).replace(".", "_"):
                return {field.name: _to_proto_json(value, mt)}
        elif isinstance(value, str) and field.type == field.TYPE_STRING:
            return {field.name: value}
        elif isinstance(value, list) and mt is not None and (inner := _list_wrapper(mt)):
            items = [_to_proto_json(v, inner.message_type) for v in value]
            return {field.name: {inner.name: items}}
    raise ValueError(f"{value!r} matches no member of {descriptor.full_name}")


def rest_to_message(body: Mapping[str, Any], message_cls: Any) -> Any:
    """A REST request dict (body fields + path ids) → a ``message_cls`` instance; ``ValueError``
    for a value the proto cannot hold."""
    from google.protobuf import json_format

    descriptor = message_cls.DESCRIPTOR
    unknown = sorted(
        k for k, v in body.items() if v is not None and k not in descriptor.fields_by_name
    )
    if unknown:
        raise CapabilityUnavailableError(
            f"{', '.join(unknown)} cannot be sent over gRPC ({descriptor.full_name} has no such "
            "field): use transport='sse'",
            capability="grpc",
        )
    try:
        return json_format.ParseDict(_to_proto_json(body, descriptor), message_cls())
    except json_format.ParseError as exc:
        raise ValueError(f"cannot build {descriptor.full_name}: {exc}") from None


_SCHEME_TLS = {"grpc": False, "http": False, "insecure": False, "grpcs": True, "https": True}


def grpc_channel_is_secure(target: str, base_url: str) -> tuple[str, bool]:
    """(host:port, use TLS?) for a gRPC target. The API key travels in the metadata, so the
    channel is TLS unless told otherwise: ``http://``, ``grpc://`` or ``insecure://`` in the
    target, or a plain ``http://`` REST ``base_url`` (the local server)."""
    scheme, sep, rest = target.partition("://")
    if not sep:
        return target, urlsplit(base_url).scheme.lower() != "http"
    if scheme.lower() not in _SCHEME_TLS:
        raise ConfigurationError(
            f"gRPC target scheme {scheme!r} is not one of {', '.join(_SCHEME_TLS)} "
            "(or a bare host:port)"
        )
    return rest, _SCHEME_TLS[scheme.lower()]


class AsyncGrpcTransport(AsyncSessionCalls):
    """Session/turn calls and event streaming over gRPC (``grpc.aio`` here)."""

    name = "grpc"
    retry_hint: float | None = None  # gRPC has no reconnect hint

    def __init__(self, pipeline: AsyncHTTPPipeline, target: str) -> None:
        try:
            import grpc
            from agenthub_proto.v1 import session_service_pb2, session_service_pb2_grpc
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ConfigurationError(
                f"transport='grpc' needs the gRPC extra: pip install 'agenthub[grpc]' ({exc})"
            ) from None
        self._grpc, self._pb2 = grpc, session_service_pb2
        self._pipeline = pipeline
        self.target, self.secure = grpc_channel_is_secure(target, pipeline.base_url)
        self._channel = AsyncBackend.grpc_channel(self.target, self.secure, _CHANNEL_OPTIONS)
        self._stub = session_service_pb2_grpc.SessionServiceStub(self._channel)
        self._closed = False

    async def close(self) -> None:
        self._closed = True
        await self._channel.close()

    async def _metadata(self, method: str, options: RequestOptions | None) -> list[tuple[str, str]]:
        """The metadata the module docstring names, lower-cased, minus headers gRPC reserves;
        ``APIConnectionError`` once the client is closed (grpc would raise a bare ValueError)."""
        if self._closed:
            raise APIConnectionError(
                f"Cannot call gRPC {method}: the client is closed (it was used after close() "
                "or after its with block). Create a new client."
            )
        extra = (options.extra_headers if options is not None else None) or {}
        merged = {**self._pipeline.default_headers, **extra, **await self._pipeline.auth_headers()}
        headers = {str(k).lower(): str(v) for k, v in merged.items()}
        return [
            (k, v)
            for k, v in headers.items()
            if k not in _RESERVED_METADATA and not k.startswith(("grpc-", ":"))
        ]

    async def _call(
        self, op: ModuleType, decode: Decoder[M], ids: Ids, body: Body, options: Opts
    ) -> M:
        """``op``'s RPC (``get_turn`` → GetTurn). Ids get REST's checks before any RPC:
        ``TypeError`` for a non-str id, ``ValueError`` for an empty, ``.``/``..`` or
        ``/``-containing one."""
        method = op.__name__.rpartition(".")[2].title().replace("_", "")
        for name, value in ids.items():
            check_path(f"gRPC {method}", "/" + path_param(value, name))
        fields = {**ids, **(body or {})}
        if method == "CreateTurn":
            # proto convention (session_service.proto): unset = "auto", "" = null (no previous)
            prev = fields.pop("previous_turn_id", "auto")
            if prev != "auto":
                fields["previous_turn_id"] = "" if prev is None else prev
        request = rest_to_message(fields, getattr(self._pb2, f"{method}Request"))
        options = options or NO_OPTIONS
        if "idempotency_key" in request.DESCRIPTOR.fields_by_name:
            request.idempotency_key = options.idempotency_key or f"ik_{uuid.uuid4().hex}"
        attempts = Attempts(self._pipeline.retries_for(options))
        timeout = self._pipeline.timeout_for(options).read  # seconds for the call's deadline
        while True:
            metadata = await self._metadata(method, options)
            metadata.append(("x-agenthub-retry-count", str(attempts.retries)))
            try:
                response = await getattr(self._stub, method)(
                    request, metadata=metadata, timeout=timeout
                )
                return decode(message_to_rest(response))
            except self._grpc.RpcError as exc:
                error, code = _map(exc)
                hint = getattr(error, "retry_after", None)
                delay = attempts.next_delay(hint) if retryable(error) else None
                if delay is None:
                    raise error from None
                logger.info(
                    "agenthub retry %d/%d after gRPC %s in %.2fs: %s",
                    attempts.retries,
                    attempts.max_retries,
                    code,
                    delay,
                    method,
                )
            await AsyncBackend.sleep(delay)

    async def open_events(self, request: EventsRequest) -> AsyncIterator[dict[str, Any]]:
        """One StreamEvents call, bounded by the active deadline (``agenthub._deadline``)."""
        deadline = current_deadline()
        call = self._stub.StreamEvents(
            self._pb2.StreamEventsRequest(
                session_id=request.session_id,
                after_sequence_number=request.after_sequence_number,
                turn_id=request.turn_id,
            ),
            metadata=await self._metadata("StreamEvents", request.options),
            timeout=None if deadline is None else max(0.001, deadline - time.monotonic()),
        )
        reader = AsyncBackend.grpc_reader(call, request.heartbeat_timeout)
        try:
            while True:
                try:
                    msg = await reader.read()
                except self._grpc.RpcError as exc:
                    error, code = _map(exc)
                    if code == "UNIMPLEMENTED":
                        raise StreamingUnavailable(str(error)) from None
                    if code in _DROPPED_CODES:  # broke mid-way: the resume loop reconnects
                        raise APIConnectionError(f"gRPC stream interrupted: {error}") from None
                    raise error from None
                if msg is None:
                    return
                if msg.WhichOneof("payload") != "heartbeat":  # it reset the idle timer
                    yield event_to_rest(msg)
        finally:
            reader.close()
            call.cancel()
