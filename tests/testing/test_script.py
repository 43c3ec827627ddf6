"""``agenthub.testing.script``: the text each builder produces, and that the reference
server's scripted model reads it as intended (the repo's ``hub`` fixture, real server)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agenthub import AgentHub, TurnFailedError
from agenthub.testing import Script, script


def test_builders_compose_lines() -> None:
    assert script.text("Hello world") == "Hello world"
    assert script.tool("calculator", expression="6*7") == '/tool calculator {"expression": "6*7"}'
    assert script.tool("clock") == "/tool clock"
    assert script.tool("x", {"a-b": 1}, c=[2]) == '/tool x {"a-b": 1, "c": [2]}'
    assert script.ask("Which one?") == "/ask Which one?"
    assert script.think("hmm ok") == "/think hmm ok"
    assert script.file("a.txt", "hi there") == "/file a.txt hi there"
    assert script.fail("boom") == "/fail boom"
    assert script.sleep(0.25) == "/sleep 0.25"
    assert script.stream(3) == "/stream 3"
    assert script.json({"k": "v\nw"}) == '/json {"k": "v\\nw"}'
    assert script.log("info", "hello") == "/log info hello"
    assert script.retry(1, 3) == "/retry 1 3 0"
    assert script.retry(2, 3, 0.5, "upstream 503") == "/retry 2 3 0.5 upstream 503"
    assert script.error("rate_limited", "slow down") == "/error rate_limited slow down"
    assert script.skill("summarise") == "/skill summarise"
    joined = script.text("a") + script.tool("clock") + "plain"
    assert isinstance(joined, Script)
    assert joined == "a\n/tool clock\nplain"
    assert "x" + script.fail("f") == "x\n/fail f"
    assert script(script.text("a"), "b", script.stream(1)) == "a\nb\n/stream 1"
    assert repr(script.text("a")) == "Script('a')"


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: script.text("ok\n/tool calculator"), ValueError),
        (lambda: script.text("/fail"), ValueError),
        (lambda: script.tool("two words"), ValueError),
        (lambda: script.tool(""), ValueError),
        (lambda: script.ask("a\nb"), ValueError),
        (lambda: script.file("a b.txt", "x"), ValueError),
        (lambda: script.file("a.txt", "two\nlines"), ValueError),
        (lambda: script.sleep(-1), ValueError),
        (lambda: script.sleep(float("nan")), ValueError),
        (lambda: script.stream(-1), ValueError),
        (lambda: script.tool("t", value=object()), TypeError),
        (lambda: script.json(float("nan")), ValueError),
        (lambda: script.text("/json {}"), ValueError),
        (lambda: script.log("trace", "x"), ValueError),
        (lambda: script.retry(4, 3), ValueError),
        (lambda: script.error("bad code!"), ValueError),
        (lambda: script.skill("a b"), ValueError),
    ],
)
def test_builders_reject_what_the_model_would_misread(build: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        build()


def test_text_allows_unknown_slash_words() -> None:
    assert script.text("/usr/bin is a path") == "/usr/bin is a path"


def test_scripted_model_runs_the_builders(hub: AgentHub) -> None:
    agent = hub.agents.create(name="s", model="scripted", tools=["calculator", "lookup"])
    session = hub.sessions.create(agent_id=agent.id)
    session.tools.register(lambda key: f"value-{key}", name="lookup")
    turn = session.create_turn(
        script.text("Start")
        + script.think("let me think")
        + script.tool("calculator", expression="6*7")
        + script.tool("lookup", key="k")
        + script.file("out.txt", "file body")
        + script.sleep(0)
        + script.stream(2)
        + script.json({"ok": True})
    )
    with turn.stream() as events:
        seen = list(events)
    reasoning = "".join(e.delta for e in seen if e.type == "reasoning.delta")
    assert reasoning == "let me think"
    assert events.result.text == (
        'Start\ncalculator: 42\nlookup: value-k\ntok0 tok1 \n{"ok": true}'
    ), events.result.text
    (created,) = [e for e in seen if e.type == "file.created"]
    assert created.file.filename == "out.txt"


def test_scripted_model_runs_the_event_builders(hub: AgentHub) -> None:
    hub.skills.put("summarise", content="Summarise.", description="d")
    agent = hub.agents.create(name="s", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    turn = session.create_turn(
        script.log("warning", "careful")
        + script.retry(1, 2, 0, "flaky")
        + script.error("soft_error", "not fatal")
        + script.skill("summarise")
        + script.text("done")
    )
    with turn.stream() as events:
        seen = {e.type: e for e in events}
    assert (seen["log"].level, seen["log"].message) == ("warning", "careful")
    assert (seen["retry"].attempt, seen["retry"].error) == (1, "flaky")
    assert seen["skill.loaded"].name == "summarise"
    assert events.result.text == "done"


def test_scripted_model_ask_and_fail(hub: AgentHub) -> None:
    agent = hub.agents.create(name="s", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    result = session.prompt(
        script.ask("Which color?"),
        on_elicitation=lambda e: e.respond({"text": "blue"}),
    )
    assert result.text == "answer: blue"
    with pytest.raises(TurnFailedError) as info:
        session.prompt(script.text("partial") + script.fail("nope"))
    assert "nope" in str(info.value)
    assert json.loads(session.prompt(script.json([1, "two"])).text) == [1, "two"]
