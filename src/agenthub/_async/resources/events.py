"""``session.events``: ``list()`` (typed, auto-paging) and ``stream()`` (live, resumable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import Unpack

from ..._exceptions import APIError
from ..._logging import logger
from ..._results import StreamPolicy
from ..._types import CallOptions, RequestOptions
from .._polling import AsyncPollingTransport
from .._streaming import AsyncEventStream
from .._transport import read_options
from ._events import AsyncSessionEventsAPI

__all__ = ["AsyncSessionEvents"]


class AsyncSessionEvents(AsyncSessionEventsAPI):
    """The session's event log: ``list()`` (generated) and ``stream()``."""

    def stream(
        self,
        *,
        after_sequence_number: int = 0,
        turn_id: str | None = None,
        max_reconnects: int = 5,
        heartbeat_timeout: float | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncEventStream:
        """Live events of the session after ``after_sequence_number`` (the log is replayed
        first), over the session's transport, resumed after drops. Without ``turn_id`` the
        stream never ends on its own: ``close()`` it or leave the ``with`` block.

        ``options``: ``extra_headers`` go with every connection (SSE headers / gRPC metadata)
        and polling request; ``timeout`` bounds connecting (reads are bounded by
        ``heartbeat_timeout``); reconnects follow ``max_reconnects``, not ``max_retries``."""
        return self._make_stream(
            after_sequence_number=after_sequence_number,
            turn_id=turn_id,
            start=None,
            policy=StreamPolicy(max_reconnects, heartbeat_timeout),
            options=read_options(RequestOptions.from_call(options)),
        )

    def _make_stream(
        self,
        *,
        after_sequence_number: int,
        turn_id: str | None,
        start: Callable[[], Any] | None,
        policy: StreamPolicy,
        options: RequestOptions,
    ) -> AsyncEventStream:
        s = self._session
        return AsyncEventStream(
            transport=s._transport,
            fallback=AsyncPollingTransport(s._rest),
            streaming_available=self._streaming_offered,
            decoder=s._decoder,
            session_id=s.id,
            turn_id=turn_id,
            after_sequence_number=after_sequence_number,
            start=start,
            hook=s._on_event,
            hook_types=s._HOOKED_EVENT_TYPES,
            policy=policy,
            options=options,
        )

    async def _streaming_offered(self) -> bool:
        """False only if the (cached) capabilities mark this transport's streaming
        unavailable; failing to fetch them means "try" (a refusal still falls back to polling)."""
        try:
            capabilities = await self._client.get_capabilities()
        except APIError as exc:
            logger.debug("agenthub: capabilities unavailable (%s); trying to stream", exc)
            return True
        wanted = f"events.{self._session._transport.name}"
        offered = [str(c.status) for c in capabilities.capabilities if c.id == wanted]
        return not offered or offered[0] in ("available", "experimental")
