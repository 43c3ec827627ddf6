"""Test helpers (docs/testing.md): :data:`script` writes the ``scripted`` model's input,
:class:`FaultInjector` is what the ``agenthub_faults`` fixture of the pytest plugin
(:mod:`agenthub.testing.plugin`) yields. This package itself does not import pytest."""

from __future__ import annotations

from typing import Any, Literal, cast

import httpx

from ._script import Script, ScriptBuilder, script

__all__ = ["FaultInjector", "Script", "ScriptBuilder", "script"]


def _post_test_endpoint(base_url: str, api_key: str, path: str, body: Any) -> httpx.Response:
    """``POST {base_url}/v1/_test/{path}``; test endpoints are exempt from the faults."""
    url = f"{base_url.rstrip('/')}/v1/_test/{path}"
    return httpx.post(url, json=body, headers={"Authorization": f"Bearer {api_key}"}, timeout=10)


class FaultInjector:
    """Fault injection of the reference server at ``base_url`` through ``POST /v1/_test/faults``
    (authenticated with ``api_key``, any key valid there). Faults are server-wide: every client
    of that server meets them until :meth:`reset`. Fields, as ``agenthub_server.FaultConfig``:
    ``latency_seconds`` slept before each request; ``error_rate`` (0..1), the share of requests
    answered ``error_code`` (``"service_unavailable"``: 503, or ``"rate_limited"``: 429) +
    ``Retry-After: retry_after_seconds``, deterministically (``0.5`` fails requests 2, 4, 6 …
    counted from the call); ``drop_stream_every``: cut each SSE / gRPC event stream after every
    N events on that connection (``None`` = never)."""

    def __init__(self, base_url: str, api_key: str) -> None:
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key

    def set(
        self,
        *,
        latency_seconds: float = 0.0,
        error_rate: float = 0.0,
        retry_after_seconds: int = 1,
        drop_stream_every: int | None = None,
        error_code: Literal["service_unavailable", "rate_limited"] = "service_unavailable",
    ) -> dict[str, Any]:
        """Replace the whole configuration (fields not given are off) and return the one now in
        force. Raises ``ValueError`` if the server rejects a value, ``RuntimeError`` if it has
        no test endpoints."""
        body = {
            "latency_seconds": latency_seconds,
            "error_rate": error_rate,
            "retry_after_seconds": retry_after_seconds,
            "drop_stream_every": drop_stream_every,
            "error_code": error_code,
        }
        response = _post_test_endpoint(self._base_url, self._api_key, "faults", body)
        if response.status_code == 404:
            raise RuntimeError("the server has no test endpoints (ServerConfig.test_endpoints)")
        if response.status_code != 200:
            raise ValueError(f"invalid fault configuration: {response.text}")
        return cast(dict[str, Any], response.json())

    def reset(self) -> dict[str, Any]:
        """Turn every fault off."""
        return self.set()

    def __repr__(self) -> str:
        return f"<FaultInjector {self._base_url}/v1/_test/faults>"
