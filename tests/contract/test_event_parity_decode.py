"""REST and gRPC hand back the SAME values of the same types: events and resources.

A scripted agent runs one turn per feature (tool approval, clarification, client tool,
``/file``, ``/think``, ``/fail``, a cancelled turn) plus a context injection and a rename, so
the session log holds every event type the scripted model can emit. The log is then fetched
twice — REST ``list_events`` (JSON) and gRPC ``StreamEvents`` (proto). The gRPC messages go
through the transport's own converter (``agenthub._async._grpc.event_to_rest``) and must equal
the REST JSON value for value and type for type (so a decoder bug shared by both sides cannot
hide a difference), and then decode (``decode_event``) to equal typed events. Resources
likewise: Session (with a pending elicitation), every Turn, the session list, and a resolved
Elicitation, fetched by REST and by gRPC (``message_to_rest``), compared as JSON.

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
from agenthub._async._grpc import event_to_rest, message_to_rest  # noqa: E402
from agenthub._events import EVENT_TYPES, UnknownEvent, decode_event  # noqa: E402

proto_event_to_dict = event_to_rest  # the converter the SDK's gRPC transport uses

pytestmark = pytest.mark.timeout(120)

#: Types in the contract the scripted model never emits (turn.incomplete only after a restart).
NOT_EMITTABLE = {"skill.loaded", "log", "retry", "error", "turn.incomplete"}


def compare(rest: list[Any], grpc_events: list[Any]) -> list[str]:
    """Differences between two decoded event lists (empty = parity)."""
    problems: list[str] = []
    if len(rest) != len(grpc_events):
        problems.append(f"REST has {len(rest)} events, gRPC {len(grpc_events)}")
    for a, b in zip(rest, grpc_events, strict=False):
        label = f"#{getattr(a, 'sequence_number', '?')} {a.type}"
        if isinstance(a, UnknownEvent) or isinstance(b, UnknownEvent):
            problems.append(
                f"{label}: not decoded (REST {type(a).__name__}, gRPC {type(b).__name__})"
            )
        elif type(a) is not type(b):
            problems.append(f"{label}: REST {type(a).__name__} != gRPC {type(b).__name__}")
        elif a != b:
            problems.append(f"{label}:\n  REST {a.to_dict()!r}\n  gRPC {b.to_dict()!r}")
    return problems


def json_diff(rest: Any, grpc_value: Any, path: str = "$") -> list[str]:
    """Differences between two JSON values, types included (1 != 1.0 != "1"); empty = equal."""
    if type(rest) is not type(grpc_value):
        return [
            f"{path}: REST {type(rest).__name__} {rest!r} != gRPC "
            f"{type(grpc_value).__name__} {grpc_value!r}"
        ]
    if isinstance(rest, dict):
        out: list[str] = []
        for key in sorted(set(rest) | set(grpc_value)):
            if key not in grpc_value:
                out.append(f"{path}.{key}: only on REST ({rest[key]!r})")
            elif key not in rest:
                out.append(f"{path}.{key}: only on gRPC ({grpc_value[key]!r})")
            else:
                out += json_diff(rest[key], grpc_value[key], f"{path}.{key}")
        return out
    if isinstance(rest, list):
        if len(rest) != len(grpc_value):
            return [f"{path}: REST has {len(rest)} items, gRPC {len(grpc_value)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(rest, grpc_value, strict=True))
            for d in json_diff(a, b, f"{path}[{i}]")
        ]
    return [] if rest == grpc_value else [f"{path}: REST {rest!r} != gRPC {grpc_value!r}"]


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

    as_json = [event_to_rest(m) for m in protos]
    raw_problems = [
        d
        for a, b in zip(raw_rest, as_json, strict=False)
        for d in json_diff(a, b, f"#{a.get('sequence_number')} {a.get('type')}")
    ]
    assert not raw_problems, "REST/gRPC event JSON differs:\n" + "\n".join(raw_problems)

    rest = [decode_event(e) for e in raw_rest]
    via_grpc = [decode_event(j) for j in as_json]
    problems = compare(rest, via_grpc)
    assert not problems, "REST/gRPC decode mismatch:\n" + "\n".join(problems)

    seen = {str(e.type) for e in rest}
    missing = set(EVENT_TYPES) - NOT_EMITTABLE - seen
    assert not missing, f"event types the scripted run did not produce: {sorted(missing)}"
    stale = NOT_EMITTABLE & seen
    assert not stale, f"NOT_EMITTABLE is stale; these were emitted: {sorted(stale)}"
    assert set(EVENT_TYPES) >= NOT_EMITTABLE, "NOT_EMITTABLE names unknown types"


def _rest_all(hub: AgentHub, path: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = hub.request("GET", path, params=params)
        out.extend(page["data"])
        if not page["has_more"]:
            return out
        params["after"] = page["next_cursor"]


def _wait_for(hub: AgentHub, path: str, key: str, values: set[str]) -> dict[str, Any]:
    import time

    deadline = time.monotonic() + 20
    while True:
        body: dict[str, Any] = hub.request("GET", path)
        if body[key] in values or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_rest_and_grpc_resources_have_equal_values_and_types(
    hub: AgentHub, server: Any, api_key: str, exercised_session: str
) -> None:
    sid = exercised_session
    md = [("authorization", f"Bearer {api_key}")]
    problems: list[str] = []
    with grpc.insecure_channel(server.grpc_target) as channel:
        stub = service_grpc.SessionServiceStub(channel)

        def via_grpc(method: str, **fields: Any) -> Any:
            request = getattr(service_pb2, f"{method}Request")(**fields)
            return message_to_rest(getattr(stub, method)(request, metadata=md, timeout=10))

        for turn in _rest_all(hub, f"/v1/sessions/{sid}/turns"):
            problems += json_diff(
                turn,
                via_grpc("GetTurn", session_id=sid, turn_id=turn["id"]),
                f"Turn {turn['status']}",
            )
        # a pending elicitation: the session snapshot carries it
        asked = hub.request(
            "POST",
            f"/v1/sessions/{sid}/turns",
            json={"input": [{"type": "user.message", "content": "/ask Name?"}]},
        )
        session = _wait_for(hub, f"/v1/sessions/{sid}", "status", {"waiting"})
        assert session["pending_elicitations"], session
        problems += json_diff(session, via_grpc("GetSession", session_id=sid), "Session")
        rest_list = hub.request("GET", "/v1/sessions", params={"limit": 100})
        grpc_list = via_grpc("ListSessions", limit=100)
        problems += json_diff(
            {k: rest_list[k] for k in ("data", "has_more", "next_cursor")},
            grpc_list,
            "ListSessions",
        )
        eli = session["pending_elicitations"][0]
        resolved = via_grpc(
            "ResolveElicitation",
            session_id=sid,
            elicitation_id=eli["id"],
            action="accept",
            content=struct_pb2.Struct(fields={"text": struct_pb2.Value(string_value="Ada")}),
        )
        rest_eli = hub.request("GET", f"/v1/sessions/{sid}/elicitations/{eli['id']}")
        problems += json_diff(rest_eli, resolved, "Elicitation")
        done = _wait_for(
            hub,
            f"/v1/sessions/{sid}/turns/{asked['id']}",
            "status",
            {"completed", "failed", "cancelled", "incomplete"},
        )
        problems += json_diff(
            done, via_grpc("GetTurn", session_id=sid, turn_id=asked["id"]), "Turn completed"
        )
    assert not problems, "REST/gRPC resource JSON differs:\n" + "\n".join(problems)


def test_drill_json_diff_catches_values_types_and_missing_keys() -> None:
    rest = event_to_rest(_delta_event())
    assert json_diff(rest, dict(rest)) == []
    assert json_diff(rest, {**rest, "sequence_number": "7"})  # retyped
    assert json_diff(rest, {**rest, "sequence_number": 7.0})  # int vs float
    assert json_diff(rest, {**rest, "delta": "He"})  # value
    assert json_diff(rest, {k: v for k, v in rest.items() if k != "turn_id"})  # dropped
    assert json_diff({"a": None}, {})  # null vs UNSET


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
