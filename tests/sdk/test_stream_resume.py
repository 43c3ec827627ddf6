"""Stream resume: drops every 100 events, silence past the heartbeat deadline, parity."""

from __future__ import annotations

from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub

from .test_sessions_loop import sessions_of

TRANSPORTS = ["sse", "grpc"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_10k_events_with_drops_sync(hub: AgentHub, faults: Any, transport: str) -> None:
    faults(drop_stream_every=100)
    agent = hub.agents.create(name="big", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id, transport=transport)
    with session.create_turn("/stream 10000").stream() as stream:
        seqs = []
        deltas = 0
        for event in stream:
            seqs.append(event.sequence_number)
            deltas += event.type == "message.delta"
    assert deltas == 10000
    assert seqs == list(range(1, len(seqs) + 1))
    assert stream.reconnects >= 90
    assert stream.result is not None


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_10k_events_with_drops_async(
    async_hub: AsyncAgentHub, faults: Any, transport: str
) -> None:
    faults(drop_stream_every=100)
    agent = await async_hub.agents.create(name="big", model="scripted")
    session = await sessions_of(async_hub).create(agent_id=agent.id, transport=transport)
    seqs = []
    async with session.create_turn("/stream 10000").stream() as stream:
        async for event in stream:
            seqs.append(event.sequence_number)
    assert seqs == list(range(1, len(seqs) + 1))
    assert sum(1 for _ in seqs) > 10000
    assert stream.reconnects >= 90


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_silence_past_heartbeat_deadline_reconnects(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="quiet", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id, transport=transport)
    # the session fixture's server heartbeats every 0.5 s over SSE; make the deadline shorter
    # than the turn's silent sleep so the client must notice silence and reconnect
    stream = session.create_turn("before\n/sleep 1.5\nafter").stream(heartbeat_timeout=0.3)
    with stream:
        text = "".join(stream.text_deltas())
    assert text.replace("\n", "") == "beforeafter"
    assert stream.reconnects >= 1


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_session_stream_resumes_after_sequence_number(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="r", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id, transport=transport)
    session.prompt("one two", timeout=10)
    with session.events.stream(after_sequence_number=2) as stream:
        first = next(iter(stream))
        assert first.sequence_number == 3
        assert stream.last_sequence_number == 3


def test_rest_and_grpc_events_are_equal(hub: AgentHub) -> None:
    agent = hub.agents.create(name="parity", model="scripted", tools=["calculator"])
    sessions = sessions_of(hub)
    session = sessions.create(agent_id=agent.id, require_approval="always")
    prompt = 'Hi\n/think hmm\n/tool calculator {"expression": "1+1"}\n/file a.txt x\n/ask Q?'

    def answer(event: Any) -> None:
        if event.elicitation.kind == "tool_approval":
            event.approve()
        else:
            event.respond("yes")

    session.prompt(prompt, timeout=20, on_elicitation=answer)
    grpc_session = sessions.get(session.id, transport="grpc")

    def collect(s: Any) -> list[Any]:
        out = []
        with s.events.stream() as stream:
            for event in stream:
                out.append(event)
                if event.sequence_number >= session.refresh().last_sequence_number:
                    break
        return out

    rest_events = collect(session)
    grpc_events = collect(grpc_session)
    assert len(rest_events) > 15
    assert {e.type for e in rest_events} >= {
        "reasoning.delta",
        "tool_call.started",
        "tool_call.completed",
        "file.created",
        "elicitation.requested",
        "elicitation.resolved",
        "turn.completed",
        "session.usage",
    }
    assert rest_events == grpc_events
    listed = list(session.events.list())
    assert listed == rest_events
