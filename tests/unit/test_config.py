"""Credential chain, base URL and gRPC target resolution."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from agenthub import AgentHub, AsyncAgentHub, ConfigurationError

BASE = "http://agenthub.test"


def write_profile(config_dir: Path, text: str) -> None:
    (config_dir / "config.toml").write_text(text)


def sent_auth(route: respx.Route) -> str:
    return str(route.calls.last.request.headers["authorization"])


@pytest.fixture()
def health() -> respx.Route:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock.get("/v1/health").respond(200, json={"status": "ok", "version": "1"})


def test_no_credentials_raises_with_fix(_isolated_env: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        AgentHub()
    message = str(info.value)
    assert "api_key=" in message and "AGENTHUB_API_KEY" in message
    assert str(_isolated_env / "config.toml") in message


def test_async_no_credentials_raises() -> None:
    with pytest.raises(ConfigurationError):
        AsyncAgentHub()


def test_chain_order(
    monkeypatch: pytest.MonkeyPatch, _isolated_env: Path, health: respx.Route
) -> None:
    write_profile(_isolated_env, '[default]\napi_key = "ak_profile"\n')
    monkeypatch.setenv("AGENTHUB_API_KEY", "ak_env")

    AgentHub(api_key="ak_arg", access_token="tok", base_url=BASE).health()
    assert sent_auth(health) == "Bearer ak_arg"
    AgentHub(access_token="tok_arg", base_url=BASE).health()
    assert sent_auth(health) == "Bearer tok_arg"
    AgentHub(base_url=BASE).health()
    assert sent_auth(health) == "Bearer ak_env"
    monkeypatch.delenv("AGENTHUB_API_KEY")
    AgentHub(base_url=BASE).health()
    assert sent_auth(health) == "Bearer ak_profile"


def test_named_profile(
    monkeypatch: pytest.MonkeyPatch, _isolated_env: Path, health: respx.Route
) -> None:
    write_profile(
        _isolated_env,
        '[default]\napi_key = "ak_default"\n\n[staging]\napi_key = "ak_staging"\n'
        f'base_url = "{BASE}"\ngrpc_target = "staging:443"\n',
    )
    monkeypatch.setenv("AGENTHUB_PROFILE", "staging")
    hub = AgentHub()
    assert hub.base_url == BASE
    assert hub._grpc_target == "staging:443"
    hub.health()
    assert sent_auth(health) == "Bearer ak_staging"


def test_profiles_table_form(_isolated_env: Path) -> None:
    write_profile(_isolated_env, '[profiles.default]\napi_key = "ak_p"\n')
    assert AgentHub()._pipeline._api_key == "ak_p"


def test_missing_named_profile(monkeypatch: pytest.MonkeyPatch, _isolated_env: Path) -> None:
    write_profile(_isolated_env, '[default]\napi_key = "x"\n')
    monkeypatch.setenv("AGENTHUB_PROFILE", "nope")
    with pytest.raises(ConfigurationError, match="nope"):
        AgentHub()


def test_invalid_toml(_isolated_env: Path) -> None:
    write_profile(_isolated_env, "[default\napi_key=")
    with pytest.raises(ConfigurationError, match="Invalid TOML"):
        AgentHub()


def test_base_url_chain(monkeypatch: pytest.MonkeyPatch, _isolated_env: Path) -> None:
    write_profile(_isolated_env, '[default]\nbase_url = "http://profile:1"\n')
    monkeypatch.setenv("AGENTHUB_BASE_URL", "http://env:2/")
    assert AgentHub(api_key="k", base_url="http://arg:3/").base_url == "http://arg:3"
    assert AgentHub(api_key="k").base_url == "http://env:2"
    monkeypatch.delenv("AGENTHUB_BASE_URL")
    assert AgentHub(api_key="k").base_url == "http://profile:1"
    write_profile(_isolated_env, "")
    assert AgentHub(api_key="k").base_url == "http://127.0.0.1:8080"


def test_bad_base_url() -> None:
    with pytest.raises(ConfigurationError):
        AgentHub(api_key="k", base_url="ftp://x")


def test_grpc_target_chain(monkeypatch: pytest.MonkeyPatch, _isolated_env: Path) -> None:
    write_profile(_isolated_env, '[default]\ngrpc_target = "profile:1"\n')
    monkeypatch.setenv("AGENTHUB_GRPC_TARGET", "env:2")
    assert AgentHub(api_key="k", grpc_target="arg:3")._grpc_target == "arg:3"
    assert AgentHub(api_key="k")._grpc_target == "env:2"
    monkeypatch.delenv("AGENTHUB_GRPC_TARGET")
    assert AgentHub(api_key="k")._grpc_target == "profile:1"


async def test_grpc_target_from_capabilities() -> None:
    caps = {"contract_version": "1.0.0", "capabilities": [], "grpc_target": "host:9"}
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/capabilities").respond(200, json=caps)
        hub = AsyncAgentHub(api_key="k", base_url=BASE)
        assert await hub._resolve_grpc_target() == "host:9"
        assert await hub._resolve_grpc_target() == "host:9"
        assert route.call_count == 1


def test_callable_token_called_per_request(health: respx.Route) -> None:
    tokens = iter(["tok_1", "tok_2", "tok_3"])
    hub = AgentHub(access_token=lambda: next(tokens), base_url=BASE)
    hub.health()
    assert sent_auth(health) == "Bearer tok_1"
    hub.health()
    assert sent_auth(health) == "Bearer tok_2"


async def test_async_callable_tokens(health: respx.Route) -> None:
    calls = 0

    async def token() -> str:
        nonlocal calls
        calls += 1
        return f"atok_{calls}"

    async with AsyncAgentHub(access_token=token, base_url=BASE) as hub:
        await hub.health()
        await hub.health()
    assert sent_auth(health) == "Bearer atok_2"
    async with AsyncAgentHub(access_token=lambda: "sync_tok", base_url=BASE) as hub:
        await hub.health()
    assert sent_auth(health) == "Bearer sync_tok"


def test_callable_token_must_return_string(health: respx.Route) -> None:
    hub = AgentHub(access_token=lambda: "", base_url=BASE)
    with pytest.raises(ConfigurationError):
        hub.health()


def test_user_agent_and_default_headers(health: respx.Route) -> None:
    AgentHub(api_key="k", base_url=BASE, default_headers={"X-Team": "risk"}).health()
    headers = health.calls.last.request.headers
    assert headers["user-agent"].startswith("agenthub-python/")
    assert headers["x-team"] == "risk"
    assert headers["x-agenthub-retry-count"] == "0"


def test_user_http_client_not_closed(health: respx.Route) -> None:
    client = httpx.Client()
    with AgentHub(api_key="k", base_url=BASE, http_client=client) as hub:
        hub.health()
    assert not client.is_closed
    client.close()
    hub2 = AgentHub(api_key="k", base_url=BASE)
    hub2.close()
    assert hub2._pipeline.http_client.is_closed
