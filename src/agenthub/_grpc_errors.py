"""gRPC statuses → the same error classes as HTTP (:mod:`agenthub._exceptions`).

``from_grpc`` reads the status code and the ``google.rpc.Status`` details (``ErrorInfo``,
``RetryInfo``, ``BadRequest``). ``grpc`` and ``google.rpc`` are imported only when used: the
core install (no ``grpc`` extra) imports this module too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from agenthub_openapi.problems import PROBLEM_CODES

from ._exceptions import APIConnectionError, APIError, APITimeoutError, ProtocolError
from ._http_errors import clamp_retry_after, format_message, status_error_class

__all__ = ["GRPC_TO_HTTP", "from_grpc", "grpc_code_name"]

#: gRPC code name → nearest HTTP status, for a status whose ErrorInfo ``reason`` is missing or
#: not a problem code of the contract (``agenthub_openapi.problems``).
GRPC_TO_HTTP: dict[str, int] = {
    "INVALID_ARGUMENT": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ALREADY_EXISTS": 409,
    "ABORTED": 409,
    "FAILED_PRECONDITION": 412,
    "OUT_OF_RANGE": 416,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "UNKNOWN": 500,
    "INTERNAL": 500,
    "DATA_LOSS": 500,
    "UNIMPLEMENTED": 501,
    "UNAVAILABLE": 503,
}


def grpc_code_name(code: object) -> str:
    """Normalise a gRPC code given as ``grpc.StatusCode``, its name, or its number."""
    name = getattr(code, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(code, str):
        return code.upper()
    if isinstance(code, int):
        try:
            import grpc
        except ImportError:  # pragma: no cover - grpc extra not installed
            return "UNKNOWN"
        # a StatusCode's value is (number, lowercase name)
        return next((c.name for c in grpc.StatusCode if c.value[0] == code), "UNKNOWN")
    return "UNKNOWN"


def from_grpc(
    code: object,
    details: str | None = None,
    trailing_metadata: Iterable[tuple[str, str | bytes]] | None = None,
) -> APIError:
    """Map a gRPC failure onto the REST error classes.

    ``code`` is a ``grpc.StatusCode``, a code name (``"NOT_FOUND"``) or number;
    ``trailing_metadata`` may hold ``grpc-status-details-bin`` (a ``google.rpc.Status`` with
    ``ErrorInfo`` / ``RetryInfo``) and ``x-request-id``. The ErrorInfo ``reason`` (the REST
    ``code``) picks the class when known, e.g. FAILED_PRECONDITION with reason
    ``turn_in_progress`` → :class:`ConflictError`. DEADLINE_EXCEEDED → :class:`APITimeoutError`;
    UNAVAILABLE without ``ErrorInfo`` (the channel failed, no server answered) →
    :class:`APIConnectionError`, as a refused HTTP connection is.
    """
    name = grpc_code_name(code)
    metadata = {key.lower(): value for key, value in trailing_metadata or ()}
    status_details = _status_details(metadata.get("grpc-status-details-bin"))
    reason = status_details.reason
    message = details or status_details.message or name
    if name == "DEADLINE_EXCEEDED":
        return APITimeoutError(f"gRPC deadline exceeded: {message}")
    if name == "UNAVAILABLE" and reason is None:
        # No ErrorInfo: the channel itself failed (refused, reset, DNS), not a server's 503.
        return APIConnectionError(f"gRPC connection error: {message}")
    if name == "OK":
        return ProtocolError(f"gRPC call ended with OK but was reported as an error: {message}")
    request_id = status_details.metadata.get("request_id") or _meta_str(
        metadata.get("x-request-id")
    )
    # the contract's status for the ErrorInfo reason; else the gRPC code's nearest HTTP status
    problem = PROBLEM_CODES.get(reason or "")
    status = problem.status if problem else GRPC_TO_HTTP.get(name, 500)
    body: dict[str, Any] = {
        "code": reason,
        "detail": message,
        "grpc_code": name,
        "request_id": request_id,
    }
    if status_details.violations:
        body["errors"] = status_details.violations
        if reason is None and name == "INVALID_ARGUMENT":
            status = 422  # field violations without ErrorInfo: a validation error
    return status_error_class(status)(
        format_message(status, reason, message, request_id),
        status_code=status,
        code=reason,
        request_id=request_id,
        body=body,
        headers={k: _meta_str(v) or "" for k, v in metadata.items() if not k.endswith("-bin")},
        retry_after=status_details.retry_after,
    )


@attrs.frozen
class _StatusDetails:
    reason: str | None = None
    metadata: dict[str, str] = attrs.Factory(dict)
    retry_after: float | None = None
    message: str | None = None
    #: ``google.rpc.BadRequest`` field violations as REST ``errors`` items
    violations: list[dict[str, Any]] = attrs.Factory(list)


def _status_details(raw: str | bytes | None) -> _StatusDetails:
    """Decode ``grpc-status-details-bin`` (a ``google.rpc.Status``): ``ErrorInfo`` → reason and
    metadata, ``RetryInfo`` → retry delay, ``BadRequest`` → field violations (as REST 422
    ``errors`` items: ``loc`` from the dotted ``field``, ``msg`` = description, ``type`` =
    reason or ``"invalid"``).

    Tolerates a missing ``googleapis-common-protos`` install, garbage bytes and a malformed
    individual detail (the others are still used).
    """
    if not isinstance(raw, bytes):
        return _StatusDetails()
    try:
        from google.rpc import error_details_pb2, status_pb2
    except ImportError:  # pragma: no cover - grpc extra not installed
        return _StatusDetails()
    try:
        status = status_pb2.Status.FromString(raw)
    except Exception:  # malformed details must not hide the real error
        return _StatusDetails()
    reason: str | None = None
    meta: dict[str, str] = {}
    retry_after: float | None = None
    violations: list[dict[str, Any]] = []
    for detail in status.details:
        try:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                reason = info.reason or None
                meta = {str(k): str(v) for k, v in info.metadata.items()}
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                detail.Unpack(retry)
                delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
                retry_after = clamp_retry_after(delay)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                violations += [
                    {
                        "loc": _field_loc(v.field),
                        "msg": v.description,
                        "type": getattr(v, "reason", "") or "invalid",
                    }
                    for v in bad.field_violations
                ]
        except Exception:  # one malformed detail must not hide the others or the error
            continue
    return _StatusDetails(reason, meta, retry_after, status.message or None, violations)


def _field_loc(field: str) -> list[str | int]:
    """``"input.0.content"`` / ``"input[0].content"`` → ``["input", 0, "content"]``."""
    parts = field.replace("[", ".").replace("]", "").split(".")
    return [int(part) if part.isdigit() else part for part in parts if part]


def _meta_str(value: str | bytes | None) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
