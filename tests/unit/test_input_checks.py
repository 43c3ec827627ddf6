"""Issue 14 items 11, 12, 14 at the unit level: path ids, credentials, headers, deadlines."""

from __future__ import annotations

import time

import httpx
import pytest
import respx

from agenthub import AgentHub, APITimeoutError, AsyncAgentHub, ConfigurationError
from agenthub._async._http import call_budget, check_path
from agenthub._config import clean_credential
from agenthub._deadline import clamp_timeout, current_deadline, deadline_scope
from agenthub._types import check_headers

BASE = "http://agenthub.test"


@pytest.mark.parametrize(
    "url",
    [
        "/v1/sessions/ses_1/files/..",
        "/v1/sessions/ses_1/files/.",
        "/v1/sessions/ses_1/files/",
        "/v1/agents/%2E%2E",
        "/v1/agents/a%2Fb",
        "/v1/agents//x",
        "http://host/v1/agents/..?x=1",
    ],
)
def test_check_path_refuses(url: str) -> None:
    with pytest.raises(ValueError, match="cannot be used in a URL path"):
        check_path("DELETE", url)


@pytest.mark.parametrize(
    "url", ["/v1/agents/agt_1", "/v1/agents/a..b", "/v1/agents/.hidden", "/v1/x?after=..", "/"]
)
def test_check_path_accepts(url: str) -> None:
    if url == "/":
        with pytest.raises(ValueError):  # an empty segment after the root
            check_path("GET", url)
        return
    check_path("GET", url)


def test_sync_and_async_refuse_before_sending() -> None:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        route = mock.route()
        hub = AgentHub(api_key="k", base_url=BASE)
        with pytest.raises(ValueError, match=r"'\.\.'"):
            hub.agents.get("..")
        assert route.call_count == 0


async def test_async_refuses_before_sending() -> None:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        route = mock.route()
        async with AsyncAgentHub(api_key="k", base_url=BASE) as hub:
            with pytest.raises(ValueError, match="empty id"):
                await hub.agents.delete("")
        assert route.call_count == 0


def test_clean_credential() -> None:
    assert clean_credential("  ak_1\n", "x") == "ak_1"
    assert clean_credential("\r\n\t", "x") is None
    assert clean_credential(None, "x") is None
    for bad, kind in [("ak\n1", "U+000A"), ("ak\x7f1", "U+007F"), ("ak\u00e91", "non-ASCII")]:
        with pytest.raises(ConfigurationError) as info:
            clean_credential(bad, "api_key=")
        assert kind in str(info.value) and "position 2" in str(info.value)
        assert bad not in str(info.value)


def test_whitespace_only_key_falls_through_the_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTHUB_API_KEY", "ak_from_env\n")
    hub = AgentHub(api_key="   ", base_url=BASE)
    assert hub._pipeline._api_key == "ak_from_env"


def test_profile_key_is_cleaned(_isolated_env: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    Path(str(_isolated_env), "config.toml").write_text('[default]\napi_key = "ak_p\\u00e9"\n')
    with pytest.raises(ConfigurationError, match="profile 'default'"):
        AgentHub(base_url=BASE)


def test_check_headers() -> None:
    check_headers({"X-A": "plain value\twith tab", "Idempotency-Key": "ik_1"})
    for headers in ({"X-A": "a\nb"}, {"X-A": "\u00e9"}, {"X A": "1"}, {"": "1"}, {"X:": "1"}):
        with pytest.raises(ValueError) as info:
            check_headers(headers)
        assert "\u00e9" not in str(info.value) and "a\nb" not in str(info.value)


def test_check_headers_mapping_and_what() -> None:
    for bad in ("X-A: 1", ["X-A"], None):
        with pytest.raises(TypeError, match="extra_headers must be a mapping of str to str"):
            check_headers(bad, "extra_headers")
    with pytest.raises(TypeError, match="default_headers: header names and values"):
        check_headers({"X-A": 1}, "default_headers")


def test_request_options_check_headers_once_when_made() -> None:
    from agenthub import RequestOptions

    with pytest.raises(ValueError, match="'X-A'"):
        RequestOptions(extra_headers={"X-A": "a\nb"})
    with pytest.raises(TypeError, match="extra_headers must be a mapping"):
        RequestOptions.from_call({"extra_headers": "X-A: 1"})  # type: ignore[typeddict-item]
    with pytest.raises(ValueError, match="Idempotency-Key"):
        RequestOptions.from_call({"idempotency_key": "ik\r\nX-Evil: 1"})
    assert RequestOptions.from_call({"extra_headers": {"X-A": "1"}}).extra_headers == {"X-A": "1"}


@respx.mock(base_url=BASE, assert_all_called=False)
def test_bad_idempotency_key_or_header_is_refused_before_any_request(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post("/v1/sessions/ses_1/cancel").respond(200, json={})
    with AgentHub(api_key="ak_test", base_url=BASE) as hub:
        with pytest.raises(ValueError, match="Idempotency-Key"):
            hub.sessions.cancel("ses_1", idempotency_key="ik\n1")
        with pytest.raises(ValueError, match="'X-A'"):
            hub.sessions.cancel("ses_1", extra_headers={"X-A": "\u00e9"})
    assert not route.called


def test_check_path_fast_path_agrees() -> None:
    check_path("GET", "/v1/sessions/ses_1/events?after=1")
    check_path("GET", "http://h:1/v1/.well-known/x")  # '/.' but no dot segment
    for url in ("/v1/sessions/", "/v1//x", "/v1/./x", "/v1/../x", "/v1/a%2Fb", "/v1/..", "/"):
        with pytest.raises(ValueError):
            check_path("GET", url)


def test_call_budget() -> None:
    assert call_budget(2) == 2.0 and call_budget(0.5) == 0.5
    assert call_budget(None) is None and call_budget(httpx.Timeout(3.0)) is None


def test_deadline_scope_nests_to_the_earliest() -> None:
    assert current_deadline() is None
    with deadline_scope(100.0):
        assert current_deadline() == 100.0
        with deadline_scope(200.0):
            assert current_deadline() == 100.0  # the outer, earlier one wins
        with deadline_scope(50.0):
            assert current_deadline() == 50.0
        with deadline_scope(None):
            assert current_deadline() == 100.0
        assert current_deadline() == 100.0
    assert current_deadline() is None


def test_clamp_timeout() -> None:
    t = httpx.Timeout(30.0, connect=5.0)
    assert clamp_timeout(t, None) is t
    c = clamp_timeout(t, time.monotonic() + 2.0)
    assert 1.9 < c.read <= 2.0 and 1.9 < c.connect <= 2.0  # type: ignore[operator]
    expired = clamp_timeout(httpx.Timeout(None), time.monotonic() - 1)
    assert expired.read == 0.001  # never "no timeout" once the budget is gone


def test_sdk_client_transport_is_wrapped_user_client_is_not() -> None:
    hub = AgentHub(api_key="k", base_url=BASE)
    pool = hub._pipeline.http_client._transport._pool  # type: ignore[attr-defined]
    assert type(pool._network_backend).__name__ == "DeadlineBackend"
    ahub = AsyncAgentHub(api_key="k", base_url=BASE)
    apool = ahub._pipeline.http_client._transport._pool  # type: ignore[attr-defined]
    assert type(apool._network_backend).__name__ == "AsyncDeadlineBackend"
    mine = httpx.Client()
    AgentHub(api_key="k", base_url=BASE, http_client=mine)
    assert type(mine._transport._pool._network_backend).__name__ != "DeadlineBackend"  # type: ignore[attr-defined]
    mine.close()
    hub.close()


def test_expired_budget_is_a_timeout_not_a_retry(no_sleep: list[float]) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        raise httpx.ReadTimeout("slow", request=request)

    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/agents/agt_1").mock(side_effect=slow)
        hub = AgentHub(api_key="k", base_url=BASE, max_retries=5)
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"timeout of 0\.5s"):
            hub.agents.get("agt_1", timeout=0.5)
        # 0.3 s per attempt: a second one only if the (jittered) backoff fit in the time left
        assert route.call_count in (1, 2)
        assert time.monotonic() - started < 0.9
