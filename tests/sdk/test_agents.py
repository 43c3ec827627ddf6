"""hub.agents against the reference server (sync and async)."""

from __future__ import annotations

import pytest

from agenthub import (
    AgentHub,
    AsyncAgentHub,
    AsyncCursorPage,
    NotFoundError,
    PreconditionFailedError,
    SyncCursorPage,
    UnprocessableEntityError,
)
from agenthub.types import Agent, AgentDefinition, AgentImportResult


def test_agent_crud(hub: AgentHub) -> None:
    agent = hub.agents.create(
        name="analyst",
        description="desc",
        instructions="be brief",
        tools=["calculator", "write_file"],
        require_approval=["write_file"],
        metadata={"team": "risk"},
    )
    assert isinstance(agent, Agent)
    assert agent.id.startswith("agt_") and agent.object == "agent"
    assert agent.model == "scripted" and agent.revision == 1
    assert agent.require_approval == ["write_file"]
    assert agent.metadata["team"] == "risk"

    got = hub.agents.get(agent.id)
    assert got.id == agent.id and got.tools == ["calculator", "write_file"]

    updated = hub.agents.update(agent.id, name="analyst-2", if_revision=1)
    assert updated.name == "analyst-2" and updated.revision == 2
    with pytest.raises(PreconditionFailedError) as info:
        hub.agents.update(agent.id, name="stale", if_revision=1)
    assert info.value.status_code == 412 and info.value.code == "precondition_failed"
    assert hub.agents.get(agent.id).name == "analyst-2"
    cleared = hub.agents.update(agent.id, description=None)
    assert cleared.description is None and cleared.revision == 3

    hub.agents.delete(agent.id)
    with pytest.raises(NotFoundError) as nf:
        hub.agents.get(agent.id)
    assert nf.value.code == "not_found" and nf.value.request_id
    with pytest.raises(NotFoundError):
        hub.agents.delete(agent.id)


def test_agent_validation_error(hub: AgentHub) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        hub.agents.create(name="x", model="no-such-model")
    assert info.value.status_code == 422
    assert info.value.errors, info.value.body
    with pytest.raises(UnprocessableEntityError) as info2:
        hub.agents.create(name="")
    assert any("name" in map(str, e.loc) for e in info2.value.errors)


def test_agent_list_pagination(hub: AgentHub) -> None:
    ids = [hub.agents.create(name=f"a{i}").id for i in range(5)]
    first = hub.agents.list(limit=2)
    assert isinstance(first, SyncCursorPage)
    assert len(first.data) == 2 and first.has_more and first.next_cursor
    assert [a.id for a in first] == list(reversed(ids))  # newest first, all pages
    assert [a.id for a in hub.agents.list(limit=2, order="asc")] == ids
    assert [len(p.data) for p in hub.agents.list(limit=2).iter_pages()] == [2, 2, 1]
    exact = hub.agents.list(limit=5)
    assert len(exact.data) == 5 and [a.id for a in exact] == list(reversed(ids))


def test_agent_export_import(hub: AgentHub) -> None:
    agent = hub.agents.create(
        name="exp", tools=["calculator", "my_client_tool"], metadata={"skills": "summarize"}
    )
    definition = hub.agents.export(agent.id)
    assert isinstance(definition, AgentDefinition)
    assert definition.format == "agenthub.agent.v1" and definition.name == "exp"
    assert definition.skills == ["summarize"]

    dry = hub.agents.import_(definition)
    assert isinstance(dry, AgentImportResult)
    assert dry.dry_run is True and dry.agent is None
    assert any(r.kind == "skill" and r.name == "summarize" for r in dry.unresolved_references)
    before = len(list(hub.agents.list()))
    assert before == 1

    saved = hub.agents.import_(definition.to_dict(), dry_run=False, name="imported")
    assert saved.dry_run is False and saved.agent is not None
    assert saved.agent.name == "imported" and saved.agent.tools == definition.tools
    assert len(list(hub.agents.list())) == 2

    bad = definition.to_dict() | {"model": "no-such-model"}
    dry_bad = hub.agents.import_(bad)
    assert any(r.kind == "model" for r in dry_bad.unresolved_references)
    with pytest.raises(UnprocessableEntityError):
        hub.agents.import_(bad, dry_run=False)


def test_agent_raw_response(hub: AgentHub) -> None:
    agent = hub.agents.create(name="raw")
    raw = hub.agents.with_raw_response.get(agent.id)
    assert raw.status_code == 200
    assert raw.request_id and raw.request_id.startswith("req_")
    assert raw.headers["etag"] == '"1"'
    assert raw.parse().id == agent.id
    created = hub.agents.with_raw_response.create(name="raw2", idempotency_key="ik-raw-2")
    again = hub.agents.with_raw_response.create(name="raw2", idempotency_key="ik-raw-2")
    assert created.status_code == 201
    assert again.headers.get("idempotency-replayed") == "true"
    assert again.parse().id == created.parse().id


async def test_agent_crud_async(async_hub: AsyncAgentHub) -> None:
    hub = async_hub
    agent = await hub.agents.create(name="async", tools=["clock"], metadata={"k": "v"})
    assert agent.revision == 1 and agent.object == "agent"
    assert (await hub.agents.get(agent.id)).name == "async"
    updated = await hub.agents.update(agent.id, tools=["clock", "calculator"], if_revision=1)
    assert updated.revision == 2 and updated.tools == ["clock", "calculator"]
    with pytest.raises(PreconditionFailedError):
        await hub.agents.update(agent.id, name="stale", if_revision=1)
    with pytest.raises(UnprocessableEntityError) as info:
        await hub.agents.create(name="x", model="nope")
    assert info.value.errors

    for i in range(3):
        await hub.agents.create(name=f"b{i}")
    first = await hub.agents.list(limit=2)
    assert isinstance(first, AsyncCursorPage) and first.has_more
    names = [a.name async for a in hub.agents.list(limit=2)]
    assert names == ["b2", "b1", "b0", "async"]

    definition = await hub.agents.export(agent.id)
    result = await hub.agents.import_(definition, dry_run=False, name="copy")
    assert result.agent is not None and result.agent.name == "copy"
    raw = await hub.agents.with_raw_response.get(agent.id)
    assert raw.status_code == 200 and raw.parse().revision == 2

    await hub.agents.delete(agent.id)
    with pytest.raises(NotFoundError):
        await hub.agents.get(agent.id)


def test_tenant_isolation(hub: AgentHub, server: object, api_key: str) -> None:
    agent = hub.agents.create(name="mine")
    other_key = "ah_test_other_tenant_" + api_key[-12:]
    import httpx

    httpx.post(
        f"{hub.base_url}/v1/_test/api-keys",
        json={"api_key": other_key},
        headers={"Authorization": f"Bearer {api_key}"},  # test routes need a valid key
    )
    with AgentHub(api_key=other_key, base_url=hub.base_url) as other:
        with pytest.raises(NotFoundError):
            other.agents.get(agent.id)
        assert list(other.agents.list()) == []
