"""Polling: the ``list_events`` opener used when streaming is refused, and the backoff that
``turn.wait()`` uses.

Backoff: start at ``poll_interval`` (default 0.25 s), grow x1.5 per idle poll up to
``max_interval`` (2 s), reset when something happened; a ``Retry-After`` header on a poll
response overrides the computed delay (capped at 60 s by the error module's parser).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs

from .._events import TERMINAL_TURN_EVENTS
from ._compat import sleep

__all__ = ["Backoff", "EventPage", "poll_events"]

#: ``fetch(after_sequence_number, turn_id)`` → (event dicts, has_more, Retry-After hint)
PageResult = tuple[list[dict[str, Any]], bool, float | None]
EventPage = Callable[[int, str | None], Awaitable[PageResult]]


@attrs.define
class Backoff:
    """Polling delay: ``initial`` growing by ``factor`` up to ``maximum``; ``reset()`` on
    progress; ``next(hint)`` returns the delay to sleep (the server's hint wins)."""

    initial: float = 0.25
    maximum: float = 2.0
    factor: float = 1.5
    current: float = attrs.field(default=0.0)

    def __attrs_post_init__(self) -> None:
        self.current = self.initial

    def reset(self) -> None:
        self.current = self.initial

    def next(self, hint: float | None = None) -> float:
        if hint is not None:
            return hint
        delay = self.current
        self.current = min(self.maximum, self.current * self.factor)
        return delay


async def poll_events(
    fetch: EventPage,
    after_sequence_number: int,
    turn_id: str | None,
    backoff: Backoff | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Yield event dicts by polling ``list_events`` (forever for a session; until the turn's
    terminal event when ``turn_id`` is given)."""
    bo = backoff or Backoff()
    after = after_sequence_number
    while True:
        events, has_more, hint = await fetch(after, turn_id)
        for raw in events:
            seq = raw.get("sequence_number")
            if isinstance(seq, int) and seq > after:
                after = seq
            yield raw
            if (
                turn_id is not None
                and raw.get("type") in TERMINAL_TURN_EVENTS
                and raw.get("turn_id") == turn_id
            ):
                return
        if events:
            bo.reset()
        if has_more:
            continue
        await sleep(bo.next(hint))
