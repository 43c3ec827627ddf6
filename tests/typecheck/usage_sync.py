"""Typed usage of the sync client, over SSE and gRPC: type-checked by ``test_typecheck.py``
(mypy --strict and pyright strict, 0 errors) and run by ``test_usage.py``.

``assert_type`` pins what users see: event narrowing by ``event.type``, the bound elicitation
class, open enums, generated request keywords, results and errors.
"""

from __future__ import annotations

from typing import Any, Literal, assert_type

from agenthub import AgentHub, ElicitationRequiredError, EventStream, Session, TurnResult
from agenthub.types import (
    Agent,
    BoundElicitationRequestedEvent,
    Elicitation,
    Event,
    MessageDeltaEvent,
    SessionStatus,
    UnknownEvent,
)


def stream_turn(session: Session) -> str:
    text: list[str] = []
    turn = session.create_turn('Hi\n/tool calculator {"expression": "6*7"}')
    with turn.stream() as events:
        assert_type(events, EventStream)
        for event in events:
            assert_type(event, Event)
            if event.type == "message.delta":
                assert_type(event, MessageDeltaEvent | UnknownEvent)
                delta: str = event.delta
                text.append(delta)
            elif event.type == "elicitation.requested":
                assert_type(event, BoundElicitationRequestedEvent | UnknownEvent)
                if isinstance(event, BoundElicitationRequestedEvent):
                    answered = event.approve()
                    assert_type(answered, Elicitation)
            elif event.type == "session.status":
                status: SessionStatus = event.status
                assert isinstance(status, str)
            elif isinstance(event, UnknownEvent):
                seq: int = event.sequence_number
                turn_id: str | None = event.turn_id
                raw: dict[str, Any] = event.raw
                assert seq >= 0 and raw is not None and turn_id != ""
    result = events.result
    assert_type(result, TurnResult)
    return "".join(text) + "|" + result.text


def main(transport: Literal["sse", "grpc"] = "sse") -> None:
    with AgentHub.local() as hub:
        agent = hub.agents.create(
            name="typed", tools=["calculator"], require_approval=["calculator"]
        )
        assert_type(agent, Agent)
        session = hub.sessions.create(agent_id=agent.id, labels={"k": "v"}, transport=transport)
        assert_type(session, Session)
        out = stream_turn(session)
        assert out.endswith("calculator: 42"), out

        # an approval nobody answers: ElicitationRequiredError, not a silent wait
        try:
            session.prompt('/tool calculator {"expression": "1+1"}', timeout=30)
            raise AssertionError("expected ElicitationRequiredError")
        except ElicitationRequiredError as err:
            eid: str = err.elicitation_id
            tid: str | None = err.turn_id
            assert eid.startswith("eli_") and tid is not None
            session.elicitations.resolve(eid, action="decline", reason="typed test")

        names = [a.name for a in hub.agents.list(limit=1)]
        assert "typed" in names
        for s in hub.sessions.list(labels={"k": "v"}):
            assert_type(s, Session)
            state: SessionStatus = s.data.status
            assert isinstance(state, str)


if __name__ == "__main__":
    main("sse")
    main("grpc")
