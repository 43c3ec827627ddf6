"""A server one contract version ahead (issue 12 item 1, "open enums"): new enum values in a
body and in an event, new fields, a new event type — decoded over REST, SSE and gRPC, sync
and async, with known types still typed (never ``ProtocolError``, never a known event
downgraded to ``UnknownEvent``, and the session hooks tolerate every member).

The newer payloads are today's real payloads (recorded from the reference server) with
the additions a newer contract would make; a mock transport serves them to the SDK.
Also: the generated fast decoders (``agenthub_openapi.events.FAST_DECODERS``) are checked
against the spec.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from agenthub_openapi.events import FAST_DECODERS as _FAST_DECODERS

from agenthub import AgentHub, AsyncAgentHub, UnknownEvent
from agenthub._events import EVENT_TYPES, decode_event
from agenthub.types import MessageDeltaEvent, SessionStatusEvent

ROOT = Path(__file__).resolve().parents[2]
NEW_STATUS = "archived"  # a session status a newer contract adds
NEW_TYPE = "turn.paused"  # an event type a newer contract adds


@pytest.fixture(scope="module")
def recorded() -> Iterator[dict[str, Any]]:
    """Real payloads of one plain turn: the session, the turn and its events (JSON)."""
    with AgentHub.local() as hub:
        agent = hub.agents.create(name="fc", model="scripted")
        session = hub.sessions.create(agent_id=agent.id)
        result = session.prompt("hello world")
        assert result.text == "hello world"
        events = [e.to_dict() for e in session.events.list()]
        yield {"session": session.data.to_dict(), "events": events}


def newer_session(rec: dict[str, Any]) -> dict[str, Any]:
    s = copy.deepcopy(rec["session"])
    s["status"] = NEW_STATUS
    s["priority"] = 5  # a new field
    return s


def newer_events(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The recorded turn's events, with a new status value, new fields and a new type."""
    out: list[dict[str, Any]] = []
    seq = 0
    for e in copy.deepcopy(rec["events"]):
        if e["type"] == "turn.completed":
            seq += 1
            new = {k: e[k] for k in ("id", "session_id", "turn_id", "created_at")}
            out.append({**new, "type": NEW_TYPE, "sequence_number": seq, "reason": "x"})
        seq += 1
        e["sequence_number"] = seq
        if e["type"] == "session.status":
            e["status"] = NEW_STATUS
            e["previous_status"] = NEW_STATUS
        if e["type"] == "message.delta":
            e["channel"] = "main"  # a new field on a hot-path event
        out.append(e)
    return out


def test_rest_body_with_new_enum_value_and_field(recorded: dict[str, Any]) -> None:
    from agenthub.types import Session

    model = Session.from_dict(newer_session(recorded))
    assert model.status == NEW_STATUS


def test_sse_payloads_decode_known_types_typed(recorded: dict[str, Any]) -> None:
    decoded = [decode_event(e) for e in newer_events(recorded)]
    kinds = {type(e).__name__ for e in decoded}
    assert "UnknownEvent" in kinds
    for event in decoded:
        if isinstance(event, UnknownEvent):
            assert event.type == NEW_TYPE
            assert event.id.startswith("evt_") and event.session_id.startswith("ses_")
            assert event.sequence_number > 0 and isinstance(event.created_at, datetime.datetime)
            assert event.reason == "x"  # payload fields read from raw
            with pytest.raises(AttributeError):
                _ = event.no_such_field
        else:
            assert type(event) is EVENT_TYPES[event.type], event
    statuses = [e for e in decoded if isinstance(e, SessionStatusEvent)]
    assert statuses and all(e.status == NEW_STATUS for e in statuses)
    assert any(isinstance(e, MessageDeltaEvent) for e in decoded)


def _mock(recorded: dict[str, Any]) -> httpx.MockTransport:
    session = newer_session(recorded)
    events = newer_events(recorded)
    turn_id = next(e["turn_id"] for e in events if e.get("turn_id"))
    turn_created = next(e for e in events if e["type"] == "turn.created")

    def handler(request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if method == "POST" and path == "/v1/sessions":
            return httpx.Response(201, json=session)
        if method == "GET" and path == f"/v1/sessions/{session['id']}":
            return httpx.Response(200, json=session)
        if method == "POST" and path.endswith("/turns"):
            return httpx.Response(201, json={**turn_created["turn"], "id": turn_id})
        if path.endswith("/events/stream"):
            body = "".join(f"id: {e['sequence_number']}\ndata: {json.dumps(e)}\n\n" for e in events)
            return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})
        return httpx.Response(404, json={"type": "about:blank", "title": "nf", "status": 404})

    return httpx.MockTransport(handler)


def test_newer_server_sync(recorded: dict[str, Any]) -> None:
    transport = _mock(recorded)
    with AgentHub(
        api_key="k", base_url="http://newer.test", http_client=httpx.Client(transport=transport)
    ) as hub:
        session = hub.sessions.get(recorded["session"]["id"])
        assert session.status == NEW_STATUS
        seen: list[str] = []
        session.add_status_callback(lambda sid, status: seen.append(status))
        types = []
        with session.create_turn("hello world").stream() as events:
            for event in events:
                types.append(event.type)
                if event.type == "message.delta":
                    assert isinstance(event, MessageDeltaEvent)
        assert NEW_TYPE in types and "message.delta" in types
        assert NEW_STATUS in seen  # the status hook saw the new value, no crash
        assert events.result.text == "hello world"


async def test_newer_server_async(recorded: dict[str, Any]) -> None:
    transport = _mock(recorded)
    async with AsyncAgentHub(
        api_key="k",
        base_url="http://newer.test",
        http_client=httpx.AsyncClient(transport=transport),
    ) as hub:
        session = await hub.sessions.get(recorded["session"]["id"])
        assert session.status == NEW_STATUS
        seen: list[str] = []
        session.add_status_callback(lambda sid, status: seen.append(status))
        types = []
        async with session.create_turn("hello world").stream() as events:
            async for event in events:
                types.append(event.type)
        assert NEW_TYPE in types and NEW_STATUS in seen
        assert events.result.text == "hello world"


def test_grpc_newer_messages(recorded: dict[str, Any]) -> None:
    """gRPC: a proto Event with a new status value, one of a new type (no payload this
    version knows, plus an unknown field), and a Session with a new status."""
    pytest.importorskip("grpc")
    from agenthub_proto.v1 import common_pb2, events_pb2

    from agenthub._async._grpc import event_to_rest, message_to_rest

    base = {"id": "evt_1", "sequence_number": 3, "session_id": "ses_1",
            "created_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    status = events_pb2.Event(type="session.status", **base)
    status.session_status.status = NEW_STATUS
    event = decode_event(event_to_rest(status))
    assert isinstance(event, SessionStatusEvent) and event.status == NEW_STATUS

    new = events_pb2.Event(type=NEW_TYPE, turn_id="trn_1", **base)
    wire = new.SerializeToString() + bytes([0x98, 0x06, 0x01])  # field 99 = 1 (unknown)
    parsed = events_pb2.Event.FromString(wire)
    unknown = decode_event(event_to_rest(parsed))
    assert isinstance(unknown, UnknownEvent) and unknown.type == NEW_TYPE
    assert unknown.turn_id == "trn_1" and unknown.sequence_number == 3

    from agenthub.types import Session

    proto_session = common_pb2.Session(id="ses_1", status=NEW_STATUS)
    data = message_to_rest(proto_session)
    merged = {**recorded["session"], **{k: v for k, v in data.items() if k in ("id", "status")}}
    assert Session.from_dict(merged).status == NEW_STATUS


def _spec_props(schema_name: str) -> set[str]:
    spec = yaml.safe_load((ROOT / "openapi" / "agenthub.yaml").read_text(encoding="utf-8"))
    return set(spec["components"]["schemas"][schema_name]["properties"])


@pytest.mark.parametrize("cls", list(_FAST_DECODERS), ids=lambda c: c.__name__)
def test_fast_decoders_match_the_spec(cls: type, recorded: dict[str, Any]) -> None:
    """Each fast constructor reads every property of its schema and builds what the
    generated ``from_dict`` builds (a new property in the spec fails this test)."""
    import attrs

    fields = {f.name for f in attrs.fields(cls)}
    assert fields == _spec_props(cls.__name__), "fast decoder out of step with the spec"
    wire = next(t for t, c in EVENT_TYPES.items() if c is cls)
    sample = next((e for e in recorded["events"] if e["type"] == wire), None)
    if sample is None:
        sample = {
            "id": "evt_1", "type": wire, "sequence_number": 1, "session_id": "ses_1",
            "turn_id": "trn_1", "created_at": "2026-01-01T00:00:00+00:00",
            "message_id": "msg_1", "delta": "x",
        }  # fmt: skip
        sample = {k: v for k, v in sample.items() if k in fields}
    fast = _FAST_DECODERS[cls](sample)
    assert fast == cls.from_dict(sample)  # type: ignore[attr-defined]


def test_hooks_tolerate_undecodable_known_events(recorded: dict[str, Any]) -> None:
    """A known type whose payload does not decode arrives as UnknownEvent; the result
    building and the session hooks still work with it."""
    from agenthub._results import turn_outcome

    completed = next(e for e in recorded["events"] if e["type"] == "turn.completed")
    broken = {**completed, "created_at": "not a date"}
    event = decode_event(broken)
    assert isinstance(event, UnknownEvent) and event.type == "turn.completed"
    result = turn_outcome(
        "completed", event.result, None, turn_id=event.turn_id, session_id=event.session_id
    )
    assert result.text == "hello world"

    status = next(e for e in recorded["events"] if e["type"] == "session.status")
    odd = decode_event({**status, "status": 7})  # not even a string
    assert isinstance(odd, UnknownEvent)
    with AgentHub(api_key="k", base_url="http://unused.test") as hub:
        from agenthub._sync.resources.sessions import Session, Sessions
        from agenthub.types import Session as SessionModel

        handle = Session(
            Sessions(hub), SessionModel.from_dict(recorded["session"]), "sse", hub.sessions._rest
        )
        seen: list[str] = []
        handle.add_status_callback(lambda sid, s: seen.append(s))
        handle._on_event(odd)  # ignored, no AttributeError
        assert seen == []


def test_event_table_is_the_spec_mapping() -> None:
    """The decoder's table is generated from the ``Event`` discriminator mapping: same types,
    each mapped to the model of the referenced schema, and every model's ``type`` is that
    Literal (what ``event.type == ...`` narrows on)."""
    import typing

    spec = yaml.safe_load((ROOT / "openapi" / "agenthub.yaml").read_text(encoding="utf-8"))
    mapping = spec["components"]["schemas"]["Event"]["discriminator"]["mapping"]
    assert {t: c.__name__ for t, c in EVENT_TYPES.items()} == {
        t: ref.rsplit("/", 1)[-1] for t, ref in mapping.items()
    }
    for wire, cls in EVENT_TYPES.items():
        hint = eval(cls.__annotations__["type"], {"Literal": typing.Literal})
        assert typing.get_args(hint) == (wire,), cls
