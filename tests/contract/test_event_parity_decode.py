"""The same server event decoded from REST (JSON) and from gRPC (proto ``Event``) is EQUAL.

A scripted agent runs one turn per feature (tool approval, clarification, client tool,
``/file``, ``/think``, ``/fail``, a cancelled turn) plus a context injection and a rename, so
the session log holds every event type the scripted model can emit. The log is then fetched
twice — REST ``list_events`` (JSON) and gRPC ``StreamEvents`` (proto) — and both are decoded
with the SDK's own functions (``agenthub._events.decode_event`` and ``proto_event_to_dict``);
the two lists of typed objects must be equal, event by event.

Event types the scripted model cannot produce (``NOT_EMITTABLE``) are named explicitly; the
test fails if that list goes stale (a type becomes emittable or a new type appears).

Drill (no server): a proto ``Event`` descriptor with one payload field removed (built in a
separate descriptor pool) makes (a) this decode comparison report the event and (b) the
field-set parity check of ``test_parity.py`` fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from . import test_parity

grpc = pytest.importorskip("grpc")
events_pb2 = pytest.importorskip("agenthub_proto.v1.events_pb2")
common_pb2 = pytest.importorskip("agenthub_proto.v1.common_pb2")
service_pb2 = pytest.importorskip("agenthub_proto.v1.session_service_pb2")
service_grpc = pytest.importorskip("agenthub_proto.v1.session_service_pb2_grpc")

from google.protobuf import (  # noqa: E402
    descriptor_pb2,
    descriptor_pool,
    message_factory,
    struct_pb2,
)

from agenthub import AgentHub, TurnFailedError  # noqa: E402
from agenthub._events import (  # noqa: E402
    EVENT_TYPES,
    UnknownEvent,
    decode_event,
    event_type,
    proto_event_to_dict,
)

pytestmark = pytest.mark.timeout(120)

#: Types in the contract the scripted model never emits (turn.incomplete only after a restart).
NOT_EMITTABLE = {"skill.loaded", "log", "retry", "error", "turn.incomplete"}


def compare(rest: list[Any], grpc_events: list[Any]) -> list[str]:
    """Differences between two decoded event lists (empty = parity)."""
    problems: list[str] = []
    if len(rest) != len(grpc_events):
        problems.append(f"REST has {len(rest)} events, gRPC {len(grpc_events)}")
    for a, b in zip(rest, grpc_events, strict=False):
        label = f"#{getattr(a, 'sequence_number', '?')} {event_type(a)}"
        if isinstance(a, UnknownEvent) or isinstance(b, UnknownEvent):
            problems.append(
                f"{label}: not decoded (REST {type(a).__name__}, gRPC {type(b).__name__})"
            )
        elif type(a) is not type(b):
            problems.append(f"{label}: REST {type(a).__name__} != gRPC {type(b).__name__}")
        elif a != b:
            problems.append(f"{label}:\n  REST {a.to_dict()!r}\n  gRPC {b.to_dict()!r}")
    return problems


# --------------------------------------------------------------------------------------------
# live: run the turns, fetch both ways


def _answer(event: Any) -> None:
    eli = event.elicitation
    if eli.kind == "tool_approval":
        event.approve()
    elif eli.kind == "clarification":
        event.respond("blue")
    elif eli.kind == "client_tool":
        event.respond("looked up")
    else:  # pragma: no cover - new kind
        event.cancel()


def _rest_events(hub: AgentHub, session_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["after"] = cursor
        page = hub.request("GET", f"/v1/sessions/{session_id}/events", params=params)
        out.extend(page["data"])
        if not page["has_more"]:
            return out
        cursor = page["next_cursor"]


def _grpc_events(target: str, api_key: str, session_id: str, count: int) -> list[Any]:
    with grpc.insecure_channel(target) as channel:
        stub = service_grpc.SessionServiceStub(channel)
        call = stub.StreamEvents(
            service_pb2.StreamEventsRequest(session_id=session_id, after_sequence_number=0),
            metadata=[("authorization", f"Bearer {api_key}")],
            timeout=30,
        )
        out: list[Any] = []
        try:
            for msg in call:
                out.append(msg)
                if len(out) >= count:
                    break
        finally:
            call.cancel()
        return out


@pytest.fixture()
def exercised_session(hub: AgentHub) -> Iterator[str]:
    agent = hub.agents.create(
        name="parity",
        tools=["calculator", "lookup"],  # lookup: a client tool
        require_approval=["calculator"],
    )
    session = hub.sessions.create(agent_id=agent.id)
    timeout = 30
    session.inject_context("The user prefers short answers.", source="crm")
    session.update(name="parity run")
    r = session.prompt(
        '/tool calculator {"expression": "6*7"}', timeout=timeout, on_elicitation=_answer
    )
    assert "42" in r.text
    r = session.prompt("/ask Which color?", timeout=timeout, on_elicitation=_answer)
    assert "blue" in r.text
    session.prompt('/tool lookup {"q": "x"}', timeout=timeout, on_elicitation=_answer)
    session.prompt("/file notes.txt hello parity", timeout=timeout)
    session.prompt("/think pondering deeply\nplain text answer", timeout=timeout)
    with pytest.raises(TurnFailedError):
        session.prompt("/fail boom", timeout=timeout)
    turn = session.create_turn("/sleep 30").start()
    turn.cancel()
    with pytest.raises(TurnFailedError):
        turn.wait(timeout=timeout)
    yield session.id


def test_rest_and_grpc_decode_to_equal_events(
    hub: AgentHub, server: Any, api_key: str, exercised_session: str
) -> None:
    raw_rest = _rest_events(hub, exercised_session)
    assert raw_rest, "no events recorded"
    assert [e["sequence_number"] for e in raw_rest] == list(range(1, len(raw_rest) + 1))
    protos = _grpc_events(server.grpc_target, api_key, exercised_session, len(raw_rest))

    rest = [decode_event(e) for e in raw_rest]
    via_grpc = [decode_event(proto_event_to_dict(m)) for m in protos]
    problems = compare(rest, via_grpc)
    assert not problems, "REST/gRPC decode mismatch:\n" + "\n".join(problems)

    seen = {event_type(e) for e in rest}
    missing = set(EVENT_TYPES) - NOT_EMITTABLE - seen
    assert not missing, f"event types the scripted run did not produce: {sorted(missing)}"
    stale = NOT_EMITTABLE & seen
    assert not stale, f"NOT_EMITTABLE is stale; these were emitted: {sorted(stale)}"
    assert set(EVENT_TYPES) >= NOT_EMITTABLE, "NOT_EMITTABLE names unknown types"


# --------------------------------------------------------------------------------------------
# drill: a proto field goes missing


def _event_class_without(message: str, field: str) -> Any:
    """``agenthub.v1.Event`` from a private descriptor pool where ``message`` lacks ``field``."""
    pool = descriptor_pool.DescriptorPool()
    for fd in (struct_pb2.DESCRIPTOR, common_pb2.DESCRIPTOR, events_pb2.DESCRIPTOR):
        proto = descriptor_pb2.FileDescriptorProto()
        fd.CopyToProto(proto)
        if fd is events_pb2.DESCRIPTOR:
            (msg,) = [m for m in proto.message_type if m.name == message]
            (f,) = [x for x in msg.field if x.name == field]
            msg.field.remove(f)
        pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("agenthub.v1.Event"))


def _delta_event() -> Any:
    return events_pb2.Event(
        id="evt_3f9a0c5e7b2d4a1c9e8f6b0d",
        type="message.delta",
        sequence_number=7,
        session_id="ses_3f9a0c5e7b2d4a1c9e8f6b0d",
        turn_id="trn_3f9a0c5e7b2d4a1c9e8f6b0d",
        created_at="2026-01-01T00:00:00Z",
        message_delta=events_pb2.MessageDeltaPayload(message_id="msg_1", delta="Hel"),
    )


def test_drill_missing_proto_field_breaks_decode_parity() -> None:
    real = _delta_event()
    rest_json = proto_event_to_dict(real)  # what REST sends for this event
    assert compare([decode_event(rest_json)], [decode_event(proto_event_to_dict(real))]) == []

    Mutated = _event_class_without("MessageDeltaPayload", "delta")
    mutated = Mutated.FromString(real.SerializeToString())  # a peer built from the old proto
    problems = compare([decode_event(rest_json)], [decode_event(proto_event_to_dict(mutated))])
    assert problems and "message.delta" in problems[0], problems


def test_drill_missing_proto_field_breaks_field_parity(monkeypatch: pytest.MonkeyPatch) -> None:
    Mutated = _event_class_without("MessageDeltaPayload", "delta")
    monkeypatch.setattr(test_parity, "PAYLOAD", Mutated.DESCRIPTOR.oneofs_by_name["payload"])
    test_parity.test_every_rest_event_has_its_proto_payload("message.completed")  # untouched
    with pytest.raises(AssertionError, match=r"message\.delta"):
        test_parity.test_every_rest_event_has_its_proto_payload("message.delta")
