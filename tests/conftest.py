"""Shared fixtures (importable by every test package).

- ``server`` (session): the reference server (``LocalServer``) on free loopback ports with
  test endpoints enabled; stopped at the end of the run.
- ``api_key`` (function): a fresh API key = a fresh, empty tenant for each test.
- ``hub`` / ``async_hub``: ``AgentHub`` / ``AsyncAgentHub`` bound to ``server`` with that key;
  every response they receive is validated against the spec (``spec_conformance``).
- ``faults``: ``faults(error_rate=0.5, retry_after_seconds=1)`` sets server fault injection;
  it is reset after the test.
- ``no_sleep``: makes the SDK's retry sleeps instant and records the requested delays.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _sub in ("src", "generated"):
    _p = os.path.join(ROOT, _sub)
    if _p not in sys.path:
        sys.path.insert(0, _p)

from _spec_conformance import SpecConformance  # noqa: E402

from agenthub import AgentHub, AsyncAgentHub  # noqa: E402

ADMIN_KEY = "ah_test_admin_0123456789abcdef"
# the server's /v1/_test/* endpoints need a valid key, like every other route
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture(scope="session")
def server() -> Iterator[Any]:
    from agenthub_server import LocalServer, ServerConfig

    srv = LocalServer(
        ServerConfig(
            api_keys=[ADMIN_KEY],
            test_endpoints=True,
            heartbeat_interval=0.5,
            scheduler_interval=0.1,
            max_upload_bytes=1024 * 1024,
        )
    ).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture()
def api_key(server: Any) -> str:
    """A new key registered on the server: every test gets its own empty tenant."""
    key = f"ah_test_{uuid.uuid4().hex}"
    response = httpx.post(
        f"{server.base_url}/v1/_test/api-keys", json={"api_key": key}, headers=ADMIN_AUTH
    )
    assert response.status_code == 201, response.text
    return key


@pytest.fixture()
def spec_conformance() -> Iterator[SpecConformance]:
    """Every response the hub fixtures receive is validated against the spec; the test fails
    at teardown if one strayed (see tests/_spec_conformance.py)."""
    conformance = SpecConformance()
    yield conformance
    conformance.assert_clean()


@pytest.fixture()
def hub(server: Any, api_key: str, spec_conformance: SpecConformance) -> Iterator[AgentHub]:
    with AgentHub(
        api_key=api_key, base_url=server.base_url, grpc_target=server.grpc_target
    ) as client:
        spec_conformance.install(client._pipeline.http_client)
        yield client


@pytest.fixture()
async def async_hub(
    server: Any, api_key: str, spec_conformance: SpecConformance
) -> AsyncIterator[AsyncAgentHub]:
    async with AsyncAgentHub(
        api_key=api_key, base_url=server.base_url, grpc_target=server.grpc_target
    ) as client:
        spec_conformance.install(client._pipeline.http_client)
        yield client


@pytest.fixture()
def faults(server: Any) -> Iterator[Callable[..., dict[str, Any]]]:
    url = f"{server.base_url}/v1/_test/faults"

    def set_faults(**config: Any) -> dict[str, Any]:
        response = httpx.post(url, json=config, headers=ADMIN_AUTH)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    try:
        yield set_faults
    finally:
        httpx.post(url, json={}, headers=ADMIN_AUTH)


@pytest.fixture()
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every SDK wait between attempts (request retries, gRPC retries, stream reconnects,
    download resumes, polls) returns at once; the list collects each delay (seconds)."""
    from agenthub._backends import AsyncBackend, SyncBackend

    delays: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(SyncBackend, "sleep", staticmethod(delays.append))
    monkeypatch.setattr(AsyncBackend, "sleep", staticmethod(fake_async_sleep))
    return delays


@pytest.fixture()
def grpc_sleeps(no_sleep: list[float]) -> list[float]:
    """``no_sleep`` under the name the gRPC retry tests use."""
    return no_sleep
