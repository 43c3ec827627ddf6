"""Sessions API against the reference server: elicitations list/get/resolve, list filters,
MCP servers, idempotent context injection, pause/resume callbacks, per-session approval."""

from __future__ import annotations

import time
from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub
from agenthub._exceptions import ConflictError, NotFoundError, UnprocessableEntityError

from .test_sessions_loop import TRANSPORTS, sessions_of

TOOLS_PROMPT = '/tool calculator {"expression": "2+3"}\n/tool lookup {"key": "a"}\nend'


def _until_elicitation(stream: Any) -> Any:
    for event in stream:
        if event.type == "elicitation.requested":
            return event
    raise AssertionError("the turn ended without an elicitation")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_elicitations_list_get_resolve(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="eli", model="scripted", tools=["calculator", "lookup"])
    session = sessions_of(hub).create(
        agent_id=agent.id, require_approval=["calculator"], transport=transport
    )
    with session.create_turn(TOOLS_PROMPT).stream() as stream:
        approval = _until_elicitation(stream)
        eid = approval.elicitation.id
        assert approval.elicitation.kind == "tool_approval"
        pending = list(session.elicitations.list(status="pending"))
        assert [e.id for e in pending] == [eid]
        assert list(session.elicitations.list(status="resolved")) == []
        got = session.elicitations.get(eid)
        assert got.status == "pending" and got.tool_name == "calculator"
        resolved = session.elicitations.resolve(eid, action="accept", reason="ok")
        assert resolved.status == "resolved" and resolved.action == "accept"
        with pytest.raises(ConflictError) as second:
            session.elicitations.resolve(eid, action="decline")
        assert second.value.code == "already_resolved"

        client_tool = _until_elicitation(stream)  # lookup: no function registered here
        cid = client_tool.elicitation.id
        assert client_tool.elicitation.kind == "client_tool"
        with pytest.raises(UnprocessableEntityError) as invalid:
            session.elicitations.resolve(cid, action="accept")  # needs content.output
        assert invalid.value.status_code == 422
        # REST: the problem's errors list; gRPC: google.rpc.BadRequest field violations
        locs = [[str(p) for p in issue.loc] for issue in invalid.value.errors]
        assert any("output" in loc for loc in locs), invalid.value.errors
        assert session.elicitations.get(cid).status == "pending"  # the 422 changed nothing
        session.elicitations.resolve(cid, action="accept", content={"output": "from-test"})
        result = stream.until_done()
    assert "calculator: 5" in result.text and "lookup: from-test" in result.text
    assert {e.id for e in session.elicitations.list(status="resolved")} == {eid, cid}
    assert session.elicitations.get(cid).content.to_dict() == {"output": "from-test"}
    with pytest.raises(NotFoundError):
        session.elicitations.get("eli_unknown")


async def test_elicitations_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="eli", model="scripted", tools=["lookup"])
    session = await sessions_of(async_hub).create(agent_id=agent.id)
    async with session.create_turn('/tool lookup {"key": "z"}').stream() as stream:
        async for event in stream:
            if event.type == "elicitation.requested":
                eid = event.elicitation.id
                assert [e.id async for e in session.elicitations.list()] == [eid]
                assert (await session.elicitations.get(eid)).kind == "client_tool"
                with pytest.raises(UnprocessableEntityError):
                    await session.elicitations.resolve(eid, action="accept", content={})
                await session.elicitations.resolve(eid, action="decline", reason="no")
                with pytest.raises(ConflictError):
                    await session.elicitations.resolve(eid, action="cancel")
    assert stream.result is not None


def test_sessions_list_filters(hub: AgentHub) -> None:
    sessions = sessions_of(hub)
    a1 = hub.agents.create(name="a1", model="scripted")
    a2 = hub.agents.create(name="a2", model="scripted")
    made = []
    for agent, labels in [
        (a1, {"team": "risk", "env": "prod"}),
        (a1, {"team": "risk", "env": "dev"}),
        (a2, {"team": "ops", "env": "prod"}),
    ]:
        made.append(sessions.create(agent_id=agent.id, labels=labels))
        time.sleep(0.005)  # distinct millisecond timestamps
    s1, s2, s3 = made
    s2.pause()

    def ids(**filters: Any) -> list[str]:
        return [s.id for s in sessions.list(**filters)]

    assert ids() == [s3.id, s2.id, s1.id]  # newest first
    assert ids(order="asc", limit=1) == [s1.id, s2.id, s3.id]  # limit is the page size
    assert ids(labels={"team": "risk"}) == [s2.id, s1.id]
    assert ids(labels={"team": "risk", "env": "prod"}) == [s1.id]
    assert ids(labels={"team": "nobody"}) == []
    assert ids(status="paused") == [s2.id]
    assert ids(status="idle", agent_id=a1.id) == [s1.id]
    assert ids(created_after=s1.created_at) == [s3.id, s2.id]
    assert ids(created_before=s3.created_at) == [s2.id, s1.id]
    assert ids(created_after=s1.created_at, created_before=s3.created_at) == [s2.id]
    iso = s1.created_at.isoformat().replace("+00:00", "Z")
    assert ids(created_after=iso, labels={"env": "prod"}) == [s3.id]
    page = sessions.list(limit=2).iter_pages()
    assert [len(p.data) for p in page] == [2, 1]


def test_session_mcp_servers(hub: AgentHub) -> None:
    session = sessions_of(hub).create(agent_id=hub.agents.create(name="m", model="scripted").id)
    assert session.mcp_servers.list() == []
    one = hub.mcp_servers.create(name="docs", uri="https://mcp.example.com/docs")
    two = hub.mcp_servers.create(name="local", uri="stdio:/usr/bin/mcp-local")
    attached = session.mcp_servers.set([two.id, one.id, two.id])  # duplicates collapse
    assert [m.id for m in attached] == [two.id, one.id]
    assert [m.name for m in session.mcp_servers.list()] == ["local", "docs"]
    with pytest.raises(NotFoundError):
        session.mcp_servers.set([one.id, "mcp_unknown"])
    assert [m.id for m in session.mcp_servers.list()] == [two.id, one.id]  # unchanged
    assert session.mcp_servers.set([]) == []


async def test_session_mcp_servers_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="m", model="scripted")
    session = await sessions_of(async_hub).create(agent_id=agent.id)
    server = await async_hub.mcp_servers.create(name="x", uri="https://mcp.example.com/x")
    assert [m.id for m in await session.mcp_servers.set([server.id])] == [server.id]
    assert [m.uri for m in await session.mcp_servers.list()] == ["https://mcp.example.com/x"]


def test_inject_context_idempotency_key(hub: AgentHub) -> None:
    session = sessions_of(hub).create(agent_id=hub.agents.create(name="c", model="scripted").id)
    first = session.inject_context("remember X", source="crm", idempotency_key="ctx-1")
    again = session.inject_context("remember X", source="crm", idempotency_key="ctx-1")
    assert again.to_dict() == first.to_dict()
    assert first.type == "context.injected" and first.text == "remember X"
    other = session.inject_context("remember X", source="crm")  # no key: a new event
    assert other.sequence_number == first.sequence_number + 1
    logged = [e for e in session.events.list() if e.type == "context.injected"]
    assert [e.sequence_number for e in logged] == [first.sequence_number, other.sequence_number]
    assert logged[0].source == "crm"
    with pytest.raises(ConflictError) as reused:  # same key, different body
        session.inject_context("something else", idempotency_key="ctx-1")
    assert reused.value.code == "idempotency_conflict"
    assert len([e for e in session.events.list() if e.type == "context.injected"]) == 2


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_pause_resume_status_callbacks(hub: AgentHub, transport: str) -> None:
    session = sessions_of(hub).create(
        agent_id=hub.agents.create(name="p", model="scripted").id, transport=transport
    )
    seen: list[tuple[str, str]] = []
    session.add_status_callback(lambda sid, status: seen.append((sid, status)))
    session.pause()
    assert session.status == "paused" and seen == [(session.id, "paused")]
    session.pause()  # already paused: no new event, no callback
    assert seen == [(session.id, "paused")]
    with pytest.raises(ConflictError):
        session.create_turn("while paused").state()
    session.resume()
    assert seen[-1] == (session.id, "idle") and len(seen) == 2
    # the turn's own status changes (running, then idle just before turn.completed) are
    # reported by its stream; a session stream replaying the whole log reports only what this
    # handle has not seen: nothing again
    with session.create_turn("hi").stream() as stream:
        stream.until_done()
    assert [s for _, s in seen] == ["paused", "idle", "running", "idle"]
    with session.events.stream() as replay:
        for event in replay:
            if event.sequence_number >= session.refresh().last_sequence_number:
                break
    assert [s for _, s in seen] == ["paused", "idle", "running", "idle"]
    # another handle on the same session sees every status event once
    other = sessions_of(hub).get(session.id, transport=transport)
    replayed: list[str] = []
    other.add_status_callback(lambda sid, status: replayed.append(status))
    with other.events.stream() as replay:
        for event in replay:
            if event.sequence_number >= other.last_sequence_number:
                break
    assert replayed == ["paused", "idle", "running", "idle"]
    session.cancel()
    assert seen[-1] == (session.id, "cancelled")


async def test_pause_resume_status_callbacks_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="p", model="scripted")
    session = await sessions_of(async_hub).create(agent_id=agent.id)
    seen: list[str] = []

    async def on_status(sid: str, status: str) -> None:
        seen.append(status)

    session.add_status_callback(on_status)
    await session.pause()
    await session.resume()
    assert seen == ["paused", "idle"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_session_approval_policy_overrides_agent(hub: AgentHub, transport: str) -> None:
    sessions = sessions_of(hub)
    strict = hub.agents.create(
        name="strict", model="scripted", tools=["calculator"], require_approval="always"
    )
    lax = hub.agents.create(
        name="lax", model="scripted", tools=["calculator"], require_approval="never"
    )
    prompt = '/tool calculator {"expression": "3*3"}'

    def kinds(session: Any) -> list[str]:
        out = []
        with session.create_turn(prompt).stream() as stream:
            for event in stream:
                if event.type == "elicitation.requested":
                    out.append(event.elicitation.kind)
                    event.approve()
        assert "calculator: 9" in stream.result.text
        return out

    # the agent's policy applies when the session sets none
    inherit = sessions.create(agent_id=strict.id, transport=transport)
    assert kinds(inherit) == ["tool_approval"]
    # a session policy overrides it, both ways, as a mode or a tool list
    never = sessions.create(agent_id=strict.id, require_approval="never", transport=transport)
    assert never.require_approval == "never"
    assert kinds(never) == []
    listed = sessions.create(agent_id=lax.id, require_approval=["calculator"], transport=transport)
    assert listed.require_approval == ["calculator"]
    assert kinds(listed) == ["tool_approval"]
    other_tool = sessions.create(
        agent_id=strict.id, require_approval=["lookup"], transport=transport
    )
    assert kinds(other_tool) == []
    # both transports report the same policy
    for s in (never, listed):
        assert sessions.get(s.id, transport="grpc").require_approval == s.require_approval
        assert sessions.get(s.id).require_approval == s.require_approval
    # updating the session's policy applies to its next turn
    never.update(require_approval="always")
    assert kinds(never) == ["tool_approval"]
