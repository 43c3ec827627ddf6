"""Background task firing due schedules (and purging old idempotency records)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from .service import Hub

log = logging.getLogger("agenthub_server.scheduler")


async def run_scheduler(hub: Hub, interval: float) -> None:
    last_purge = 0.0
    while not hub.shutdown.is_set():
        try:
            hub.fire_due_schedules()
            if time.monotonic() - last_purge > 3600:
                hub.purge_idempotency()
                last_purge = time.monotonic()
        except Exception:
            log.exception("scheduler tick failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(hub.shutdown.wait(), timeout=interval)
