"""Issue 16 items 3-7 through the public API against the reference server, over both
transports: client-tool errors, structured output, the scripted `error`/`retry`/`log`/
`skill.loaded` events, gRPC heartbeats and the smaller gaps (filters, usage cost, statuses)."""

from __future__ import annotations

from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub

TRANSPORTS = ["sse", "grpc"]


def _session(hub: AgentHub, transport: str, **params: Any) -> Any:
    agent = hub.agents.create(name="gaps", model="scripted")
    return hub.sessions.create(agent_id=agent.id, transport=transport, **params)


async def _asession(hub: AsyncAgentHub, transport: str, **params: Any) -> Any:
    agent = await hub.agents.create(name="gaps", model="scripted")
    return await hub.sessions.create(agent_id=agent.id, transport=transport, **params)


# ------------------------------------------------------------------ 3. client-tool errors
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_raising_client_tool_is_recorded_as_error(hub: AgentHub, transport: str) -> None:
    session = _session(hub, transport)

    @session.tools.register
    def lookup(city: str) -> str:
        if city == "nowhere":
            raise ValueError("no such city")
        return f"sunny in {city}"

    turn = session.create_turn(
        '/tool lookup {"city": "nowhere"}\n/tool lookup {"city": "Oslo"}'
    )
    with turn.stream() as events:
        completed = [e for e in events if e.type == "tool_call.completed"]
    result = events.result
    assert [c.is_error for c in completed] == [True, False]
    assert completed[0].output == "error: ValueError: no such city"
    assert [c.is_error for c in result.tool_calls] == [True, False]
    assert result.tool_calls[1].output == "sunny in Oslo"
    # the recorded turn says the same (REST or gRPC GetTurn)
    again = session.prompt('/tool lookup {"city": "nowhere"}')
    assert again.tool_calls[0].is_error is True


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_async_raising_client_tool_is_error(async_hub: AsyncAgentHub, transport: str) -> None:
    session = await _asession(async_hub, transport)

    @session.tools.register
    async def explode() -> str:
        raise RuntimeError("boom")

    result = await session.prompt("/tool explode")
    assert result.tool_calls[0].is_error is True
    assert result.tool_calls[0].output == "error: RuntimeError: boom"
    assert "explode: error: RuntimeError: boom" in result.text


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_manual_client_tool_answer_with_is_error(hub: AgentHub, transport: str) -> None:
    from agenthub import UnprocessableEntityError

    session = _session(hub, transport)
    turn = session.create_turn("/tool remote")
    with turn.stream() as events:
        for event in events:
            if event.type == "elicitation.requested":
                with pytest.raises(UnprocessableEntityError):
                    event.respond({"output": "x", "is_error": "yes"})
                event.respond({"output": "quota exceeded", "is_error": True})
    assert events.result.tool_calls[0].is_error is True
    assert events.result.tool_calls[0].output == "quota exceeded"
