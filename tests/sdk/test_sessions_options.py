"""Per-call options (``timeout``, ``max_retries``, ``extra_headers``, ``idempotency_key``) on
every session-scoped call, over REST and gRPC; one ``TurnResult`` class for both clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import agenthub
from agenthub import AgentHub, APITimeoutError, AsyncAgentHub, NotFoundError
from agenthub._results import TurnResult

from .test_sessions_loop import TRANSPORTS

CALL = "X-Test-Call"


@pytest.fixture()
def recorded(server: Any, api_key: str) -> Iterator[tuple[AgentHub, list[httpx.Request]]]:
    """A client whose httpx client records every request it sends."""
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    with AgentHub(
        api_key=api_key,
        base_url=server.base_url,
        grpc_target=server.grpc_target,
        http_client=http,
    ) as client:
        yield client, requests
    http.close()


def _calls(requests: list[httpx.Request]) -> dict[str, list[httpx.Request]]:
    out: dict[str, list[httpx.Request]] = {}
    for r in requests:
        if CALL in r.headers:
            out.setdefault(r.headers[CALL], []).append(r)
    return out


def test_extra_headers_and_timeout_reach_every_rest_call(
    recorded: tuple[AgentHub, list[httpx.Request]],
) -> None:
    hub, requests = recorded

    def o(name: str, **more: Any) -> dict[str, Any]:
        return {"extra_headers": {CALL: name}, "timeout": 7.5, **more}

    agent = hub.agents.create(name="opts", model="scripted", tools=["calculator"])
    session = hub.sessions.create(agent_id=agent.id, **o("sessions.create"))
    hub.sessions.get(session.id, **o("sessions.get"))
    session.refresh(**o("session.refresh"))
    session.update(name="renamed", **o("session.update"))
    session.inject_context("note", **o("session.inject_context", idempotency_key="ctx-opt"))
    session.mcp_servers.list(**o("mcp_servers.list"))
    session.mcp_servers.set([], **o("mcp_servers.set"))

    turn = session.create_turn("Hello", **o("create_turn", idempotency_key="turn-key-1"))
    result = turn.wait(timeout=20)
    turn.state(**o("turn.state"))
    turn.cancel(**o("turn.cancel"))
    list(session.turns.list(**o("turns.list")))
    session.turns.get(result.turn_id or "", **o("turns.get"))
    list(session.events.list(**o("events.list")))
    with session.events.stream(turn_id=result.turn_id, **o("events.stream")) as events:
        assert events.until_done().text == result.text
    list(session.elicitations.list(**o("elicitations.list")))

    f = session.files.upload(b"hello", filename="h.txt", **o("files.upload"))
    session.files.get(f.id, **o("files.get"))
    list(session.files.list(**o("files.list")))
    assert session.files.download(f.id, **o("files.download")).read() == b"hello"
    session.files.delete(f.id, **o("files.delete"))

    session.pause(**o("session.pause"))
    session.resume(**o("session.resume"))
    session.cancel(**o("session.cancel"))
    session.delete(**o("session.delete"))

    calls = _calls(requests)
    expected = {
        "sessions.create",
        "sessions.get",
        "session.refresh",
        "session.update",
        "session.inject_context",
        "mcp_servers.list",
        "mcp_servers.set",
        "create_turn",
        "turn.state",
        "turn.cancel",
        "turns.list",
        "turns.get",
        "events.list",
        "events.stream",
        "elicitations.list",
        "files.upload",
        "files.get",
        "files.list",
        "files.download",
        "files.delete",
        "session.pause",
        "session.resume",
        "session.cancel",
        "session.delete",
    }
    assert expected <= set(calls), expected - set(calls)
    for name, reqs in calls.items():
        for r in reqs:
            timeout = r.extensions["timeout"]
            if name == "events.stream":  # reads are bounded by the heartbeat timeout
                assert timeout["connect"] == 5.0, name
            else:
                assert timeout["read"] == 7.5, (name, timeout)

    # the turn's options also go with wait()'s polls, without the create's idempotency key
    turn_reqs = calls["create_turn"]
    posts = [r for r in turn_reqs if r.method == "POST"]
    gets = [r for r in turn_reqs if r.method == "GET"]
    assert len(posts) == 1 and posts[0].headers["Idempotency-Key"] == "turn-key-1"
    assert gets and all("Idempotency-Key" not in r.headers for r in gets)
    assert calls["turn.cancel"][0].headers.get("Idempotency-Key") != "turn-key-1"
    assert calls["session.inject_context"][0].headers["Idempotency-Key"] == "ctx-opt"
    assert all("Idempotency-Key" not in r.headers for r in calls["files.download"])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_extra_headers_request_id_is_echoed(hub: AgentHub, transport: str) -> None:
    """``X-Request-Id`` sent per call (HTTP header / gRPC metadata) comes back in errors."""
    with pytest.raises(NotFoundError) as missing:
        hub.sessions.get(
            "ses_missing", transport=transport, extra_headers={"X-Request-Id": "req_percall_1"}
        )
    assert missing.value.request_id == "req_percall_1"

    agent = hub.agents.create(name="rid", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    with pytest.raises(NotFoundError) as turn_missing:
        session.turns.get("trn_missing", extra_headers={"X-Request-Id": "req_percall_2"})
    assert turn_missing.value.request_id == "req_percall_2"
    turn = session.create_turn("Hello", extra_headers={"X-Request-Id": "req_percall_3"})
    assert turn.wait(timeout=20).text
    with pytest.raises(NotFoundError) as eli_missing:
        session.elicitations.resolve(
            "eli_missing", action="accept", extra_headers={"X-Request-Id": "req_percall_4"}
        )
    assert eli_missing.value.request_id == "req_percall_4"


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_per_call_timeout(hub: AgentHub, transport: str, faults: Any) -> None:
    agent = hub.agents.create(name="slow", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    faults(latency_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        session.refresh(timeout=0.2, max_retries=0)
    with pytest.raises(APITimeoutError):
        session.turns.get("trn_whatever", timeout=0.2, max_retries=0)
    assert time.monotonic() - started < 1.8  # neither call waited for the slow server
    assert session.refresh(timeout=10).id == session.id  # a generous per-call timeout works


async def test_async_per_call_options(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="async-opts", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    with pytest.raises(NotFoundError) as missing:
        await session.files.get("file_missing", extra_headers={"X-Request-Id": "req_async_1"})
    assert missing.value.request_id == "req_async_1"
    result = await session.prompt("Hello", timeout=20, extra_headers={"X-Trace": "1"})
    assert isinstance(result, agenthub.TurnResult)


def test_turn_result_is_one_class(hub: AgentHub) -> None:
    from agenthub._async._streaming import TurnResult as AsyncTurnResult
    from agenthub._sync._streaming import TurnResult as SyncTurnResult

    assert AsyncTurnResult is SyncTurnResult is TurnResult is agenthub.TurnResult
    agent = hub.agents.create(name="tr", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    result = session.prompt("Hello there", timeout=20)
    assert isinstance(result, agenthub.TurnResult)
    assert result.turn is not None and result.turn.id == result.turn_id
    assert result.usage.total_tokens > 0 and result.tool_calls == []
    assert result.structured_output is None
    text = repr(result)
    assert text.startswith("TurnResult(") and result.turn_id in text and "total_tokens" in text
    with pytest.raises(AttributeError):
        result.text = "changed"  # type: ignore[misc]
    with session.create_turn("again").stream() as events:
        streamed = events.until_done()
    assert isinstance(streamed, agenthub.TurnResult) and streamed.turn is None
