"""Per-session event log: gap-free sequence numbers from 1, persisted, fanned out live.

Everything runs on the server's event loop, so ``append`` (assign number → insert → notify) is
atomic with respect to subscribers: a reader subscribes first, replays from the DB, then drains
its queue skipping numbers it has already sent — no event is lost or duplicated.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from .store import Store
from .util import dumps, loads, new_id, now_iso

TERMINAL_TURN_EVENTS = frozenset(
    {"turn.completed", "turn.failed", "turn.cancelled", "turn.incomplete"}
)


class StoredEvent:
    """One event: its number, turn, type and the canonical JSON text (what SSE sends)."""

    __slots__ = ("data", "seq", "turn_id", "type")

    def __init__(self, seq: int, turn_id: str | None, typ: str, data: str) -> None:
        self.seq = seq
        self.turn_id = turn_id
        self.type = typ
        self.data = data

    def as_dict(self) -> dict[str, Any]:
        event: dict[str, Any] = loads(self.data)
        return event

    @property
    def is_terminal(self) -> bool:
        return self.type in TERMINAL_TURN_EVENTS


class Subscription:
    def __init__(self, bus: EventBus, session_id: str) -> None:
        self.bus = bus
        self.session_id = session_id
        self.queue: asyncio.Queue[StoredEvent | None] = asyncio.Queue()

    def close(self) -> None:
        self.bus._unsubscribe(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EventBus:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._last: dict[str, int] = {}
        self._subs: dict[str, set[Subscription]] = defaultdict(set)

    def last_seq(self, session_id: str) -> int:
        if session_id not in self._last:
            self._last[session_id] = self.store.max_seq(session_id)
        return self._last[session_id]

    def append(
        self,
        session_id: str,
        typ: str,
        payload: dict[str, Any] | None = None,
        turn_id: str | None = None,
    ) -> dict[str, Any]:
        seq = self.last_seq(session_id) + 1
        event: dict[str, Any] = {
            "id": new_id("evt"),
            "type": typ,
            "sequence_number": seq,
            "session_id": session_id,
            "turn_id": turn_id,
            "created_at": now_iso(),
        }
        if payload:
            event.update(payload)
        data = dumps(event)
        self.store.insert_event(session_id, seq, turn_id, typ, data)
        self._last[session_id] = seq
        stored = StoredEvent(seq, turn_id, typ, data)
        # Inside a request's transaction, subscribers hear of the event only once it is
        # committed; a rollback forgets the cached number so it is read again from the log.
        self.store.on_rollback(lambda: self._last.pop(session_id, None))
        self.store.after_commit(lambda: self._notify(session_id, stored))
        return event

    def _notify(self, session_id: str, stored: StoredEvent) -> None:
        for sub in list(self._subs.get(session_id, ())):
            sub.queue.put_nowait(stored)

    def subscribe(self, session_id: str) -> Subscription:
        sub = Subscription(self, session_id)
        self._subs[session_id].add(sub)
        return sub

    def _unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.session_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                self._subs.pop(sub.session_id, None)

    def close_session(self, session_id: str) -> None:
        """Wake every subscriber of a deleted session with ``None`` (end of stream)."""
        for sub in list(self._subs.get(session_id, ())):
            sub.queue.put_nowait(None)
        self._last.pop(session_id, None)

    def close_all(self) -> None:
        for subs in list(self._subs.values()):
            for sub in list(subs):
                sub.queue.put_nowait(None)

    def replay(
        self, session_id: str, after: int, turn_id: str | None = None, batch: int = 1000
    ) -> list[StoredEvent]:
        rows = self.store.events(session_id, after=after, turn_id=turn_id, limit=batch)
        return [StoredEvent(*r) for r in rows]
