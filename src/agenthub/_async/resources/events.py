"""``session.events``: ``list()`` (typed, auto-paging) and ``stream()`` (live, resumable)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from agenthub_openapi.api.events import list_events
from typing_extensions import Unpack

from ..._events import AsyncEvent
from ..._exceptions import APIError
from ..._logging import logger
from ..._pagination import AsyncPaginator
from ..._results import StreamPolicy
from ..._types import CallOptions, RequestOptions
from .._polling import AsyncPollingTransport
from .._streaming import AsyncEventStream
from .._transport import read_options

if TYPE_CHECKING:
    from .sessions import AsyncSession

__all__ = ["AsyncSessionEvents"]


class AsyncSessionEvents:
    """The session's event log."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def list(
        self,
        *,
        after_sequence_number: int | None = None,
        turn_id: str | None = None,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[AsyncEvent]:
        """Recorded events in sequence order (oldest first; ``order="desc"``: newest first),
        decoded like stream events; iterating walks every page. Filters: after a sequence
        number, one turn."""
        s = self._session
        return s._resource._paginate(
            list_events,
            s._decoder,
            options,
            s.id,
            after_sequence_number=after_sequence_number,
            turn_id=turn_id,
            limit=100 if limit is None else limit,
            order=order,
        )

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
        policy = StreamPolicy(max_reconnects, heartbeat_timeout)
        return self._make_stream(
            after_sequence_number=after_sequence_number,
            turn_id=turn_id,
            start=None,
            policy=policy,
            options=read_options(RequestOptions.from_call(options)),
        )

    def _make_stream(
        self,
        *,
        after_sequence_number: int,
        turn_id: str | None,
        start: Callable[[], Any] | None,
        policy: StreamPolicy,
        options: RequestOptions | None = None,
    ) -> AsyncEventStream:
        s = self._session
        return AsyncEventStream(
            transport=s._transport,
            fallback=AsyncPollingTransport(s._rest),
            streaming_available=functools.partial(_streaming_offered, s, s._transport.name),
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


#: capability id of each transport's event streaming
_STREAM_CAPABILITY = {"sse": "events.sse", "grpc": "events.grpc"}


async def _streaming_offered(session: AsyncSession, transport: str) -> bool:
    """False only if the server's capabilities explicitly mark this transport's streaming as
    unavailable. Uses the client's capabilities cache (one ``GET /v1/capabilities`` per client
    at most); a server without the endpoint, or any error fetching it, counts as "try
    streaming" (a refusal still falls back to polling)."""
    capability = _STREAM_CAPABILITY.get(transport)
    if capability is None:
        return True
    try:
        capabilities = await session._resource._client.get_capabilities()
    except APIError as exc:
        logger.debug("agenthub: capabilities unavailable (%s); trying to stream", exc)
        return True
    for entry in capabilities.capabilities:
        if entry.id == capability:
            return str(entry.status) in _AVAILABLE
    return True


_AVAILABLE = frozenset({"available", "experimental"})
