"""Main SDK flows, replayed from cassettes recorded against the reference server.

Re-record with ``make cassettes``; replay needs no server (see conftest.py).
"""

from __future__ import annotations

import pytest
from agenthub_openapi.models.agent import Agent

from agenthub import (
    AgentHub,
    NotFoundError,
    PreconditionFailedError,
    UnprocessableEntityError,
)

pytestmark = pytest.mark.timeout(60)


def test_create_agent(cassette_hub: AgentHub) -> None:
    hub = cassette_hub
    agent = hub.agents.create(
        name="analyst",
        instructions="Be brief.",
        tools=["calculator"],
        metadata={"team": "research"},
    )
    assert isinstance(agent, Agent)
    assert agent.id.startswith("agt_") and agent.revision == 1
    fetched = hub.agents.get(agent.id)
    assert fetched == agent
    updated = hub.agents.update(agent.id, description="numbers", if_revision=1)
    assert updated.revision == 2 and updated.description == "numbers"
    definition = hub.agents.export(agent.id)
    assert definition.name == "analyst" and definition.tools == ["calculator"]


def test_session_prompt(cassette_hub: AgentHub) -> None:
    hub = cassette_hub
    agent = hub.agents.create(name="echo", tools=["calculator"])
    session = hub.sessions.create(agent_id=agent.id, name="demo", labels={"env": "test"})
    assert session.id.startswith("ses_") and session.status == "idle"
    result = session.prompt("hello there")
    assert result.text == "hello there"
    assert result.usage.total_tokens > 0
    result = session.prompt('/tool calculator {"expression": "6*7"}')
    assert "42" in result.text
    assert [c.tool_name for c in result.tool_calls] == ["calculator"]
    turns = list(session.turns.list())
    assert len(turns) == 2 and all(t.status == "completed" for t in turns)


def test_list_pagination(cassette_hub: AgentHub) -> None:
    hub = cassette_hub
    created = [hub.agents.create(name=f"agent-{i}") for i in range(5)]
    first = hub.agents.list(limit=2, order="asc")
    assert len(first.data) == 2 and first.has_more and first.next_cursor
    pages = list(first.iter_pages())
    assert [len(p.data) for p in pages] == [2, 2, 1]
    assert pages[-1].has_more is False and pages[-1].next_cursor is None
    assert [a.id for a in hub.agents.list(limit=2, order="asc")] == [a.id for a in created]


def test_error_paths(cassette_hub: AgentHub) -> None:
    hub = cassette_hub
    with pytest.raises(NotFoundError) as not_found:
        hub.agents.get("agt_000000000000000000000000")
    assert not_found.value.status_code == 404 and not_found.value.code == "not_found"
    assert not_found.value.request_id
    with pytest.raises(UnprocessableEntityError) as invalid:
        hub.agents.create(name="x", model="no-such-model")
    assert invalid.value.code == "validation_error"
    agent = hub.agents.create(name="versioned")
    hub.agents.update(agent.id, name="v2", if_revision=1)
    with pytest.raises(PreconditionFailedError):
        hub.agents.update(agent.id, name="v3", if_revision=1)  # stale revision


def test_file_upload_download(cassette_hub: AgentHub) -> None:
    hub = cassette_hub
    agent = hub.agents.create(name="files")
    session = hub.sessions.create(agent_id=agent.id)
    payload = b"col1,col2\n1,2\n" * 100
    uploaded = session.files.upload(payload, filename="data.csv", content_type="text/csv")
    assert uploaded.size_bytes == len(payload) and uploaded.source == "user"
    assert [f.id for f in session.files.list()] == [uploaded.id]
    assert session.files.download(uploaded.id).read() == payload
