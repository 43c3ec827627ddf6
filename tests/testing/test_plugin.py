"""The pytest plugin (agenthub.testing.plugin), run as users run it: pytest in a subprocess on
a project of its own, the plugin loaded by its entry point.

One inner session covers fixture isolation (fresh tenant per test, shared by hub and
async_hub), fault reset (even after a test that crashed with faults on), the transport
option and marker, conftest fixtures overriding the plugin's, and a single server per session
that is stopped at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._inner import run_pytest, write_project

PROJECT = {
    "pytest.ini": """
        [pytest]
        timeout = 120
    """,
    "conftest.py": """
        import json, os
        from pathlib import Path

        import httpx
        import pytest

        SERVERS = set()

        @pytest.fixture(autouse=True)
        def _remember_server(request):
            if "agenthub_server" in request.fixturenames:
                SERVERS.add(request.getfixturevalue("agenthub_server").base_url)

        def pytest_sessionfinish(session):
            # session fixtures are torn down by now: the server must be gone
            states = {}
            for url in SERVERS:
                try:
                    httpx.get(url + "/v1/health", timeout=2)
                    states[url] = "running"
                except httpx.TransportError:
                    states[url] = "stopped"
            Path(os.environ["PLUGIN_REPORT"]).write_text(json.dumps(states))
    """,
    "test_isolation.py": """
        import httpx
        import pytest

        from agenthub import AgentHub, NotFoundError

        KEYS = []

        def test_first(hub, agenthub_api_key):
            hub.agents.create(name="mine", model="scripted")
            assert [a.name for a in hub.agents.list()] == ["mine"]
            KEYS.append(agenthub_api_key)

        def test_second(hub, agenthub_api_key):
            assert list(hub.agents.list()) == []  # test_first's agent is in another tenant
            assert agenthub_api_key not in KEYS

        def test_other_tenants_see_404(hub, agenthub_server):
            agent = hub.agents.create(name="private", model="scripted")
            key = "ah_test_other_tenant_" + agent.id
            httpx.post(agenthub_server.base_url + "/v1/_test/api-keys", json={"api_key": key},
                       headers={"Authorization": "Bearer " + agenthub_server.api_key})
            with AgentHub(api_key=key, base_url=agenthub_server.base_url) as other:
                with pytest.raises(NotFoundError):
                    other.agents.get(agent.id)

        @pytest.mark.anyio
        async def test_hub_and_async_hub_share_the_tenant(hub, async_hub):
            agent = hub.agents.create(name="both", model="scripted")
            assert (await async_hub.agents.get(agent.id)).name == "both"
    """,
    "test_faults.py": """
        import time

        import pytest

        from agenthub import InternalServerError, RateLimitError
        from agenthub.testing import script

        def test_crashes_with_faults_on(hub, agenthub_faults):
            config = agenthub_faults.set(error_rate=1.0, retry_after_seconds=0)
            assert config["error_rate"] == 1.0
            with pytest.raises(InternalServerError):
                list(hub.with_options(max_retries=0).agents.list())
            raise RuntimeError("this test fails with the faults still on")

        def test_faults_were_reset(hub):  # no agenthub_faults here: the teardown reset them
            assert list(hub.with_options(max_retries=0).agents.list()) == []

        def test_latency_and_dropped_streams(hub, agenthub_faults):
            agenthub_faults.set(latency_seconds=0.3)
            start = time.monotonic()
            agent = hub.agents.create(name="slow", model="scripted")
            assert time.monotonic() - start >= 0.3
            agenthub_faults.set(drop_stream_every=2)  # latency back to 0
            session = hub.sessions.create(agent_id=agent.id)
            words = " ".join(f"w{i}" for i in range(12))
            with session.create_turn(script.text(words)).stream() as events:
                deltas = [e.delta for e in events if e.type == "message.delta"]
            assert "".join(deltas) == words == events.result.text

        def test_invalid_fault_values(agenthub_faults):
            with pytest.raises(ValueError):
                agenthub_faults.set(error_rate=2.0)

        def test_rate_limit_faults(hub, agenthub_faults):
            config = agenthub_faults.set(error_rate=1.0, error_code="rate_limited")
            assert config["error_code"] == "rate_limited"
            with pytest.raises(RateLimitError) as caught:
                list(hub.with_options(max_retries=0).agents.list())
            assert caught.value.status_code == 429 and caught.value.retry_after == 1.0
    """,
    "test_transport.py": """
        import pytest

        def test_sessions_default_to_the_transport(hub, agenthub_transport):
            agent = hub.agents.create(name="t", model="scripted")
            session = hub.sessions.create(agent_id=agent.id)
            assert session.transport_name == agenthub_transport
            assert session.prompt("hello there").text == "hello there"
            assert hub.sessions.get(session.id).transport_name == agenthub_transport
            copy = hub.with_options(timeout=30)
            assert copy.sessions.create(agent_id=agent.id).transport_name == agenthub_transport
            explicit = hub.sessions.create(agent_id=agent.id, transport="sse")
            assert explicit.transport_name == "sse"

        @pytest.mark.anyio
        async def test_async_sessions_default_too(async_hub, agenthub_transport):
            agent = await async_hub.agents.create(name="t", model="scripted")
            session = await async_hub.sessions.create(agent_id=agent.id)
            assert session.transport_name == agenthub_transport
            assert (await session.prompt("hi")).text == "hi"

        @pytest.mark.agenthub_transport("grpc")
        def test_marker_pins_the_transport(hub, agenthub_transport):
            assert agenthub_transport == "grpc"

        def test_without_the_fixtures():
            pass
    """,
    "sub/conftest.py": """
        import pytest

        @pytest.fixture()
        def hub():
            return "my own hub"
    """,
    "sub/test_override.py": """
        def test_conftest_hub_wins(hub, request):
            assert hub == "my own hub"
            assert "agenthub_server" not in request.fixturenames
            assert "agenthub_transport" not in request.fixturenames
    """,
}


def test_plugin_session(tmp_path: Path) -> None:
    write_project(tmp_path, PROJECT)
    report = tmp_path / "servers.json"
    proc, outcomes = run_pytest(
        tmp_path, "--agenthub-transport=both", env={"PLUGIN_REPORT": str(report)}
    )
    out = proc.stdout + proc.stderr
    assert "agenthub: transport=both, server extra installed" in out, out[-3000:]

    expected: dict[str, str] = {}
    for transport in ("sse", "grpc"):
        for name in (
            "test_first",
            "test_second",
            "test_other_tenants_see_404",
            "test_faults_were_reset",
            "test_latency_and_dropped_streams",
            "test_sessions_default_to_the_transport",
            "test_rate_limit_faults",
        ):
            expected[f"{name}[{transport}]"] = "passed"
        expected[f"test_crashes_with_faults_on[{transport}]"] = "failed"  # on purpose
        for name in ("test_hub_and_async_hub_share_the_tenant", "test_async_sessions_default_too"):
            expected[f"{name}[asyncio-{transport}]"] = "passed"
    expected["test_marker_pins_the_transport[grpc]"] = "passed"
    expected["test_without_the_fixtures"] = "passed"
    expected["test_invalid_fault_values"] = "passed"
    expected["test_conftest_hub_wins"] = "passed"
    assert outcomes == expected, out[-6000:]

    servers = json.loads(report.read_text())
    assert list(servers.values()) == ["stopped"], servers  # one server, stopped at the end


def test_single_transport_option_and_ini(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pytest.ini": """
                [pytest]
                agenthub_transport = grpc
            """,
            "test_t.py": """
                def test_t(hub, agenthub_transport):
                    agent = hub.agents.create(name="t", model="scripted")
                    assert hub.sessions.create(agent_id=agent.id).transport_name == "grpc"
            """,
        },
    )
    proc, outcomes = run_pytest(tmp_path)
    assert outcomes == {"test_t[grpc]": "passed"}, proc.stdout[-3000:]
    proc, outcomes = run_pytest(tmp_path, "--agenthub-transport=sse")  # option beats ini
    assert outcomes == {"test_t[sse]": "failed"}, proc.stdout[-3000:]
