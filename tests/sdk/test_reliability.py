"""Issue-4 bar: with injected 503 + Retry-After, N creates make exactly N resources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub, InternalServerError, RateLimitError

N = 12


def test_retries_never_duplicate(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], no_sleep: list[float]
) -> None:
    faults(error_rate=0.5, retry_after_seconds=1)
    created = [hub.agents.create(name=f"agent-{i}").id for i in range(N)]
    mcp = [hub.mcp_servers.create(name=f"m{i}", uri="https://x.example").id for i in range(4)]
    faults(error_rate=0.0)
    assert len(set(created)) == N
    assert sorted(a.id for a in hub.agents.list(limit=100)) == sorted(created)
    assert len(list(hub.mcp_servers.list())) == len(mcp) == 4
    assert no_sleep and all(delay == 1.0 for delay in no_sleep)  # Retry-After honoured


async def test_retries_never_duplicate_async(
    async_hub: AsyncAgentHub, faults: Callable[..., dict[str, Any]], no_sleep: list[float]
) -> None:
    faults(error_rate=0.5, retry_after_seconds=1)
    created = [(await async_hub.agents.create(name=f"agent-{i}")).id for i in range(N)]
    faults(error_rate=0.0)
    assert len(set(created)) == N
    assert sorted([a.id async for a in async_hub.agents.list()]) == sorted(created)
    assert no_sleep


def test_real_retry_after_wait(hub: AgentHub, faults: Callable[..., dict[str, Any]]) -> None:
    """Without patching sleep: the SDK really waits for Retry-After and then succeeds."""
    import time

    faults(error_rate=0.5, retry_after_seconds=1)
    started = time.monotonic()
    ids = [hub.agents.create(name=f"x{i}").id for i in range(2)]
    elapsed = time.monotonic() - started
    faults(error_rate=0.0)
    assert len(set(ids)) == 2
    assert elapsed >= 0.9  # at least one 1-second Retry-After was honoured


def test_exhausted_retries_raise(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], no_sleep: list[float]
) -> None:
    faults(error_rate=1.0, retry_after_seconds=2)
    with pytest.raises(InternalServerError) as info:
        hub.agents.create(name="never")
    faults(error_rate=0.0)
    assert info.value.status_code == 503 and info.value.retry_after == 2.0
    assert no_sleep == [2.0, 2.0]
    assert list(hub.agents.list()) == []


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_rate_limited_retries_then_raises_rate_limit_error(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], no_sleep: list[float], transport: str
) -> None:
    """A 429 (gRPC: RESOURCE_EXHAUSTED) is retried after its Retry-After / RetryInfo, then
    raised as RateLimitError with ``retry_after``; nothing is created twice."""
    agent = hub.agents.create(name="rl", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    faults(error_rate=1.0, error_code="rate_limited", retry_after_seconds=3)
    try:
        with pytest.raises(RateLimitError) as caught:
            hub.sessions.get(session.id, transport=transport)
    finally:
        faults(error_rate=0.0)
    err = caught.value
    assert err.status_code == 429 and err.code == "rate_limited" and err.retry_after == 3.0
    assert no_sleep == [3.0, 3.0]  # max_retries=2, each after the server's hint
    faults(error_rate=0.5, error_code="rate_limited", retry_after_seconds=0)
    try:  # requests 2, 4, … answer 429: every call still succeeds, once
        created = [hub.sessions.create(agent_id=agent.id, transport=transport) for _ in range(4)]
    finally:
        faults(error_rate=0.0)
    listed = {s.id for s in hub.sessions.list(agent_id=agent.id)}
    assert listed == {session.id, *(s.id for s in created)}


async def test_rate_limited_async(
    async_hub: AsyncAgentHub, faults: Callable[..., dict[str, Any]], no_sleep: list[float]
) -> None:
    agent = await async_hub.agents.create(name="rla", model="scripted")
    faults(error_rate=1.0, error_code="rate_limited", retry_after_seconds=2)
    try:
        with pytest.raises(RateLimitError) as caught:
            await async_hub.with_options(max_retries=1).agents.get(agent.id)
    finally:
        faults(error_rate=0.0)
    assert caught.value.retry_after == 2.0 and no_sleep == [2.0]
