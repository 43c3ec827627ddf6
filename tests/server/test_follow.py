"""``agenthub_server.streaming.follow``: the live phase of an event stream, without HTTP."""

from __future__ import annotations

import asyncio

from agenthub_server.events import EventBus
from agenthub_server.store import Store
from agenthub_server.streaming import HEARTBEAT, follow


async def test_end_of_stream_seen_while_draining_ends_the_stream() -> None:
    # Events and the end-of-stream sentinel (a deleted session) queued together: the stream
    # yields the events and then ends, instead of waiting on with heartbeats.
    bus = EventBus(Store(":memory:"))
    shutdown = asyncio.Event()
    it = follow(bus, "ses_1", 0, None, heartbeat=0.05, shutdown=shutdown)
    first = asyncio.ensure_future(it.__anext__())
    await asyncio.sleep(0.01)  # the subscription exists and the log is replayed (empty)
    assert first.done() is False
    bus.append("ses_1", "log", {"level": "info", "message": "a"})
    bus.append("ses_1", "log", {"level": "info", "message": "b"})
    bus.close_session("ses_1")
    batches = [await first]
    batches += [b async for b in it]
    events = [e for batch in batches if batch is not HEARTBEAT for e in batch]  # type: ignore[union-attr]
    assert [e.seq for e in events] == [1, 2]
    assert HEARTBEAT not in batches
