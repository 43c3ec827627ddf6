"""The REST (+ SSE) transport of a session: the unary calls the gRPC service also has, the SSE
event opener and the ``list_events`` page fetcher used by polling.

Every request goes through the client's one pipeline (``_http.AsyncHTTPPipeline``), built
from the generated ``build_request`` builders.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import attrs
import httpx
from agenthub_openapi.api.elicitations import resolve_elicitation
from agenthub_openapi.api.events import list_events, stream_events
from agenthub_openapi.api.sessions import cancel_session, create_session, get_session
from agenthub_openapi.api.turns import cancel_turn, create_turn, get_turn
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.session import Session as SessionModel
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

__all__ = ["AsyncRestTransport", "loads_payload", "merge_options", "read_options"]

M = TypeVar("M")
#: ``_call``'s arguments: builds the result from JSON; the path ids in order; the REST body
Decoder = Callable[[Any], M]
Ids = dict[str, str]
Body = dict[str, Any] | None
Opts = RequestOptions | None


def _json_loads_payload(payload: bytes) -> Any:
    return json.loads(payload.decode("utf-8", "replace"))


#: Decodes one SSE ``data`` payload (bytes) to a JSON value: ``orjson.loads`` when orjson is
#: installed (the optional ``speedups`` extra), else ``json.loads``. Looked up each time a
#: stream connection opens.
loads_payload: Callable[[bytes], Any] = orjson_loads or _json_loads_payload


def _loads_lenient(payload: bytes) -> Any:
    """The payload ``loads_payload`` rejected, decoded as ``json.loads`` does (invalid UTF-8
    replaced, NaN and big integers accepted, as without orjson); :class:`ProtocolError` if it
    is not JSON at all."""
    try:
        return _json_loads_payload(payload)
    except ValueError as exc:
        raise ProtocolError(f"invalid JSON in SSE event: {exc}") from None


def _event_page(body: Any) -> tuple[list[dict[str, Any]], bool]:
    """A ``list_events`` body as (raw event dicts, has_more); ``parse_body`` turns the
    KeyError / TypeError of a wrong shape into :class:`ProtocolError`."""
    data = body["data"]
    if not isinstance(data, list):
        raise TypeError("data is not a list")
    return data, bool(body.get("has_more"))


#: HTTP statuses on the stream endpoint that mean "no streaming here" → poll instead.
REFUSED_STREAM_STATUSES = frozenset({404, 405, 406, 501})


def read_options(options: RequestOptions | None) -> RequestOptions:
    """Per-call options for a read (GET): the caller's, minus any ``idempotency_key`` (which
    would add an ``Idempotency-Key`` header to a request that needs none)."""
    if options is None:
        return NO_OPTIONS
    if options.idempotency_key is None:
        return options
    return attrs.evolve(options, idempotency_key=None)


def merge_options(base: RequestOptions | None, options: CallOptions) -> RequestOptions:
    """``base`` (e.g. the options a turn was created with) overridden by a call's options,
    which are checked as every call's are (``TypeError``/``ValueError``, see
    :meth:`RequestOptions.from_call`); ``base``'s ``idempotency_key`` is never carried over
    (it belongs to the call that made ``base``)."""
    call = RequestOptions.from_call(options)
    if base is None:
        return call
    headers = {**(base.extra_headers or {}), **(call.extra_headers or {})}
    return RequestOptions(
        timeout=base.timeout if isinstance(call.timeout, NotGiven) else call.timeout,
        max_retries=base.max_retries
        if isinstance(call.max_retries, NotGiven)
        else call.max_retries,
        extra_headers=headers or None,
        idempotency_key=call.idempotency_key,
    )


class AsyncSessionCalls:
    """The unary session/turn calls both transports offer, defined once over ``_call(op,
    decode, ids, body, options)``: ``op`` is the REST operation id (``"get_turn"``), ``ids``
    the path ids in order, ``body`` the REST request body, ``decode`` builds the result."""

    async def _call(self, op: str, decode: Decoder[M], ids: Ids, body: Body, options: Opts) -> M:
        raise NotImplementedError

    async def create_session(
        self, body: dict[str, Any], options: RequestOptions | None = None
    ) -> SessionModel:
        return await self._call("create_session", SessionModel.from_dict, {}, body, options)

    async def get_session(
        self, session_id: str, options: RequestOptions | None = None
    ) -> SessionModel:
        ids = {"session_id": session_id}
        return await self._call(
            "get_session", SessionModel.from_dict, ids, None, read_options(options)
        )

    async def cancel_session(
        self, session_id: str, options: RequestOptions | None = None
    ) -> SessionModel:
        ids = {"session_id": session_id}
        return await self._call("cancel_session", SessionModel.from_dict, ids, None, options)

    async def create_turn(
        self, session_id: str, body: dict[str, Any], options: RequestOptions | None = None
    ) -> TurnModel:
        ids = {"session_id": session_id}
        return await self._call("create_turn", TurnModel.from_dict, ids, body, options)

    async def get_turn(
        self, session_id: str, turn_id: str, options: RequestOptions | None = None
    ) -> tuple[TurnModel, float | None]:
        """The turn and the server's ``Retry-After`` hint in seconds (REST only), or ``None``."""
        ids = {"session_id": session_id, "turn_id": turn_id}
        turn = await self._call("get_turn", TurnModel.from_dict, ids, None, read_options(options))
        return turn, None

    async def cancel_turn(
        self, session_id: str, turn_id: str, options: RequestOptions | None = None
    ) -> TurnModel:
        ids = {"session_id": session_id, "turn_id": turn_id}
        return await self._call("cancel_turn", TurnModel.from_dict, ids, None, options)

    async def resolve_elicitation(
        self,
        session_id: str,
        elicitation_id: str,
        body: dict[str, Any],
        options: RequestOptions | None = None,
    ) -> Elicitation:
        """``body``: the ``ResolveElicitationRequest`` JSON."""
        ids = {"session_id": session_id, "elicitation_id": elicitation_id}
        return await self._call("resolve_elicitation", Elicitation.from_dict, ids, body, options)


#: the generated REST operation module of each session/turn call
_OPERATIONS: dict[str, Any] = {
    m.__name__.rpartition(".")[2]: m
    for m in (
        cancel_session,
        cancel_turn,
        create_session,
        create_turn,
        get_session,
        get_turn,
        resolve_elicitation,
    )
}


class AsyncRestTransport(AsyncSessionCalls):
    """Session/turn calls over REST; events over SSE. Every call takes the caller's
    :class:`RequestOptions` (timeout, retries, extra headers, idempotency key)."""

    name = "sse"

    def __init__(self, pipeline: AsyncHTTPPipeline) -> None:
        self._pipeline = pipeline
        #: the server's last SSE ``retry:`` field, in seconds (the reconnect backoff's base)
        self.retry_hint: float | None = None

    async def close(self) -> None:
        return None

    async def _call(self, op: str, decode: Decoder[M], ids: Ids, body: Body, options: Opts) -> M:
        build = _OPERATIONS[op].build_request
        spec = build(*ids.values()) if body is None else build(*ids.values(), body=body)
        return await self._pipeline.request(spec, decode, options)

    async def get_turn(
        self, session_id: str, turn_id: str, options: RequestOptions | None = None
    ) -> tuple[TurnModel, float | None]:
        response = await self._pipeline.send(
            get_turn.build_request(session_id, turn_id), read_options(options)
        )
        return parse_body(response, TurnModel.from_dict), parse_retry_after(response.headers)

    # -- events -----------------------------------------------------------------------------

    async def fetch_events(
        self,
        session_id: str,
        after_sequence_number: int,
        turn_id: str | None,
        options: RequestOptions | None = None,
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
        writing and the pool (reads are bounded by ``heartbeat_timeout``). The resume loop
        does the retrying, so the pipeline does not. Inside a stream's overall timeout (the
        active ``agenthub._deadline`` deadline) every phase is clamped to the time left and
        :class:`APITimeoutError` is raised once it has passed. Events above the client's
        ``max_event_bytes`` raise ``EventTooLargeError``.

        Raises :class:`StreamingUnavailable` when the endpoint refuses streaming, mapped
        :class:`APIError`\\ s otherwise (the resume loop decides what to retry)."""
        after = request.after_sequence_number
        spec = dict(
            stream_events.build_request(
                request.session_id,
                after_sequence_number=after,
                turn_id=UNSET if request.turn_id is None else request.turn_id,
            )
        )
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if after:
            headers["Last-Event-ID"] = str(after)
        spec["headers"] = {**(spec.get("headers") or {}), **headers}
        opts = read_options(request.options)
        base = self._pipeline.timeout_for(opts)
        timeout = httpx.Timeout(
            connect=base.connect, read=request.heartbeat_timeout, write=base.write, pool=base.pool
        )
        # within a stream's overall timeout, no phase may outlast it (the SDK's own httpx
        # client also clamps every socket read to it; a user's client gets this much)
        timeout = clamp_timeout(timeout, current_deadline())
        stream_opts = attrs.evolve(opts, timeout=timeout, max_retries=0)
        try:
            async with self._pipeline.stream(spec, stream_opts) as response:
                ctype = response.headers.get("content-type", "")
                if not ctype.startswith("text/event-stream"):
                    raise StreamingUnavailable(f"the server answered {ctype or 'no content type'}")
                decoder = SSEDecoder(self._pipeline.max_event_bytes)
                deadline = current_deadline()  # the stream's overall timeout, if any
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
