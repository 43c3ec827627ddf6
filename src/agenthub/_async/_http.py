"""The ONE request pipeline: every REST call (JSON, raw, streamed) goes through
:class:`AsyncHTTPPipeline`.

A *request spec* is the ``dict`` the generated builders return, e.g.
``agenthub_openapi.api.agents.get_agent._get_kwargs(agent_id)`` →
``{"method": "get", "url": "/v1/agents/agt_1", "params": {...}, "json": {...},
"headers": {...}}`` (also ``content``/``files``/``data``). The pipeline adds, per attempt:

- the base URL prefix; ``Authorization: Bearer <key or token>`` (callable tokens are called on
  every attempt); ``User-Agent: agenthub-python/<version>``; ``X-Agenthub-Retry-Count: n``;
- ``Idempotency-Key`` on POST: the caller's (``idempotency_key=`` / spec header) or a generated
  ``ik_<uuid4>``, chosen ONCE per call and reused on every retry;
- client default headers, then the call's ``extra_headers``; per-call timeout / max_retries.

Retries (up to ``max_retries``): connection errors and timeouts (every method we send is safe
to repeat: GET/PUT/DELETE/PATCH are idempotent and POSTs carry an Idempotency-Key), and HTTP
408, 429, 500, 502, 503, 504. ``x-should-retry: true|false`` overrides the status rule. The
delay is the server's ``retry-after-ms`` / ``Retry-After`` (seconds or HTTP date, capped at
60 s) or exponential backoff with full jitter (base 0.5 s, max 8 s).

Errors: ``httpx.TimeoutException`` → ``APITimeoutError``; other ``httpx.TransportError`` →
``APIConnectionError``; non-2xx → ``_errors.from_response`` (``APIStatusError`` subclasses);
2xx bodies that are not JSON or have the wrong shape → ``ProtocolError``.

Entry points for resource code:

- ``await pipeline.request(spec, cast_to, options)`` → ``cast_to(json_body)`` (``T``); returns a
  ``RawResponse`` when called through ``with_raw_response``;
- ``await pipeline.send(spec, options)`` → the successful ``httpx.Response`` (body read);
- ``async with pipeline.stream(spec, options) as response:`` → a successful streamed
  ``httpx.Response`` (SSE, downloads); errors before the body are mapped and retried as above,
  errors while reading the body are the caller's (map them with :func:`map_transport_error`).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

import httpx

from .._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ProtocolError,
    from_response,
    parse_retry_after,
)
from .._json import loads
from .._logging import logger, redact_headers, register_secret
from .._response import RawResponse, consume_raw_mode
from .._types import (
    DEFAULT_MAX_RETRIES,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    Timeout,
    to_httpx_timeout,
)
from .._version import __version__
from ._compat import AccessToken, resolve_token, sleep

__all__ = [
    "DEFAULT_LIMITS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_DELAY",
    "RETRYABLE_STATUSES",
    "AsyncHTTPPipeline",
    "RequestSpec",
    "map_transport_error",
    "parse_body",
]

T = TypeVar("T")

#: What generated ``_get_kwargs`` builders return (and what the pipeline accepts).
RequestSpec = Mapping[str, Any]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
USER_AGENT = f"agenthub-python/{__version__}"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})


def map_transport_error(exc: Exception, request: httpx.Request | None = None) -> APIError:
    """Map an httpx exception to the SDK's: timeouts → ``APITimeoutError``, other transport
    errors → ``APIConnectionError``, ``httpx.DecodingError`` → ``ProtocolError``."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(exc).__name__}).", request=request)
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError(f"Could not decode the response body: {exc}", request=request)
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc}).", request=request)


def parse_body(response: httpx.Response, cast_to: Callable[[Any], T]) -> T:
    """JSON-decode a successful response and build ``cast_to(data)`` (e.g. ``Agent.from_dict``).

    An empty body decodes as ``None``. Invalid JSON or a shape ``cast_to`` rejects →
    ``ProtocolError`` (never ``KeyError``/``ValueError``/``TypeError``).
    """
    data: Any = None
    if response.content:
        try:
            data = loads(response.content)
        except ValueError as exc:
            raise ProtocolError(
                f"Invalid JSON in {response.status_code} response to "
                f"{response.request.method} {response.request.url.path}: {exc}",
                request=response.request,
            ) from None
    try:
        return cast_to(data)
    except ProtocolError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ProtocolError(
            f"Unexpected response shape for {response.request.method} "
            f"{response.request.url.path}: {type(exc).__name__}: {exc}",
            request=response.request,
        ) from None


#: Connection pool limits of the httpx client the SDK creates (not of one passed as
#: ``http_client=``): up to 1000 connections (httpx's default is 100), so hundreds of
#: concurrent session event streams, each holding a connection, do not wait for the pool;
#: 100 idle keep-alive connections are kept, as httpx does by default.
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


def backoff_delay(retries_taken: int) -> float:
    """Full-jitter exponential backoff: uniform(0, min(8, 0.5 * 2**n)) seconds."""
    return random.uniform(0.0, min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0**retries_taken))


class AsyncHTTPPipeline:
    """Sends requests for one client (shared by its ``with_options`` copies).

    Build one per client; :meth:`copy` makes a cheap variant that shares the httpx client.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        access_token: AccessToken | None,
        timeout: Timeout | None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._access_token = access_token
        register_secret(api_key, self)
        if isinstance(access_token, str):
            register_secret(access_token, self)
        self.timeout = to_httpx_timeout(timeout)
        self.max_retries = max_retries
        self.default_headers: dict[str, str] = dict(default_headers or {})
        self._owns_client = http_client is None
        self.http_client = (
            httpx.AsyncClient(timeout=self.timeout, limits=DEFAULT_LIMITS)
            if http_client is None
            else http_client
        )

    def __repr__(self) -> str:
        return f"<AsyncHTTPPipeline base_url={self.base_url!r}>"

    # -- configuration ---------------------------------------------------------------------

    def copy(
        self,
        *,
        timeout: Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncHTTPPipeline:
        """A variant with other defaults, sharing this pipeline's httpx client (it does not
        own it, so closing the copy leaves the original working)."""
        new = AsyncHTTPPipeline.__new__(AsyncHTTPPipeline)
        new.__dict__.update(self.__dict__)
        new._owns_client = False
        if not isinstance(timeout, NotGiven):
            new.timeout = to_httpx_timeout(timeout)
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if headers:
            new.default_headers = {**self.default_headers, **headers}
        return new

    async def aclose(self) -> None:
        """Close the httpx client if this pipeline created it (never a user-supplied one)."""
        if self._owns_client:
            await self.http_client.aclose()

    async def auth_headers(self) -> dict[str, str]:
        """``{"Authorization": "Bearer ..."}`` for the current credential (for the gRPC
        transport, which sends the same value as ``authorization`` metadata)."""
        if self._api_key is not None:
            return {"Authorization": f"Bearer {self._api_key}"}
        if self._access_token is not None:
            token = await resolve_token(self._access_token)
            register_secret(token, self)
            return {"Authorization": f"Bearer {token}"}
        return {}

    # -- public entry points -----------------------------------------------------------------

    async def request(
        self,
        spec: RequestSpec,
        cast_to: Callable[[Any], T],
        options: RequestOptions | None = None,
    ) -> T:
        """Send ``spec`` and return ``cast_to(json_body)``.

        Through ``with_raw_response`` this returns a :class:`RawResponse` (typed as ``T``
        for the caller; the raw wrapper re-types it).
        """
        raw = consume_raw_mode()
        response = await self.send(spec, options)
        if raw:
            return cast(T, RawResponse(response, lambda: parse_body(response, cast_to)))
        return parse_body(response, cast_to)

    async def send(
        self, spec: RequestSpec, options: RequestOptions | None = None
    ) -> httpx.Response:
        """Send with retries; return the successful response with its body read."""
        return await self._send(spec, options or RequestOptions(), stream=False)

    @asynccontextmanager
    async def stream(
        self, spec: RequestSpec, options: RequestOptions | None = None
    ) -> AsyncIterator[httpx.Response]:
        """Send with retries and yield the successful response *unread* (iterate
        ``response.aiter_bytes()`` / ``aiter_lines()``); the response is closed on exit.

        Retries cover connecting and error statuses; an error while reading the body is raised
        by httpx — wrap the iteration and convert with :func:`map_transport_error`.
        """
        response = await self._send(spec, options or RequestOptions(), stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    # -- internals ---------------------------------------------------------------------------

    def _prepare_headers(self, spec: RequestSpec, options: RequestOptions) -> dict[str, str]:
        headers: dict[str, str] = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json, application/problem+json",
        }
        headers.update(self.default_headers)
        headers.update({k: str(v) for k, v in (spec.get("headers") or {}).items()})
        if options.extra_headers:
            headers.update(options.extra_headers)
        lower = {k.lower() for k in headers}
        method = str(spec["method"]).upper()
        if "idempotency-key" not in lower and (method == "POST" or options.idempotency_key):
            headers["Idempotency-Key"] = options.idempotency_key or f"ik_{uuid.uuid4().hex}"
        return headers

    def _build_request(
        self, spec: RequestSpec, headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Request:
        url = str(spec["url"])
        if not url.startswith(("http://", "https://")):
            url = self.base_url + url
        for _, file_value in spec.get("files") or ():
            # rewind file bodies so that a retry re-sends them in full
            payload = file_value[1] if isinstance(file_value, tuple) else file_value
            if hasattr(payload, "seek") and hasattr(payload, "seekable") and payload.seekable():
                payload.seek(0)
        return self.http_client.build_request(
            str(spec["method"]).upper(),
            url,
            params=spec.get("params"),
            json=spec.get("json"),
            content=spec.get("content"),
            data=spec.get("data"),
            files=spec.get("files"),
            headers=headers,
            timeout=timeout,
        )

    async def _send(
        self, spec: RequestSpec, options: RequestOptions, *, stream: bool
    ) -> httpx.Response:
        headers = self._prepare_headers(spec, options)
        timeout = (
            self.timeout
            if isinstance(options.timeout, NotGiven)
            else to_httpx_timeout(options.timeout)
        )
        max_retries = (
            self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries
        )
        method = str(spec["method"]).upper()
        retry_safe = method in _SAFE_METHODS or any(k.lower() == "idempotency-key" for k in headers)
        retries_taken = 0
        while True:
            headers["X-Agenthub-Retry-Count"] = str(retries_taken)
            attempt_headers = {**headers, **await self.auth_headers()}
            request = self._build_request(spec, attempt_headers, timeout)
            if logger.isEnabledFor(logging.DEBUG):  # redacting the headers is not free
                logger.debug(
                    "agenthub request: %s %s headers=%s",
                    request.method,
                    request.url,
                    redact_headers(attempt_headers),
                )
            response: httpx.Response | None = None
            try:
                response = await self.http_client.send(request, stream=True)
                if response.is_success and not stream:
                    await response.aread()
            except httpx.TransportError as exc:
                if response is not None:
                    await response.aclose()
                error = map_transport_error(exc, request)
                if retry_safe and retries_taken < max_retries:
                    delay = backoff_delay(retries_taken)
                    logger.info(
                        "agenthub retry %d/%d after %s in %.2fs: %s %s",
                        retries_taken + 1,
                        max_retries,
                        type(exc).__name__,
                        delay,
                        request.method,
                        request.url.path,
                    )
                    await sleep(delay)
                    retries_taken += 1
                    continue
                raise error from exc

            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "agenthub response: %s %s -> %d request_id=%s",
                    request.method,
                    request.url.path,
                    response.status_code,
                    response.headers.get("x-request-id"),
                )
            if response.is_success:
                return response
            if retries_taken < max_retries and _should_retry(response):
                hinted = parse_retry_after(response.headers)
                delay = backoff_delay(retries_taken) if hinted is None else hinted
                logger.info(
                    "agenthub retry %d/%d after HTTP %d in %.2fs: %s %s",
                    retries_taken + 1,
                    max_retries,
                    response.status_code,
                    delay,
                    request.method,
                    request.url.path,
                )
                await response.aclose()
                await sleep(delay)
                retries_taken += 1
                continue
            try:
                await response.aread()
            except httpx.TransportError:
                pass  # map by status with whatever body we got
            finally:
                await response.aclose()
            raise from_response(response)


def _should_retry(response: httpx.Response) -> bool:
    hint = response.headers.get("x-should-retry", "").strip().lower()
    if hint == "true":
        return True
    if hint == "false":
        return False
    return response.status_code in RETRYABLE_STATUSES
