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

    turn = session.create_turn('/tool lookup {"city": "nowhere"}\n/tool lookup {"city": "Oslo"}')
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


# ------------------------------------------------------------------ 4. structured output
_CITY = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 0}},
    "required": ["city", "population"],
    "additionalProperties": False,
}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_structured_output_matches(hub: AgentHub, transport: str) -> None:
    session = _session(hub, transport)
    result = session.prompt(
        'Here you go:\n/json {"city": "Oslo", "population": 709037}', output_schema=_CITY
    )
    assert result.structured_output == {"city": "Oslo", "population": 709037}
    assert result.text == 'Here you go:\n{"city": "Oslo", "population": 709037}'
    turn = session.turns.get(result.turn_id) if hasattr(session, "turns") else None
    if turn is not None:  # the turn records the schema it was held to
        data = getattr(turn, "data", turn)
        assert getattr(data, "output_schema", None) is not None
    # without output_schema the answer is only text
    assert session.prompt('/json {"a": 1}').structured_output is None


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_structured_output_plain_text_answer(hub: AgentHub, transport: str) -> None:
    session = _session(hub, transport)
    turn = session.create_turn("[1, 2, 3]", output_schema={"type": "array"})
    with turn.stream() as events:
        for _ in events:
            pass
    assert events.result.structured_output == [1, 2, 3]


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(
    ("prompt", "fragment"),
    [
        ('/json {"city": "Oslo", "population": -1}', "population"),
        ('/json {"city": "Oslo"}', "'population' is a required property"),
        ("not json at all", "not JSON"),
    ],
)
def test_structured_output_mismatch_fails_the_turn(
    hub: AgentHub, transport: str, prompt: str, fragment: str
) -> None:
    from agenthub import TurnFailedError

    session = _session(hub, transport)
    with pytest.raises(TurnFailedError) as info:
        session.prompt(prompt, output_schema=_CITY)
    error = info.value.error
    assert error is not None and error.code == "output_schema_mismatch"
    assert fragment in error.message
    assert session.refresh().status == "idle"  # the session goes on


def test_invalid_output_schema_is_refused(hub: AgentHub) -> None:
    from agenthub import UnprocessableEntityError

    session = _session(hub, "sse")
    with pytest.raises(UnprocessableEntityError) as info:
        session.prompt("{}", output_schema={"type": "no-such-type"})
    assert info.value.errors and tuple(info.value.errors[0].loc[:2]) == ("body", "output_schema")


async def test_async_structured_output_grpc(async_hub: AsyncAgentHub) -> None:
    session = await _asession(async_hub, "grpc")
    schema = {"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}}
    result = await session.prompt('/json {"n": 3}', output_schema=schema)
    assert result.structured_output == {"n": 3}


# ------------------------------------------------------------------ 5. error/retry/log/skill
EVENTS_PROMPT = "\n".join(
    [
        "/log info warming up",
        "/retry 1 3 0.01 upstream timeout",
        "/skill summarise",
        "/skill missing",
        "/log loud not a level",
        "done",
    ]
)


def _check_event_kinds(events: list[Any]) -> None:
    from agenthub_openapi.models.error_event import ErrorEvent
    from agenthub_openapi.models.log_event import LogEvent
    from agenthub_openapi.models.retry_event import RetryEvent
    from agenthub_openapi.models.skill_loaded_event import SkillLoadedEvent

    by_type = {e.type: e for e in events}
    log = by_type["log"]
    assert isinstance(log, LogEvent) and (log.level, log.message) == ("info", "warming up")
    retry = by_type["retry"]
    assert isinstance(retry, RetryEvent)
    assert (retry.attempt, retry.max_attempts, retry.delay_seconds, retry.error) == (
        1,
        3,
        0.01,
        "upstream timeout",
    )
    skill = by_type["skill.loaded"]
    assert isinstance(skill, SkillLoadedEvent) and skill.name == "summarise"
    error = by_type["error"]
    assert isinstance(error, ErrorEvent)
    assert (error.code, error.source) == ("skill_not_found", "agent")
    assert [e.type for e in events].count("log") == 1  # `/log loud …` is plain text


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_scripted_event_kinds_are_yielded_typed(hub: AgentHub, transport: str) -> None:
    hub.skills.put("summarise", content="Summarise in one line.")
    session = _session(hub, transport)
    with session.create_turn(EVENTS_PROMPT).stream() as events:
        seen = list(events)
    _check_event_kinds(seen)
    # a non-fatal error event: the turn still completes
    assert events.result.text == "/log loud not a level\ndone"
    assert seen[-1].type == "turn.completed"


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_async_scripted_event_kinds(async_hub: AsyncAgentHub, transport: str) -> None:
    await async_hub.skills.put("summarise", content="Summarise in one line.")
    session = await _asession(async_hub, transport)
    async with session.create_turn(EVENTS_PROMPT).stream() as events:
        seen = [e async for e in events]
    _check_event_kinds(seen)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_error_event_then_failure_raises_stream_error(hub: AgentHub, transport: str) -> None:
    from agenthub import StreamError

    session = _session(hub, transport)
    stream = session.create_turn("/error quota_exceeded monthly quota used up\n/fail gave up")
    with stream.stream() as events, pytest.raises(StreamError) as info:
        events.get_final_result()
    assert info.value.code == "quota_exceeded"
    assert info.value.source == "agent"
    assert info.value.event.message == "monthly quota used up"


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_async_error_event_raises_stream_error(
    async_hub: AsyncAgentHub, transport: str
) -> None:
    from agenthub import StreamError

    session = await _asession(async_hub, transport)
    turn = session.create_turn("/error tool_crashed the tool died\n/fail stop")
    async with turn.stream() as events:
        with pytest.raises(StreamError) as info:
            await events.get_final_result()
    assert info.value.code == "tool_crashed"


# ------------------------------------------------------------------ 7. smaller gaps
def test_schedules_list_filters_by_labels(hub: AgentHub) -> None:
    agent = hub.agents.create(name="sched", model="scripted")
    risk = hub.schedules.create(
        agent_id=agent.id, input="hi", interval_seconds=3600, labels={"team": "risk", "env": "p"}
    )
    hub.schedules.create(
        agent_id=agent.id, input="hi", interval_seconds=3600, labels={"team": "ops"}
    )
    assert [s.id for s in hub.schedules.list(labels={"team": "risk"})] == [risk.id]
    assert [s.id for s in hub.schedules.list(labels={"team": "risk", "env": "p"})] == [risk.id]
    assert list(hub.schedules.list(labels={"team": "risk", "env": "q"})) == []
    assert len(list(hub.schedules.list())) == 2


async def test_async_schedules_list_labels(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="sched", model="scripted")
    s = await async_hub.schedules.create(
        agent_id=agent.id, input="hi", interval_seconds=60, labels={"k": "v"}
    )
    assert [x.id async for x in async_hub.schedules.list(labels={"k": "v"})] == [s.id]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_events_list_desc(hub: AgentHub, transport: str) -> None:
    session = _session(hub, transport)
    session.prompt("one two three")
    asc = [e.sequence_number for e in session.events.list()]
    desc = [e.sequence_number for e in session.events.list(order="desc", limit=3)]
    assert desc == sorted(asc, reverse=True)  # all pages, newest first
    assert asc == sorted(asc)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_usage_cost_and_context_window(hub: AgentHub, transport: str) -> None:
    model = next(m for m in hub.models.list() if m.id == "scripted")
    prices = model.pricing
    session = _session(hub, transport)
    result = session.prompt("one two three four")  # 4 input, 4 output tokens
    usage = result.usage
    expected = (4 * prices.input_per_million_tokens + 4 * prices.output_per_million_tokens) / 1e6
    assert usage.cost_usd == pytest.approx(expected)
    assert usage.context_window == model.context_window
    session.prompt("five")
    total = session.refresh().usage
    assert (total.input_tokens, total.output_tokens) == (5, 5)
    assert total.cost_usd == pytest.approx(expected * 5 / 4)
    assert total.context_window == model.context_window


def test_public_status_sets() -> None:
    import agenthub

    assert {"running", "waiting"} == agenthub.SESSION_ACTIVE_STATUSES
    assert {"completed", "failed", "cancelled", "incomplete"} == agenthub.TURN_TERMINAL_STATUSES
    assert {"SESSION_ACTIVE_STATUSES", "TURN_TERMINAL_STATUSES"} <= set(agenthub.__all__)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_session_turn_count_and_last_turn_id(hub: AgentHub, transport: str) -> None:
    session = _session(hub, transport)
    assert (session.turn_count, session.last_turn_id) == (0, None)
    first = session.prompt("a")
    second = session.prompt("b")
    session.refresh()
    assert session.turn_count == 2
    assert session.last_turn_id == second.turn_id != first.turn_id
    listed = next(s for s in hub.sessions.list() if s.id == session.id)
    assert (listed.turn_count, listed.last_turn_id) == (2, second.turn_id)


def test_model_and_handle_names() -> None:
    from agenthub_openapi.models.session import Session as GenSession
    from agenthub_openapi.models.turn import Turn as GenTurn

    import agenthub
    import agenthub.types as types

    assert types.SessionModel is types.Session is GenSession
    assert types.TurnModel is types.Turn is GenTurn
    assert agenthub.Session is not types.SessionModel  # the handle
    assert agenthub.Turn is not types.TurnModel


# ------------------------------------------------------------------ 6. gRPC heartbeats
def test_idle_grpc_stream_is_kept_alive_by_heartbeats(hub: AgentHub) -> None:
    # the test server sends heartbeats every 0.5 s; 3 s of silence from the agent would
    # otherwise trip a 1.2 s idle timeout twice (and reconnect each time)
    session = _session(hub, "grpc")
    with session.create_turn("start\n/sleep 3\nend").stream(heartbeat_timeout=1.2) as events:
        types = [e.type for e in events]
    assert events.reconnects == 0
    assert "heartbeat" not in types  # never yielded
    assert events.result.text == "start\nend"


async def test_async_idle_grpc_stream_not_reconnected(async_hub: AsyncAgentHub) -> None:
    session = await _asession(async_hub, "grpc")
    turn = session.create_turn("/sleep 2.5\nok")
    async with turn.stream(heartbeat_timeout=1.0) as events:
        seen = [e async for e in events]
    assert events.reconnects == 0
    assert all(e.type != "heartbeat" for e in seen)
    assert all(e.sequence_number > 0 for e in seen)
