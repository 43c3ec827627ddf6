"""The support bot, tested with the agenthub plugin's ``hub`` fixture and ``script`` helpers.

``hub`` is an ``AgentHub`` on the reference server with a fresh tenant for every test; with
``agenthub_transport = "both"`` (pyproject.toml) each test runs once over SSE and once over
gRPC.
"""

from __future__ import annotations

import pytest
from support_bot import SupportBot, create_support_agent
from support_bot.bot import APOLOGY

from agenthub import AgentHub
from agenthub.testing import script


@pytest.fixture()
def bot(hub: AgentHub) -> SupportBot:
    return SupportBot(hub, create_support_agent(hub))


def test_each_test_has_its_own_tenant(hub: AgentHub) -> None:
    assert list(hub.agents.list()) == []  # nothing left over from other tests
    create_support_agent(hub)
    assert [a.name for a in hub.agents.list()] == ["support-bot"]


def test_sessions_use_the_transport_under_test(bot: SupportBot, agenthub_transport: str) -> None:
    assert bot.session.transport_name == agenthub_transport


def test_reply_streams_text(bot: SupportBot) -> None:
    pieces: list[str] = []
    assert bot.reply(script.text("Hello, how can I help?"), on_delta=pieces.append) == (
        "Hello, how can I help?"
    )
    assert pieces == ["Hello,", " how", " can", " I", " help?"]


def test_order_lookup_goes_through_the_client_tool(bot: SupportBot) -> None:
    turn = script.text("Let me check.") + script.tool("order_status", order_id="A-1")
    assert bot.reply(turn) == "Let me check.\norder_status: shipped"


def test_calculator(bot: SupportBot) -> None:
    assert bot.ask(script.tool("calculator", expression="6*7")) == "calculator: 42"


@pytest.mark.parametrize(("allow", "outcome"), [(True, "file_"), (False, "declined")])
def test_file_writes_need_approval(hub: AgentHub, allow: bool, outcome: str) -> None:
    bot = SupportBot(hub, create_support_agent(hub), allow_writes=allow)
    text = bot.reply(script.tool("write_file", filename="note.txt", content="hi"))
    assert text.startswith(f"write_file: {outcome}")
    assert len(bot.session.files.list().data) == (1 if allow else 0)


def test_failures_become_an_apology(bot: SupportBot) -> None:
    assert bot.reply(script.text("Working on it") + script.fail("model overloaded")) == (
        APOLOGY + "model overloaded"
    )
    assert bot.ask(script.fail("still overloaded")) == APOLOGY + "still overloaded"
