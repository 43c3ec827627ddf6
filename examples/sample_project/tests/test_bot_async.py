"""The asyncio bot, with the ``async_hub`` fixture. ``@pytest.mark.anyio`` runs the test in an
event loop (anyio's pytest plugin comes with httpx: nothing else to install)."""

from __future__ import annotations

import json

import pytest
from support_bot import AsyncSupportBot
from support_bot.bot import APOLOGY

from agenthub import AsyncAgentHub
from agenthub.testing import script

pytestmark = pytest.mark.anyio


async def _bot(hub: AsyncAgentHub) -> AsyncSupportBot:
    agent = await hub.agents.create(
        name="support-bot", model="scripted", tools=["order_status", "calculator"]
    )
    return await AsyncSupportBot.open(hub, agent.id)


async def test_async_reply(async_hub: AsyncAgentHub, agenthub_transport: str) -> None:
    bot = await _bot(async_hub)
    assert bot.session.transport_name == agenthub_transport
    assert await bot.ask(script.tool("order_status", order_id="B-2")) == (
        "order_status: processing"
    )


async def test_async_json_reply(async_hub: AsyncAgentHub) -> None:
    bot = await _bot(async_hub)
    reply = await bot.ask(script.json({"status": "ok", "items": [1, 2]}))
    assert json.loads(reply) == {"status": "ok", "items": [1, 2]}


async def test_async_failure(async_hub: AsyncAgentHub) -> None:
    bot = await _bot(async_hub)
    assert await bot.ask(script.fail("boom")) == APOLOGY + "boom"
