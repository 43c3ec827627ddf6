"""No silent waits (issue 12 item 4): waiting on a turn that asks a question nobody answers
raises ElicitationRequiredError at once; ``on_elicitation="wait"`` keeps waiting; a registered
client tool or an ``on_elicitation`` handler answers it; a later turn's 409 says which turn
blocks and how to clear it."""

from __future__ import annotations

import time

import pytest

from agenthub import (
    AgentHub,
    AgentHubError,
    AsyncAgentHub,
    ConflictError,
    ElicitationRequiredError,
    PollTimeoutError,
)

APPROVAL = '/tool calculator {"expression": "2+2"}'


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_prompt_on_unanswered_approval_raises_at_once(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="e", tools=["calculator"], require_approval="always")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)  # type: ignore[typeddict-item]
    started = time.monotonic()
    with pytest.raises(ElicitationRequiredError) as info:
        session.prompt(APPROVAL, timeout=30)
    assert time.monotonic() - started < 1.0
    err = info.value
    assert isinstance(err, AgentHubError)
    assert err.elicitation_id.startswith("eli_") and err.turn_id and err.turn_id.startswith("trn_")
    assert err.elicitation_id in str(err) and "approve()" in str(err) and "resolve" in str(err)
    assert err.kind == "tool_approval" and err.tool_name == "calculator"

    # the turn is still waiting: a new turn gets a 409 that names it and how to clear it
    with pytest.raises(ConflictError) as conflict:
        session.prompt("next")
    message = str(conflict.value)
    assert err.turn_id in message and err.elicitation_id in message and "cancel" in message

    session.elicitations.resolve(err.elicitation_id, action="accept")
    turn = session.turns.get(err.turn_id)
    assert turn.id == err.turn_id


def test_unregistered_client_tool_raises(hub: AgentHub) -> None:
    agent = hub.agents.create(name="c", tools=["lookup"])
    session = hub.sessions.create(agent_id=agent.id)
    with pytest.raises(ElicitationRequiredError, match=r"session\.tools\.register") as info:
        session.prompt('/tool lookup {"key": "k"}', timeout=30)
    assert info.value.kind == "client_tool"

    @session.tools.register
    def lookup(key: str) -> str:
        return f"v-{key}"

    session.elicitations.resolve(info.value.elicitation_id, action="cancel")
    assert session.prompt('/tool lookup {"key": "k"}', timeout=30).text == "lookup: v-k"


def test_handler_and_wait(hub: AgentHub) -> None:
    agent = hub.agents.create(name="h", tools=["calculator"], require_approval="always")
    session = hub.sessions.create(agent_id=agent.id)
    result = session.prompt(APPROVAL, timeout=30, on_elicitation=lambda e: e.approve())
    assert result.text == "calculator: 4"
    with pytest.raises(PollTimeoutError):
        session.prompt(APPROVAL, timeout=1.0, on_elicitation="wait")
    with pytest.raises(TypeError):
        session.prompt("x", on_elicitation="approve")  # type: ignore[arg-type]


async def test_async_prompt_raises(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="a", tools=["calculator"], require_approval="always")
    session = await async_hub.sessions.create(agent_id=agent.id)
    started = time.monotonic()
    with pytest.raises(ElicitationRequiredError):
        await session.prompt(APPROVAL, timeout=30)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_respond_forms(hub: AgentHub, transport: str) -> None:
    """``event.respond(...)`` takes the content as a mapping, a str (wrapped for the kind) or
    keyword fields; no content is a TypeError before anything is sent."""
    agent = hub.agents.create(name="r", model="scripted", tools=["lookup"])
    session = hub.sessions.create(agent_id=agent.id, transport=transport)  # type: ignore[typeddict-item]
    answers = iter(
        [
            lambda e: e.respond({"text": "a"}),
            lambda e: e.respond("b"),
            lambda e: e.respond(text="c"),
            lambda e: e.respond(output="d"),
        ]
    )
    turn = session.create_turn("/ask one\n/ask two\n/ask three\n/tool lookup {}")
    with turn.stream() as events:
        for event in events:
            if event.type == "elicitation.requested":
                with pytest.raises(TypeError, match="content"):
                    event.respond()
                with pytest.raises(TypeError, match="content"):
                    event.respond(5)  # type: ignore[arg-type]
                next(answers)(event)
    assert events.result.text == "answer: a\nanswer: b\nanswer: c\nlookup: d"


async def test_respond_fields_async(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="r", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    async with session.create_turn("/ask why").stream() as events:
        async for event in events:
            if event.type == "elicitation.requested":
                await event.respond(text="because")
    assert events.result.text == "answer: because"
