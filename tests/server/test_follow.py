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


async def test_turn_stream_replays_only_that_turn_and_resumes_exactly_once() -> None:
    # A turn's stream reads the turn's own rows (indexed), not the whole session's log: in a
    # long session the log has many earlier turns, and the stream must still start at this
    # turn's first event, resume after a sequence number without repeats, and end at its
    # terminal event even though later events of other turns follow in the log.
    store = Store(":memory:")
    bus = EventBus(store)
    shutdown = asyncio.Event()
    for n in range(50):
        bus.append("ses_1", "turn.created", None, f"trn_{n}")
        bus.append("ses_1", "message.delta", {"delta": "x"}, f"trn_{n}")
        bus.append("ses_1", "session.status", {"status": "idle"}, None)
        bus.append("ses_1", "turn.completed", None, f"trn_{n}")
    mine = [e.seq for e in bus.replay("ses_1", 0, "trn_30")]
    assert len(mine) == 3 and mine[0] == 30 * 4 + 1

    async def collect(after: int, terminal: bool = False) -> list[int]:
        it = follow(
            bus, "ses_1", after, "trn_30", heartbeat=None, shutdown=shutdown, turn_terminal=terminal
        )
        return [e.seq async for batch in it for e in batch]  # type: ignore[attr-defined]

    assert await collect(0) == mine
    assert await collect(mine[0]) == mine[1:]  # Last-Event-ID inside the turn
    assert await collect(mine[-1], terminal=True) == []  # a finished turn, fully seen

    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE session_id=? AND seq>? AND turn_id=?",
        ("ses_1", 0, "trn_30"),
    ).fetchall()
    assert any("events_turn" in str(tuple(row)) for row in plan), plan
