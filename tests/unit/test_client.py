"""Client surface: with_options, raw responses, redaction, capabilities, escape hatch."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import agenthub
from agenthub import (
    AgentHub,
    AsyncAgentHub,
    AuthenticationError,
    CapabilityUnavailableError,
    ProtocolError,
    RawResponse,
)
from agenthub.types import Agent, UserMessageInput

BASE = "http://agenthub.test"
SECRET = "ak_unit_SECRET_0123456789"
AGENT: dict[str, Any] = {
    "id": "agt_1",
    "object": "agent",
    "name": "a",
    "description": None,
    "model": "scripted",
    "instructions": None,
    "tools": [],
    "require_approval": "never",
    "metadata": {"team": "risk"},
    "revision": 1,
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z",
}
CAPS = {
    "contract_version": "1.0.0",
    "capabilities": [
        {"id": "agents", "status": "available"},
        {"id": "events.grpc", "status": "experimental"},
        {"id": "files", "status": "unavailable"},
    ],
    "grpc_target": None,
}


def test_with_options_shares_http_client() -> None:
    hub = AgentHub(api_key=SECRET, base_url=BASE, timeout=30, max_retries=2)
    copy = hub.with_options(timeout=5, max_retries=7, headers={"X-A": "1"})
    assert copy is not hub
    assert copy._pipeline.http_client is hub._pipeline.http_client
    assert copy.max_retries == 7 and hub.max_retries == 2
    assert copy.timeout.read == 5 and hub.timeout.read == 30
    assert copy._root is hub
    assert copy.agents is not hub.agents and copy.agents._pipeline is copy._pipeline
    copy.close()  # does not close the shared pool
    assert not hub._pipeline.http_client.is_closed
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(200, json=AGENT)
        hub.with_options(headers={"X-A": "1"}).agents.get("agt_1")
        assert route.calls.last.request.headers["x-a"] == "1"
        hub.agents.get("agt_1")
        assert "x-a" not in route.calls.last.request.headers
    hub.close()
    assert hub._pipeline.http_client.is_closed


def test_with_raw_response() -> None:
    hub = AgentHub(api_key=SECRET, base_url=BASE)
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(200, json=AGENT, headers={"x-request-id": "req_9"})
        mock.get("/v1/agents").respond(
            200, json={"object": "list", "data": [AGENT], "has_more": False, "next_cursor": None}
        )
        mock.delete("/v1/agents/agt_1").respond(204)
        raw = hub.agents.with_raw_response.get("agt_1")
        assert isinstance(raw, RawResponse)
        assert raw.status_code == 200 and raw.request_id == "req_9"
        assert raw.headers["x-request-id"] == "req_9"
        assert isinstance(raw.http_response, httpx.Response)
        agent = raw.parse()
        assert isinstance(agent, Agent) and agent.id == "agt_1" and raw.parse() is agent
        page = hub.agents.with_raw_response.list().parse()
        assert [a.id for a in page] == ["agt_1"]
        raw_delete = hub.agents.with_raw_response.delete("agt_1")
        assert raw_delete.status_code == 204 and raw_delete.parse() is None
        # raw mode does not leak into the next normal call
        assert isinstance(hub.agents.get("agt_1"), Agent)


async def test_with_raw_response_async() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(200, json=AGENT, headers={"x-request-id": "req_a"})
        mock.get("/v1/agents").respond(
            200, json={"object": "list", "data": [AGENT], "has_more": False, "next_cursor": None}
        )
        async with AsyncAgentHub(api_key=SECRET, base_url=BASE) as hub:
            raw = await hub.agents.with_raw_response.get("agt_1")
            assert raw.request_id == "req_a" and raw.parse().name == "a"
            page = (await hub.agents.with_raw_response.list()).parse()
            assert [a.id async for a in page] == ["agt_1"]
            assert isinstance(await hub.agents.get("agt_1"), Agent)


def test_raw_response_bad_body_parse_raises_protocol_error() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(200, content=b"nope")
        raw = AgentHub(api_key=SECRET, base_url=BASE).agents.with_raw_response.get("agt_1")
        with pytest.raises(ProtocolError):
            raw.parse()


def test_repr_hides_secrets() -> None:
    hub = AgentHub(api_key=SECRET, base_url=BASE)
    token_hub = AgentHub(access_token="tok_SECRET_abcdef", base_url=BASE)
    for text in (repr(hub), str(hub), repr(hub._pipeline), repr(token_hub), repr(hub.agents)):
        assert SECRET not in text and "tok_SECRET" not in text


def test_redaction_in_logs_and_errors(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AGENTHUB_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    hub = AgentHub(api_key=SECRET, base_url=BASE, max_retries=1)
    token_hub = AgentHub(access_token=lambda: "tok_SECRET_abcdef", base_url=BASE, max_retries=0)
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(
            401, json={"code": "unauthenticated", "detail": "Invalid API key"}
        )
        mock.get("/v1/agents/agt_2").respond(503)
        with pytest.raises(AuthenticationError) as info:
            hub.agents.get("agt_1")
        with pytest.raises(agenthub.InternalServerError) as info2:
            hub.agents.get("agt_2")
        with pytest.raises(AuthenticationError) as info3:
            token_hub.agents.get("agt_1")
    # the module logger logs something and never the secret
    logger = logging.getLogger("agenthub")
    logger.debug("manual Authorization: Bearer %s and api_key=%s", SECRET, "ak_other_123456")
    assert any(r.name == "agenthub" for r in caplog.records)
    text = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "agenthub request" in text
    assert SECRET not in text and "tok_SECRET" not in text and "ak_other_123456" not in text
    for err in (info.value, info2.value, info3.value):
        assert SECRET not in str(err) and SECRET not in repr(err)
        assert "tok_SECRET" not in str(err)


def test_capabilities_cached_and_checked() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/capabilities").respond(200, json=CAPS)
        hub = AgentHub(api_key=SECRET, base_url=BASE)
        assert hub.capabilities.contract_version == "1.0.0"
        assert hub.contract_version == "1.0.0"
        assert hub.has_capability("agents") and hub.has_capability("events.grpc")
        assert not hub.has_capability("files") and not hub.has_capability("nope")
        hub.require_capability("agents")
        with pytest.raises(CapabilityUnavailableError) as info:
            hub.require_capability("files")
        assert info.value.capability == "files"
        assert route.call_count == 1
        hub.get_capabilities(refresh=True)
        assert route.call_count == 2
        with pytest.raises(CapabilityUnavailableError):
            hub.with_options(timeout=1)._resolve_grpc_target()


@pytest.mark.parametrize("version", ["2.0.0", "0.9", "x"])
def test_contract_major_mismatch(version: str) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/capabilities").respond(200, json={**CAPS, "contract_version": version})
        with pytest.raises(ProtocolError, match="Incompatible server"):
            AgentHub(api_key=SECRET, base_url=BASE).get_capabilities()


async def test_async_capabilities() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/capabilities").respond(200, json=CAPS)
        async with AsyncAgentHub(api_key=SECRET, base_url=BASE) as hub:
            assert (await hub.capabilities).contract_version == "1.0.0"
            assert await hub.contract_version == "1.0.0"
            assert await hub.has_capability("agents")
            with pytest.raises(CapabilityUnavailableError):
                await hub.require_capability("files")


def test_request_escape_hatch() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").respond(200, json=AGENT)
        hub = AgentHub(api_key=SECRET, base_url=BASE)
        data = hub.request("GET", "/v1/agents/agt_1", params={"x": 1, "skip": None})
        assert data["id"] == "agt_1"
        assert route.calls.last.request.url.params["x"] == "1"
        assert "skip" not in route.calls.last.request.url.params
        assert hub.request("GET", "/v1/agents/agt_1", cast_to=Agent).name == "a"
        assert hub.request("GET", "/v1/agents/agt_1", cast_to=Agent.from_dict).name == "a"
        post = mock.post("/v1/things").respond(201, json={"ok": True})
        assert hub.request("POST", "/v1/things", json={"a": 1}) == {"ok": True}
        assert post.calls.last.request.headers["idempotency-key"].startswith("ik_")
        assert post.calls.last.request.content == b'{"a":1}'


def test_request_builds_generated_models() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/v1/agents").respond(201, json=AGENT)
        hub = AgentHub(api_key=SECRET, base_url=BASE)
        hub.agents.create(
            name="a",
            tools=["calculator"],
            require_approval=["calculator"],
            metadata={"team": "risk"},
        )
        import json

        body = json.loads(route.calls.last.request.content)
        assert body == {
            "name": "a",
            "model": "scripted",
            "tools": ["calculator"],
            "require_approval": ["calculator"],
            "metadata": {"team": "risk"},
        }
        patch = mock.patch("/v1/agents/agt_1").respond(200, json=AGENT)
        hub.agents.update("agt_1", description=None, if_revision=3)
        assert json.loads(patch.calls.last.request.content) == {"description": None}
        assert patch.calls.last.request.headers["if-match"] == '"3"'


def test_builtin_named_fields_are_real_attributes() -> None:
    """``type``/``input``/``object``/``format`` are generated attributes (no ``_`` alias)."""
    import attrs

    from agenthub.types import AgentDefinition, Schedule, TurnCreate

    agent = Agent.from_dict(AGENT)
    assert agent.object == "agent"
    msg = UserMessageInput.from_dict({"type": "user.message", "content": "hi"})
    assert msg.type == "user.message"
    for cls, name in (
        (Schedule, "input"),
        (TurnCreate, "input"),
        (Agent, "object"),
        (AgentDefinition, "format"),
    ):
        names = {f.name for f in attrs.fields(cls)}
        assert name in names and f"{name}_" not in names, cls


def test_public_names() -> None:
    for name in (
        "AgentHub",
        "AsyncAgentHub",
        "SyncCursorPage",
        "AsyncCursorPage",
        "RawResponse",
        "Timeout",
        "RequestOptions",
        "NOT_GIVEN",
        "__version__",
    ):
        assert hasattr(agenthub, name), name
    assert agenthub.CONTRACT_VERSION == "1.0"


def test_sync_is_derived_from_async() -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "run_unasync.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
