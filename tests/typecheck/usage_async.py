"""Typed usage of the async client, over SSE and gRPC (see ``usage_sync.py``)."""

from __future__ import annotations

import asyncio
from typing import Literal, assert_type

from agenthub import AsyncAgentHub, AsyncEventStream, AsyncSession, ElicitationRequiredError
from agenthub.types import (
    Agent,
    AsyncBoundElicitationRequestedEvent,
    AsyncEvent,
    Elicitation,
    MessageDeltaEvent,
    UnknownEvent,
)


async def stream_turn(session: AsyncSession) -> str:
    text: list[str] = []
    turn = session.create_turn('Hi\n/tool calculator {"expression": "6*7"}')  # no request yet
    async with turn.stream() as events:
        assert_type(events, AsyncEventStream)
        async for event in events:
            assert_type(event, AsyncEvent)
            if event.type == "message.delta":
                assert_type(event, MessageDeltaEvent | UnknownEvent)
                delta: str = event.delta
                text.append(delta)
            elif event.type == "elicitation.requested":
                assert_type(event, AsyncBoundElicitationRequestedEvent | UnknownEvent)
                if isinstance(event, AsyncBoundElicitationRequestedEvent):
                    answered = await event.approve()
                    assert_type(answered, Elicitation)
    return "".join(text) + "|" + events.result.text


async def main(transport: Literal["sse", "grpc"] = "sse") -> None:
    async with AsyncAgentHub.local() as hub:
        agent = await hub.agents.create(
            name="typed", tools=["calculator"], require_approval=["calculator"]
        )
        assert_type(agent, Agent)
        session = await hub.sessions.create(agent_id=agent.id, transport=transport)
        out = await stream_turn(session)
        assert out.endswith("calculator: 42"), out
        try:
            await session.prompt('/tool calculator {"expression": "1+1"}', timeout=30)
            raise AssertionError("expected ElicitationRequiredError")
        except ElicitationRequiredError as err:
            await session.elicitations.resolve(err.elicitation_id, action="cancel")
        async for a in hub.agents.list():
            assert_type(a, Agent)


if __name__ == "__main__":
    asyncio.run(main("sse"))
    asyncio.run(main("grpc"))
