"""Fault injection: ``agenthub_faults`` breaks the server for one test and resets it after."""

from __future__ import annotations

from support_bot import SupportBot, create_support_agent

from agenthub import AgentHub
from agenthub.testing import FaultInjector, script


def test_reply_survives_dropped_streams(hub: AgentHub, agenthub_faults: FaultInjector) -> None:
    bot = SupportBot(hub, create_support_agent(hub))
    agenthub_faults.set(drop_stream_every=3)  # cut every event stream after 3 events
    words = " ".join(f"word{i}" for i in range(20))
    pieces: list[str] = []
    assert bot.reply(script.text(words), on_delta=pieces.append) == words
    assert "".join(pieces) == words  # resumed after each drop, every delta exactly once


def test_requests_are_retried_through_503s(hub: AgentHub, agenthub_faults: FaultInjector) -> None:
    agenthub_faults.set(error_rate=0.5, retry_after_seconds=0)  # every 2nd request fails
    agent_id = create_support_agent(hub)
    assert [a.id for a in hub.agents.list()] == [agent_id]  # retried, never duplicated
    assert SupportBot(hub, agent_id).ask(script.text("still here")) == "still here"
