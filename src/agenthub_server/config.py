"""Server configuration (the public embedding API)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

__all__ = ["FaultConfig", "ServerConfig"]

#: the problem codes ``FaultConfig.error_code`` may inject (both retryable, with Retry-After)
FAULT_ERROR_CODES = ("service_unavailable", "rate_limited")


@dataclass
class FaultConfig:
    """Fault injection, off by default.

    * ``drop_stream_every`` - abort an SSE / gRPC event stream after every N events sent on that
      connection (the connection is cut mid-stream; clients must resume).
    * ``error_rate`` - answer a share of non-health requests with an ``error_code`` problem and
      ``Retry-After``. Deterministic: with ``error_rate = r`` every ``k = round(1 / r)``-th request
      (counting from 1 since the faults were set) fails, so ``0.5`` fails requests 2, 4, 6 …
      and ``1.0`` fails all of them.
    * ``error_code`` - the problem those requests get: ``"service_unavailable"`` (HTTP 503,
      gRPC ``UNAVAILABLE``; the default) or ``"rate_limited"`` (HTTP 429, gRPC
      ``RESOURCE_EXHAUSTED``), both retryable.
    * ``retry_after_seconds`` - the ``Retry-After`` value (gRPC: ``RetryInfo``) sent with them.
    * ``latency_seconds`` - sleep this long before handling each non-health request.
    """

    drop_stream_every: int | None = None
    error_rate: float = 0.0
    retry_after_seconds: int = 1
    latency_seconds: float = 0.0
    error_code: str = "service_unavailable"

    def __post_init__(self) -> None:
        if self.drop_stream_every is not None and self.drop_stream_every < 1:
            raise ValueError("drop_stream_every must be >= 1")
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError("error_rate must be within 0..1")
        if self.retry_after_seconds < 0:
            raise ValueError("retry_after_seconds must be >= 0")
        if self.latency_seconds < 0:
            raise ValueError("latency_seconds must be >= 0")
        if self.error_code not in FAULT_ERROR_CODES:
            raise ValueError(f"error_code must be one of {', '.join(FAULT_ERROR_CODES)}")

    @property
    def error_every(self) -> int | None:
        if self.error_rate <= 0:
            return None
        return max(1, round(1.0 / self.error_rate))


def _env_keys() -> list[str]:
    raw = os.environ.get("AGENTHUB_SERVER_API_KEYS", "")
    return [k.strip() for k in raw.split(",") if k.strip()]


def generate_dev_key() -> str:
    return "ah_dev_" + secrets.token_hex(16)


DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None


@dataclass
class ServerConfig:
    """Server settings (all optional).

    * ``max_body_bytes`` - largest JSON request body in bytes (default 10 MiB, env
      ``AGENTHUB_SERVER_MAX_BODY_BYTES``); larger bodies get 413 without being buffered.
    * ``max_upload_bytes`` - largest multipart file upload in bytes.
    * ``keep_alive_timeout`` - seconds an idle keep-alive connection is kept open.
    * ``header_timeout`` - seconds a client has to send a complete request head (request line
      and headers) once a connection is idle or opened; slower connections are closed.
    * ``test_endpoints`` - enable ``/v1/_test/*`` (fault and key injection; they need a valid
      API key). Never in production.
    """

    host: str = "127.0.0.1"
    port: int = 0
    grpc_port: int = 0
    db: str = ":memory:"
    api_keys: list[str] = field(default_factory=list)
    heartbeat_interval: float = 15.0
    max_upload_bytes: int = 256 * 1024 * 1024
    max_body_bytes: int = field(
        default_factory=lambda: _env_int("AGENTHUB_SERVER_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)
    )
    keep_alive_timeout: float = 5.0
    header_timeout: float = 10.0
    faults: FaultConfig = field(default_factory=FaultConfig)
    grpc: bool = True
    test_endpoints: bool = False
    scheduler_interval: float = 0.2
    log_level: str = "warning"

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes must be >= 1")
        if self.max_upload_bytes < 1:
            raise ValueError("max_upload_bytes must be >= 1")
        if self.keep_alive_timeout <= 0 or self.header_timeout <= 0:
            raise ValueError("keep_alive_timeout and header_timeout must be > 0")
        # a key with surrounding whitespace could never be sent back in a header
        self.api_keys = [k.strip() for k in self.api_keys if k.strip()]

    def resolved_api_keys(self) -> list[str]:
        """Keys from the config, else ``AGENTHUB_SERVER_API_KEYS``, else one generated dev key.

        The generated key is stored back into ``api_keys`` so it stays stable."""
        if not self.api_keys:
            self.api_keys = _env_keys() or [generate_dev_key()]
        return list(self.api_keys)
