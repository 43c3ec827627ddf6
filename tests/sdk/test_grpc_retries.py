"""gRPC unary calls retry like REST: injected UNAVAILABLE + RetryInfo faults never duplicate a
create, ``max_retries`` (client and per call) bounds the attempts, RetryInfo sets the delay and
every attempt of one call carries the same idempotency key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub, ConflictError, InternalServerError

N = 6


class _RecordingStub:
    """Wraps a generated stub; records ``(method, idempotency_key)`` of every attempt."""

    def __init__(self, stub: Any, log: list[tuple[str, str | None]]) -> None:
        self._stub = stub
        self._log = log

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._stub, method)

        def call(request: Any, **kwargs: Any) -> Any:
            key = (
                request.idempotency_key
                if "idempotency_key" in request.DESCRIPTOR.fields_by_name
                else None
            )
            self._log.append((method, key))
            return target(request, **kwargs)

        return call


def _record(client: AgentHub | AsyncAgentHub) -> list[tuple[str, str | None]]:
    transport = client.sessions._grpc
    assert transport is not None
    log: list[tuple[str, str | None]] = []
    transport._stub = _RecordingStub(transport._stub, log)
    return log


def _assert_same_key_per_call(log: list[tuple[str, str | None]], calls: int) -> None:
    """Retried attempts follow their failed attempt and repeat its key; keys differ per call."""
    keys = [key for _, key in log]
    assert all(keys)
    assert len(set(keys)) == calls
    assert len(log) > calls  # some attempts were retried


def test_grpc_creates_retried_never_duplicate(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    agent = hub.agents.create(name="a", model="scripted")
    warm = hub.sessions.create(agent_id=agent.id, transport="grpc")  # opens the channel
    log = _record(hub)
    faults(error_rate=0.5, retry_after_seconds=0)
    sessions = [hub.sessions.create(agent_id=agent.id, transport="grpc") for _ in range(N)]
    turns = [s.create_turn(f"hello {i}").start() for i, s in enumerate(sessions)]
    faults(error_rate=0.0)

    assert len({s.id for s in sessions}) == N
    listed = {s.id for s in hub.sessions.list(agent_id=agent.id, limit=100)}
    assert listed == {s.id for s in sessions} | {warm.id}
    for session, turn in zip(sessions, turns, strict=True):
        assert [t.id for t in session.turns.list()] == [turn.id]
    _assert_same_key_per_call(log, 2 * N)
    assert grpc_sleeps and all(d == 0.0 for d in grpc_sleeps)  # RetryInfo(0s) honoured


async def test_grpc_creates_retried_never_duplicate_async(
    async_hub: AsyncAgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    agent = await async_hub.agents.create(name="a", model="scripted")
    warm = await async_hub.sessions.create(agent_id=agent.id, transport="grpc")
    log = _record(async_hub)
    faults(error_rate=0.5, retry_after_seconds=0)
    sessions = [
        await async_hub.sessions.create(agent_id=agent.id, transport="grpc") for _ in range(N)
    ]
    turns = [await s.create_turn(f"hello {i}").start() for i, s in enumerate(sessions)]
    faults(error_rate=0.0)

    assert len({s.id for s in sessions}) == N
    listed = {s.id async for s in async_hub.sessions.list(agent_id=agent.id, limit=100)}
    assert listed == {s.id for s in sessions} | {warm.id}
    for session, turn in zip(sessions, turns, strict=True):
        assert [t.id async for t in session.turns.list()] == [turn.id]
    _assert_same_key_per_call(log, 2 * N)
    assert grpc_sleeps and all(d == 0.0 for d in grpc_sleeps)


def test_grpc_caller_idempotency_key_reused(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    """The caller's key is sent on every attempt; repeating the call returns the same session."""
    agent = hub.agents.create(name="a", model="scripted")
    hub.sessions.create(agent_id=agent.id, transport="grpc")
    log = _record(hub)
    faults(error_rate=1.0, retry_after_seconds=0)
    with pytest.raises(InternalServerError):
        hub.sessions.create(agent_id=agent.id, transport="grpc", idempotency_key="ik_fixed_1")
    faults(error_rate=0.0)
    assert log == [("CreateSession", "ik_fixed_1")] * 3
    first = hub.sessions.create(agent_id=agent.id, transport="grpc", idempotency_key="ik_fixed_2")
    again = hub.sessions.create(agent_id=agent.id, transport="grpc", idempotency_key="ik_fixed_2")
    assert first.id == again.id


def test_grpc_max_retries_zero_per_call(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    agent = hub.agents.create(name="a", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport="grpc")
    log = _record(hub)
    faults(error_rate=1.0, retry_after_seconds=1)
    with pytest.raises(InternalServerError) as info:
        hub.sessions.create(agent_id=agent.id, transport="grpc", max_retries=0)
    with pytest.raises(InternalServerError):
        session.refresh(max_retries=0)
    faults(error_rate=0.0)
    assert info.value.status_code == 503 and info.value.retry_after == 1.0
    assert info.value.body["grpc_code"] == "UNAVAILABLE"
    assert [m for m, _ in log] == ["CreateSession", "GetSession"]  # one attempt each
    assert grpc_sleeps == []
    assert [s.id for s in hub.sessions.list(agent_id=agent.id)] == [session.id]


async def test_grpc_max_retries_zero_per_call_async(
    async_hub: AsyncAgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    agent = await async_hub.agents.create(name="a", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id, transport="grpc")
    log = _record(async_hub)
    faults(error_rate=1.0, retry_after_seconds=1)
    with pytest.raises(InternalServerError) as info:
        await async_hub.sessions.create(agent_id=agent.id, transport="grpc", max_retries=0)
    with pytest.raises(InternalServerError):
        await session.create_turn("hi", max_retries=0).start()
    faults(error_rate=0.0)
    assert info.value.status_code == 503
    assert [m for m, _ in log] == ["CreateSession", "CreateTurn"]
    assert grpc_sleeps == []
    assert [t async for t in session.turns.list()] == []


def test_grpc_retry_info_honoured_and_budget(
    hub: AgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    """Default budget (2 retries) sleeping the RetryInfo delay; ``with_options`` raises it."""
    agent = hub.agents.create(name="a", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport="grpc")
    faults(error_rate=1.0, retry_after_seconds=3)
    with pytest.raises(InternalServerError) as info:
        session.refresh()
    assert grpc_sleeps == [3.0, 3.0]
    assert info.value.retry_after == 3.0
    grpc_sleeps.clear()
    with pytest.raises(InternalServerError):
        hub.with_options(max_retries=4).sessions.get(session.id, transport="grpc")
    faults(error_rate=0.0)
    assert grpc_sleeps == [3.0] * 4  # client-level max_retries from with_options


async def test_grpc_retry_info_honoured_async(
    async_hub: AsyncAgentHub, faults: Callable[..., dict[str, Any]], grpc_sleeps: list[float]
) -> None:
    agent = await async_hub.agents.create(name="a", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id, transport="grpc")
    faults(error_rate=1.0, retry_after_seconds=3)
    with pytest.raises(InternalServerError):
        await session.refresh(max_retries=4)
    faults(error_rate=0.0)
    assert grpc_sleeps == [3.0] * 4


def test_grpc_backoff_without_retry_info(hub: AgentHub, grpc_sleeps: list[float]) -> None:
    """No RetryInfo → the REST pipeline's jittered exponential backoff; ABORTED not retried."""
    import grpc

    agent = hub.agents.create(name="a", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport="grpc")
    transport = hub.sessions._grpc
    assert transport is not None

    class _Err(grpc.RpcError):
        def __init__(self, code: grpc.StatusCode) -> None:
            self._code = code

        def code(self) -> grpc.StatusCode:
            return self._code

        def details(self) -> str:
            return "injected"

        def trailing_metadata(self) -> tuple[()]:
            return ()

    plan = [grpc.StatusCode.INTERNAL, grpc.StatusCode.DEADLINE_EXCEEDED]
    real = transport._stub

    class _Failing:
        def __getattr__(self, method: str) -> Any:
            def call(request: Any, **kwargs: Any) -> Any:
                if plan:
                    raise _Err(plan.pop(0))
                return getattr(real, method)(request, **kwargs)

            return call

    transport._stub = _Failing()
    assert session.refresh().id == session.id
    # full jitter: retry n waits up to 0.5 * 2**n seconds
    assert len(grpc_sleeps) == 2
    assert 0 < grpc_sleeps[0] <= 0.5 and 0 < grpc_sleeps[1] <= 1.0

    plan[:] = [grpc.StatusCode.ABORTED]
    with pytest.raises(ConflictError):
        session.refresh()
    assert len(grpc_sleeps) == 2
