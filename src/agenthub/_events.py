"""Typed events: one model for both transports.

Events are the generated attrs classes (``agenthub_openapi.models.*Event``), each with a
``type: Literal["message.delta"]``-style attribute, so ``if event.type == "message.delta":``
narrows a stream's union to that class under mypy and pyright. A wire event — a JSON object
from SSE / ``list_events``, or a gRPC ``Event`` turned into that dict by ``event_to_rest`` — is
decoded by looking its ``type`` up in :data:`EVENT_TYPES` (generated from the spec's ``Event``
discriminator mapping into ``agenthub_openapi.events``; one dict lookup, then that class's
``from_dict``; never "try every union member").

* Unknown types (a newer server) become :class:`UnknownEvent` — the common fields typed as on
  every event, plus ``raw`` — never a crash. A known type whose payload does not match the
  schema is also delivered as ``UnknownEvent`` (with a warning logged), so one odd event
  cannot kill a long stream. New enum values and new fields of known events decode normally
  (enums are open; unknown fields are ignored), so a known event is never downgraded.
* ``elicitation.requested`` events decoded by a session's stream are
  :class:`BoundElicitationRequestedEvent` (sync client) or
  :class:`AsyncBoundElicitationRequestedEvent` (async client): subclasses of the generated
  ``ElicitationRequestedEvent`` with ``approve()``, ``decline(reason=None)``, ``cancel()`` and
  ``respond(content)`` bound to the session (awaitable on the async client).
* :data:`Event` (sync streams) and :data:`AsyncEvent` (async streams) are the unions users
  see; :data:`AnyEvent` is what the unbound decoder returns (e.g. ``hub`` level lists).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar, cast

import attrs
from agenthub_openapi.events import EVENT_TYPES as _CONTRACT_EVENT_TYPES
from agenthub_openapi.events import Event as ContractEvent
from agenthub_openapi.events import EventType, EventWith
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.elicitation_requested_event import ElicitationRequestedEvent
from agenthub_openapi.models.message_delta_event import MessageDeltaEvent
from agenthub_openapi.models.reasoning_delta_event import ReasoningDeltaEvent

from ._exceptions import AgentHubError
from ._logging import logger

__all__ = [
    "EVENT_TYPES",
    "TERMINAL_TURN_EVENTS",
    "AnyEvent",
    "AsyncBoundElicitationRequestedEvent",
    "AsyncEvent",
    "BoundElicitationRequestedEvent",
    "ContractEvent",
    "Event",
    "EventDecoder",
    "EventType",
    "UnknownEvent",
    "UnknownEventType",
    "decode_event",
    "event_type",
]

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

#: The placeholder type checkers see in :attr:`UnknownEvent.type` for the event types this
#: SDK version does not know (at run time ``type`` is the wire string itself).
UnknownEventType: TypeAlias = Literal["<unknown>"]


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _optional_text(v: object) -> str | None:
    return v if isinstance(v, str) else None


def _count(v: object) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _timestamp(v: object) -> datetime.datetime:
    if isinstance(v, datetime.datetime):
        return v
    with contextlib.suppress(TypeError, ValueError):
        return datetime.datetime.fromisoformat(v)  # type: ignore[arg-type]
    return _EPOCH


def _from_raw(key: str, parse: Callable[[object], Any]) -> Any:
    """An :class:`UnknownEvent` field read from ``raw[key]`` by ``parse`` (not compared:
    ``raw`` is)."""
    return attrs.field(
        default=attrs.Factory(lambda self: parse(self.raw.get(key)), takes_self=True), eq=False
    )


@attrs.frozen(slots=True)
class UnknownEvent:
    """An event whose ``type`` this SDK version does not know (or could not parse).

    ``type`` is the wire type string and ``raw`` the whole event object as received. The
    common fields are typed as on every event and read from ``raw`` (``""`` / ``0`` /
    ``None`` / the Unix epoch when a malformed event lacks them): ``id``,
    ``sequence_number``, ``session_id``, ``turn_id``, ``created_at``.

    Typing: at run time ``type`` is a ``str``. Type checkers see it as
    ``EventType | Literal["<unknown>"]`` (every known type, plus a placeholder for the ones
    this version does not know): mypy narrows ``if event.type == "message.delta":`` only when
    every member of the union has a Literal ``type`` (pyright narrows either way). So after
    that test the union is ``MessageDeltaEvent | UnknownEvent`` — an ``UnknownEvent`` whose
    type is ``message.delta`` is one whose payload did not decode — and ``event.delta`` is
    valid: any other attribute of an ``UnknownEvent`` reads that key of ``raw`` (typed
    ``Any``; ``AttributeError`` if absent). To test for a type this SDK version does not
    define, compare ``event.raw["type"]`` (or ``str(event.type)``).
    """

    if TYPE_CHECKING:
        # At run time ``type`` is any string: the wire type. Type checkers see the known types
        # plus a placeholder (see the class docstring), because mypy narrows
        # ``event.type == "message.delta"`` only when every member's ``type`` is a Literal.
        type: EventType | UnknownEventType
    else:
        type: str
    raw: dict[str, Any] = attrs.field(repr=False)
    id: str = _from_raw("id", _text)
    sequence_number: int = _from_raw("sequence_number", _count)
    session_id: str = _from_raw("session_id", _text)
    turn_id: str | None = _from_raw("turn_id", _optional_text)
    created_at: datetime.datetime = _from_raw("created_at", _timestamp)  # noqa: RUF009 (a field)

    def __getattr__(self, name: str) -> Any:
        # only reached for names that are not fields: payload keys of the raw event
        if name.startswith("_") or name == "raw":
            raise AttributeError(name)
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} {self.type!r} has no attribute {name!r}"
            ) from None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)


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

    def respond(self, content: Mapping[str, Any] | str | None = None, **fields: Any) -> R:
        """Accept with ``content``: a mapping, or a string wrapped as the kind requires
        (``{"text": s}`` for a clarification, ``{"output": s}`` for a client tool); keyword
        fields are content too (``respond(text="yes")``, ``respond(output="42")``). Raises
        ``TypeError`` when there is no content or it is not a str/mapping."""
        if isinstance(content, str):
            key = "output" if self.elicitation.kind == "client_tool" else "text"
            content = {key: content}
        elif content is not None and not isinstance(content, Mapping):
            raise TypeError(f"content must be a str or a mapping, not {type(content).__name__}")
        if content is None and not fields:
            raise TypeError("respond() needs content: respond({...}), respond('text') or fields")
        return self._resolve("accept", {**(content or {}), **fields})


class BoundElicitationRequestedEvent(_BoundElicitation[Elicitation]):
    """``elicitation.requested`` from a sync stream: ``approve()``, ``decline(reason)``,
    ``cancel()``, ``respond(content)`` each resolve it and return the Elicitation."""

    __slots__ = ()


class AsyncBoundElicitationRequestedEvent(_BoundElicitation[Awaitable[Elicitation]]):
    """``elicitation.requested`` from an async stream: ``await event.approve()`` etc."""

    __slots__ = ()


#: What a sync stream (``EventStream``) yields: every event of the contract, its
#: ``elicitation.requested`` member bound to the session, or an :class:`UnknownEvent`.
Event: TypeAlias = EventWith[BoundElicitationRequestedEvent] | UnknownEvent
#: What an async stream (``AsyncEventStream``) yields (``await event.approve()``).
AsyncEvent: TypeAlias = EventWith[AsyncBoundElicitationRequestedEvent] | UnknownEvent
#: Any decoded event, bound or not (what :func:`decode_event` returns).
AnyEvent: TypeAlias = ContractEvent | UnknownEvent

#: wire ``type`` → generated class (generated from the ``Event`` discriminator mapping).
EVENT_TYPES: Mapping[str, type[ContractEvent]] = _CONTRACT_EVENT_TYPES

#: Event types that end a turn.
TERMINAL_TURN_EVENTS = frozenset(
    {"turn.completed", "turn.failed", "turn.cancelled", "turn.incomplete"}
)

_DECODE_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


def event_type(event: object) -> str:
    """The wire type of any event object (``""`` for something that is not an event)."""
    t = getattr(event, "type", None)
    return t if isinstance(t, str) else ""


_fromisoformat = datetime.datetime.fromisoformat


# Written out, not built by a factory: keyword literals are ~40% cheaper per event than a
# ``**{...}`` dict, and these two run once per streamed token.
def _message_delta(d: Mapping[str, Any]) -> MessageDeltaEvent:
    return MessageDeltaEvent(
        id=d["id"],
        type="message.delta",
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
        type="reasoning.delta",
        sequence_number=d["sequence_number"],
        session_id=d["session_id"],
        turn_id=d["turn_id"],
        created_at=_fromisoformat(d["created_at"]),
        delta=d["delta"],
    )


#: Constructors for the high-volume event classes. Each builds the object the generated
#: ``from_dict`` builds (same class, same attribute values) without its dict copy, per-call
#: ``cast(Literal[...])`` and nested closures, about 3x faster. Keyed by class, so a table
#: that maps the type elsewhere is respected. ``tests/unit/test_forward_compat.py`` checks
#: each against the spec (every property of the schema, same result as ``from_dict``).
_FAST_DECODERS: dict[type, Callable[[Mapping[str, Any]], AnyEvent]] = {
    MessageDeltaEvent: _message_delta,
    ReasoningDeltaEvent: _reasoning_delta,
}


def decode_event(data: Mapping[str, Any], table: Mapping[str, type[Any]] = EVENT_TYPES) -> AnyEvent:
    """Decode one wire event (a JSON object) into its typed model; never raises.

    Returns a member of :data:`AnyEvent` (of :data:`Event` / :data:`AsyncEvent` when
    ``table`` maps ``elicitation.requested`` to a bound class)."""
    t = data.get("type")
    cls = table.get(t) if isinstance(t, str) else None
    if cls is None:
        return UnknownEvent(t if isinstance(t, str) else "", dict(data))  # type: ignore[arg-type]
    fast = _FAST_DECODERS.get(cls)
    if fast is not None:
        try:
            return fast(data)
        except _DECODE_ERRORS:
            pass  # from_dict decides (and the failure is logged below)
    try:
        event: AnyEvent = cls.from_dict(data)
    except _DECODE_ERRORS as exc:
        logger.warning(
            "agenthub: could not decode %s event (%s); delivered as UnknownEvent", t, exc
        )
        return UnknownEvent(str(t), dict(data))  # type: ignore[arg-type]
    return event


B = TypeVar("B", bound=ElicitationRequestedEvent)


class EventDecoder(Generic[B]):
    r"""A decoder whose ``elicitation.requested`` events are ``bound_cls`` instances bound to
    ``resolver`` (``EventDecoder(resolve, BoundElicitationRequestedEvent)`` decodes a sync
    stream's :data:`Event`\ s)."""

    __slots__ = ("_bound_cls", "_fast", "_resolver", "_table")

    def __init__(self, resolver: Resolver[Any] | None, bound_cls: type[B]) -> None:
        self._resolver = resolver
        self._bound_cls = bound_cls
        table: dict[str, type[Any]] = dict(EVENT_TYPES)
        table["elicitation.requested"] = bound_cls
        self._table = table
        #: wire type → fast constructor, for the high-volume types (one lookup per event)
        # (their classes are members of every EventWith[...]: the cast is made once, here)
        self._fast = cast(
            "dict[object, Callable[[Mapping[str, Any]], EventWith[B] | UnknownEvent]]",
            {t: _FAST_DECODERS[c] for t, c in table.items() if c in _FAST_DECODERS},
        )

    def __call__(self, data: Mapping[str, Any]) -> EventWith[B] | UnknownEvent:
        fast = self._fast.get(data.get("type"))
        if fast is not None:
            try:
                return fast(data)
            except _DECODE_ERRORS:
                pass  # decode_event decides (and logs)
        event = decode_event(data, self._table)
        if self._resolver is not None and isinstance(event, _BoundElicitation):
            object.__setattr__(event, "_resolver", self._resolver)
        return cast("EventWith[B] | UnknownEvent", event)
