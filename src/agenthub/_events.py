"""Typed events: one model for both transports.

Events are the generated attrs classes (``agenthub_openapi.models.*Event``). A wire event — a
JSON object from SSE / ``list_events``, or a gRPC ``Event`` converted by
:func:`proto_event_to_dict` — is decoded by looking its ``type`` up in :data:`EVENT_TYPES`
(one dict lookup, then that class's ``from_dict``; never "try every union member").

* Unknown types (a newer server) become :class:`UnknownEvent` ``(type, raw)`` — never a crash.
  A known type whose payload does not match the schema is also delivered as ``UnknownEvent``
  (with a warning logged), so one odd event cannot kill a long stream.
* Users write ``event.type`` (the generated field is ``type_``; ``agenthub._compat_models``
  adds the alias).
* ``elicitation.requested`` events decoded by a session's stream are
  :class:`BoundElicitationRequestedEvent` (sync client) or
  :class:`AsyncBoundElicitationRequestedEvent` (async client): subclasses of the generated
  ``ElicitationRequestedEvent`` with ``approve()``, ``decline(reason=None)``, ``cancel()`` and
  ``respond(content)`` bound to the session (awaitable on the async client).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import attrs
from agenthub_openapi.models.context_injected_event import ContextInjectedEvent
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.elicitation_requested_event import ElicitationRequestedEvent
from agenthub_openapi.models.elicitation_resolved_event import ElicitationResolvedEvent
from agenthub_openapi.models.error_event import ErrorEvent
from agenthub_openapi.models.file_created_event import FileCreatedEvent
from agenthub_openapi.models.log_event import LogEvent
from agenthub_openapi.models.message_completed_event import MessageCompletedEvent
from agenthub_openapi.models.message_delta_event import MessageDeltaEvent
from agenthub_openapi.models.reasoning_delta_event import ReasoningDeltaEvent
from agenthub_openapi.models.retry_event import RetryEvent
from agenthub_openapi.models.session_renamed_event import SessionRenamedEvent
from agenthub_openapi.models.session_status_event import SessionStatusEvent
from agenthub_openapi.models.session_usage_event import SessionUsageEvent
from agenthub_openapi.models.skill_loaded_event import SkillLoadedEvent
from agenthub_openapi.models.tool_call_completed_event import ToolCallCompletedEvent
from agenthub_openapi.models.tool_call_started_event import ToolCallStartedEvent
from agenthub_openapi.models.turn_cancelled_event import TurnCancelledEvent
from agenthub_openapi.models.turn_completed_event import TurnCompletedEvent
from agenthub_openapi.models.turn_created_event import TurnCreatedEvent
from agenthub_openapi.models.turn_failed_event import TurnFailedEvent
from agenthub_openapi.models.turn_incomplete_event import TurnIncompleteEvent
from agenthub_openapi.models.turn_started_event import TurnStartedEvent
from agenthub_openapi.models.turn_waiting_event import TurnWaitingEvent

from ._errors import AgentHubError
from ._logging import logger

with contextlib.suppress(ImportError):  # pragma: no cover - core module; adds `.type` aliases
    import agenthub._compat_models  # noqa: F401

if TYPE_CHECKING:
    from google.protobuf.message import Message

__all__ = [
    "EVENT_TYPES",
    "TERMINAL_TURN_EVENTS",
    "AsyncBoundElicitationRequestedEvent",
    "BoundElicitationRequestedEvent",
    "Event",
    "EventDecoder",
    "UnknownEvent",
    "decode_event",
    "event_type",
    "proto_event_to_dict",
    "proto_to_python",
]


@attrs.frozen(slots=True)
class UnknownEvent:
    """An event whose ``type`` this SDK version does not know (or could not parse).

    ``type`` is the wire type string, ``raw`` the whole event object as received. The common
    fields are available as properties (``None`` when missing).
    """

    type: str
    raw: dict[str, Any] = attrs.field(eq=True, repr=False)

    @property
    def id(self) -> str | None:
        v = self.raw.get("id")
        return v if isinstance(v, str) else None

    @property
    def sequence_number(self) -> int | None:
        v = self.raw.get("sequence_number")
        return v if isinstance(v, int) else None

    @property
    def session_id(self) -> str | None:
        v = self.raw.get("session_id")
        return v if isinstance(v, str) else None

    @property
    def turn_id(self) -> str | None:
        v = self.raw.get("turn_id")
        return v if isinstance(v, str) else None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)


#: Any event a stream or ``events.list`` can produce.
Event: TypeAlias = (
    SessionStatusEvent
    | SessionRenamedEvent
    | SessionUsageEvent
    | TurnCreatedEvent
    | TurnStartedEvent
    | TurnWaitingEvent
    | TurnCompletedEvent
    | TurnFailedEvent
    | TurnCancelledEvent
    | TurnIncompleteEvent
    | MessageDeltaEvent
    | MessageCompletedEvent
    | ReasoningDeltaEvent
    | ToolCallStartedEvent
    | ToolCallCompletedEvent
    | ElicitationRequestedEvent
    | ElicitationResolvedEvent
    | FileCreatedEvent
    | ContextInjectedEvent
    | SkillLoadedEvent
    | LogEvent
    | RetryEvent
    | ErrorEvent
    | UnknownEvent
)

#: wire ``type`` → generated class.
EVENT_TYPES: dict[str, Any] = {
    "session.status": SessionStatusEvent,
    "session.renamed": SessionRenamedEvent,
    "session.usage": SessionUsageEvent,
    "turn.created": TurnCreatedEvent,
    "turn.started": TurnStartedEvent,
    "turn.waiting": TurnWaitingEvent,
    "turn.completed": TurnCompletedEvent,
    "turn.failed": TurnFailedEvent,
    "turn.cancelled": TurnCancelledEvent,
    "turn.incomplete": TurnIncompleteEvent,
    "message.delta": MessageDeltaEvent,
    "message.completed": MessageCompletedEvent,
    "reasoning.delta": ReasoningDeltaEvent,
    "tool_call.started": ToolCallStartedEvent,
    "tool_call.completed": ToolCallCompletedEvent,
    "elicitation.requested": ElicitationRequestedEvent,
    "elicitation.resolved": ElicitationResolvedEvent,
    "file.created": FileCreatedEvent,
    "context.injected": ContextInjectedEvent,
    "skill.loaded": SkillLoadedEvent,
    "log": LogEvent,
    "retry": RetryEvent,
    "error": ErrorEvent,
}

#: Event types that end a turn.
TERMINAL_TURN_EVENTS = frozenset(
    {"turn.completed", "turn.failed", "turn.cancelled", "turn.incomplete"}
)

_DECODE_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


def event_type(event: object) -> str:
    """The wire type of any event object (``type`` / ``type_``)."""
    t = getattr(event, "type_", None)
    if t is None:
        t = getattr(event, "type", None)
    return t if isinstance(t, str) else ""


_fromisoformat = datetime.datetime.fromisoformat


def _message_delta(d: Mapping[str, Any]) -> MessageDeltaEvent:
    return MessageDeltaEvent(
        id=d["id"],
        type_="message.delta",
        sequence_number=d["sequence_number"],
        session_id=d["session_id"],
        turn_id=d["turn_id"],
        created_at=_fromisoformat(d["created_at"]),
        message_id=d["message_id"],
        delta=d["delta"],
    )


def _reasoning_delta(d: Mapping[str, Any]) -> ReasoningDeltaEvent:
    return ReasoningDeltaEvent(
        id=d["id"],
        type_="reasoning.delta",
        sequence_number=d["sequence_number"],
        session_id=d["session_id"],
        turn_id=d["turn_id"],
        created_at=_fromisoformat(d["created_at"]),
        delta=d["delta"],
    )


#: Hand-written constructors for the high-volume event classes. Each builds the object the
#: generated ``from_dict`` builds (same class, same attribute values; asserted by the unit
#: tests) without its dict copy, per-call ``cast(Literal[...])`` and nested closure, about 3x
#: faster. Keyed by class, so a table that maps the type elsewhere is respected. Keep them in
#: step with the generated models.
_FAST_DECODERS: dict[type, Callable[[Mapping[str, Any]], Event]] = {
    MessageDeltaEvent: _message_delta,
    ReasoningDeltaEvent: _reasoning_delta,
}


def decode_event(data: Mapping[str, Any], table: Mapping[str, Any] = EVENT_TYPES) -> Event:
    """Decode one wire event (a JSON object) into its typed model; never raises."""
    t = data.get("type")
    cls = table.get(t) if isinstance(t, str) else None
    if cls is None:
        return UnknownEvent(t if isinstance(t, str) else "", dict(data))
    fast = _FAST_DECODERS.get(cls)
    if fast is not None:
        try:
            return fast(data)
        except _DECODE_ERRORS:
            pass  # from_dict decides (and the failure is logged below)
    try:
        event: Event = cls.from_dict(data)
    except _DECODE_ERRORS as exc:
        logger.warning(
            "agenthub: could not decode %s event (%s); delivered as UnknownEvent", t, exc
        )
        return UnknownEvent(t, dict(data))  # type: ignore[arg-type]
    return event


# --------------------------------------------------------------------------------------------
# elicitation.requested, bound to a session

R = TypeVar("R")

#: ``resolve(elicitation_id, action, content, reason)`` — performs ResolveElicitation.
Resolver = Callable[[str, str, "dict[str, Any] | None", "str | None"], R]


class _BoundElicitation(ElicitationRequestedEvent, Generic[R]):
    __slots__ = ("_resolver",)

    def _resolve(
        self, action: str, content: dict[str, Any] | None = None, reason: str | None = None
    ) -> R:
        resolver: Resolver[R] | None = getattr(self, "_resolver", None)
        if resolver is None:
            raise AgentHubError(
                "This elicitation event is not bound to a session; resolve it with "
                "session.elicitations.resolve(id, action=...)."
            )
        return resolver(self.elicitation.id, action, content, reason)

    def approve(self) -> R:
        """Accept (``action="accept"``) — for a tool approval: let the tool run. Returns the
        resolved Elicitation. Raises ``ConflictError`` (409) if it was already resolved."""
        return self._resolve("accept")

    def decline(self, reason: str | None = None) -> R:
        """Decline (``action="decline"``), optionally with a ``reason`` shown to the agent."""
        return self._resolve("decline", None, reason)

    def cancel(self) -> R:
        """Dismiss without a choice (``action="cancel"``)."""
        return self._resolve("cancel")

    def respond(self, content: Mapping[str, Any] | str) -> R:
        """Accept with ``content``. A string is wrapped as the kind requires:
        ``{"text": s}`` for a clarification, ``{"output": s}`` for a client tool."""
        if isinstance(content, str):
            key = "output" if self.elicitation.kind == "client_tool" else "text"
            return self._resolve("accept", {key: content})
        return self._resolve("accept", dict(content))


class BoundElicitationRequestedEvent(_BoundElicitation[Elicitation]):
    """``elicitation.requested`` from a sync stream: ``approve()``, ``decline(reason)``,
    ``cancel()``, ``respond(content)`` each resolve it and return the Elicitation."""

    __slots__ = ()


class AsyncBoundElicitationRequestedEvent(_BoundElicitation[Awaitable[Elicitation]]):
    """``elicitation.requested`` from an async stream: ``await event.approve()`` etc."""

    __slots__ = ()


#: the name unasync gives ``AsyncBoundElicitationRequestedEvent`` in ``_sync`` code
SyncBoundElicitationRequestedEvent = BoundElicitationRequestedEvent


def bind_elicitation(event: _BoundElicitation[R], resolver: Resolver[R]) -> None:
    object.__setattr__(event, "_resolver", resolver)


class EventDecoder:
    """A decoder whose ``elicitation.requested`` events are bound to ``resolver``."""

    __slots__ = ("_bound_cls", "_resolver", "_table")

    def __init__(
        self,
        resolver: Resolver[Any] | None = None,
        bound_cls: type[_BoundElicitation[Any]] = BoundElicitationRequestedEvent,
    ) -> None:
        self._resolver = resolver
        self._bound_cls = bound_cls
        table = dict(EVENT_TYPES)
        if resolver is not None:
            table["elicitation.requested"] = bound_cls
        self._table = table

    def __call__(self, data: Mapping[str, Any]) -> Event:
        event = decode_event(data, self._table)
        if self._resolver is not None and isinstance(event, _BoundElicitation):
            bind_elicitation(event, self._resolver)
        return event


# --------------------------------------------------------------------------------------------
# gRPC Event message → the REST dict shape


def proto_event_to_dict(msg: Message) -> dict[str, Any]:
    """Convert an ``agenthub.v1.Event`` into exactly the dict REST sends (flat payload)."""
    out: dict[str, Any] = {
        "id": msg.id,  # type: ignore[attr-defined]
        "type": msg.type,  # type: ignore[attr-defined]
        "sequence_number": msg.sequence_number,  # type: ignore[attr-defined]
        "session_id": msg.session_id,  # type: ignore[attr-defined]
        "turn_id": msg.turn_id if msg.HasField("turn_id") else None,  # type: ignore[attr-defined]
        "created_at": msg.created_at,  # type: ignore[attr-defined]
    }
    which = msg.WhichOneof("payload")
    if which is None:
        return out
    payload = getattr(msg, which)
    try:  # the high-volume payloads: read their fields directly, no descriptor walk
        if which == "message_delta":
            out["message_id"] = payload.message_id
            out["delta"] = payload.delta
            return out
        if which == "reasoning_delta":
            out["delta"] = payload.delta
            return out
    except AttributeError:  # a payload class without those fields (another proto version)
        out.pop("message_id", None)
    out.update(_message_to_dict(payload))
    return out


_STRUCT_TYPES = frozenset(
    {"google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"}
)
# Wrapper messages whose REST form is a bare list: {names: [...]} → [...]
_LIST_WRAPPERS = {"agenthub.v1.ToolNames": "names", "agenthub.v1.ContentPartList": "parts"}


def proto_to_python(msg: Message) -> Any:
    """Convert any agenthub proto message into its REST JSON value."""
    name = msg.DESCRIPTOR.full_name
    if name in _STRUCT_TYPES:
        from google.protobuf import json_format

        return json_format.MessageToDict(msg)
    wrapped = _LIST_WRAPPERS.get(name)
    if wrapped is not None:
        return [_value(v) for v in getattr(msg, wrapped)]
    oneofs = msg.DESCRIPTOR.oneofs
    if (
        len(oneofs) == 1
        and not _is_synthetic(oneofs[0])
        and (len(oneofs[0].fields) == len(msg.DESCRIPTOR.fields))
    ):
        # a pure "oneof wrapper" (ApprovalPolicy, ContentPart, MessageContent, InputItem):
        # REST has the chosen member itself
        which = msg.WhichOneof(oneofs[0].name)
        return None if which is None else _value(getattr(msg, which))
    return _message_to_dict(msg)


def _is_synthetic(oneof: Any) -> bool:
    # proto3 `optional` fields live in synthetic oneofs named "_<field>"
    return len(oneof.fields) == 1 and oneof.name == "_" + oneof.fields[0].name


def _value(v: Any) -> Any:
    if hasattr(v, "DESCRIPTOR"):
        return proto_to_python(v)
    return v


def _message_to_dict(msg: Message) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in msg.DESCRIPTOR.fields:
        name = field.name
        value = getattr(msg, name)
        if field.is_repeated:
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                vf = field.message_type.fields_by_name["value"]
                out[name] = (
                    {k: proto_to_python(v) for k, v in value.items()}
                    if vf.message_type is not None
                    else dict(value)
                )
            elif field.message_type is not None:
                out[name] = [proto_to_python(v) for v in value]
            else:
                out[name] = list(value)
        elif field.has_presence and not msg.HasField(name):
            out[name] = None
        elif field.message_type is not None:
            out[name] = proto_to_python(value)
        else:
            out[name] = value
    return out
