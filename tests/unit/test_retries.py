"""Retry decisions: statuses, exceptions, attempts, delays, idempotency keys, headers."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
import respx

from agenthub import (
    AgentHub,
    APIConnectionError,
    APITimeoutError,
    AsyncAgentHub,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)

BASE = "http://agenthub.test"
AGENT = {
    "id": "agt_1",
    "object": "agent",
    "name": "a",
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


@pytest.fixture()
def delays(no_sleep: list[float]) -> list[float]:
    """The retry delays requested (seconds); sleeping is instant (``no_sleep`` in conftest)."""
    return no_sleep


def hub(**kw: object) -> AgentHub:
    return AgentHub(api_key="k", base_url=BASE, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses(status: int, delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1")
        route.side_effect = [httpx.Response(status), httpx.Response(200, json=AGENT)]
        assert hub().agents.get("agt_1").id == "agt_1"
        assert route.call_count == 2
    assert len(delays) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 413, 422, 501])
def test_non_retryable_statuses(status: int, delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(status, json={"code": "x"})
        with pytest.raises(Exception) as info:
            hub().agents.get("agt_1")
        assert route.call_count == 1
    assert getattr(info.value, "status_code", None) == status
    assert delays == []


def test_gives_up_after_max_retries(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(503, json={"code": "service_unavailable"})
        with pytest.raises(InternalServerError):
            hub().agents.get("agt_1")
        assert route.call_count == 3  # default max_retries=2
        with pytest.raises(InternalServerError):
            hub(max_retries=5).agents.get("agt_1")
        assert route.call_count == 3 + 6
        with pytest.raises(InternalServerError):
            hub().agents.get("agt_1", max_retries=0)
        assert route.call_count == 3 + 6 + 1


def test_retry_count_header(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(500)
        with pytest.raises(InternalServerError):
            hub(max_retries=3).agents.get("agt_1")
        counts = [c.request.headers["x-agenthub-retry-count"] for c in route.calls]
    assert counts == ["0", "1", "2", "3"]


def test_backoff_is_bounded_full_jitter(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(500)
        with pytest.raises(InternalServerError):
            hub(max_retries=8).agents.get("agt_1")
    assert len(delays) == 8
    for attempt, delay in enumerate(delays):
        assert 0.0 <= delay <= min(8.0, 0.5 * 2**attempt)


def test_retry_after_seconds_date_ms_and_cap(delays: list[float]) -> None:
    date = email.utils.formatdate(time.time() + 5, usegmt=True)
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1")
        route.side_effect = [
            httpx.Response(429, headers={"retry-after": "3"}),
            httpx.Response(503, headers={"retry-after": date}),
            httpx.Response(503, headers={"retry-after-ms": "120"}),
            httpx.Response(503, headers={"retry-after": "100000"}),
            httpx.Response(200, json=AGENT),
        ]
        # a budget that fits the capped 60 s wait (the default 60 s budget would not)
        hub(max_retries=4, timeout=300).agents.get("agt_1")
    assert delays[0] == 3.0
    assert 3.5 <= delays[1] <= 5.5
    assert delays[2] == pytest.approx(0.12)
    assert delays[3] == 60.0


def test_rate_limit_after_retries(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(429, headers={"retry-after": "2"})
        with pytest.raises(RateLimitError) as info:
            hub(max_retries=1).agents.get("agt_1")
    assert info.value.retry_after == 2.0
    assert delays == [2.0]


def test_x_should_retry_header(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1")
        route.side_effect = [
            httpx.Response(409, headers={"x-should-retry": "true"}),
            httpx.Response(200, json=AGENT),
        ]
        hub().agents.get("agt_1")
        assert route.call_count == 2
        route.side_effect = None
        route.return_value = httpx.Response(503, headers={"x-should-retry": "false"})
        with pytest.raises(InternalServerError):
            hub().agents.get("agt_1")
        assert route.call_count == 3


def test_409_not_retried(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents").respond(409, json={"code": "conflict"})
        with pytest.raises(ConflictError):
            hub().agents.create(name="a")
        assert route.call_count == 1


@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ConnectTimeout("slow"), APITimeoutError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.RemoteProtocolError("reset"), APIConnectionError),
        (httpx.ReadError("reset"), APIConnectionError),
    ],
)
def test_transport_errors_retried_then_mapped(
    exc: Exception, error: type[Exception], delays: list[float]
) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents")
        route.side_effect = [exc, httpx.Response(201, json=AGENT)]
        assert hub().agents.create(name="a").id == "agt_1"
        assert route.call_count == 2
        route.side_effect = exc
        with pytest.raises(error):
            hub().agents.create(name="a")
        assert route.call_count == 2 + 3


def test_same_idempotency_key_on_every_attempt(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents")
        route.side_effect = [
            httpx.ConnectError("x"),
            httpx.Response(503),
            httpx.Response(201, json=AGENT),
        ]
        hub().agents.create(name="a")
        keys = {c.request.headers["idempotency-key"] for c in route.calls}
        assert len(keys) == 1 and next(iter(keys)).startswith("ik_")
        # a second logical call gets a new key
        route.side_effect = None
        route.return_value = httpx.Response(201, json=AGENT)
        hub().agents.create(name="a")
        assert route.calls.last.request.headers["idempotency-key"] not in keys


def test_caller_idempotency_key_used(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents")
        route.side_effect = [httpx.Response(503), httpx.Response(201, json=AGENT)]
        hub().agents.create(name="a", idempotency_key="my-key-1")
        assert [c.request.headers["idempotency-key"] for c in route.calls] == ["my-key-1"] * 2


def test_get_has_no_idempotency_key() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(200, json=AGENT)
        hub().agents.get("agt_1")
        assert "idempotency-key" not in route.calls.last.request.headers


async def test_async_retries(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents")
        route.side_effect = [
            httpx.ReadTimeout("x"),
            httpx.Response(429, headers={"retry-after": "1"}),
            httpx.Response(201, json=AGENT),
        ]
        async with AsyncAgentHub(api_key="k", base_url=BASE) as client:
            agent = await client.agents.create(name="a")
        assert agent.id == "agt_1"
        assert len({c.request.headers["idempotency-key"] for c in route.calls}) == 1
        assert [c.request.headers["x-agenthub-retry-count"] for c in route.calls] == [
            "0",
            "1",
            "2",
        ]
    assert delays[1] == 1.0


async def test_async_not_found_not_retried(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/x").respond(404)
        async with AsyncAgentHub(api_key="k", base_url=BASE) as client:
            with pytest.raises(NotFoundError):
                await client.agents.get("x")
        assert route.call_count == 1


def test_per_call_timeout(delays: list[float]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(200, json=AGENT)
        hub(timeout=30).agents.get("agt_1", timeout=2.5)
        ext = route.calls.last.request.extensions["timeout"]
        # a number is the whole call's budget: each phase gets at most the time left
        assert 2.4 < ext["read"] <= 2.5 and 2.4 < ext["connect"] <= 2.5
        hub(timeout=30).agents.get("agt_1")
        ext = route.calls.last.request.extensions["timeout"]
        assert 29.9 < ext["read"] <= 30 and ext["connect"] == 5.0
        hub(timeout=httpx.Timeout(9.0)).agents.get("agt_1")
        assert route.calls.last.request.extensions["timeout"]["connect"] == 9.0


def test_extra_headers_per_call() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(200, json=AGENT)
        hub().agents.get("agt_1", extra_headers={"X-Trace": "t1"})
        assert route.calls.last.request.headers["x-trace"] == "t1"
