"""HTTP responses and httpx failures → the error classes of :mod:`agenthub._exceptions`."""

from __future__ import annotations

import contextlib
import email.utils
import json
import math
import time
from collections.abc import Mapping

import httpx

from ._exceptions import (
    STATUS_CLASSES,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ProtocolError,
    _str_or_none,
)

#: Longest ``Retry-After`` the SDK honours (seconds); larger hints are capped to this.
MAX_RETRY_AFTER = 60.0


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date);
    ``None`` when absent or unparseable, clamped to ``0..MAX_RETRY_AFTER``."""
    with contextlib.suppress(KeyError, ValueError):
        return clamp_retry_after(float(headers["retry-after-ms"]) / 1000.0)
    raw = headers.get("retry-after", "")  # "" fails both parses below
    with contextlib.suppress(ValueError):
        return clamp_retry_after(float(raw))
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return clamp_retry_after(email.utils.parsedate_to_datetime(raw).timestamp() - time.time())
    return None


def clamp_retry_after(seconds: float) -> float | None:
    return None if math.isnan(seconds) else min(max(seconds, 0.0), MAX_RETRY_AFTER)


def from_response(response: httpx.Response) -> APIStatusError:
    """The error for a non-2xx response whose body was read: an ``application/problem+json``
    body (RFC 9457) fills ``code``/``request_id``/the message; any other body (HTML, text,
    foreign JSON, empty) still maps by status, its text kept in ``body``, a snippet in the
    message."""
    status = response.status_code
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
        text = ""
    parsed = None
    with contextlib.suppress(ValueError):
        parsed = json.loads(text)
    body = (text or None) if parsed is None else parsed
    problem = body if isinstance(body, dict) else {}
    code = _str_or_none(problem.get("code"))
    request_id = _str_or_none(problem.get("request_id")) or response.headers.get("x-request-id")
    detail = _str_or_none(problem.get("detail")) or _str_or_none(problem.get("title"))
    if detail is None:
        foreign = problem.get("error") or problem.get("message")
        if isinstance(foreign, dict):
            foreign = foreign.get("message")
        detail = _str_or_none(foreign)
    if detail is None and text and not problem:
        detail = text.strip()[:200] or None
    return STATUS_CLASSES.get(min(status, 500), APIStatusError)(
        format_message(status, code, detail or response.reason_phrase or "", request_id),
        status_code=status,
        code=code,
        request_id=request_id,
        body=body,
        headers=response.headers,
        response=response,
        retry_after=parse_retry_after(response.headers),
    )


def format_message(status: int, code: str | None, detail: str, request_id: str | None) -> str:
    """``Error 404 (not_found): session ses_1 not found [request_id=req_1]``."""
    rid = f" [request_id={request_id}]" if request_id else ""
    return f"Error {status}{f' ({code})' if code else ''}{f': {detail}' if detail else ''}{rid}"


def map_transport_error(exc: Exception, request: httpx.Request | None = None) -> APIError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(exc).__name__}).", request=request)
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError(f"Could not decode the response body: {exc}", request=request)
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc}).", request=request)
