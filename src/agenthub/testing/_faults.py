"""Server fault injection for one test (the ``agenthub_faults`` fixture's object)."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["FaultInjector", "post_test_endpoint"]


def post_test_endpoint(base_url: str, api_key: str, path: str, body: Any) -> httpx.Response:
    """``POST {base_url}/v1/_test/{path}`` (the reference server's test endpoints, which are
    authenticated and exempt from the faults themselves, so this never meets a 503)."""
    return httpx.post(
        f"{base_url.rstrip('/')}/v1/_test/{path}",
        json=body,
        headers={"Authorization": f"Bearer {api_key}"},
        timeout=10,
    )


class FaultInjector:
    """Sets the reference server's fault injection through its test endpoint
    (``POST /v1/_test/faults``). Faults are server-wide: they hit every client of that server
    until :meth:`reset` (the ``agenthub_faults`` fixture resets after each test).

    Fields (as ``agenthub_server.FaultConfig``):

    * ``latency_seconds`` — sleep this long before handling each request (health excluded);
    * ``error_rate`` — 0..1, answer that share of requests ``503`` + ``Retry-After``,
      deterministically (``0.5`` fails requests 2, 4, 6 … counted from this call);
    * ``retry_after_seconds`` — the ``Retry-After`` sent with those 503s (default 1);
    * ``drop_stream_every`` — cut each SSE / gRPC event stream after every N events sent on
      that connection (clients resume; ``None`` = never).
    """

    def __init__(self, base_url: str, api_key: str) -> None:
        """``base_url``: the server root; ``api_key``: any key valid on that server (the test
        endpoints are authenticated)."""
        self._base_url = base_url
        self._api_key = api_key

    def set(
        self,
        *,
        latency_seconds: float = 0.0,
        error_rate: float = 0.0,
        retry_after_seconds: int = 1,
        drop_stream_every: int | None = None,
    ) -> dict[str, Any]:
        """Replace the fault configuration (fields not given go back to "off") and return the
        configuration now in force. Raises ``ValueError`` if the server rejects a value."""
        return self._post(
            {
                "latency_seconds": latency_seconds,
                "error_rate": error_rate,
                "retry_after_seconds": retry_after_seconds,
                "drop_stream_every": drop_stream_every,
            }
        )

    def reset(self) -> dict[str, Any]:
        """Turn every fault off."""
        return self._post({})

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        response = post_test_endpoint(self._base_url, self._api_key, "faults", body)
        if response.status_code == 404:
            raise RuntimeError("the server has no test endpoints (ServerConfig.test_endpoints)")
        if response.status_code != 200:
            raise ValueError(f"invalid fault configuration: {response.text}")
        result: dict[str, Any] = response.json()
        return result

    def __repr__(self) -> str:
        return f"<FaultInjector {self._base_url.rstrip('/')}/v1/_test/faults>"
