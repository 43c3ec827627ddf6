"""The ONE request pipeline: every REST call (JSON, raw, streamed) goes through
:class:`AsyncHTTPPipeline`, given the *request spec* a generated builder returns
(``{"method", "url", "params", "json" or "content", "headers"}``).

Per attempt it adds ``Authorization: Bearer`` (a callable token is called every time),
``User-Agent``, ``X-Agenthub-Retry-Count: n``, the default headers and the call's
``extra_headers``; a POST's ``Idempotency-Key`` (the caller's, or ``ik_<uuid4>``) is chosen
once per call and sent on every retry. Retries follow :mod:`agenthub._retry`. A ``timeout`` in
seconds is the whole call's budget (:mod:`agenthub._deadline`), connect to last byte (to the
response head for ``stream()``), retries and backoff included, then ``APITimeoutError``; a
retry whose delay would not fit is not attempted. An ``httpx.Timeout`` keeps httpx's
per-phase meaning. Arguments are checked before anything is sent (``ValueError``: a bad path
segment, a header HTTP cannot carry, text UTF-8 cannot encode). Transport errors map to
``APITimeoutError`` / ``APIConnectionError``, non-2xx to ``_http_errors.from_response``, a
2xx body that is not the expected JSON to ``ProtocolError``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast
from urllib.parse import unquote

import httpx
from httpcore import ConnectTimeout, ReadTimeout, WriteTimeout

from .._backends import AsyncAccessToken, AsyncBackend
from .._config import clean_credential
from .._deadline import clamp, clamp_timeout, deadline_scope
from .._exceptions import APIConnectionError, APITimeoutError, ConfigurationError, ProtocolError
from .._http_errors import from_response, map_transport_error, parse_retry_after
from .._json import loads
from .._logging import logger, redact_headers, register_secret
from .._response import RAW_MODE, RawResponse
from .._retry import Attempts, retryable_status
from .._sse import DEFAULT_MAX_EVENT_BYTES as DEFAULT_MAX_EVENT_BYTES
from .._types import (
    NO_OPTIONS,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    Timeout,
    check_count,
    check_headers,
    to_httpx_timeout,
)
from .._version import __version__

T = TypeVar("T")

RequestSpec = Mapping[str, Any]

_ACCEPT = "application/json, application/problem+json"

#: 1000 connections (httpx: 100): hundreds of open event streams must not wait for the pool
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


def call_budget(timeout: Timeout | None) -> float | None:
    """The whole-call budget of a timeout: seconds for a number, else ``None``."""
    return None if timeout is None or isinstance(timeout, httpx.Timeout) else float(timeout)


def check_path(method: str, url: str) -> None:
    """``ValueError`` for an empty, ``.``/``..`` or ``/``-decoding path segment: httpx would
    collapse dot segments (``files.delete("..")`` would send ``DELETE /v1/sessions/<id>``),
    servers that decode ``%2F`` would route the id as several segments."""
    path = url.partition("?")[0]
    if path.startswith(("http://", "https://")):
        path = "/" + path.split("/", 3)[-1] if path.count("/") >= 3 else "/"
    if "%" not in path and "//" not in path and "/." not in path and path[-1:] != "/":
        return  # no empty, '.' or '..' segment, and nothing that could decode to '/'
    for segment in path.split("/")[1:]:
        value = unquote(segment) if "%" in segment else segment
        if value in ("", ".", "..") or "/" in value:
            what = "an empty id" if not value else f"the id {value!r}"
            raise ValueError(
                f"Refusing to send {method} {path}: {what} cannot be used in a URL path (ids "
                "must not be empty, '.' or '..', nor contain '/'), as it would change which "
                "resource the request reaches."
            )


def parse_body(response: httpx.Response, cast_to: Callable[[Any], T]) -> T:
    """``cast_to(json_body)`` (``None`` for an empty body); ``ProtocolError`` for invalid
    JSON or a shape ``cast_to`` rejects."""
    try:
        return cast_to(loads(response.content) if response.content else None)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        what = "Invalid JSON" if isinstance(exc, json.JSONDecodeError) else "Unexpected shape"
        request = response.request
        raise ProtocolError(
            f"{what} in {response.status_code} response to {request.method} "
            f"{request.url.path}: {type(exc).__name__}: {exc}",
            request=request,
        ) from None


class AsyncDeadlineStream(AsyncBackend.NetworkStream):
    """A connection whose every socket operation is clamped to the active deadline."""

    def __init__(self, inner: AsyncBackend.NetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, clamp(timeout, ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, clamp(timeout, WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> AsyncBackend.NetworkStream:
        timeout = clamp(timeout, ConnectTimeout)
        inner = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return AsyncDeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class AsyncDeadlineBackend(AsyncBackend.NetworkBackend):
    """Opens :class:`AsyncDeadlineStream` TCP connections (the SDK never uses unix sockets)."""

    def __init__(self, inner: AsyncBackend.NetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any
    ) -> AsyncBackend.NetworkStream:
        timeout = clamp(timeout, ConnectTimeout)
        inner = await self._inner.connect_tcp(host, port, timeout, *args, **kwargs)
        return AsyncDeadlineStream(inner)


def install_deadlines(client: httpx.AsyncClient) -> None:
    """Wrap the network backend of the SDK-made ``client``'s pools (httpx 0.28's private
    ``_pool._network_backend``; elsewhere, deadlines hold per attempt: ``clamp_timeout``)."""
    for transport in [client._transport, *client._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, AsyncBackend.NetworkBackend):
            pool._network_backend = AsyncDeadlineBackend(backend)  # type: ignore[union-attr]


class AsyncHTTPPipeline:
    """Sends one client's requests; ``max_event_bytes``: the largest server-sent event (bytes)."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        access_token: AsyncAccessToken | None,
        timeout: Timeout | None,
        max_retries: int,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        if isinstance(access_token, str):  # a fixed token is sent as a key is
            api_key, access_token = api_key or access_token, None
        self._api_key, self._access_token = api_key, access_token
        register_secret(api_key, self)
        check_count("max_event_bytes", max_event_bytes, 1)
        self.max_event_bytes = max_event_bytes
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, not {type(http_client).__name__}"
            )
        self.default_headers: dict[str, str] = {}
        self._request_headers = {"User-Agent": f"agenthub-python/{__version__}", "Accept": _ACCEPT}
        self._configure(timeout, max_retries, default_headers)
        if api_key is not None:
            self._request_headers["Authorization"] = f"Bearer {api_key}"
        self._owns_client = http_client is None
        if http_client is None:  # ours sends the static headers itself: fewer to merge per call
            http_client = httpx.AsyncClient(
                timeout=self.timeout, limits=DEFAULT_LIMITS, headers=self._request_headers
            )
            install_deadlines(http_client)
            self._request_headers = {}
        self.http_client = http_client

    def _configure(
        self,
        timeout: Timeout | NotGiven | None,
        max_retries: int | NotGiven,
        headers: Mapping[str, str] | None,
    ) -> None:
        if not isinstance(timeout, NotGiven):
            self.timeout, self.call_timeout = to_httpx_timeout(timeout), call_budget(timeout)
        if not isinstance(max_retries, NotGiven):
            check_count("max_retries", max_retries)
            self.max_retries = max_retries
        if headers is not None:
            check_headers(headers, "default_headers")
            self.default_headers = {**self.default_headers, **headers}
            self._request_headers = {**self._request_headers, **headers}

    def copy(
        self,
        *,
        timeout: Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncHTTPPipeline:
        """A variant with other defaults sharing this pipeline's httpx client."""
        new = AsyncHTTPPipeline.__new__(AsyncHTTPPipeline)
        new.__dict__.update(self.__dict__)
        new._owns_client = False
        new._configure(timeout, max_retries, headers)
        return new

    async def aclose(self) -> None:
        """Close the httpx client if this pipeline created it (never a user-supplied one)."""
        if self._owns_client:
            await self.http_client.aclose()

    async def auth_headers(self) -> dict[str, str]:
        """``{"Authorization": "Bearer ..."}`` for the current credential (gRPC metadata too)."""
        token = self._api_key
        if self._access_token is not None:
            value = await AsyncBackend.maybe_await(self._access_token())
            token = clean_credential(value, "the access_token callable")  # message hides it
            if not token:
                raise ConfigurationError("access_token callable must return a non-empty string.")
            register_secret(token, self)
        return {} if token is None else {"Authorization": f"Bearer {token}"}

    def retries_for(self, options: RequestOptions) -> int:
        retries = options.max_retries
        return self.max_retries if isinstance(retries, NotGiven) else retries

    def timeout_for(self, options: RequestOptions) -> httpx.Timeout:
        timeout = options.timeout
        return self.timeout if isinstance(timeout, NotGiven) else to_httpx_timeout(timeout)

    async def request(
        self, spec: RequestSpec, cast_to: Callable[[Any], T], options: RequestOptions | None = None
    ) -> T:
        """Send ``spec`` and return ``cast_to(json_body)``; through ``with_raw_response`` a
        :class:`RawResponse` (typed as ``T`` here; the raw wrapper re-types it)."""
        if raw := RAW_MODE.get():
            RAW_MODE.set(False)  # one raw response per wrapped call
        response = await self.send(spec, options)
        if raw:
            return cast(T, RawResponse(response, lambda: parse_body(response, cast_to)))
        return parse_body(response, cast_to)

    @asynccontextmanager
    async def stream(
        self, spec: RequestSpec, options: RequestOptions | None = None
    ) -> AsyncIterator[httpx.Response]:
        """The successful response *unread* (``aiter_bytes()`` / ``aiter_lines()``), closed on
        exit. An error while reading the body is httpx's: map it with ``map_transport_error``."""
        response = await self.send(spec, options, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    def _build_request(
        self, spec: RequestSpec, options: RequestOptions, timeout: httpx.Timeout
    ) -> httpx.Request:
        method, url = str(spec["method"]).upper(), str(spec["url"])
        check_path(method, url)
        if self.http_client.is_closed:  # httpx would raise a bare RuntimeError
            raise APIConnectionError(
                f"Cannot send {method} {url}: the client is closed (it was used after "
                "close() or after its with block). Create a new client."
            )
        headers = dict(self._request_headers)
        if spec_headers := spec.get("headers"):  # from the call's arguments (If-Match, ...)
            spec_headers = {k: str(v) for k, v in spec_headers.items()}
            check_headers(spec_headers)
            headers.update(spec_headers)
        headers.update(options.extra_headers or {})  # checked when the options were made
        if options.idempotency_key or method == "POST":
            names = [*headers, *self.default_headers]
            if not any(name.lower() == "idempotency-key" for name in names):
                headers["Idempotency-Key"] = options.idempotency_key or f"ik_{uuid.uuid4().hex}"
        headers["X-Agenthub-Retry-Count"] = "0"  # a retry sets its count on the request
        try:
            return self.http_client.build_request(
                method,
                url if url.startswith(("http://", "https://")) else self.base_url + url,
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

    async def send(
        self, spec: RequestSpec, options: RequestOptions | None = None, *, stream: bool = False
    ) -> httpx.Response:
        """Send with retries; the successful response, its body read unless ``stream``."""
        options = options or NO_OPTIONS
        timeout, budget = self.timeout_for(options), self.call_timeout
        if not isinstance(options.timeout, NotGiven):
            budget = call_budget(options.timeout)
        request = self._build_request(spec, options, timeout)  # sent on every attempt
        deadline = None if budget is None else time.monotonic() + budget
        attempts = Attempts(self.retries_for(options), deadline)
        method, path = request.method, request.url.path
        while True:
            if attempts.retries:  # a number's phases never exceed it: the first needs no clamp
                request.headers["X-Agenthub-Retry-Count"] = str(attempts.retries)
                request.extensions["timeout"] = clamp_timeout(timeout, deadline).as_dict()
            if self._access_token is not None:
                request.headers.update(await self.auth_headers())
            if debug := logger.isEnabledFor(logging.DEBUG):  # redacting headers is not free
                headers = redact_headers(request.headers)
                logger.debug("agenthub request: %s %s headers=%s", method, request.url, headers)
            response: httpx.Response | None = None
            try:
                with deadline_scope(deadline):
                    response = await self.http_client.send(request, stream=True)
                    if response.is_success and not stream:
                        await response.aread()
            except httpx.TransportError as exc:
                if response is not None:
                    await response.aclose()
                if deadline is not None and time.monotonic() >= deadline:
                    raise APITimeoutError(
                        f"Request timed out: the call's timeout of {budget:g}s ran out "
                        f"({attempts.retries + 1} attempt(s), last: {type(exc).__name__}).",
                        request=request,
                    ) from exc
                delay = attempts.next_delay()
                if delay is None:
                    error = map_transport_error(exc, request)
                    if attempts.retries < attempts.max_retries:  # the wait would not fit
                        error = type(error)(
                            f"{error.message} No time left for another attempt within the "
                            f"call's timeout of {budget:g}s.",
                            request=request,
                        )
                    raise error from exc
                reason = type(exc).__name__
            else:
                if debug:
                    rid = response.headers.get("x-request-id")
                    log = "agenthub response: %s %s -> %d request_id=%s"
                    logger.debug(log, method, path, response.status_code, rid)
                if response.is_success:
                    return response
                retry = retryable_status(response.status_code, response.headers)
                delay = attempts.next_delay(parse_retry_after(response.headers)) if retry else None
                if delay is None:  # not retryable, no retry left, or the wait would not fit
                    try:  # read the body for the error's message; map by status regardless
                        with contextlib.suppress(httpx.TransportError), deadline_scope(deadline):
                            await response.aread()
                    finally:
                        await response.aclose()
                    raise from_response(response)
                reason = f"HTTP {response.status_code}"
                await response.aclose()
            log = "agenthub retry %d/%d after %s in %.2fs: %s %s"
            logger.info(log, attempts.retries, attempts.max_retries, reason, delay, method, path)
            await AsyncBackend.sleep(delay)
