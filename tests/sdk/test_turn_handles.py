"""``session.turns.get/list`` return ``Turn`` handles (re-attach after a restart) and
``hub.sessions.list(transport="grpc")`` hands back gRPC-bound sessions (issue 16, items 1-2)."""

from __future__ import annotations

import pytest
from agenthub_proto.v1 import session_service_pb2_grpc

from agenthub import AgentHub, AsyncAgentHub, AsyncTurn, Turn


def _agent(hub: AgentHub) -> str:
    return hub.agents.create(
        name="h", model="scripted", tools=["calculator"], require_approval="always"
    ).id


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_reattach_to_a_waiting_turn(hub: AgentHub, transport: str) -> None:
    session = hub.sessions.create(agent_id=_agent(hub), transport=transport)  # type: ignore[arg-type]
    started = session.create_turn('/tool calculator {"expression": "6*7"}').start()
    # "a restarted program": a new handle on the same session, found by id
    again = hub.sessions.get(session.id, transport=transport)  # type: ignore[arg-type]
    turn = again.turns.get(started.id or "")
    assert isinstance(turn, Turn)
    assert turn.id == started.id and turn.status in {"queued", "running", "waiting"}
    assert turn.created_at is not None and turn.input is not None
    with turn.stream() as events:
        for event in events:
            if event.type == "elicitation.requested":
                event.approve()
    assert events.result.text == "calculator: 42"
    listed = list(again.turns.list())
    assert [t.id for t in listed] == [turn.id] and all(isinstance(t, Turn) for t in listed)
    assert listed[0].status == "completed"
    assert turn.state().status == "completed" and turn.status == "completed"
    assert turn.wait(timeout=5).text == "calculator: 42"


async def test_async_turn_handles(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="a", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    result = await session.prompt("hello there")
    turn = await session.turns.get(result.turn_id or "")
    assert isinstance(turn, AsyncTurn) and turn.status == "completed"
    assert (await turn.wait(timeout=5)).text == "hello there"
    assert [t.id async for t in session.turns.list()] == [turn.id]


def test_sessions_list_grpc_uses_grpc(hub: AgentHub, monkeypatch: pytest.MonkeyPatch) -> None:
    session = hub.sessions.create(agent_id=_agent(hub))
    calls: list[str] = []
    original = session_service_pb2_grpc.SessionServiceStub.__init__

    def spy(self: object, channel: object) -> None:
        calls.append("stub")
        original(self, channel)  # type: ignore[arg-type]

    monkeypatch.setattr(session_service_pb2_grpc.SessionServiceStub, "__init__", spy)
    handles = list(hub.sessions.list(transport="grpc"))
    assert [s.id for s in handles] == [session.id]
    assert handles[0].transport_name == "grpc"
    assert handles[0].prompt("over grpc").text == "over grpc"
    assert calls, "a gRPC stub was never built: the listed handle used REST"
    with pytest.raises(Exception, match="transport must be"):
        hub.sessions.list(transport="carrier-pigeon")  # type: ignore[arg-type]


def test_sessions_list_grpc_on_a_server_without_grpc() -> None:
    """A REST-only server: listing with transport="grpc" must not hand back REST handles."""
    from agenthub import AgentHubError
    from agenthub_server import LocalServer, ServerConfig

    server = LocalServer(ServerConfig(api_keys=["ah_test_nogrpc_key_0123"], grpc=False)).start()
    try:
        with AgentHub(api_key="ah_test_nogrpc_key_0123", base_url=server.base_url) as hub:
            agent = hub.agents.create(name="n", model="scripted")
            hub.sessions.create(agent_id=agent.id)
            assert len(list(hub.sessions.list())) == 1
            with pytest.raises(AgentHubError):
                list(hub.sessions.list(transport="grpc"))
    finally:
        server.stop()
