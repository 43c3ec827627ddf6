"""Fault injection (tests only; off by default). See FaultConfig for the semantics."""

from __future__ import annotations

import asyncio

from .config import FaultConfig


class StreamDropped(Exception):
    """Raised inside a stream to cut the connection mid-stream (fault injection)."""


class Faults:
    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self.counter = 0

    def set(self, config: FaultConfig) -> None:
        self.config = config
        self.counter = 0

    async def before_request(self) -> int | None:
        """Apply latency; return Retry-After seconds when this request must fail with 503."""
        cfg = self.config
        if cfg.latency_seconds > 0:
            await asyncio.sleep(cfg.latency_seconds)
        every = cfg.error_every
        if every is None:
            return None
        self.counter += 1
        if self.counter % every == 0:
            return cfg.retry_after_seconds
        return None

    @property
    def drop_every(self) -> int | None:
        return self.config.drop_stream_every
