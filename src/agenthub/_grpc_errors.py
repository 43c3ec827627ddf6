"""gRPC statuses → the same error classes as HTTP. ``google.rpc`` is imported only to read
status details: the core install (no ``grpc`` extra) imports this module too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from agenthub_openapi.problems import PROBLEM_CODES

from ._exceptions import (
    STATUS_CLASSES,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ProtocolError,
)
from ._http_errors import clamp_retry_after, format_message

#: gRPC code → HTTP status, for a status whose ErrorInfo ``reason`` is missing or not a problem
#: code of the contract: the lowest status the contract answers with that code, but for these
GRPC_TO_HTTP: dict[str, int] = {
    **{p.grpc_status: p.status for p in sorted(PROBLEM_CODES.values(), reverse=True)},
    "ALREADY_EXISTS": 409,
    "RESOURCE_EXHAUSTED": 429,  # not 413: rate limits are what clients meet (and retry)
    "CANCELLED": 499,
    "UNIMPLEMENTED": 501,  # not 405
}


def from_grpc(
    code: object,
    details: str | None = None,
    trailing_metadata: Iterable[tuple[str, str | bytes]] | None = None,
) -> APIError:
    """Map a gRPC failure (``code``: a ``grpc.StatusCode`` or its name) onto the REST classes.

    In ``trailing_metadata``, ``grpc-status-details-bin`` (a ``google.rpc.Status``): its
    ``ErrorInfo`` ``reason`` (the REST ``code``) picks the class when it is a problem code of
    the contract (FAILED_PRECONDITION + ``turn_in_progress`` → :class:`ConflictError`),
    ``RetryInfo`` gives ``retry_after``, ``BadRequest`` field violations the 422 ``errors``.
    DEADLINE_EXCEEDED → :class:`APITimeoutError`; UNAVAILABLE without ``ErrorInfo`` (no server
    answered) → :class:`APIConnectionError`, as a refused HTTP connection is."""
    name = getattr(code, "name", code)
    name = name.upper() if isinstance(name, str) else "UNKNOWN"
    metadata = {key.lower(): value for key, value in trailing_metadata or ()}
    found = _status_details(metadata.get("grpc-status-details-bin"))
    headers = {k: v for k, v in metadata.items() if isinstance(v, str)}  # "-bin" values: bytes
    reason = found.reason or None
    message = details or found.message or name
    if name == "DEADLINE_EXCEEDED":
        return APITimeoutError(f"gRPC deadline exceeded: {message}")
    if name == "UNAVAILABLE" and reason is None:
        return APIConnectionError(f"gRPC connection error: {message}")
    if name == "OK":
        return ProtocolError(f"gRPC call ended with OK but was reported as an error: {message}")
    request_id = found.request_id or headers.get("x-request-id")
    problem = PROBLEM_CODES.get(reason or "")
    status = problem.status if problem else GRPC_TO_HTTP.get(name, 500)
    body: dict[str, Any] = {
        "code": reason,
        "detail": message,
        "grpc_code": name,
        "request_id": request_id,
    }
    if found.violations:
        body["errors"] = found.violations
        if reason is None and name == "INVALID_ARGUMENT":
            status = 422  # field violations without ErrorInfo: a validation error
    return STATUS_CLASSES.get(min(status, 500), APIStatusError)(
        format_message(status, reason, message, request_id),
        status_code=status,
        code=reason,
        request_id=request_id,
        body=body,
        headers=headers,
        retry_after=found.retry_after,
    )


@attrs.define
class _StatusDetails:
    reason: str | None = None
    request_id: str | None = None  # of the ErrorInfo's metadata
    retry_after: float | None = None
    message: str | None = None
    violations: list[dict[str, Any]] = attrs.Factory(list)  # as REST 422 ``errors`` items


def _status_details(raw: str | bytes | None) -> _StatusDetails:
    """Decode a ``google.rpc.Status`` (its ErrorInfo, RetryInfo and BadRequest details)."""
    found = _StatusDetails()
    if not isinstance(raw, bytes):
        return found
    try:
        from google.rpc import error_details_pb2 as pb
        from google.rpc import status_pb2

        status = status_pb2.Status.FromString(raw)
    except Exception:  # no grpc extra, or malformed details: must not hide the real error
        return found
    found.message = status.message or None
    for detail in status.details:
        try:
            if detail.Is(pb.ErrorInfo.DESCRIPTOR):
                info = pb.ErrorInfo.FromString(detail.value)
                found.reason, found.request_id = info.reason, info.metadata.get("request_id")
            elif detail.Is(pb.RetryInfo.DESCRIPTOR):
                delay = pb.RetryInfo.FromString(detail.value).retry_delay
                found.retry_after = clamp_retry_after(delay.seconds + delay.nanos / 1e9)
            elif detail.Is(pb.BadRequest.DESCRIPTOR):
                for v in pb.BadRequest.FromString(detail.value).field_violations:
                    # "input.0.content" / "input[0].content" → ["input", 0, "content"]
                    parts = v.field.replace("[", ".").replace("]", "").split(".")
                    loc = [int(part) if part.isdigit() else part for part in parts if part]
                    kind = getattr(v, "reason", "") or "invalid"  # older protos have no reason
                    found.violations.append({"loc": loc, "msg": v.description, "type": kind})
        except Exception:  # one malformed detail must not hide the others or the error
            continue
    return found
