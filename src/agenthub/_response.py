"""``RawResponse`` and ``RAW_MODE``, which the ``with_raw_response`` wrapper sets and the
pipeline's next ``request()`` consumes (errors are raised as in normal mode)."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")

RAW_MODE: contextvars.ContextVar[bool] = contextvars.ContextVar("agenthub_raw", default=False)


class RawResponse(Generic[T]):
    """The HTTP response of one API call: ``status_code``, ``headers``, ``request_id``
    (``X-Request-Id``), ``http_response`` (the ``httpx.Response``, body already read) and
    ``parse()`` → the typed value the plain method returns (parsed once; ``ProtocolError`` if
    the body does not have the expected shape)."""

    def __init__(self, http_response: httpx.Response, parser: Callable[[], T]) -> None:
        self.http_response = http_response
        self.status_code: int = http_response.status_code
        self.headers: httpx.Headers = http_response.headers
        self.request_id: str | None = http_response.headers.get("x-request-id")
        self.parse: Callable[[], T] = functools.cache(parser)

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] request_id={self.request_id!r}>"
