"""``start_local`` — the implementation of ``AgentHub.local()`` / ``AsyncAgentHub.local()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenthub import AgentHub, APIConnectionError, AsyncAgentHub, ConfigurationError
from agenthub.local import get_local_server, start_local


def test_sync_client_owns_the_server(tmp_path: Path) -> None:
    with start_local(AgentHub, max_retries=0) as hub:
        server = get_local_server(hub)
        assert server is not None
        assert hub.base_url == server.base_url
        assert hub.health().status == "ok"
        agent = hub.agents.create(name="x", tools=["calculator"])
        assert hub.agents.get(agent.id).name == "x"
        # a with_options copy shares the server; closing it does not stop the server
        copy = hub.with_options(timeout=5)
        assert get_local_server(copy) is None
        copy.close()
        assert hub.health().status == "ok"
        base_url = hub.base_url
    assert server._thread is None  # stopped
    with (
        AgentHub(api_key="k", base_url=base_url, max_retries=0) as other,
        pytest.raises(APIConnectionError),
    ):
        other.health()


def test_server_options_and_client_options(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite"
    hub = start_local(
        AgentHub,
        db=str(db),
        heartbeat_interval=1.0,
        grpc=False,
        api_key="ah_local_mine",
        timeout=7,
        max_retries=1,
    )
    try:
        server = get_local_server(hub)
        assert server is not None
        assert server.api_key == "ah_local_mine"
        assert server.config.heartbeat_interval == 1.0 and server.grpc_target is None
        assert hub.max_retries == 1
        hub.agents.create(name="persisted")
    finally:
        hub.close()
    hub.close()  # idempotent
    assert db.exists()
    # the same file again: the agent is still there
    with start_local(AgentHub, server_options={"db": str(db)}, api_key="ah_local_mine") as again:
        assert [a.name for a in again.agents.list()] == ["persisted"]


def test_rejects_bound_and_invalid_options() -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        start_local(AgentHub, base_url="http://example.com")
    with pytest.raises(ConfigurationError, match="invalid local server option"):
        start_local(AgentHub, faults={"error_rate": 5})


async def test_async_client_owns_the_server() -> None:
    async with start_local(AsyncAgentHub) as hub:
        server = get_local_server(hub)
        assert (await hub.health()).status == "ok"
        agent = await hub.agents.create(name="a")
        assert agent.id.startswith("agt_")
    assert server is not None and server._thread is None
