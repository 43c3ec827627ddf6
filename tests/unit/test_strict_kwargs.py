"""Strict calls (issue 12 item 3): a misspelled keyword, or a string where the contract wants a
list, raises ``TypeError`` at the call — before any request goes out — instead of being
dropped or exploded into one-letter items. Against the reference server; a request hook counts
what is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from agenthub import AgentHub, AsyncAgentHub, ConfigurationError


def _count(client: AgentHub | AsyncAgentHub) -> list[str]:
    sent: list[str] = []
    http = client._pipeline.http_client

    if isinstance(http, httpx.AsyncClient):

        async def arecord(request: httpx.Request) -> None:
            sent.append(f"{request.method} {request.url.path}")

        http.event_hooks["request"].append(arecord)
    else:
        http.event_hooks["request"].append(
            lambda request: sent.append(f"{request.method} {request.url.path}")
        )
    return sent


MISUSE: list[tuple[str, Callable[[AgentHub, Any], Any], str]] = [
    (
        "misspelled create field",
        lambda h, s: h.agents.create(name="x", instrucions="y"),
        "instrucions",
    ),
    ("misspelled list option", lambda h, s: h.agents.list(limt=2), "limt"),
    ("misspelled prompt option", lambda h, s: s.prompt("hi", tiemout=3), "tiemout"),
    ("str for tools", lambda h, s: h.agents.create(name="x", tools="calculator"), "tools"),
    (
        "bad approval string",
        lambda h, s: h.agents.create(name="x", require_approval="write_file"),
        "require_approval",
    ),
    (
        "str approval on session",
        lambda h, s: h.sessions.create(agent_id="agt_x", require_approval="calc"),
        "require_approval",
    ),
    ("str for mcp ids", lambda h, s: s.mcp_servers.set("mcp_1"), "mcp_server_ids"),
    ("misspelled turn field", lambda h, s: s.create_turn("hi", metdata={}), "metdata"),
    ("misspelled update field", lambda h, s: h.agents.update("agt_x", tool=["a"]), "tool"),
    ("misspelled get option", lambda h, s: h.sessions.get(s.id, timout=1), "timout"),
    ("missing required", lambda h, s: h.mcp_servers.create(name="m"), "uri"),
    (
        "misspelled resolve field",
        lambda h, s: s.elicitations.resolve("eli_x", actoin="accept"),
        "actoin",
    ),
    (
        "str for schedule labels",
        lambda h, s: h.schedules.create(
            agent_id="agt_x", input="x", interval_seconds=5, labels="a"
        ),
        "labels",
    ),
    ("str for list labels", lambda h, s: h.sessions.list(labels="team:risk"), "labels"),
    ("str for schedule list labels", lambda h, s: h.schedules.list(labels="a"), "labels"),
    ("int status filter", lambda h, s: h.sessions.list(status=1), "status"),
    ("str limit", lambda h, s: s.turns.list(limit="5"), "limit"),
    ("int created_after", lambda h, s: h.sessions.list(created_after=0), "created_after"),
    ("str wait timeout", lambda h, s: s.create_turn("x").wait(timeout="3"), "timeout"),
    (
        "str until_done timeout",
        lambda h, s: s.create_turn("x").stream().until_done(timeout="3"),
        "timeout",
    ),
    ("int turn input", lambda h, s: s.create_turn(123).state(), "input"),
    ("bytes turn input", lambda h, s: s.create_turn(b"hi").state(), "input"),
    (
        "unknown content part",
        lambda h, s: s.create_turn(
            [{"type": "user.message", "content": [{"type": "nope"}]}]
        ).state(),
        "input item",
    ),
    ("int upload", lambda h, s: s.files.upload(5), "upload"),
    ("tuple upload", lambda h, s: s.files.upload(("a.txt", b"x")), "upload"),
    ("non-callable tool", lambda h, s: s.tools.register(5), "callable"),
    ("int tool name", lambda h, s: s.tools.register(len, name=5), "name"),
    ("non-callable status callback", lambda h, s: s.add_status_callback(5), "callable"),
    ("str max_retries", lambda h, s: h.agents.get("agt_x", max_retries="3"), "max_retries"),
    ("str timeout", lambda h, s: h.agents.get("agt_x", timeout="5"), "timeout"),
    ("str extra_headers", lambda h, s: h.agents.get("agt_x", extra_headers="x"), "extra_headers"),
    (
        "int idempotency_key",
        lambda h, s: h.agents.create(name="x", idempotency_key=5),
        "idempotency_key",
    ),  # a turn created with options merges them with the call's: still checked
    (
        "misspelled option on a turn with options",
        lambda h, s: s.create_turn("x", timeout=30).state(tiemout=3),
        "tiemout",
    ),
]


@pytest.mark.parametrize(("case", "call", "name"), MISUSE, ids=[m[0] for m in MISUSE])
def test_misuse_raises_type_error_before_any_request(
    hub: AgentHub, case: str, call: Callable[[AgentHub, Any], Any], name: str
) -> None:
    agent = hub.agents.create(name="strict", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    sent = _count(hub)
    with pytest.raises(TypeError, match=name):
        call(hub, session)
    assert sent == [], f"{case}: requests went out: {sent}"


def test_str_for_a_nested_list_raises_before_any_request(hub: AgentHub) -> None:
    agent = hub.agents.create(name="src", model="scripted")
    definition = hub.agents.export(agent.id).to_dict()
    sent = _count(hub)
    with pytest.raises(TypeError, match="skills"):
        hub.agents.import_({**definition, "skills": "one"})
    with pytest.raises(TypeError, match="mcp_servers"):
        hub.agents.import_({**definition, "mcp_servers": "srv"})
    assert sent == []
    assert hub.agents.import_({**definition, "skills": []}).dry_run


def test_valid_keywords_still_work(hub: AgentHub) -> None:
    agent = hub.agents.create(
        name="ok", tools=("calculator",), require_approval="never", description=None
    )
    assert agent.model == "scripted" and agent.tools == ["calculator"]
    updated = hub.agents.update(agent.id, require_approval=["calculator"], description=None)
    assert updated.require_approval == ["calculator"]
    session = hub.sessions.create(agent_id=agent.id, name=None, labels={"a": "b"})
    assert session.prompt("hello", metadata={"k": "v"}).text == "hello"


async def test_async_misuse(async_hub: AsyncAgentHub) -> None:
    sent = _count(async_hub)
    with pytest.raises(TypeError, match="instrucions"):
        await async_hub.agents.create(name="x", instrucions="y")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="tools"):
        await async_hub.agents.create(name="x", tools="calculator")  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match="limt"):
        async_hub.agents.list(limt=2)  # type: ignore[call-arg]
    assert sent == []


VALUE_MISUSE: list[tuple[str, Callable[[AgentHub, Any], Any], str]] = [
    ("negative max_retries", lambda h, s: h.agents.get("agt_x", max_retries=-1), "max_retries"),
    ("negative timeout", lambda h, s: h.agents.get("agt_x", timeout=-1), "timeout"),
    ("NaN timeout", lambda h, s: h.sessions.get(s.id, timeout=float("nan")), "timeout"),
    ("with_options max_retries", lambda h, s: h.with_options(max_retries=-2), "max_retries"),
    ("with_options timeout", lambda h, s: h.with_options(timeout=-5), "timeout"),
    (
        "unknown transport on create",
        lambda h, s: h.sessions.create(agent_id=s.agent_id, transport="http"),
        "transport",
    ),
    ("unknown transport on get", lambda h, s: h.sessions.get(s.id, transport="ws"), "transport"),
    ("unknown transport on list", lambda h, s: h.sessions.list(transport="ws"), "transport"),
    ("negative wait timeout", lambda h, s: s.create_turn("x").wait(timeout=-1), "timeout"),
    (
        "negative poll_interval",
        lambda h, s: s.create_turn("x").wait(poll_interval=-0.5),
        "poll_interval",
    ),
    ("negative stream timeout", lambda h, s: s.create_turn("x").stream(timeout=-1), "timeout"),
    ("negative prompt timeout", lambda h, s: s.prompt("x", timeout=-1), "timeout"),
    (
        "negative max_retries on a turn with options",
        lambda h, s: s.create_turn("x", timeout=30).state(max_retries=-1),
        "max_retries",
    ),
    ("limit 0", lambda h, s: h.agents.list(limit=0), "limit"),
    ("limit above 100", lambda h, s: h.sessions.list(limit=101), "limit"),
    ("unknown order", lambda h, s: h.agents.list(order="sideways"), "order"),
    (
        "negative after_sequence_number",
        lambda h, s: s.events.list(after_sequence_number=-1),
        "after",
    ),
]


@pytest.mark.parametrize(("case", "call", "name"), VALUE_MISUSE, ids=[m[0] for m in VALUE_MISUSE])
def test_bad_option_values_raise_value_error_before_any_request(
    hub: AgentHub, case: str, call: Callable[[AgentHub, Any], Any], name: str
) -> None:
    """DESIGN §4: invalid arguments raise TypeError/ValueError before any request — also the
    per-call options and ``transport`` (an unknown one was a ConfigurationError)."""
    agent = hub.agents.create(name="strict", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    sent = _count(hub)
    with pytest.raises(ValueError, match=name):
        call(hub, session)
    assert sent == [], f"{case}: requests went out: {sent}"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"max_retries": -1}, ValueError),
        ({"max_retries": "2"}, TypeError),
        ({"timeout": -1.0}, ValueError),
        ({"timeout": "60"}, TypeError),
    ],
)
def test_bad_client_options_raise_in_the_constructor(
    options: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error, match=next(iter(options))):
        AgentHub(api_key="ah_k", base_url="http://127.0.0.1:9", **options)
    with pytest.raises(error, match=next(iter(options))):
        AsyncAgentHub(api_key="ah_k", base_url="http://127.0.0.1:9", **options)


def test_valid_option_values_still_work(hub: AgentHub) -> None:
    agent = hub.agents.create(name="ok", model="scripted", idempotency_key="ik-ok")
    fetched = hub.with_options(timeout=0.0 + 5, max_retries=0).agents.get(
        agent.id, timeout=httpx.Timeout(5.0), max_retries=0, extra_headers={"X-Trace": "1"}
    )
    assert fetched.id == agent.id
    assert [s.id for s in hub.sessions.list(labels={})] == []
    assert hub.agents.get(agent.id, timeout=None).id == agent.id


async def test_async_bad_values_raise_before_any_request(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="strict", model="scripted")
    session = await async_hub.sessions.create(agent_id=agent.id)
    sent = _count(async_hub)
    with pytest.raises(TypeError, match="labels"):
        async_hub.sessions.list(labels="team:risk")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit"):
        async_hub.agents.list(limit=0)
    with pytest.raises(ValueError, match="max_retries"):
        await async_hub.agents.get(agent.id, max_retries=-1)
    with pytest.raises(ValueError, match="transport"):
        await async_hub.sessions.get(session.id, transport="ws")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be a str"):
        await async_hub.agents.get(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        await session.create_turn("x").wait(timeout=-1)
    with pytest.raises(TypeError, match="input"):
        await session.create_turn(5).state()  # type: ignore[arg-type]
    assert sent == []


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"http_client": "http://127.0.0.1:8080"}, TypeError, "http_client"),
        ({"default_headers": "X-A: b"}, TypeError, "default_headers"),
        ({"base_url": 8080}, ConfigurationError, "base_url"),
        ({"grpc_target": 50051}, ConfigurationError, "grpc_target"),
    ],
)
def test_constructor_arguments_of_the_wrong_type(
    options: dict[str, Any], error: type[Exception], match: str
) -> None:
    """A wrong type is refused by the constructor with the argument's name, not later as an
    AttributeError deep in a request (base_url=8080) or never (a sync client's http_client
    given an httpx.AsyncClient)."""
    with pytest.raises(error, match=match):
        AgentHub(api_key="ah_k", **options)


async def test_clients_refuse_the_other_kind_of_http_client() -> None:
    with httpx.Client() as sync_client, pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
        AsyncAgentHub(api_key="ah_k", http_client=sync_client)  # type: ignore[arg-type]
    async with httpx.AsyncClient() as async_client:
        with pytest.raises(TypeError, match=r"httpx\.Client"):
            AgentHub(api_key="ah_k", http_client=async_client)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="access_token"):
        AsyncAgentHub(access_token=5)  # type: ignore[arg-type]
