"""The REST (+ SSE) transport of a session: the unary calls the gRPC service also has
(``resources/_calls.py``), the SSE event opener and the ``list_events`` page fetcher polling
uses, through the client's one pipeline (``_http.AsyncHTTPPipeline``) and the generated
operation modules' ``build_request``, with the caller's :class:`RequestOptions`."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from types import ModuleType
from typing import Any

import attrs
import httpx
from agenthub_openapi.api.events import list_events, stream_events
from agenthub_openapi.api.turns import get_turn
from agenthub_openapi.models.turn import Turn as TurnModel
from agenthub_openapi.types import UNSET

from .._deadline import clamp_timeout, current_deadline
from .._exceptions import APIStatusError, APITimeoutError, ProtocolError
from .._http_errors import map_transport_error, parse_retry_after
from .._json import orjson_loads
from .._results import EventsRequest, StreamingUnavailable
from .._sse import SSEDecoder
from .._types import NO_OPTIONS, CallOptions, NotGiven, RequestOptions
from ._http import AsyncHTTPPipeline, parse_body
from .resources._calls import AsyncSessionCalls as AsyncSessionCalls
from .resources._calls import Body as Body
from .resources._calls import Decoder as Decoder
from .resources._calls import Ids as Ids
from .resources._calls import M
from .resources._calls import Opts as Opts


def _loads_lenient(payload: bytes) -> Any:
    """An SSE ``data`` payload decoded as ``json.loads`` does (invalid UTF-8 replaced, NaN and
    big integers accepted); :class:`ProtocolError` if it is not JSON."""
    try:
        return json.loads(payload.decode("utf-8", "replace"))
    except ValueError as exc:
        raise ProtocolError(f"invalid JSON in SSE event: {exc}") from None


#: Decodes an SSE payload: ``orjson.loads`` with the ``speedups`` extra (what it rejects goes to
#: ``_loads_lenient``), else ``_loads_lenient``. Looked up each time a connection opens.
loads_payload: Callable[[bytes], Any] = orjson_loads or _loads_lenient


def _event_page(body: Any) -> tuple[list[dict[str, Any]], bool]:
    """A ``list_events`` body → (raw event dicts, has_more); a wrong shape → ProtocolError."""
    data = body["data"]
    if not isinstance(data, list):
        raise TypeError("data is not a list")
    return data, bool(body.get("has_more"))


#: HTTP statuses on the stream endpoint that mean "no streaming here" → poll instead.
REFUSED_STREAM_STATUSES = frozenset({404, 405, 406, 501})


def read_options(options: RequestOptions | None) -> RequestOptions:
    """Options for a read (GET): without ``idempotency_key`` (no ``Idempotency-Key`` header)."""
    if options is None or options.idempotency_key is None:
        return options or NO_OPTIONS
    return attrs.evolve(options, idempotency_key=None)


def merge_options(base: RequestOptions | None, options: CallOptions) -> RequestOptions:
    """``base`` (e.g. the options a turn was created with) overridden by a call's options,
    checked as every call's are; ``base``'s ``idempotency_key`` belongs to the call that made
    ``base`` and is never carried over."""
    call = RequestOptions.from_call(options)
    if base is None:
        return call
    headers = {**(base.extra_headers or {}), **(call.extra_headers or {})}
    return attrs.evolve(
        call,
        timeout=base.timeout if isinstance(call.timeout, NotGiven) else call.timeout,
        max_retries=base.max_retries
        if isinstance(call.max_retries, NotGiven)
        else call.max_retries,
        extra_headers=headers or None,
    )


class AsyncRestTransport(AsyncSessionCalls):
    """Session/turn calls over REST; events over SSE."""

    name = "sse"

    def __init__(self, pipeline: AsyncHTTPPipeline) -> None:
        self._pipeline = pipeline
        #: the server's last SSE ``retry:`` field, in seconds (the reconnect backoff's base)
        self.retry_hint: float | None = None

    async def _call(
        self, op: ModuleType, decode: Decoder[M], ids: Ids, body: Body, options: Opts
    ) -> M:
        args = ids.values()
        spec = op.build_request(*args) if body is None else op.build_request(*args, body=body)
        opts = read_options(options) if spec["method"] == "get" else options
        return await self._pipeline.request(spec, decode, opts)

    async def fetch_events(
        self, session_id: str, after_sequence_number: int, turn_id: str | None, options: Opts = None
    ) -> tuple[list[dict[str, Any]], bool, float | None]:
        """One ``list_events`` page of raw event dicts: (events, has_more, Retry-After)."""
        spec = list_events.build_request(
            session_id,
            after_sequence_number=after_sequence_number,
            turn_id=turn_id if turn_id is not None else UNSET,
            limit=100,
            order="asc",
        )
        response = await self._pipeline.send(spec, read_options(options))
        data, has_more = parse_body(response, _event_page)
        return data, has_more, parse_retry_after(response.headers)

    async def open_events(self, request: EventsRequest) -> AsyncIterator[dict[str, Any]]:
        """One SSE connection: yields event dicts until the server closes it.

        ``request.options``: its ``extra_headers`` are sent; its ``timeout`` bounds connecting,
        writing and the pool (reads: ``heartbeat_timeout``); no retries (the resume loop's
        job). Inside a stream's overall timeout (``agenthub._deadline``) every phase is clamped
        to the time left, then :class:`APITimeoutError`. Raises :class:`StreamingUnavailable`
        when the endpoint refuses streaming, mapped :class:`APIError`\\ s otherwise."""
        after = request.after_sequence_number
        spec = stream_events.build_request(
            request.session_id,
            after_sequence_number=after,
            turn_id=UNSET if request.turn_id is None else request.turn_id,
            last_event_id=str(after) if after else UNSET,
        )
        spec["headers"].update({"Accept": "text/event-stream", "Cache-Control": "no-cache"})
        opts = read_options(request.options)
        base = self._pipeline.timeout_for(opts).as_dict()
        timeout = httpx.Timeout(**{**base, "read": request.heartbeat_timeout})
        deadline = current_deadline()  # the stream's overall timeout, if any
        stream_opts = attrs.evolve(opts, timeout=clamp_timeout(timeout, deadline), max_retries=0)
        try:
            async with self._pipeline.stream(spec, stream_opts) as response:
                ctype = response.headers.get("content-type", "")
                if not ctype.startswith("text/event-stream"):
                    raise StreamingUnavailable(f"the server answered {ctype or 'no content type'}")
                decoder = SSEDecoder(self._pipeline.max_event_bytes)
                loads = loads_payload
                try:
                    async for chunk in response.aiter_bytes():
                        for payload in decoder.feed_data(chunk):
                            try:
                                data = loads(payload)
                            except ValueError:
                                data = _loads_lenient(payload)
                            if not isinstance(data, dict):
                                raise ProtocolError("SSE event data is not a JSON object")
                            yield data
                        if decoder.retry is not None:
                            self.retry_hint = decoder.retry / 1000.0
                        if deadline is not None and time.monotonic() >= deadline:
                            # heartbeats keep arriving; the stream's time is up all the same
                            raise APITimeoutError("the event stream's timeout ran out")
                except httpx.TransportError as exc:
                    raise map_transport_error(exc, response.request) from exc
        except APIStatusError as exc:
            # a 404 from a missing session resurfaces from the polling fallback's list_events
            if exc.status_code in REFUSED_STREAM_STATUSES:
                raise StreamingUnavailable(str(exc)) from exc
            raise


async def poll_turn(
    t: AsyncSessionCalls, session_id: str, turn_id: str, options: Opts
) -> tuple[TurnModel, float | None]:
    """``t.get_turn`` and, over REST, the server's ``Retry-After`` hint in seconds, else None."""
    if not isinstance(t, AsyncRestTransport):
        return await t.get_turn(session_id, turn_id, options), None
    spec = get_turn.build_request(session_id, turn_id)
    response = await t._pipeline.send(spec, read_options(options))
    return parse_body(response, TurnModel.from_dict), parse_retry_after(response.headers)
