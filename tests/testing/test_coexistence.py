"""The plugin is loaded in this repo's own suite too (the editable install registers its entry
point); tests/conftest.py's ``hub`` / ``async_hub`` / ``server`` must win, and the plugin must
not start a second server for them."""

from __future__ import annotations

import pytest

from agenthub import AgentHub, AsyncAgentHub


def test_plugin_is_loaded(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("agenthub")
    assert plugin is not None and plugin.__name__ == "agenthub.testing.plugin"


def test_conftest_hub_wins(hub: AgentHub, request: pytest.FixtureRequest) -> None:
    assert "server" in request.fixturenames  # tests/conftest.py's chain
    assert "agenthub_server" not in request.fixturenames  # no second server
    assert "agenthub_transport" not in request.fixturenames  # not parametrised by the plugin
    assert list(hub.agents.list()) == []


async def test_conftest_async_hub_wins(
    async_hub: AsyncAgentHub, request: pytest.FixtureRequest
) -> None:
    assert "server" in request.fixturenames
    assert "agenthub_server" not in request.fixturenames
    assert [a async for a in async_hub.agents.list()] == []
