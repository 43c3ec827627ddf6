"""Polling: the event transport a stream falls back to when the server refuses streaming or
does not offer it.

A connection polls ``list_events`` after the last sequence number (for one turn when
``turn_id`` is given, until that turn's terminal event; for the whole session, forever).
Between polls it waits per :func:`agenthub._retry.poll_pacer`: 0.25 s growing x1.5 per empty
poll up to 2 s, back to 0.25 s when events arrived; a poll response's ``Retry-After`` wins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from .._backends import AsyncBackend
from .._events import TERMINAL_TURN_EVENTS
from .._results import EventsRequest
from .._retry import poll_pacer

if TYPE_CHECKING:
    from ._transport import AsyncRestTransport

__all__ = ["AsyncPollingTransport"]


class AsyncPollingTransport:
    """Session events by polling over REST (an ``AsyncEventTransport``)."""

    name = "polling"
    retry_hint: float | None = None  # each poll's Retry-After is honoured by the poll loop

    def __init__(self, rest: AsyncRestTransport) -> None:
        self._rest = rest

    async def open_events(self, request: EventsRequest) -> AsyncIterator[dict[str, Any]]:
        """Yield event dicts by polling (``heartbeat_timeout`` does not apply: every poll is
        a request of its own, bounded by ``options``' timeout)."""
        pacer = poll_pacer()
        after, turn_id = request.after_sequence_number, request.turn_id
        while True:
            events, has_more, hint = await self._rest.fetch_events(
                request.session_id, after, turn_id, request.options
            )
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
                pacer.reset()
            if not has_more:
                await AsyncBackend.sleep(pacer.next_delay(hint))
