"""HTTP responses and httpx failures → the error classes of :mod:`agenthub._exceptions`.

``from_response`` reads an ``application/problem+json`` body (RFC 9457) or any other error
body; ``parse_retry_after`` reads ``retry-after-ms`` / ``Retry-After``;
``map_transport_error`` maps an httpx exception (shared by the async and the sync client).
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PreconditionFailedError,
    ProtocolError,
    RateLimitError,
    UnprocessableEntityError,
    _str_or_none,
)

__all__ = [
    "MAX_RETRY_AFTER",
    "from_response",
    "map_transport_error",
    "parse_retry_after",
    "status_error_class",
]

#: Longest ``Retry-After`` the SDK honours (seconds); larger hints are capped to this.
MAX_RETRY_AFTER = 60.0

_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The :class:`APIStatusError` subclass for an HTTP status (unlisted 4xx → the base)."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date).

    Returns ``None`` when absent or unparseable; negative values become ``0``; values above
    :data:`MAX_RETRY_AFTER` (60 s) are capped.
    """
    seconds: float | None = None
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            seconds = float(ms) / 1000.0
        except ValueError:
            seconds = None
    if seconds is None:
        raw = headers.get("retry-after")
        if raw is None:
            return None
        try:
            seconds = float(raw)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                return None
            seconds = when.timestamp() - (time.time() if now is None else now)
    return clamp_retry_after(seconds)


def clamp_retry_after(seconds: float) -> float | None:
    """A server's retry hint bounded to ``0..MAX_RETRY_AFTER`` (``None`` for NaN)."""
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def from_response(response: httpx.Response) -> APIStatusError:
    """Build the error for a non-2xx ``httpx.Response`` (body must already be read).

    Understands ``application/problem+json``; any other body (HTML, text, foreign JSON, empty)
    still maps by status, with the text kept in ``body`` and a snippet in the message.
    """
    status = response.status_code
    text = _safe_text(response)
    body: object = text or None
    problem: Mapping[str, Any] = {}
    if text:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            body = parsed
            if isinstance(parsed, dict):
                problem = parsed
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
    return status_error_class(status)(
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
    text = f"Error {status}"
    if code:
        text += f" ({code})"
    if detail:
        text += f": {detail}"
    if request_id:
        text += f" [request_id={request_id}]"
    return text


def _safe_text(response: httpx.Response) -> str:
    try:
        return response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
        return ""


def map_transport_error(exc: Exception, request: httpx.Request | None = None) -> APIError:
    """Map an httpx exception to the SDK's: timeouts → ``APITimeoutError``, other transport
    errors → ``APIConnectionError``, ``httpx.DecodingError`` → ``ProtocolError``."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(exc).__name__}).", request=request)
    if isinstance(exc, httpx.DecodingError):
        return ProtocolError(f"Could not decode the response body: {exc}", request=request)
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc}).", request=request)
