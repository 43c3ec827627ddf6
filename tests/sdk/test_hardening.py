"""Issue 14, SDK items 11-14, against the real reference server and hostile loopback servers.

- ids: ``.``/``..``/empty (and ``/``) ids never change which resource is hit (ValueError, no
  request sent);
- credentials: whitespace around a key is stripped, a key that cannot be a header value is a
  ``ConfigurationError`` at construction (never shown), no key in any log record, the SDK
  leaves the httpx/httpcore loggers alone; text HTTP cannot carry is a ``ValueError``;
- SSE: a huge event decodes in linear time; ``max_event_bytes`` → ``ProtocolError`` without
  reconnecting;
- timeouts: a call's ``timeout`` bounds the whole call against a dripping server; streams take
  an overall ``timeout=``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from agenthub import (
    AgentHub,
    APIConnectionError,
    APITimeoutError,
    AsyncAgentHub,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    ProtocolError,
)
from agenthub._exceptions import EventTooLargeError

# -- hostile loopback servers -------------------------------------------------------------------


class RawServer:
    """A loopback HTTP/1.1 server answering every request with ``respond(head) -> bytes``,
    sent ``drip`` bytes at a time with ``interval`` seconds between (0: all at once).

    ``head`` is the request head (request line + headers) as text. Counts connections and
    requests; ``close()`` stops everything."""

    def __init__(
        self,
        respond: Callable[[str], bytes],
        *,
        drip: int = 0,
        interval: float = 0.0,
    ) -> None:
        self.respond = respond
        self.drip = drip
        self.interval = interval
        self.requests: list[str] = []
        self.connections = 0
        self._closed = threading.Event()
        self._socks: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        for s in list(self._socks):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._socks.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        try:
            while not self._closed.is_set():
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                text = head.decode("latin-1")
                length = 0
                for line in text.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                while len(buf) < length:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                buf = buf[length:]
                self.requests.append(text)
                payload = self.respond(text)
                if not self.drip:
                    conn.sendall(payload)
                    continue
                for i in range(0, len(payload), self.drip):
                    if self._closed.wait(self.interval):
                        return
                    conn.sendall(payload[i : i + self.drip])
        except OSError:
            return
        finally:
            conn.close()


def http_response(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}"]
    lines += [f"Content-Length: {len(body)}", "X-Request-Id: req_test"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


AGENT = {
    "id": "agt_1",
    "object": "agent",
    "name": "slow",
    "description": None,
    "model": "scripted",
    "instructions": None,
    "tools": [],
    "require_approval": "never",
    "metadata": {},
    "revision": 1,
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z",
}


# -- 11. ids --------------------------------------------------------------------------------

BAD_IDS = ["..", ".", "", "a/b", "../x"]


def _count_requests(client: AgentHub | AsyncAgentHub) -> list[httpx.Request]:
    sent: list[httpx.Request] = []
    hooks = client._pipeline.http_client.event_hooks["request"]
    if isinstance(client, AsyncAgentHub):

        async def record(request: httpx.Request) -> None:
            sent.append(request)

        hooks.append(record)
    else:
        hooks.append(sent.append)
    return sent


@pytest.mark.parametrize("bad", BAD_IDS)
def test_dot_ids_never_change_the_resource(hub: AgentHub, bad: str) -> None:
    agent = hub.agents.create(name="keep", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    sent = _count_requests(hub)
    calls: list[Callable[[], Any]] = [
        lambda: session.files.delete(bad),
        lambda: session.files.get(bad),
        lambda: hub.agents.get(bad),
        lambda: hub.agents.delete(bad),
        lambda: hub.sessions.delete(bad),
        lambda: hub.skills.delete(bad),
        lambda: hub.schedules.delete(bad),
        lambda: hub.mcp_servers.delete(bad),
        lambda: session.elicitations.get(bad),
    ]
    for call in calls:
        with pytest.raises(ValueError) as info:
            call()
        assert not isinstance(info.value, UnicodeError)
        assert (repr(bad) in str(info.value)) if bad not in ("", "../x") else True
    assert sent == []  # refused before anything went out
    # the session and the agent are untouched
    assert hub.sessions.get(session.id).id == session.id
    assert hub.agents.get(agent.id).id == agent.id


async def test_dot_ids_never_change_the_resource_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="keep", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    sent = _count_requests(async_hub)
    for bad in BAD_IDS:
        with pytest.raises(ValueError, match="cannot be used in a URL path"):
            await session.files.delete(bad)
        with pytest.raises(ValueError):
            await async_hub.agents.delete(bad)
        with pytest.raises(ValueError):
            await async_hub.sessions.get(bad)
    assert sent == []
    assert (await async_hub.sessions.get(session.id)).id == session.id


@pytest.mark.parametrize("bad", [None, 5])
def test_non_str_ids_are_a_type_error_before_any_request(hub: AgentHub, bad: Any) -> None:
    """``None`` used to go out as the id ``'None'`` (REST) or ``''`` (gRPC): a 404 for a
    programming error. Every id is a str, checked before anything is sent."""
    agent = hub.agents.create(name="keep", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    grpc_session = hub.sessions.create(agent_id=agent.id, transport="grpc")
    sent = _count_requests(hub)
    calls: list[Callable[[], Any]] = [
        lambda: hub.agents.get(bad),
        lambda: hub.sessions.get(bad),
        lambda: session.files.download(bad).read(),
        lambda: session.turns.get(bad).state(),
        lambda: session.elicitations.resolve(bad, action="accept"),
        lambda: hub.sessions.get(bad, transport="grpc"),
        lambda: grpc_session.turns.get(bad).cancel(),
        lambda: grpc_session.elicitations.resolve(bad, action="accept"),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="must be a str"):
            call()
    assert sent == []


@pytest.mark.parametrize("bad", BAD_IDS)
def test_dot_ids_are_refused_over_grpc_too(hub: AgentHub, bad: str) -> None:
    agent = hub.agents.create(name="keep", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport="grpc")
    with pytest.raises(ValueError, match="cannot be used"):
        hub.sessions.get(bad, transport="grpc")
    with pytest.raises(ValueError, match="cannot be used"):
        session.turns.get(bad).state()
    assert session.prompt("still fine").text == "still fine"


def test_dot_id_message_names_the_id(hub: AgentHub) -> None:
    with pytest.raises(ValueError) as info:
        hub.agents.get("..")
    assert "'..'" in str(info.value) and "/v1/agents/.." in str(info.value)
    with pytest.raises(ValueError, match="an empty id"):
        hub.agents.get("")


def test_escape_hatch_paths_are_checked_too(hub: AgentHub) -> None:
    with pytest.raises(ValueError):
        hub.request("DELETE", "/v1/sessions/ses_1/files/..")
    with pytest.raises(ValueError):
        hub.request("GET", "/v1/agents/%2E%2E")


# -- 12. credentials, logging, text HTTP cannot carry -----------------------------------------


@pytest.mark.parametrize("wrap", ["{}\n", " {} ", "\t{}\r\n"])
def test_key_with_surrounding_whitespace_is_stripped(
    server: Any, api_key: str, wrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AgentHub(api_key=wrap.format(api_key), base_url=server.base_url) as hub:
        assert list(hub.agents.list()) == []
    monkeypatch.setenv("AGENTHUB_API_KEY", wrap.format(api_key))
    with AgentHub(base_url=server.base_url) as hub:
        assert list(hub.agents.list()) == []


async def test_key_with_surrounding_whitespace_is_stripped_async(server: Any, api_key: str) -> None:
    async with AsyncAgentHub(api_key=api_key + "\n", base_url=server.base_url) as hub:
        assert [a async for a in hub.agents.list()] == []


@pytest.mark.parametrize(
    "bad",
    ["ah_test_SECRET\nX-Evil: 1", "ah_test_SECRET\x00zz", "ah_test_SECRÉT", "ah_\ud800SECRET"],
)
def test_key_that_cannot_be_a_header_is_a_configuration_error(
    server: Any, bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for make in (
        lambda: AgentHub(api_key=bad, base_url=server.base_url),
        lambda: AsyncAgentHub(api_key=bad, base_url=server.base_url),
        lambda: AgentHub(access_token=bad, base_url=server.base_url),
    ):
        with pytest.raises(ConfigurationError) as info:
            make()
        assert "SECRET" not in str(info.value) and "SECRET" not in repr(info.value)
        assert "position" in str(info.value)
    if "\x00" in bad or "\ud800" in bad:
        return  # an environment variable cannot hold these
    monkeypatch.setenv("AGENTHUB_API_KEY", bad)
    with pytest.raises(ConfigurationError, match=r"\$AGENTHUB_API_KEY"):
        AgentHub(base_url=server.base_url)


def test_callable_token_that_cannot_be_a_header(server: Any) -> None:
    hub = AgentHub(access_token=lambda: "tok_SECRET\nx", base_url=server.base_url)
    with pytest.raises(ConfigurationError) as info:
        hub.agents.list()
    assert "SECRET" not in str(info.value)
    hub.close()


@pytest.fixture()
def fresh_logging() -> Iterator[None]:
    """Let ``setup_logging`` run again (it runs once per process) and undo what it did."""
    from agenthub import _logging

    _logging.setup_logging.cache_clear()
    sdk = logging.getLogger("agenthub")
    before = (list(sdk.handlers), list(sdk.filters), sdk.level)
    yield
    sdk.handlers[:], sdk.filters[:] = before[0], before[1]
    sdk.setLevel(before[2])


def test_sdk_leaves_httpx_loggers_alone(
    server: Any, api_key: str, monkeypatch: pytest.MonkeyPatch, fresh_logging: None
) -> None:
    monkeypatch.setenv("AGENTHUB_LOG", "debug")
    names = ("httpx", "httpcore", "httpcore.http11", "httpcore.connection")
    before = {n: (logging.getLogger(n).level, list(logging.getLogger(n).filters)) for n in names}
    with AgentHub(api_key=api_key, base_url=server.base_url) as hub:
        hub.agents.list()
    after = {n: (logging.getLogger(n).level, list(logging.getLogger(n).filters)) for n in names}
    assert after == before


def test_no_key_in_any_log_record(
    server: Any,
    api_key: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    fresh_logging: None,
) -> None:
    monkeypatch.setenv("AGENTHUB_LOG", "debug")
    caplog.set_level(logging.DEBUG)  # root: httpx and httpcore DEBUG records are captured
    with AgentHub(api_key=api_key + "\n", base_url=server.base_url, max_retries=0) as hub:
        hub.agents.list()
        agent = hub.agents.create(name="logged", model="scripted")
        hub.agents.get(agent.id)
        with pytest.raises(NotFoundError):
            hub.agents.get("agt_missing")
    names = {r.name for r in caplog.records}
    assert any(n.startswith("httpcore") for n in names) and "agenthub" in names
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + str(record.__dict__)
        assert api_key not in text, record.name


def test_text_http_cannot_carry_is_a_value_error(hub: AgentHub) -> None:
    sent = _count_requests(hub)
    cases: list[Callable[[], Any]] = [
        lambda: hub.agents.create(name="x\ud800", model="scripted"),  # JSON body
        lambda: hub.agents.list(extra_headers={"X-Note": "caf\u00e9"}),  # non-ASCII header
        lambda: hub.agents.list(extra_headers={"X-Note": "a\r\nX-Evil: 1"}),  # injection
        lambda: hub.agents.list(extra_headers={"X Bad": "1"}),  # header name
        lambda: hub.sessions.list(agent_id="agt_\ud800"),  # query parameter
    ]
    for case in cases:
        with pytest.raises(ValueError) as info:
            case()
        assert not isinstance(info.value, UnicodeError), info.value
    assert sent == []
    with pytest.raises(ValueError):
        AgentHub(api_key="k", base_url=hub.base_url, default_headers={"X-A": "\u00e9"})
    with pytest.raises(ValueError):
        hub.with_options(headers={"X-A": "a\nb"})


def test_surrogate_in_a_path_id_is_a_value_error(hub: AgentHub) -> None:
    sent = _count_requests(hub)
    with pytest.raises(ValueError, match="agent_id") as info:
        hub.agents.get("agt_\ud800")
    assert not isinstance(info.value, UnicodeError)
    assert "\ud800" not in str(info.value)
    assert sent == []


async def test_text_http_cannot_carry_is_a_value_error_async(async_hub: AsyncAgentHub) -> None:
    with pytest.raises(ValueError) as info:
        await async_hub.agents.create(name="x\ud800", model="scripted")
    assert not isinstance(info.value, UnicodeError)
    with pytest.raises(ValueError):
        await async_hub.agents.list(extra_headers={"X-Note": "\u00e9"})


# -- 13. SSE: linear decoding, max_event_bytes ---------------------------------------------------


def _sse_server(session: dict[str, Any], event_payload: bytes) -> RawServer:
    """Serves the session snapshot, 404 for capabilities, and on the stream endpoint one
    event carrying ``event_payload`` as its data."""

    def respond(head: str) -> bytes:
        path = head.split(" ", 2)[1]
        if "/events/stream" in path:
            body = b"id: 1\ndata: " + event_payload + b"\n\n"
            return http_response(200, body, "text/event-stream")
        if path.startswith(f"/v1/sessions/{session['id']}"):
            return http_response(200, json.dumps(session).encode())
        return http_response(404, b'{"status": 404, "code": "not_found"}')

    return RawServer(respond)


def _session_json(hub: AgentHub) -> dict[str, Any]:
    agent = hub.agents.create(name="sse", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    data: dict[str, Any] = hub.request("GET", f"/v1/sessions/{session.id}")
    return data


def _delta_event(session_id: str, text_bytes: int) -> bytes:
    return json.dumps(
        {
            "id": "evt_1",
            "type": "message.delta",
            "sequence_number": 1,
            "session_id": session_id,
            "turn_id": "trn_1",
            "created_at": "2026-01-01T00:00:00Z",
            "message_id": "msg_1",
            "delta": "x" * text_bytes,
        }
    ).encode()


def test_event_above_max_event_bytes_is_a_protocol_error(hub: AgentHub) -> None:
    snapshot = _session_json(hub)
    payload = _delta_event(snapshot["id"], 2 * 1024 * 1024)
    with _sse_server(snapshot, payload) as fake:
        client = AgentHub(api_key="k", base_url=fake.base_url, max_event_bytes=1024 * 1024)
        session = client.sessions.get(snapshot["id"])
        with session.events.stream() as events, pytest.raises(ProtocolError) as info:
            next(iter(events))
        assert isinstance(info.value, EventTooLargeError)
        assert info.value.limit == 1024 * 1024
        streams = [r for r in fake.requests if "/events/stream" in r]
        assert len(streams) == 1  # no reconnect: the server would send the same event again
        client.close()


async def test_event_above_max_event_bytes_async(hub: AgentHub) -> None:
    snapshot = _session_json(hub)
    payload = _delta_event(snapshot["id"], 300_000)
    with _sse_server(snapshot, payload) as fake:
        async with AsyncAgentHub(
            api_key="k", base_url=fake.base_url, max_event_bytes=200_000
        ) as client:
            session = await client.sessions.get(snapshot["id"])
            with pytest.raises(ProtocolError, match="max_event_bytes=200000"):
                async with session.events.stream() as events:
                    async for _ in events:
                        pass


@pytest.mark.slow
def test_48mb_event_end_to_end_in_linear_time(hub: AgentHub) -> None:
    snapshot = _session_json(hub)
    size = 48 * 1024 * 1024
    payload = _delta_event(snapshot["id"], size)
    with (
        _sse_server(snapshot, payload) as fake,
        AgentHub(api_key="k", base_url=fake.base_url) as client,
    ):
        session = client.sessions.get(snapshot["id"])
        started = time.monotonic()
        with session.events.stream() as events:
            event = next(iter(events))
        elapsed = time.monotonic() - started
    assert event.type == "message.delta" and len(event.delta) == size
    assert elapsed < 5.0  # ~0.5 s here; the quadratic decoder took ~50 s


# -- 14. whole-call timeouts ---------------------------------------------------------------------


@pytest.fixture()
def dripping() -> Iterator[RawServer]:
    """A server sending its whole answer (head and body) at 20 bytes/s: ~19 s per response."""
    body = json.dumps(AGENT).encode()
    with RawServer(lambda head: http_response(200, body), drip=1, interval=0.05) as srv:
        yield srv


def test_call_timeout_bounds_a_dripping_response(dripping: RawServer) -> None:
    with AgentHub(api_key="k", base_url=dripping.base_url) as hub:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="timeout of 2s"):
            hub.agents.get("agt_1", timeout=2)
        elapsed = time.monotonic() - started
        assert 1.8 <= elapsed < 3.0, elapsed
        # the client-level default is a whole-call budget too
        fast = hub.with_options(timeout=1.0)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            fast.agents.get("agt_1")
        assert time.monotonic() - started < 2.0


async def test_call_timeout_bounds_a_dripping_response_async(dripping: RawServer) -> None:
    async with AsyncAgentHub(api_key="k", base_url=dripping.base_url) as hub:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await hub.agents.get("agt_1", timeout=2)
        elapsed = time.monotonic() - started
        assert 1.8 <= elapsed < 3.0, elapsed


def test_call_timeout_covers_retries(dripping: RawServer) -> None:
    """Retries of a timed-out attempt get no time of their own: one budget for the call."""
    with AgentHub(api_key="k", base_url=dripping.base_url, max_retries=5) as hub:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            hub.agents.get("agt_1", timeout=1.5)
        assert time.monotonic() - started < 2.5


def test_retry_wait_beyond_the_budget_is_not_taken() -> None:
    answer = http_response(503, b'{"status": 503, "code": "unavailable"}', Retry_After="5")
    with RawServer(lambda head: answer) as srv, AgentHub(api_key="k", base_url=srv.base_url) as hub:
        started = time.monotonic()
        with pytest.raises(InternalServerError):
            hub.agents.get("agt_1", timeout=2)
        assert time.monotonic() - started < 1.0
        assert len(srv.requests) == 1
        # with room for the wait, it is taken as before
        srv.requests.clear()
        with pytest.raises(InternalServerError):
            hub.agents.get("agt_1", timeout=30, max_retries=0)
        assert len(srv.requests) == 1


def test_user_http_client_gets_clamped_phases(dripping: RawServer) -> None:
    """With the user's own httpx client (left unwrapped) each socket read is still bounded by
    the time left when the attempt started."""
    with (
        httpx.Client() as mine,
        AgentHub(api_key="k", base_url=dripping.base_url, http_client=mine, max_retries=0) as hub,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            hub.agents.get("agt_1", timeout=httpx.Timeout(0.02))
        assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_turn_stream_timeout(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="sleepy", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    turn = session.create_turn("start\n/sleep 20\nend")
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="timed out"), turn.stream(timeout=1.5) as events:
        for _ in events:
            pass
    elapsed = time.monotonic() - started
    assert 1.4 <= elapsed < 3.5, elapsed
    turn.cancel()


async def test_turn_stream_timeout_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="sleepy", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    turn = session.create_turn("/sleep 20")
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        async with turn.stream(timeout=1.0) as events:
            async for _ in events:
                pass
    assert time.monotonic() - started < 2.5
    await turn.cancel()


def test_until_done_timeout(hub: AgentHub) -> None:
    agent = hub.agents.create(name="sleepy", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    turn = session.create_turn("/sleep 20")
    with turn.stream() as events:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            events.until_done(timeout=1.0)
        assert time.monotonic() - started < 2.5
    turn.cancel()
    # a turn that finishes in time is unaffected
    with session.create_turn("quick").stream() as events:
        assert events.until_done(timeout=30).text == "quick"


# -- a closed client ----------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_closed_client_raises_an_sdk_error(server: Any, api_key: str, transport: str) -> None:
    """httpx raises a bare RuntimeError and grpc a ValueError on a closed client/channel; no
    raw httpx or grpc exception escapes a public call (DESIGN §4)."""
    hub = AgentHub(api_key=api_key, base_url=server.base_url, grpc_target=server.grpc_target)
    agent = hub.agents.create(name="closing", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    hub.close()
    with pytest.raises(APIConnectionError, match="closed"):
        hub.agents.get(agent.id)
    with pytest.raises(APIConnectionError, match="closed"):
        session.prompt("hi")
    with pytest.raises(APIConnectionError, match="closed"):
        session.refresh()


@pytest.mark.parametrize("transport", ["sse", "grpc"])
async def test_closed_client_raises_an_sdk_error_async(
    server: Any, api_key: str, transport: str
) -> None:
    hub = AsyncAgentHub(api_key=api_key, base_url=server.base_url, grpc_target=server.grpc_target)
    agent = await hub.agents.create(name="closing", model="scripted")
    session = await hub.sessions.create(agent_id=agent.id, transport=transport)
    await hub.close()
    with pytest.raises(APIConnectionError, match="closed"):
        await hub.agents.get(agent.id)
    with pytest.raises(APIConnectionError, match="closed"):
        await session.prompt("hi")
