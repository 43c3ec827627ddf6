"""mcp_servers, skills, schedules, config, models, capabilities, health (sync and async)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from agenthub import (
    AgentHub,
    AsyncAgentHub,
    CapabilityUnavailableError,
    ConflictError,
    NotFoundError,
    PreconditionFailedError,
    UnprocessableEntityError,
)
from agenthub.types import (
    Capabilities,
    ConfigEnvelope,
    Health,
    McpServer,
    Model,
    Schedule,
    ScheduleOccurrence,
    Skill,
)

# -- mcp servers -------------------------------------------------------------------------------


def test_mcp_servers(hub: AgentHub) -> None:
    server = hub.mcp_servers.create(name="search", uri="https://mcp.example.com/sse")
    assert isinstance(server, McpServer) and server.id.startswith("mcp_")
    assert server.object == "mcp_server"
    assert hub.mcp_servers.get(server.id).uri == "https://mcp.example.com/sse"
    with pytest.raises(ConflictError) as info:
        hub.mcp_servers.create(name="search", uri="https://other.example.com")
    assert info.value.status_code == 409
    with pytest.raises(UnprocessableEntityError) as bad:
        hub.mcp_servers.create(name="bad", uri="ftp://nope")
    assert bad.value.errors
    second = hub.mcp_servers.create(name="files", uri="stdio:///usr/bin/mcp-files")
    assert [s.name for s in hub.mcp_servers.list(limit=1)] == ["files", "search"]
    hub.mcp_servers.delete(second.id)
    with pytest.raises(NotFoundError):
        hub.mcp_servers.get(second.id)
    with pytest.raises(NotFoundError):
        hub.mcp_servers.delete(second.id)


async def test_mcp_servers_async(async_hub: AsyncAgentHub) -> None:
    server = await async_hub.mcp_servers.create(name="search", uri="https://mcp.example.com")
    with pytest.raises(ConflictError):
        await async_hub.mcp_servers.create(name="search", uri="https://mcp.example.com")
    assert [s.id async for s in async_hub.mcp_servers.list()] == [server.id]
    assert (await async_hub.mcp_servers.get(server.id)).name == "search"
    await async_hub.mcp_servers.delete(server.id)
    with pytest.raises(NotFoundError):
        await async_hub.mcp_servers.get(server.id)


# -- skills -----------------------------------------------------------------------------------


def test_skills(hub: AgentHub) -> None:
    skill = hub.skills.put("summarize", "Summarize in 3 bullets.", description="bullets")
    assert isinstance(skill, Skill) and skill.name == "summarize"
    assert skill.description == "bullets" and skill.object == "skill"
    replaced = hub.skills.put("summarize", "Summarize in 5 bullets.")
    assert replaced.content == "Summarize in 5 bullets."
    hub.skills.put("alpha", "A")
    assert [s.name for s in hub.skills.list(limit=1)] == ["alpha", "summarize"]
    assert hub.skills.get("summarize").content == "Summarize in 5 bullets."
    with pytest.raises(UnprocessableEntityError):
        hub.skills.put("Bad Name!", "x")
    hub.skills.delete("alpha")
    with pytest.raises(NotFoundError):
        hub.skills.get("alpha")
    raw = hub.skills.with_raw_response.put("beta", "B")
    assert raw.status_code == 201 and raw.parse().name == "beta"
    assert hub.skills.with_raw_response.put("beta", "B2").status_code == 200


async def test_skills_async(async_hub: AsyncAgentHub) -> None:
    await async_hub.skills.put("s1", "content one")
    assert (await async_hub.skills.get("s1")).content == "content one"
    assert [s.name async for s in async_hub.skills.list()] == ["s1"]
    await async_hub.skills.delete("s1")
    with pytest.raises(NotFoundError):
        await async_hub.skills.delete("s1")


# -- schedules --------------------------------------------------------------------------------


def test_schedules(hub: AgentHub) -> None:
    agent = hub.agents.create(name="sched")
    schedule = hub.schedules.create(
        agent_id=agent.id,
        cron="0 9 * * 1",
        timezone="Europe/Paris",
        input="weekly report",
        labels={"kind": "report"},
    )
    assert isinstance(schedule, Schedule) and schedule.id.startswith("sch_")
    assert schedule.cron == "0 9 * * 1" and schedule.interval_seconds is None
    assert schedule.timezone == "Europe/Paris" and schedule.status == "active"
    assert schedule.input[0].type == "user.message"
    assert schedule.input[0].content == "weekly report"
    assert schedule.labels["kind"] == "report"
    assert schedule.next_run_at is not None

    with pytest.raises(UnprocessableEntityError):
        hub.schedules.create(agent_id=agent.id, input="x")  # neither cron nor interval
    with pytest.raises(UnprocessableEntityError):
        hub.schedules.create(agent_id=agent.id, input="x", cron="* * * * *", interval_seconds=5)
    with pytest.raises(NotFoundError):
        hub.schedules.create(agent_id="agt_missing", input="x", interval_seconds=60)

    paused = hub.schedules.pause(schedule.id)
    assert paused.status == "paused"
    assert hub.schedules.resume(schedule.id).status == "active"
    updated = hub.schedules.update(
        schedule.id,
        cron=None,
        interval_seconds=3600,
        input=["a", {"type": "user.context", "text": "ctx"}],
    )
    assert updated.cron is None and updated.interval_seconds == 3600
    assert [i.type for i in updated.input] == ["user.message", "user.context"]
    assert [s.id for s in hub.schedules.list()] == [schedule.id]
    assert hub.schedules.get(schedule.id).interval_seconds == 3600
    hub.schedules.delete(schedule.id)
    with pytest.raises(NotFoundError):
        hub.schedules.get(schedule.id)


def test_schedule_fires_and_records_occurrences(hub: AgentHub) -> None:
    agent = hub.agents.create(name="fast")
    schedule = hub.schedules.create(agent_id=agent.id, interval_seconds=1, input="tick")
    deadline = time.monotonic() + 10
    occurrences: list[ScheduleOccurrence] = []
    while time.monotonic() < deadline:
        occurrences = list(hub.schedules.occurrences(schedule.id, limit=1))
        if len(occurrences) >= 2:
            break
        time.sleep(0.3)
    hub.schedules.pause(schedule.id)
    assert len(occurrences) >= 2
    first = occurrences[0]
    assert isinstance(first, ScheduleOccurrence) and first.schedule_id == schedule.id
    assert first.status == "fired" and first.session_id
    assert first.scheduled_for <= occurrences[1].scheduled_for  # oldest first


async def test_schedules_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="sched")
    schedule = await async_hub.schedules.create(
        agent_id=agent.id, interval_seconds=3600, input="hello"
    )
    assert (await async_hub.schedules.pause(schedule.id)).status == "paused"
    assert (await async_hub.schedules.resume(schedule.id)).status == "active"
    updated = await async_hub.schedules.update(schedule.id, labels={"a": "b"})
    assert updated.labels["a"] == "b"
    assert [s.id async for s in async_hub.schedules.list()] == [schedule.id]
    assert [o async for o in async_hub.schedules.occurrences(schedule.id)] == []
    await async_hub.schedules.delete(schedule.id)
    with pytest.raises(NotFoundError):
        await async_hub.schedules.get(schedule.id)


# -- config -----------------------------------------------------------------------------------


def test_config(hub: AgentHub) -> None:
    envelope = hub.config.get()
    assert isinstance(envelope, ConfigEnvelope)
    start = envelope.generation
    replaced = hub.config.replace({"retention_days": 30, "features": {"a": True, "b": True}})
    assert replaced.generation == start + 1
    assert replaced.config.to_dict() == {"retention_days": 30, "features": {"a": True, "b": True}}
    patched = hub.config.patch(
        {"features": {"b": None, "c": 1}, "name": "x"}, generation=replaced.generation
    )
    assert patched.generation == start + 2
    assert patched.config.to_dict() == {
        "retention_days": 30,
        "features": {"a": True, "c": 1},
        "name": "x",
    }
    with pytest.raises(PreconditionFailedError) as info:
        hub.config.patch({"name": "y"}, generation=replaced.generation)
    assert info.value.code == "precondition_failed"
    with pytest.raises(PreconditionFailedError):
        hub.config.replace({}, generation=start)
    assert hub.config.get().config["name"] == "x"
    raw = hub.config.with_raw_response.get()
    assert raw.headers["etag"] == f'"{start + 2}"'


async def test_config_async(async_hub: AsyncAgentHub) -> None:
    env = await async_hub.config.get()
    new = await async_hub.config.replace({"a": 1}, generation=env.generation)
    assert new.generation == env.generation + 1
    with pytest.raises(PreconditionFailedError):
        await async_hub.config.patch({"a": 2}, generation=env.generation)
    assert (await async_hub.config.patch({"a": 2})).config["a"] == 2


# -- meta -------------------------------------------------------------------------------------


def test_meta(hub: AgentHub, server: Any) -> None:
    health = hub.health()
    assert isinstance(health, Health) and health.status == "ok"
    caps = hub.capabilities
    assert isinstance(caps, Capabilities) and caps.contract_version.startswith("1.")
    assert hub.contract_version == caps.contract_version
    assert hub.has_capability("agents") and hub.has_capability("schedules")
    assert not hub.has_capability("no.such.capability")
    with pytest.raises(CapabilityUnavailableError):
        hub.require_capability("no.such.capability")
    models = list(hub.models.list())
    assert all(isinstance(m, Model) for m in models)
    assert "scripted" in [m.id for m in models]
    assert hub._resolve_grpc_target() == server.grpc_target


async def test_meta_async(async_hub: AsyncAgentHub) -> None:
    assert (await async_hub.health()).status == "ok"
    assert await async_hub.has_capability("agents")
    assert [m.id async for m in async_hub.models.list()] == ["scripted"]
    caps = await async_hub.capabilities
    assert caps.grpc_target


def test_grpc_target_discovered_from_capabilities(server: Any, api_key: str) -> None:
    with AgentHub(api_key=api_key, base_url=server.base_url) as hub:
        assert hub._resolve_grpc_target() == server.grpc_target


def test_bad_key_is_authentication_error(server: Any) -> None:
    from agenthub import AuthenticationError

    with (
        AgentHub(api_key="ah_wrong_key_000000", base_url=server.base_url) as hub,
        pytest.raises(AuthenticationError) as info,
    ):
        hub.agents.list()
    assert "ah_wrong_key_000000" not in str(info.value)
