"""The ONE request pipeline: every REST call (JSON, raw, streamed) goes through
:class:`AsyncHTTPPipeline`.

A *request spec* is the ``dict`` the generated builders return, e.g.
``agenthub_openapi.api.agents.get_agent.build_request(agent_id)`` →
``{"method": "get", "url": "/v1/agents/agt_1", "params": {...}, "json": {...},
"headers": {...}}`` (or ``content``). The pipeline adds, per attempt:

- the base URL prefix; ``Authorization: Bearer <key or token>`` (callable tokens are called on
  every attempt); ``User-Agent: agenthub-python/<version>``; ``X-Agenthub-Retry-Count: n``;
- ``Idempotency-Key`` on POST: the caller's (``idempotency_key=`` / spec header) or a generated
  ``ik_<uuid4>``, chosen ONCE per call and reused on every retry;
- client default headers, then the call's ``extra_headers``; per-call timeout / max_retries.

Retries follow :mod:`agenthub._retry`: up to ``max_retries`` on connection errors, timeouts
and HTTP 408, 429, 500, 502, 503, 504 (``x-should-retry: true|false`` overrides the status
rule); every method sent is safe to repeat (GET/PUT/DELETE/PATCH are idempotent, POSTs carry an
Idempotency-Key). The delay is the server's ``retry-after-ms`` / ``Retry-After`` (seconds or
HTTP date, capped at 60 s) or exponential backoff with full jitter (base 0.5 s, max 8 s).

Timeouts: a call's ``timeout`` given as a number of seconds is its whole time budget, from
connecting to the last byte of the body, across every retry and the backoff between them
(see ``agenthub._deadline``: each socket operation is clamped to the time left). When it runs
out the call raises ``APITimeoutError``; a retry whose delay would not fit in the time left is
not attempted (the last error is raised). An ``httpx.Timeout`` keeps httpx's per-phase meaning
(no overall budget). For :meth:`AsyncHTTPPipeline.stream` the budget covers getting the
response head; reading the body is the caller's (event streams have their own ``timeout=``).

Arguments are checked before anything is sent, and never retried:

- a path whose segments (after the generated builders substituted and quoted the ids) include
  an empty, ``.`` or ``..`` segment, or an id containing ``/`` (``%2F``), raises ``ValueError``
  naming the id: httpx would collapse dot segments (``files.delete("..")`` would otherwise
  send ``DELETE /v1/sessions/<id>``), and servers or proxies that decode ``%2F`` would route
  the id as several segments;
- a header name or value that HTTP cannot carry (control characters such as a newline,
  non-ASCII characters), and text that cannot be encoded as UTF-8 (a lone surrogate such as
  ``"\\ud800"`` in a JSON body or a query parameter) raise ``ValueError`` instead of an
  encoding error or a connection error; the message names the header, never its value.

Errors: ``httpx.TimeoutException`` → ``APITimeoutError``; other ``httpx.TransportError`` →
``APIConnectionError``; non-2xx → ``_http_errors.from_response`` (``APIStatusError`` subclasses);
2xx bodies that are not JSON or have the wrong shape → ``ProtocolError``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast
from urllib.parse import unquote

import httpx

from .._backends import AsyncAccessToken, AsyncBackend
from .._deadline import (
    clamp_timeout,
    deadline_scope,
    enter_deadline,
    exit_deadline,
    install,
    time_left,
)
from .._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    ProtocolError,
)
from .._http_errors import from_response, map_transport_error, parse_retry_after
from .._json import loads
from .._logging import logger, redact_headers, register_secret
from .._response import RawResponse, consume_raw_mode
from .._retry import Attempts, retryable_status
from .._sse import DEFAULT_MAX_EVENT_BYTES
from .._types import (
    DEFAULT_MAX_RETRIES,
    NO_OPTIONS,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    Timeout,
    check_headers,
    check_max_retries,
    to_httpx_timeout,
)
from .._version import __version__

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_EVENT_BYTES",
    "AsyncHTTPPipeline",
    "RequestSpec",
    "call_budget",
    "check_path",
    "parse_body",
]

T = TypeVar("T")

#: What generated ``build_request`` builders return (and what the pipeline accepts).
RequestSpec = Mapping[str, Any]

USER_AGENT = f"agenthub-python/{__version__}"
_ACCEPT = "application/json, application/problem+json"


def call_budget(timeout: Timeout | None) -> float | None:
    """The whole-call time budget of a timeout: seconds for a number, ``None`` (no overall
    budget) for ``None`` or an ``httpx.Timeout`` (whose per-phase meaning is kept)."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return None
    return float(timeout)


def check_path(method: str, url: str) -> None:
    """Raise ``ValueError`` when ``url``'s path has an empty, ``.`` or ``..`` segment or a
    segment that decodes to text containing ``/``: an id substituted into the path would then
    address another resource (or none). The message names the offending id."""
    path = url.partition("?")[0]
    if path.startswith(("http://", "https://")):
        path = "/" + path.split("/", 3)[-1] if path.count("/") >= 3 else "/"
    if "%" not in path and "//" not in path and "/." not in path and path[-1:] != "/":
        return  # no empty, '.' or '..' segment, and nothing that could decode to '/'
    segments = path.split("/")
    for segment in segments[1:]:
        value = unquote(segment) if "%" in segment else segment
        if value in ("", ".", "..") or "/" in value:
            what = "an empty id" if not value else f"the id {value!r}"
            raise ValueError(
                f"Refusing to send {method} {path}: {what} cannot be used in a URL path (ids "
                "must not be empty, '.' or '..', nor contain '/'), as it would change which "
                "resource the request reaches."
            )


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
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ProtocolError(
            f"Unexpected response shape for {response.request.method} "
            f"{response.request.url.path}: {type(exc).__name__}: {exc}",
            request=response.request,
        ) from None


#: Pool limits of the httpx client the SDK creates: 1000 connections (httpx: 100), so hundreds
#: of concurrent event streams do not wait for the pool; 100 idle keep-alive, as httpx keeps.
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


class AsyncHTTPPipeline:
    """Sends requests for one client (shared by its ``with_options`` copies).

    ``timeout``: seconds for the whole call (see the module docstring) or an ``httpx.Timeout``
    (per phase). ``max_event_bytes``: the largest server-sent event accepted (bytes).
    Raises ``ValueError`` for ``default_headers`` HTTP cannot carry.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        access_token: AsyncAccessToken | None,
        timeout: Timeout | None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._access_token = access_token
        register_secret(api_key, self)
        if isinstance(access_token, str):
            register_secret(access_token, self)
        self.timeout = to_httpx_timeout(timeout)
        #: the whole-call budget in seconds (``None``: none)
        self.call_timeout = call_budget(timeout)
        check_max_retries(max_retries)
        self.max_retries = max_retries
        if isinstance(max_event_bytes, bool) or not isinstance(max_event_bytes, int):
            raise TypeError("max_event_bytes must be an int (bytes)")
        if max_event_bytes <= 0:
            raise ValueError("max_event_bytes must be positive")
        self.max_event_bytes = max_event_bytes
        if default_headers is not None:
            check_headers(default_headers, "default_headers")
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, not {type(http_client).__name__}"
            )
        self.default_headers: dict[str, str] = dict(default_headers or {})
        #: the headers of every request (the credential's too when it is a fixed API key)
        static = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, **self.default_headers}
        if api_key is not None:
            static["Authorization"] = f"Bearer {api_key}"
        self._owns_client = http_client is None
        if http_client is None:
            # the client sends the static headers itself: fewer to merge into each request
            http_client = httpx.AsyncClient(
                timeout=self.timeout, limits=DEFAULT_LIMITS, headers=static
            )
            install(http_client)  # socket operations honour the call's deadline
            static = {}
        #: the static headers the httpx client does not add by itself
        self._request_headers = static
        self.http_client = http_client

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
            new.call_timeout = call_budget(timeout)
        if not isinstance(max_retries, NotGiven):
            check_max_retries(max_retries)
            new.max_retries = max_retries
        if headers:
            check_headers(headers, "default_headers")
            new.default_headers = {**self.default_headers, **headers}
            new._request_headers = {**self._request_headers, **headers}
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
            token = await AsyncBackend.resolve_token(self._access_token)
            register_secret(token, self)
            if not (token.isascii() and token.isprintable()) or token != token.strip():
                token = self._clean_token(token)
            return {"Authorization": f"Bearer {token}"}
        return {}

    def _clean_token(self, token: str) -> str:
        from .._config import clean_credential

        cleaned = clean_credential(token, "the access_token callable")
        if cleaned is None:
            raise ConfigurationError("access_token callable must return a non-empty string.")
        register_secret(cleaned, self)
        return cleaned

    def retries_for(self, options: RequestOptions) -> int:
        """The call's ``max_retries``, else the client's."""
        retries = options.max_retries
        return self.max_retries if isinstance(retries, NotGiven) else retries

    def timeout_for(self, options: RequestOptions | None) -> httpx.Timeout:
        """The call's ``timeout`` (as an ``httpx.Timeout``), else the client's."""
        if options is None or isinstance(options.timeout, NotGiven):
            return self.timeout
        return to_httpx_timeout(options.timeout)

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
        return await self._send(spec, options or NO_OPTIONS, stream=False)

    @asynccontextmanager
    async def stream(
        self, spec: RequestSpec, options: RequestOptions | None = None
    ) -> AsyncIterator[httpx.Response]:
        """Send with retries and yield the successful response *unread* (iterate
        ``response.aiter_bytes()`` / ``aiter_lines()``); the response is closed on exit.

        Retries cover connecting and error statuses; an error while reading the body is raised
        by httpx — wrap the iteration and convert with :func:`map_transport_error`.
        """
        response = await self._send(spec, options or NO_OPTIONS, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    # -- internals ---------------------------------------------------------------------------

    def _prepare_headers(
        self, spec: RequestSpec, options: RequestOptions, method: str
    ) -> dict[str, str]:
        headers = dict(self._request_headers)
        spec_headers = spec.get("headers")
        if spec_headers:  # from the call's arguments (If-Match, ...): checked here
            spec_headers = {k: str(v) for k, v in spec_headers.items()}
            check_headers(spec_headers)
            headers.update(spec_headers)
        if options.extra_headers:  # checked when the options were made
            headers.update(options.extra_headers)
        if options.idempotency_key or method == "POST":
            names = [*headers, *self.default_headers]
            if not any(name.lower() == "idempotency-key" for name in names):
                headers["Idempotency-Key"] = options.idempotency_key or f"ik_{uuid.uuid4().hex}"
        return headers

    def _build_request(
        self,
        spec: RequestSpec,
        method: str,
        url: str,
        headers: dict[str, str],
        timeout: httpx.Timeout,
    ) -> httpx.Request:
        if not url.startswith(("http://", "https://")):
            url = self.base_url + url
        try:
            return self.http_client.build_request(
                method,
                url,
                params=spec.get("params"),
                json=spec.get("json"),
                content=spec.get("content"),
                headers=headers,
                timeout=timeout,
            )
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
            raise ValueError(
                "The request's arguments contain text that cannot be encoded as UTF-8 "
                f"({exc.reason}: {bad!r}), e.g. a lone surrogate in a string; nothing was sent."
            ) from None
        except httpx.InvalidURL as exc:
            raise ValueError(f"Invalid request URL or parameters: {exc}") from None

    async def _send(
        self, spec: RequestSpec, options: RequestOptions, *, stream: bool
    ) -> httpx.Response:
        method = str(spec["method"]).upper()
        url = str(spec["url"])
        check_path(method, url)
        if self.http_client.is_closed:
            # httpx would raise a bare RuntimeError; no raw httpx error escapes a public call
            raise APIConnectionError(
                f"Cannot send {method} {url}: the client is closed (it was used after "
                "close() or after its with block). Create a new client."
            )
        headers = self._prepare_headers(spec, options, method)
        if isinstance(options.timeout, NotGiven):
            timeout, budget = self.timeout, self.call_timeout
        else:
            timeout, budget = to_httpx_timeout(options.timeout), call_budget(options.timeout)
        attempts = Attempts(
            self.retries_for(options), None if budget is None else time.monotonic() + budget
        )
        while True:
            headers["X-Agenthub-Retry-Count"] = str(attempts.retries)
            attempt_headers = headers
            if self._access_token is not None:  # called for every attempt
                attempt_headers = {**headers, **await self.auth_headers()}
            # a number's phases never exceed it, so only retries need clamping to the time left
            # (the SDK's own client also clamps every socket operation: agenthub._deadline)
            attempt_timeout = (
                timeout if attempts.retries == 0 else clamp_timeout(timeout, attempts.deadline)
            )
            request = self._build_request(spec, method, url, attempt_headers, attempt_timeout)
            if logger.isEnabledFor(logging.DEBUG):  # redacting the headers is not free
                logger.debug(
                    "agenthub request: %s %s headers=%s",
                    request.method,
                    request.url,
                    redact_headers(request.headers),
                )
            response: httpx.Response | None = None
            try:
                token = enter_deadline(attempts.deadline)  # deadline_scope, minus its object
                try:
                    response = await self.http_client.send(request, stream=True)
                    if response.is_success and not stream:
                        await response.aread()
                finally:
                    exit_deadline(token)
            except httpx.TransportError as exc:
                if response is not None:
                    await response.aclose()
                left = time_left(attempts.deadline)
                if left is not None and left <= 0:
                    raise APITimeoutError(
                        f"Request timed out: the call's timeout of {budget:g}s ran out "
                        f"({attempts.retries + 1} attempt(s), last: {type(exc).__name__}).",
                        request=request,
                    ) from exc
                error = map_transport_error(exc, request)
                delay = attempts.next_delay()
                if delay is None:
                    if attempts.out_of_time:
                        error = type(error)(
                            f"{error.message} No time left for another attempt within the "
                            f"call's timeout of {budget:g}s.",
                            request=request,
                        )
                    raise error from exc
                reason = type(exc).__name__
            else:
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
                delay = None
                if retryable_status(response.status_code, response.headers):
                    delay = attempts.next_delay(parse_retry_after(response.headers))
                if delay is None:  # not retryable, no retry left, or the wait would not fit
                    with deadline_scope(attempts.deadline):
                        await _read_and_close(response)
                    raise from_response(response)
                reason = f"HTTP {response.status_code}"
                await response.aclose()
            logger.info(
                "agenthub retry %d/%d after %s in %.2fs: %s %s",
                attempts.retries,
                attempts.max_retries,
                reason,
                delay,
                request.method,
                request.url.path,
            )
            await AsyncBackend.sleep(delay)


async def _read_and_close(response: httpx.Response) -> None:
    """Read an error response's body (for the error's message) and release the connection."""
    try:
        await response.aread()
    except httpx.TransportError:
        pass  # map by status with whatever body we got
    finally:
        await response.aclose()
