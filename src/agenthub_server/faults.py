"""Fault injection (tests only; off by default). See FaultConfig for the semantics."""

from __future__ import annotations

import asyncio

from .config import FaultConfig
from .errors import ApiError


class StreamDropped(Exception):
    """Raised inside a stream to cut the connection mid-stream (fault injection)."""


class Faults:
    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self.counter = 0

    def set(self, config: FaultConfig) -> None:
        self.config = config
        self.counter = 0

    async def before_request(self) -> ApiError | None:
        """Apply latency; return the injected error when this request must fail."""
        cfg = self.config
        if cfg.latency_seconds > 0:
            await asyncio.sleep(cfg.latency_seconds)
        every = cfg.error_every
        if every is None:
            return None
        self.counter += 1
        if self.counter % every:
            return None
        what = "service unavailable" if cfg.error_code == "service_unavailable" else "rate limited"
        return ApiError(
            cfg.error_code, f"Injected fault: {what}", retry_after=cfg.retry_after_seconds
        )

    @property
    def drop_every(self) -> int | None:
        return self.config.drop_stream_every
