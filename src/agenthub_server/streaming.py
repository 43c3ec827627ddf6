"""Transport-neutral live event iteration: replay from the log, then follow live, exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from .events import EventBus, StoredEvent

HEARTBEAT = object()
_REPLAY_BATCH = 1000


async def follow(
    bus: EventBus,
    session_id: str,
    after: int,
    turn_id: str | None,
    *,
    heartbeat: float | None,
    shutdown: asyncio.Event,
    turn_terminal: bool = False,
) -> AsyncIterator[list[StoredEvent] | object]:
    """Yield batches of events (sequence > ``after``) or ``HEARTBEAT``.

    Subscribes before reading the log; duplicates from the live queue are skipped by number.
    With ``turn_id`` the iteration ends after that turn's terminal event.
    """
    sub = bus.subscribe(session_id)
    try:
        last = after
        # replay: a turn's stream reads only that turn's rows (an index lookup), so its first
        # event does not wait for the whole session's history to be read and skipped
        while True:
            batch = bus.replay(session_id, last, turn_id, batch=_REPLAY_BATCH)
            if not batch:
                break
            last = batch[-1].seq
            out, done = _filter(batch, turn_id)
            if out:
                yield out
            if done:
                return
            if len(batch) < _REPLAY_BATCH:
                break  # the log is read to its end; anything newer is in the queue
        if turn_terminal:
            return  # the turn was already over and its events were replayed
        # live
        while True:
            if shutdown.is_set():
                return
            try:
                item = (
                    await asyncio.wait_for(sub.queue.get(), timeout=heartbeat)
                    if heartbeat
                    else await sub.queue.get()
                )
            except TimeoutError:
                yield HEARTBEAT
                continue
            if item is None:
                return
            items = [item]
            ended = False  # the end-of-stream sentinel can arrive while draining the queue
            while not sub.queue.empty():
                nxt = sub.queue.get_nowait()
                if nxt is None:
                    ended = True
                    break
                items.append(nxt)
            fresh = [e for e in items if e.seq > last]
            done = False
            if fresh:
                last = fresh[-1].seq
                out, done = _filter(fresh, turn_id)
                if out:
                    yield out
            if done or ended:
                return
    finally:
        sub.close()


def _filter(batch: list[StoredEvent], turn_id: str | None) -> tuple[list[StoredEvent], bool]:
    if turn_id is None:
        return batch, False
    out = []
    for e in batch:
        if e.turn_id == turn_id:
            out.append(e)
            if e.is_terminal:
                return out, True
    return out, False
