"""The scripted model's /json, /log, /retry, /error and /skill directives and output_schema,
on the wire (REST + raw gRPC), including the lines they refuse (echoed as plain text)."""

from __future__ import annotations

from typing import Any

import grpc
import httpx
from agenthub_proto.v1 import events_pb2, session_service_pb2, session_service_pb2_grpc
from ahs_helpers import KEY_A, make_session, start_turn, wait_turn

from agenthub_server import LocalServer


def _events(c: httpx.Client, sid: str, tid: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = c.get(
        f"/v1/sessions/{sid}/events", params={"turn_id": tid, "limit": 100}
    ).json()["data"]
    return data


def test_unusable_arguments_are_plain_text(client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    lines = [
        "/json {not json",
        "/log loud hello",
        "/retry 3 2 0",
        "/retry one 2 0",
        "/error",
        "/error b@d message",
        "/skill two words",
    ]
    tid = start_turn(client, sid, "\n".join(lines))["id"]
    turn = wait_turn(client, sid, tid)
    assert turn["status"] == "completed"
    assert turn["result"]["text"] == "\n".join(lines)
    kinds = {e["type"] for e in _events(client, sid, tid)}
    assert not kinds & {"log", "retry", "error", "skill.loaded"}


def test_event_payloads_on_rest(client: httpx.Client) -> None:
    assert client.put("/v1/skills/tone", json={"content": "Be brief."}).status_code in (200, 201)
    sid = make_session(client)["id"]
    text = "/log debug  spaced  message\n/retry 2 5 0\n/error rate_limited\n/skill tone"
    tid = start_turn(client, sid, text)["id"]
    assert wait_turn(client, sid, tid)["status"] == "completed"
    by_type = {e["type"]: e for e in _events(client, sid, tid)}
    assert by_type["log"]["level"] == "debug" and by_type["log"]["message"] == "spaced  message"
    retry = by_type["retry"]
    assert (retry["attempt"], retry["max_attempts"], retry["delay_seconds"]) == (2, 5, 0.0)
    assert retry["error"] == "scripted retry"
    assert by_type["error"] == {**by_type["error"], "code": "rate_limited", "source": "agent"}
    assert by_type["error"]["message"] == "rate_limited"
    assert by_type["skill.loaded"]["name"] == "tone"


def test_output_schema_rest(client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    schema = {"type": "object", "required": ["ok"]}
    turn = start_turn(client, sid, '/json {"ok": true}', output_schema=schema)
    assert turn["output_schema"] == schema
    done = wait_turn(client, sid, turn["id"])
    assert done["result"]["structured_output"] == {"ok": True}
    bad = start_turn(client, sid, "/json [1]", output_schema=schema)
    failed = wait_turn(client, sid, bad["id"])
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "output_schema_mismatch"
    # without a schema the key is absent and structured_output is null
    plain = start_turn(client, sid, '/json {"ok": true}')
    assert "output_schema" not in plain
    assert wait_turn(client, sid, plain["id"])["result"]["structured_output"] is None
    r = client.post(
        f"/v1/sessions/{sid}/turns",
        json={"input": [{"type": "user.message", "content": "x"}], "output_schema": {"type": 5}},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][:2] == ["body", "output_schema"]


def test_grpc_stream_sends_heartbeats_while_idle(server: LocalServer, client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    tid = start_turn(client, sid, "/sleep 1\ndone")["id"]
    assert server.grpc_target is not None
    with grpc.insecure_channel(server.grpc_target) as channel:
        stub = session_service_pb2_grpc.SessionServiceStub(channel)
        call = stub.StreamEvents(
            session_service_pb2.StreamEventsRequest(session_id=sid, turn_id=tid),
            metadata=(("authorization", f"Bearer {KEY_A}"),),
            timeout=15,
        )
        messages: list[events_pb2.Event] = list(call)
    beats = [m for m in messages if m.WhichOneof("payload") == "heartbeat"]
    assert len(beats) >= 2  # heartbeat_interval is 0.2 s in this module's server
    assert all(b.type == "heartbeat" and b.sequence_number == 0 for b in beats)
    real = [m.sequence_number for m in messages if m.sequence_number]
    assert real == sorted(real) and messages[-1].type == "turn.completed"
