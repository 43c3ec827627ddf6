"""Typed events: one model for both transports.

A wire event (a JSON object from SSE / ``list_events``, or a gRPC ``Event`` made that dict by
``event_to_rest``) is decoded by one lookup of its ``type`` in :data:`EVENT_TYPES` (generated
from the spec's ``Event`` discriminator mapping) into that generated attrs class, whose
``type: Literal[...]`` narrows a stream's union under mypy and pyright. An unknown type, or a
known one whose payload does not match the schema (logged), becomes :class:`UnknownEvent`, so
one odd event cannot kill a long stream; new enum values and fields decode normally.
:data:`Event` / :data:`AsyncEvent` (what sync / async streams yield) have their
``elicitation.requested`` member bound to the session (``approve()``…).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

import attrs
from agenthub_openapi.events import EVENT_TYPES as EVENT_TYPES
from agenthub_openapi.events import FAST_DECODERS, EventEnvelope, EventWith
from agenthub_openapi.events import Event as ContractEvent
from agenthub_openapi.events import EventType as EventType
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.elicitation_requested_event import ElicitationRequestedEvent

from ._exceptions import AgentHubError
from ._logging import logger
from ._statuses import TURN_TERMINAL_STATUSES

#: What type checkers see in :attr:`UnknownEvent.type` for types this version does not know.
UnknownEventType: TypeAlias = Literal["<unknown>"]


@attrs.frozen(slots=True)
class UnknownEvent(EventEnvelope):
    """An event whose ``type`` this SDK version does not know (or could not parse): ``type`` is
    the wire type, ``raw`` the event object as received, the common fields are read from it
    (generated as ``agenthub_openapi.events.EventEnvelope``) and any other attribute is that
    key of ``raw`` (``Any``; ``AttributeError`` if absent).

    Type checkers see ``type`` as ``EventType | Literal["<unknown>"]``: mypy narrows
    ``if event.type == "message.delta":`` only when every member's ``type`` is a Literal; the
    narrowed union is ``MessageDeltaEvent | UnknownEvent`` (one whose payload did not decode),
    where ``event.delta`` is valid. For a type this version does not define, compare
    ``event.raw["type"]``.
    """

    type: EventType | UnknownEventType
    raw: dict[str, Any] = attrs.field(repr=False)

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


R = TypeVar("R")

#: ``resolve(elicitation_id, action, content, reason)``: performs ResolveElicitation.
Resolver = Callable[[str, str, "dict[str, Any] | None", "str | None"], R]


class _BoundElicitation(ElicitationRequestedEvent, Generic[R]):
    """Each method resolves the elicitation and returns the resolved Elicitation (awaitable
    on the async client); ``ConflictError`` (409) if it was already resolved."""

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
        """Accept (``action="accept"``); for a tool approval: let the tool run."""
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
        fields are content too (``respond(text="yes")``). ``TypeError`` when there is no
        content or it is not a str/mapping."""
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
    ``cancel()``, ``respond(content)`` resolve it and return the Elicitation."""

    __slots__ = ()


class AsyncBoundElicitationRequestedEvent(_BoundElicitation[Awaitable[Elicitation]]):
    """``elicitation.requested`` from an async stream: ``await event.approve()`` etc."""

    __slots__ = ()


#: What a sync stream (``EventStream``) yields.
Event: TypeAlias = EventWith[BoundElicitationRequestedEvent] | UnknownEvent
#: What an async stream (``AsyncEventStream``) yields.
AsyncEvent: TypeAlias = EventWith[AsyncBoundElicitationRequestedEvent] | UnknownEvent
#: Any decoded event, bound or not (what :func:`decode_event` returns).
AnyEvent: TypeAlias = ContractEvent | UnknownEvent

#: Event types that end a turn.
TERMINAL_TURN_EVENTS = frozenset(f"turn.{status}" for status in TURN_TERMINAL_STATUSES)

_DECODE_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


B = TypeVar("B", bound=ElicitationRequestedEvent)


class EventDecoder(Generic[B]):
    """Decodes one wire event (a JSON object) into its typed model; never raises. Its
    ``elicitation.requested`` events are ``bound_cls`` instances bound to ``resolver``."""

    __slots__ = ("_fast", "_resolver", "_table")

    def __init__(self, resolver: Resolver[Any] | None, bound_cls: type[B]) -> None:
        self._resolver = resolver
        self._table: dict[str, type[Any]] = {**EVENT_TYPES, "elicitation.requested": bound_cls}
        # the high-volume types' generated constructors (keyed by class: the bound class has none)
        self._fast = {t: FAST_DECODERS[c] for t, c in self._table.items() if c in FAST_DECODERS}

    def __call__(self, data: Mapping[str, Any]) -> EventWith[B] | UnknownEvent:
        t = data.get("type")
        fast = self._fast.get(t)  # type: ignore[arg-type]
        if fast is not None:
            try:
                return cast("EventWith[B]", fast(data))
            except _DECODE_ERRORS:
                pass  # from_dict decides (and logs)
        cls = self._table.get(t) if isinstance(t, str) else None
        if cls is None:
            return UnknownEvent(t if isinstance(t, str) else "", dict(data))  # type: ignore[arg-type]
        try:
            event = cls.from_dict(data)
        except _DECODE_ERRORS as exc:
            logger.warning(
                "agenthub: could not decode %s event (%s); delivered as UnknownEvent", t, exc
            )
            return UnknownEvent(t, dict(data))  # type: ignore[arg-type]
        if self._resolver is not None and isinstance(event, _BoundElicitation):
            object.__setattr__(event, "_resolver", self._resolver)
        return cast("EventWith[B]", event)


#: Decode one wire event into a member of :data:`AnyEvent`; never raises.
decode_event: Callable[[Mapping[str, Any]], AnyEvent] = EventDecoder(
    None, ElicitationRequestedEvent
)
