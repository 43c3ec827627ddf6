"""The agent loop end to end against the reference server: both transports, sync and async."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub
from agenthub._events import UnknownEvent, decode_event
from agenthub._exceptions import (
    ConflictError,
    PollTimeoutError,
    PreconditionFailedError,
    TurnFailedError,
)

TRANSPORTS = ["sse", "grpc"]


def sessions_of(hub: Any) -> Any:
    """``hub.sessions`` (falls back to building the resource until the client wires it)."""
    if hasattr(type(hub), "sessions"):
        return hub.sessions
    if isinstance(hub, AsyncAgentHub):
        from agenthub._async.resources.sessions import AsyncSessions

        return AsyncSessions(hub)
    from agenthub._sync.resources.sessions import Sessions

    return Sessions(hub)


LOOP_PROMPT = "\n".join(
    [
        "Start",
        '/tool calculator {"expression": "6*7"}',
        "/ask Which colour?",
        '/tool lookup {"key": "k1"}',
        "/file out.txt hello file",
        "Done",
    ]
)


def _check_loop(events: list[Any], text: str, statuses: list[str]) -> None:
    types = [e.type for e in events]
    assert types[0] == "turn.created" and types[-1] == "turn.completed"
    assert "file.created" in types
    kinds = [e.elicitation.kind for e in events if e.type == "elicitation.requested"]
    assert kinds == ["tool_approval", "clarification", "client_tool"]
    seqs = [e.sequence_number for e in events]
    assert seqs == sorted(set(seqs))
    assert "calculator: 42" in text
    assert "answer: blue" in text
    assert "lookup: value-of-k1" in text
    assert text.startswith("Start") and text.rstrip().endswith("Done")
    assert statuses[:2] == ["running", "waiting"]
    assert statuses.count("waiting") == 3
    assert statuses[-1] == "idle"  # reported before turn.completed closes the turn's stream


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_agent_loop_sync(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="loop", model="scripted", tools=["calculator", "lookup"])
    session = sessions_of(hub).create(
        agent_id=agent.id, require_approval=["calculator"], transport=transport
    )
    statuses: list[str] = []
    session.add_status_callback(lambda sid, st: statuses.append(st))

    @session.tools.register
    def lookup(key: str) -> str:
        return f"value-of-{key}"

    events = []
    with session.create_turn(LOOP_PROMPT).stream() as stream:
        for event in stream:
            events.append(event)
            if event.type == "elicitation.requested":
                if event.elicitation.kind == "tool_approval":
                    event.approve()
                elif event.elicitation.kind == "clarification":
                    event.respond("blue")
    result = stream.result
    _check_loop(events, result.text, statuses)
    assert [c.tool_name for c in result.tool_calls] == ["calculator", "lookup"]
    files = list(session.files.list())
    assert [f.filename for f in files] == ["out.txt"]
    assert session.files.download(files[0].id).read() == b"hello file"


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_agent_loop_async(async_hub: AsyncAgentHub, transport: str) -> None:
    agent = await async_hub.agents.create(
        name="loop", model="scripted", tools=["calculator", "lookup"]
    )
    session = await sessions_of(async_hub).create(
        agent_id=agent.id, require_approval=["calculator"], transport=transport
    )
    statuses: list[str] = []
    session.add_status_callback(lambda sid, st: statuses.append(st))

    async def lookup(key: str) -> str:
        return f"value-of-{key}"

    session.tools.register(lookup)
    events = []
    async with session.create_turn(LOOP_PROMPT).stream() as stream:
        async for event in stream:
            events.append(event)
            if event.type == "elicitation.requested":
                if event.elicitation.kind == "tool_approval":
                    await event.approve()
                elif event.elicitation.kind == "clarification":
                    await event.respond("blue")
    _check_loop(events, stream.result.text, statuses)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wait_with_on_elicitation(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="w", model="scripted", tools=["calculator", "lookup"])
    session = sessions_of(hub).create(
        agent_id=agent.id, require_approval="always", transport=transport
    )
    session.tools.register(lambda key: f"value-of-{key}", name="lookup")

    def answer(event: Any) -> None:
        if event.elicitation.kind == "tool_approval":
            event.approve()
        else:
            event.respond("blue")

    result = session.prompt(LOOP_PROMPT, timeout=20, on_elicitation=answer)
    assert "calculator: 42" in result.text and "answer: blue" in result.text
    assert "lookup: value-of-k1" in result.text


def test_client_tool_exception_is_reported(hub: AgentHub) -> None:
    agent = hub.agents.create(name="e", model="scripted", tools=["boom"])
    session = sessions_of(hub).create(agent_id=agent.id)

    @session.tools.register
    def boom() -> str:
        raise RuntimeError("kaput")

    result = session.prompt("/tool boom {}", timeout=10)
    assert "error: RuntimeError: kaput" in result.text


def test_lazy_turn_makes_no_request(hub: AgentHub) -> None:
    agent = hub.agents.create(name="lazy", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id)
    turn = session.create_turn("Hello")
    stream = turn.stream()
    assert turn.id is None
    assert list(session.turns.list()) == []
    with stream:
        assert turn.id is not None
        assert "".join(stream.text_deltas()) == "Hello"
    assert turn.result is not None and turn.result.text == "Hello"
    assert turn.state().status == "completed"


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_polling_errors(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="p", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id, transport=transport)
    with pytest.raises(TurnFailedError) as failed:
        session.create_turn("/fail broken").wait(timeout=10)
    assert "broken" in str(failed.value)
    slow = session.create_turn("/sleep 3")
    with pytest.raises(PollTimeoutError) as timed_out:
        slow.wait(timeout=0.5, poll_interval=0.05)
    assert timed_out.value.last_state.status in ("running", "queued")
    # 409 while a turn runs
    with pytest.raises(ConflictError):
        session.create_turn("again").state()
    slow.cancel()
    slow.cancel()  # idempotent


def test_stale_previous_turn(hub: AgentHub) -> None:
    agent = hub.agents.create(name="s", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id)
    first = session.create_turn("one")
    first.wait(timeout=10)
    session.create_turn("two", previous_turn_id=first.id).wait(timeout=10)
    with pytest.raises(PreconditionFailedError):
        session.create_turn("three", previous_turn_id=first.id).state()


def test_session_crud_and_events_list(hub: AgentHub) -> None:
    agent = hub.agents.create(name="c", model="scripted")
    sessions = sessions_of(hub)
    session = sessions.create(agent_id=agent.id, name="n1", labels={"team": "risk"})
    assert session.status == "idle" and session.labels["team"] == "risk"
    assert [s.id for s in sessions.list(labels={"team": "risk"})] == [session.id]
    session.update(name="n2")
    assert session.name == "n2"
    session.prompt("hi there", timeout=10)
    events = list(session.events.list())
    assert [e.sequence_number for e in events] == list(range(1, len(events) + 1))
    later = list(session.events.list(after_sequence_number=3))
    assert later[0].sequence_number == 4
    session.inject_context("note", source="test")
    session.pause()
    assert session.status == "paused"
    session.resume()
    assert session.refresh().status == "idle"
    session.cancel()
    assert session.status == "cancelled"
    with pytest.raises(ConflictError):
        session.create_turn("no").state()
    session.delete()


def test_unknown_event_types_are_not_fatal() -> None:
    raw = {
        "id": "evt_1",
        "type": "brand.new",
        "sequence_number": 3,
        "session_id": "ses_1",
        "turn_id": None,
        "created_at": "2026-01-01T00:00:00Z",
        "x": 1,
    }
    event = decode_event(raw)
    assert isinstance(event, UnknownEvent)
    assert event.type == "brand.new" and event.sequence_number == 3 and event.raw["x"] == 1
    broken = decode_event({**raw, "type": "message.delta"})  # missing payload fields
    assert isinstance(broken, UnknownEvent)
    json.dumps(event.to_dict())
