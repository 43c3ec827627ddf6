"""The performance shortcuts (bench/results.md) change nothing observable.

* the hand-written ``message.delta`` / ``reasoning.delta`` constructors build objects equal to
  the generated ``from_dict``'s; the flat gRPC payload conversion equals the descriptor walk;
* ``SSEDecoder.feed_data`` yields the same payloads however the bytes are chunked;
* SSE payloads decode the same with orjson and with ``json.loads``; malformed JSON is a
  ``ProtocolError``, an unknown type an ``UnknownEvent``;
* the session hook runs only for the types it acts on; session handles are free of reference
  cycles until a sub-resource is used; ``from agenthub import AgentHub`` loads no generated
  model; the request debug log costs nothing with DEBUG off; the SDK's own httpx client has
  the wider connection limits.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import logging
import subprocess
import sys
import weakref
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest
import respx
from agenthub_openapi.models.message_delta_event import MessageDeltaEvent
from agenthub_openapi.models.reasoning_delta_event import ReasoningDeltaEvent

from agenthub import AgentHub, AsyncAgentHub, ProtocolError
from agenthub._async import _http as async_http
from agenthub._async import _transport as async_transport
from agenthub._async._grpc import event_to_rest, message_to_rest
from agenthub._async._streaming import AsyncEventStream
from agenthub._events import EVENT_TYPES, UnknownEvent, decode_event
from agenthub._results import EventsRequest
from agenthub._sse import SSEDecoder
from agenthub._sync import _transport as sync_transport
from agenthub._sync._streaming import EventStream

BASE = "http://agenthub.test"
KEY = "ak_unit_SECRET_0123456789"
TS = "2026-01-01T00:00:00Z"


def _delta(seq: int, **over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": f"evt_{seq}",
        "type": "message.delta",
        "sequence_number": seq,
        "session_id": "ses_1",
        "turn_id": "trn_1",
        "created_at": TS,
        "message_id": "msg_1",
        "delta": " hello",
    }
    d.update(over)
    return d


def _reasoning(seq: int, **over: Any) -> dict[str, Any]:
    d = _delta(seq, **{"type": "reasoning.delta", "delta": "thinking…", **over})
    del d["message_id"]
    return d


# -- fast constructors ----------------------------------------------------------------------

FAST_PAYLOADS = [
    _delta(1),
    _delta(2, turn_id=None),
    _delta(3, delta="", created_at="2026-03-04T05:06:07.123456+02:00"),
    _delta(4, delta="üñí 🚀\n", extra_field="ignored by from_dict too"),
    _reasoning(5),
    _reasoning(6, turn_id=None),
    _reasoning(7, delta="", created_at="2026-03-04T05:06:07.5Z"),
]


@pytest.mark.parametrize("payload", FAST_PAYLOADS, ids=lambda p: f"{p['type']}-{p['id']}")
def test_fast_constructors_equal_generated_from_dict(payload: dict[str, Any]) -> None:
    cls = EVENT_TYPES[payload["type"]]
    expected = cls.from_dict(payload)
    got = decode_event(payload)
    assert type(got) is type(expected) is cls
    assert got == expected
    assert attrs.asdict(got) == attrs.asdict(expected)
    assert got.to_dict() == expected.to_dict()
    assert (got.turn_id is None) == (payload["turn_id"] is None)


def test_fast_constructors_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(cls: Any, src: Any) -> Any:
        raise AssertionError("from_dict called on the fast path")

    monkeypatch.setattr(MessageDeltaEvent, "from_dict", classmethod(boom))
    monkeypatch.setattr(ReasoningDeltaEvent, "from_dict", classmethod(boom))
    assert isinstance(decode_event(_delta(1)), MessageDeltaEvent)
    assert isinstance(decode_event(_reasoning(2)), ReasoningDeltaEvent)


def test_malformed_fast_type_is_unknown_event(caplog: pytest.LogCaptureFixture) -> None:
    bad = _delta(1)
    del bad["delta"]
    with caplog.at_level(logging.WARNING, logger="agenthub"):
        event = decode_event(bad)
    assert event == UnknownEvent("message.delta", bad)
    assert "could not decode message.delta" in caplog.text
    assert isinstance(decode_event(_delta(2, created_at="yesterday")), UnknownEvent)
    assert decode_event({"type": "brand.new", "x": 1}) == UnknownEvent(
        "brand.new", {"type": "brand.new", "x": 1}
    )


def test_flat_grpc_payloads_equal_the_descriptor_walk() -> None:
    events_pb2 = pytest.importorskip("agenthub_proto.v1.events_pb2")
    msgs = [
        events_pb2.Event(
            id="evt_1",
            type="message.delta",
            sequence_number=1,
            session_id="ses_1",
            turn_id="trn_1",
            created_at=TS,
            message_delta=events_pb2.MessageDeltaPayload(message_id="msg_1", delta=" hi"),
        ),
        events_pb2.Event(
            id="evt_2",
            type="reasoning.delta",
            sequence_number=2,
            session_id="ses_1",
            created_at=TS,
            reasoning_delta=events_pb2.ReasoningDeltaPayload(delta="hmm"),
        ),
    ]
    for msg in msgs:
        flat = event_to_rest(msg)
        which = msg.WhichOneof("payload")
        walked = {k: v for k, v in flat.items() if k not in ("message_id", "delta")}
        walked.update(message_to_rest(getattr(msg, which)))
        assert flat == walked
        assert decode_event(flat) == EVENT_TYPES[msg.type].from_dict(walked)
    assert event_to_rest(msgs[1])["turn_id"] is None


# -- SSE framing --------------------------------------------------------------------------

SSE_BODIES = [
    (b'id: 1\ndata: {"a":1}\n\nid: 2\nevent: x\ndata: {"a":2}\n\n', [b'{"a":1}', b'{"a":2}']),
    (
        b"\xef\xbb\xbfdata: one\r\n\r\ndata: two\rdata: three\r\r: heartbeat\n\n",
        [b"one", b"two\nthree"],
    ),
    (
        b"retry: 1500\ndata:no-space\n\ndata\n\ndata: \n\nid:7\ndata: a\ndata: b\n\n",
        [b"no-space", b"a\nb"],
    ),
    (b"id: bad\x00id\ndata: x\n\nevent: only-type\n\nid: 9\n\ndata: tail-without-end", [b"x"]),
]


def _chunkings(body: bytes) -> Iterator[list[bytes]]:
    yield [body]
    yield [body[i : i + 1] for i in range(len(body))]
    yield [body[i : i + 7] for i in range(0, len(body), 7)]


@pytest.mark.parametrize(("body", "payloads"), SSE_BODIES)
def test_feed_data_is_independent_of_chunking(body: bytes, payloads: list[bytes]) -> None:
    for chunks in _chunkings(body):
        dec = SSEDecoder()
        assert [p for chunk in chunks for p in dec.feed_data(chunk)] == payloads
        assert dec.retry == (1500 if body.startswith(b"retry") else None)


# -- SSE payload decoding: orjson and json.loads ------------------------------------------


def _sse(*events: Any) -> bytes:
    out = []
    for e in events:
        data = e if isinstance(e, str) else json.dumps(e)
        out.append(f"id: {len(out) + 1}\ndata: {data}\n\n")
    return "".join(out).encode()


@pytest.fixture(params=["orjson", "json"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "orjson":
        orjson = pytest.importorskip("orjson")
        loads = orjson.loads
    else:
        loads = async_transport._loads_lenient
    monkeypatch.setattr(async_transport, "loads_payload", loads)
    monkeypatch.setattr(sync_transport, "loads_payload", loads)
    return str(request.param)


def test_orjson_is_the_default_when_installed() -> None:
    try:
        import orjson
    except ImportError:
        assert async_transport.loads_payload is async_transport._loads_lenient
    else:
        assert async_transport.loads_payload is orjson.loads
        assert sync_transport.loads_payload is orjson.loads


def _stream_route(mock: respx.MockRouter, body: bytes) -> None:
    mock.get("/v1/sessions/ses_1/events/stream").respond(
        200, content=body, headers={"content-type": "text/event-stream"}
    )


def test_sse_payloads_sync(loader: str) -> None:
    odd = _delta(3, delta="NaN ünï \\ud83d\\ude80")
    body = _sse(_delta(1), _reasoning(2, turn_id=None), odd, {"type": "brand.new", "n": 1})
    hub = AgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        _stream_route(mock, body)
        raws = list(hub.sessions._rest.open_events(EventsRequest("ses_1")))
    assert raws == [_delta(1), _reasoning(2, turn_id=None), odd, {"type": "brand.new", "n": 1}]
    events = [decode_event(r) for r in raws]
    assert events[0] == MessageDeltaEvent.from_dict(_delta(1))
    assert events[3] == UnknownEvent("brand.new", {"type": "brand.new", "n": 1})


async def test_sse_payloads_async(loader: str) -> None:
    hub = AsyncAgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        _stream_route(mock, _sse(_delta(1), _reasoning(2)))
        raws = [r async for r in hub.sessions._rest.open_events(EventsRequest("ses_1"))]
    assert raws == [_delta(1), _reasoning(2)]
    await hub.close()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"type": "message.delta", ', "invalid JSON in SSE event"),
        ("not json", "invalid JSON in SSE event"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_malformed_sse_payload_is_protocol_error(loader: str, payload: str, message: str) -> None:
    hub = AgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        _stream_route(mock, _sse(_delta(1), payload))
        it = hub.sessions._rest.open_events(EventsRequest("ses_1"))
        assert next(it) == _delta(1)
        with pytest.raises(ProtocolError, match=message):
            next(it)


def test_what_orjson_rejects_decodes_as_json_loads_does(loader: str) -> None:
    # NaN, integers past 64 bits and invalid UTF-8: json.loads(decode("replace")) semantics
    body = b'data: {"type": "x", "v": NaN, "big": 123456789012345678901234567890, "s": "\xff"}\n\n'
    hub = AgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        _stream_route(mock, body)
        (raw,) = hub.sessions._rest.open_events(EventsRequest("ses_1"))
    assert raw["big"] == 123456789012345678901234567890
    assert raw["v"] != raw["v"]  # NaN
    assert raw["s"] == "\ufffd"


# -- the session hook -----------------------------------------------------------------------


class _Replay:
    """An event transport whose every connection yields ``raws``."""

    retry_hint = None

    def __init__(self, raws: list[dict[str, Any]]) -> None:
        self.raws = raws

    def open_events(self, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        yield from self.raws


class _AsyncReplay(_Replay):
    async def open_events(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        for raw in self.raws:
            yield raw


def test_hook_only_for_its_types() -> None:
    status = {**_delta(2), "type": "session.status", "status": "running"}
    del status["message_id"], status["delta"]
    raws = [_delta(1), status, _reasoning(3)]
    seen: list[str] = []
    stream = EventStream(
        transport=_Replay(raws),
        decoder=decode_event,
        session_id="ses_1",
        hook=lambda e: seen.append(str(e.type)),
        hook_types=frozenset({"session.status"}),
    )
    assert [next(stream).sequence_number for _ in range(3)] == [1, 2, 3]
    assert seen == ["session.status"]

    seen.clear()
    everything = EventStream(
        transport=_Replay(raws),
        decoder=decode_event,
        session_id="ses_1",
        hook=lambda e: seen.append(str(e.type)),
    )
    for _ in range(3):
        next(everything)
    assert seen == ["message.delta", "session.status", "reasoning.delta"]


async def test_async_hook_only_for_its_types() -> None:
    seen: list[Any] = []

    async def hook(event: Any) -> None:
        seen.append(event)

    stream = AsyncEventStream(
        transport=_AsyncReplay([_delta(1), _reasoning(2)]),
        decoder=decode_event,
        session_id="ses_1",
        hook=hook,
        hook_types=frozenset({"session.status", "elicitation.requested"}),
    )
    assert (await stream.__anext__()).sequence_number == 1
    assert (await stream.__anext__()).sequence_number == 2
    assert seen == []


def test_session_hook_types_cover_on_event() -> None:
    from agenthub._async.resources.sessions import AsyncSession
    from agenthub._sync.resources.sessions import Session

    for cls in (AsyncSession, Session):
        source = inspect.getsource(cls._on_event)
        for t in cls._HOOKED_EVENT_TYPES:
            assert f'"{t}"' in source
        assert source.count('t == "') == len(cls._HOOKED_EVENT_TYPES)


# -- session handles, imports, logging, connection limits -----------------------------------


def _session_json(sid: str) -> dict[str, Any]:
    return {
        "id": sid,
        "object": "session",
        "agent_id": "agt_1",
        "name": None,
        "status": "idle",
        "labels": {},
        "require_approval": None,
        "metadata": {},
        "usage": {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0},
        "active_turn_id": None,
        "turn_count": 0,
        "last_turn_id": None,
        "created_at": TS,
        "updated_at": TS,
        "last_sequence_number": 0,
        "pending_elicitations": [],
    }


def test_session_handle_has_no_reference_cycle() -> None:
    hub = AgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/sessions/ses_1").respond(200, json=_session_json("ses_1"))
        session = hub.sessions.get("ses_1")
    assert session.id == "ses_1"
    ref = weakref.ref(session)
    gc.disable()
    try:
        del session
        assert ref() is None  # freed by reference counting alone
    finally:
        gc.enable()

    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/sessions/ses_1").respond(200, json=_session_json("ses_1"))
        session = hub.sessions.get("ses_1")
    # sub-resources are created once, on first use
    assert session.turns is session.turns
    assert session.events is session.events
    assert session.files is session.files
    assert session.elicitations is session.elicitations
    assert session.mcp_servers is session.mcp_servers
    assert session._decoder is session._decoder
    assert session.events._session is session
    hub.close()


def test_importing_the_client_loads_no_generated_model() -> None:
    code = (
        "import sys\n"
        "from agenthub import AgentHub, AsyncAgentHub\n"
        "hub = AgentHub(api_key='k', base_url='http://x')\n"
        "bad = sorted(m for m in sys.modules if m.startswith('agenthub_openapi.models'))\n"
        "assert not bad, bad\n"
        "hub.sessions\n"
        "assert 'agenthub_openapi.models.session' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_request_debug_log_skipped_when_debug_is_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(async_http, "redact_headers", lambda h: calls.append(h) or {})
    sync_http = sys.modules["agenthub._sync._http"]
    monkeypatch.setattr(sync_http, "redact_headers", lambda h: calls.append(h) or {})
    hub = AgentHub(api_key=KEY, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/sessions/ses_1").respond(200, json=_session_json("ses_1"))
        with caplog.at_level(logging.INFO, logger="agenthub"):
            hub.sessions.get("ses_1")
        assert calls == []
        with caplog.at_level(logging.DEBUG, logger="agenthub"):
            hub.sessions.get("ses_1")
        assert len(calls) == 1
    assert "agenthub request: GET" in caplog.text


def _pool_limits(client: httpx.Client | httpx.AsyncClient) -> tuple[int, int]:
    pool = client._transport._pool  # type: ignore[union-attr]
    return pool._max_connections, pool._max_keepalive_connections


def test_default_client_connection_limits() -> None:
    hub = AgentHub(api_key=KEY, base_url=BASE)
    assert _pool_limits(hub._pipeline.http_client) == (1000, 100)
    ahub = AsyncAgentHub(api_key=KEY, base_url=BASE)
    assert _pool_limits(ahub._pipeline.http_client) == (1000, 100)
    mine = httpx.Client()
    hub2 = AgentHub(api_key=KEY, base_url=BASE, http_client=mine)
    assert hub2._pipeline.http_client is mine
    assert _pool_limits(mine) == (100, 20)  # the user's client is left as configured
    hub.close()
    hub2.close()
    mine.close()


# -- async gRPC reads: asyncio.timeout ------------------------------------------------------


class _FakeCall:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.cancelled = False

    async def read(self) -> Any:
        await asyncio.sleep(self.delay)
        return "msg"

    def cancel(self) -> None:
        self.cancelled = True


async def test_async_grpc_reader_timeout() -> None:
    pytest.importorskip("grpc")
    from agenthub._backends import AsyncBackend, StreamIdle

    for timeout in (None, 5.0):
        call = _FakeCall(0)
        assert await AsyncBackend.grpc_reader(call, timeout).read() == "msg"
        assert not call.cancelled
    slow = _FakeCall(5)
    with pytest.raises(StreamIdle):
        await AsyncBackend.grpc_reader(slow, 0.01).read()
    assert slow.cancelled
