"""The reference server's latency work (issue 15) keeps its observable behaviour: ids, times,
JSON text, gRPC event conversion, the HTTP protocol's guards, one-statement inserts."""

from __future__ import annotations

import json
import re
import socket
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from agenthub_proto.v1 import events_pb2
from google.protobuf import json_format

from agenthub_server import LocalServer, ServerConfig, convert, runner, util
from agenthub_server.store import Store

KEY = "ah_test_hot_paths_key"


# ----------------------------------------------------------------------------- ids and times
def test_ids_are_24_uniform_base36_characters_and_unique() -> None:
    ids = [util.new_id("evt") for _ in range(50_000)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"evt_[0-9a-z]{24}", i) for i in ids)
    counts = Counter(c for i in ids for c in i[4:])
    assert len(counts) == 36
    expected = 50_000 * 24 / 36
    assert all(abs(n - expected) < expected * 0.05 for n in counts.values()), counts


def test_ids_follow_a_swapped_in_random_source() -> None:
    """Recordings replace ``secrets`` with a seeded stand-in: ids come from it at once."""

    class Seeded:
        def __init__(self) -> None:
            self.calls = 0

        def token_bytes(self, n: int) -> bytes:
            self.calls += 1
            return bytes(i % 256 for i in range(n))

    real = util.secrets
    stand_in = Seeded()
    util.secrets = stand_in  # type: ignore[assignment]
    try:
        first = util.new_id("x")
    finally:
        util.secrets = real
    assert stand_in.calls == 1
    assert first == "x_" + "0123456789abcdefghijklmn"
    assert util.new_id("x") != first  # the real source again


def test_now_iso_is_utc_with_milliseconds_and_follows_the_clock() -> None:
    before = datetime.now(UTC)
    stamp = util.now_iso()
    after = datetime.now(UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    parsed = util.parse_time(stamp)
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= parsed <= after
    assert util.iso(parsed) == stamp


# ----------------------------------------------------------------------------- JSON
@pytest.mark.parametrize(
    "value",
    [
        {"a": 1, "b": [1.5e-05, -0.0, 1e300], "c": "é ☃ \U0001f600", "d": None, "e": True},
        {"big": 123456789012345678901234567890, "neg": -(2**64)},
        {"s": "\ud800"},  # a lone surrogate: stored \u-escaped, never a failure
        {1: "non-string key"},
    ],
)
def test_dumps_and_loads_round_trip_like_the_standard_library(value: Any) -> None:
    text = util.dumps(value, escape=True)
    assert json.loads(text) == json.loads(json.dumps(value))
    assert util.loads(text) == json.loads(text)
    assert " " not in util.dumps({"a": [1, 2]})


def test_loads_keeps_integers_beyond_64_bits_exact() -> None:
    text = '{"n": 98765432109876543210987, "m": 12345678901234567}'
    assert util.loads(text) == {"n": 98765432109876543210987, "m": 12345678901234567}


def test_answer_bodies_escape_a_lone_surrogate() -> None:
    assert json.loads(util.dumps_bytes({"s": "\udc00"})) == {"s": "\udc00"}
    assert util.dumps_bytes({"s": "é"}) == '{"s":"é"}'.encode()


def test_store_insert_is_a_new_row_and_put_keeps_its_position() -> None:
    store = Store(":memory:")
    store.insert("turn", "t", "a", {"v": 1}, parent="p")
    store.insert("turn", "t", "b", {"v": 2}, parent="p")
    store.put("turn", "t", "a", {"v": 3}, parent="p")
    assert [d for _, d in store.iter_docs("turn", "t", "p", use_parent=True)] == [
        {"v": 3},
        {"v": 2},
    ]


# ----------------------------------------------------------------------------- gRPC events
def _parse_dict(event: dict[str, Any]) -> events_pb2.Event:
    """The generic conversion (ParseDict), what the fast path must equal."""
    payload = {k: v for k, v in event.items() if k not in convert.COMMON}
    msg = events_pb2.Event(
        id=event["id"],
        type=event["type"],
        sequence_number=event["sequence_number"],
        session_id=event["session_id"],
        created_at=event["created_at"],
        turn_id=event["turn_id"],
    )
    sub = getattr(msg, event["type"].replace(".", "_"))
    json_format.ParseDict(convert._strip_none(payload), sub, ignore_unknown_fields=True)
    if not payload:
        sub.SetInParent()
    return msg


@pytest.mark.parametrize(
    ("typ", "payload"),
    [
        ("message.delta", {"message_id": "msg_1", "delta": " hi"}),
        ("session.status", {"status": "running", "previous_status": "idle"}),
        (
            "session.usage",
            {"input_tokens": 4, "output_tokens": 2**40, "total_tokens": None, "cost_usd": 0},
        ),
        ("retry", {"attempt": 1, "max_attempts": 3, "delay_seconds": 2, "error": "e"}),
        ("tool_call.completed", {"call_id": "c", "output": "x", "is_error": False, "extra": 1}),
        ("turn.started", {}),
        ("tool_call.started", {"call_id": "c", "tool_name": "t", "arguments": {"a": [1]}}),
        (
            "turn.completed",
            {"result": {"text": "t", "usage": {"input_tokens": 1}, "tool_calls": []}},
        ),
    ],
)
def test_event_conversion_equals_parse_dict(typ: str, payload: dict[str, Any]) -> None:
    event = {
        "id": "evt_1",
        "type": typ,
        "sequence_number": 7,
        "session_id": "ses_1",
        "turn_id": "trn_1",
        "created_at": "2026-01-01T00:00:00.000Z",
        **payload,
    }
    fast = convert.event_to_proto(event)
    assert fast == _parse_dict(event)
    assert fast.WhichOneof("payload") == typ.replace(".", "_")


# ----------------------------------------------------------------------------- HTTP protocol
@pytest.fixture(scope="module")
def guarded() -> Iterator[LocalServer]:
    with LocalServer(ServerConfig(api_keys=[KEY], grpc=False, header_timeout=1.5)) as srv:
        yield srv


def _exchange(srv: LocalServer, data: bytes, wait: float = 4.0) -> tuple[bytes, float]:
    host, port = srv.base_url.removeprefix("http://").rsplit(":", 1)
    t0 = time.monotonic()
    out = b""
    with socket.create_connection((host, int(port))) as s:
        s.settimeout(wait)
        s.sendall(data)
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return out, time.monotonic() - t0


def test_server_uses_the_c_parser_with_its_guards(guarded: LocalServer) -> None:
    assert runner.httptools is not None  # a dependency of the server extra
    out, _ = _exchange(guarded, b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 200") and b"x-request-id" in out.lower()


def test_an_incomplete_head_over_64_kib_is_refused_at_once(guarded: LocalServer) -> None:
    head = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (70 * 1024)
    out, took = _exchange(guarded, head)
    assert out.startswith(b"HTTP/1.1 400") and took < 1.0


def test_a_large_complete_request_is_served(guarded: LocalServer) -> None:
    body = json.dumps({"name": "x" * 200_000, "model": "scripted"}).encode()
    out, _ = _exchange(
        guarded,
        b"POST /v1/agents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + f"Authorization: Bearer {KEY}\r\nContent-Type: application/json\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body,
    )
    assert out.startswith(b"HTTP/1.1 422")  # the name is too long: read whole and validated


def test_a_stalled_head_is_closed_after_the_header_timeout(guarded: LocalServer) -> None:
    out, took = _exchange(guarded, b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    assert out == b"" and 1.0 < took < 3.5


# ----------------------------------------------------------------------------- stop
def test_stop_is_prompt_and_ends_live_streams() -> None:
    """uvicorn's fixed 0.1 s waits made every stop ~200 ms; a live stream still ends cleanly."""
    import threading

    import httpx

    srv = LocalServer(ServerConfig(api_keys=[KEY])).start()
    auth = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=srv.base_url, headers=auth, timeout=10) as c:
        agent = c.post("/v1/agents", json={"name": "a", "model": "scripted"}).json()
        sid = c.post("/v1/sessions", json={"agent_id": agent["id"]}).json()["id"]
        ended: list[bool] = []

        def follow() -> None:
            with c.stream("GET", f"/v1/sessions/{sid}/events/stream") as r:
                for _ in r.iter_lines():
                    pass
            ended.append(True)

        reader = threading.Thread(target=follow)
        reader.start()
        time.sleep(0.3)
        t0 = time.monotonic()
        srv.stop()
        took = time.monotonic() - t0
        reader.join(5)
    assert ended == [True]
    assert took < 1.0, took
