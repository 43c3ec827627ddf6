"""Streams fall back to polling when streaming is refused (HTTP 406/404 on the stream endpoint,
gRPC UNIMPLEMENTED) or not offered (capabilities) — with the same events, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from agenthub import AgentHub, AsyncAgentHub

from ._netfaults import AsyncRefusingTransport, RefusingTransport
from .test_sessions_loop import LOOP_PROMPT, sessions_of

PROMPT = "Hello\n/stream 120\nBye"


def _answer(event: Any) -> None:
    if event.type == "elicitation.requested":
        if event.elicitation.kind == "tool_approval":
            event.approve()
        elif event.elicitation.kind == "clarification":
            event.respond("blue")


def _check(events: list[Any], stream: Any, session: Any) -> None:
    seqs = [e.sequence_number for e in events]
    assert seqs == list(range(1, len(seqs) + 1))  # exactly once, in order
    assert events[-1].type == "turn.completed"
    assert stream.polling is True
    assert stream.result.text == events[-1].result.text
    assert [e.sequence_number for e in session.events.list()][: len(seqs)] == seqs


@pytest.fixture()
def refused_hub(server: Any, api_key: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    status, unavailable = request.param
    transport = RefusingTransport(status, unavailable)
    with (
        httpx.Client(transport=transport) as http_client,
        AgentHub(
            api_key=api_key,
            base_url=server.base_url,
            grpc_target=server.grpc_target,
            http_client=http_client,
        ) as hub,
    ):
        hub.rules = transport.rules  # type: ignore[attr-defined]
        yield hub


@pytest.mark.parametrize("refused_hub", [(406, ()), (404, ())], indirect=True, ids=["406", "404"])
def test_sse_refused_falls_back_to_polling(refused_hub: Any) -> None:
    hub = refused_hub
    agent = hub.agents.create(name="poll", model="scripted", tools=["calculator", "lookup"])
    session = sessions_of(hub).create(agent_id=agent.id, require_approval=["calculator"])
    statuses: list[str] = []
    session.add_status_callback(lambda sid, st: statuses.append(st))
    session.tools.register(lambda key: f"value-of-{key}", name="lookup")
    events = []
    with session.create_turn(LOOP_PROMPT).stream() as stream:
        for event in stream:
            events.append(event)
            _answer(event)
    _check(events, stream, session)
    assert "calculator: 42" in stream.result.text and "lookup: value-of-k1" in stream.result.text
    assert statuses.count("waiting") == 3
    assert hub.rules.stream_requests == 1  # refused once, then polling only


@pytest.mark.parametrize("refused_hub", [(None, ("events.sse",))], indirect=True)
def test_sse_not_offered_polls_without_trying(refused_hub: Any) -> None:
    hub = refused_hub
    session = sessions_of(hub).create(agent_id=hub.agents.create(name="c", model="scripted").id)
    with session.create_turn(PROMPT).stream() as stream:
        events = list(stream)
    _check(events, stream, session)
    assert sum(e.type == "message.delta" for e in events) >= 120
    assert hub.rules.stream_requests == 0 and hub.rules.list_requests >= 1
    # capabilities are fetched once per client, not per stream
    with session.create_turn("again").stream() as again:
        assert again.until_done().text == "again"
    assert again.polling and hub.rules.stream_requests == 0


@pytest.mark.parametrize("refused_hub", [(None, ("events.grpc",))], indirect=True)
def test_grpc_not_offered_polls(refused_hub: Any) -> None:
    hub = refused_hub
    agent = hub.agents.create(name="g", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id, transport="grpc")
    called: list[Any] = []
    session._transport.open_events = lambda *a, **k: called.append(a)  # must not be used
    with session.create_turn(PROMPT).stream() as stream:
        events = list(stream)
    _check(events, stream, session)
    assert called == []


def test_grpc_unimplemented_falls_back_to_polling(hub: AgentHub) -> None:
    import grpc
    from agenthub_proto.v1 import session_service_pb2_grpc

    empty = grpc.server(ThreadPoolExecutor(2))
    port = empty.add_insecure_port("127.0.0.1:0")
    empty.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        session = sessions_of(hub).create(
            agent_id=hub.agents.create(name="u", model="scripted").id, transport="grpc"
        )
        # every other call still goes to the real server; StreamEvents → UNIMPLEMENTED
        session._transport._stub.StreamEvents = session_service_pb2_grpc.SessionServiceStub(
            channel
        ).StreamEvents
        with session.create_turn(PROMPT).stream() as stream:
            events = list(stream)
        _check(events, stream, session)
    finally:
        channel.close()
        empty.stop(None)


async def test_async_sse_refused_falls_back_to_polling(server: Any, api_key: str) -> None:
    transport = AsyncRefusingTransport(406)
    async with (
        httpx.AsyncClient(transport=transport) as http_client,
        AsyncAgentHub(api_key=api_key, base_url=server.base_url, http_client=http_client) as hub,
    ):
        agent = await hub.agents.create(name="a", model="scripted")
        session = await sessions_of(hub).create(agent_id=agent.id)
        async with session.create_turn(PROMPT).stream() as stream:
            events = [e async for e in stream]
        seqs = [e.sequence_number for e in events]
        assert seqs == list(range(1, len(seqs) + 1)) and events[-1].type == "turn.completed"
        assert stream.polling and transport.rules.stream_requests == 1
        assert stream.result.text.startswith("Hello") and stream.result.text.endswith("Bye")
        listed = [e async for e in session.events.list()]
        assert listed[: len(events)] == events
