"""Polling: the event transport a stream falls back to when the server refuses streaming or
does not offer it. Each connection polls ``list_events`` after the last sequence number (one
turn's until its terminal event when ``turn_id`` is given, else forever), paced by
:func:`agenthub._retry.poll_pacer` (reset by events; a poll's ``Retry-After`` wins).
``heartbeat_timeout`` does not apply: every poll is a request bounded by the options' timeout.
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


class AsyncPollingTransport:
    """Session events by polling over REST (an ``AsyncEventTransport``)."""

    retry_hint: float | None = None  # the poll loop honours each poll's Retry-After itself

    def __init__(self, rest: AsyncRestTransport) -> None:
        self._rest = rest

    async def open_events(self, request: EventsRequest) -> AsyncIterator[dict[str, Any]]:
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
                end = raw.get("type") in TERMINAL_TURN_EVENTS and raw.get("turn_id") == turn_id
                if end and turn_id is not None:
                    return
            if events:
                pacer.reset()
            if not has_more:
                await AsyncBackend.sleep(pacer.next_delay(hint))
