"""Errors as RFC 9457 problem documents."""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://agenthub.dev/problems/"

TITLES = {
    "bad_request": "Bad request",
    "unauthenticated": "Unauthenticated",
    "permission_denied": "Permission denied",
    "not_found": "Not found",
    "conflict": "Conflict",
    "turn_in_progress": "Turn in progress",
    "idempotency_conflict": "Idempotency key reused with a different request",
    "already_resolved": "Elicitation already resolved",
    "precondition_failed": "Precondition failed",
    "stale_previous_turn": "Stale previous turn",
    "payload_too_large": "Payload too large",
    "range_not_satisfiable": "Range not satisfiable",
    "validation_error": "Validation error",
    "rate_limited": "Rate limited",
    "internal_error": "Internal server error",
    "service_unavailable": "Service unavailable",
    "method_not_allowed": "Method not allowed",
    "unsupported_media_type": "Unsupported media type",
    "not_acceptable": "Not acceptable",
}

STATUS_FOR_CODE = {
    "bad_request": 400,
    "unauthenticated": 401,
    "permission_denied": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "not_acceptable": 406,
    "conflict": 409,
    "turn_in_progress": 409,
    "idempotency_conflict": 409,
    "already_resolved": 409,
    "precondition_failed": 412,
    "stale_previous_turn": 412,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "range_not_satisfiable": 416,
    "validation_error": 422,
    "rate_limited": 429,
    "internal_error": 500,
    "service_unavailable": 503,
}


class ApiError(Exception):
    """Raised by the service layer; rendered as problem+json (REST) or a status (gRPC)."""

    def __init__(
        self,
        code: str,
        detail: str,
        *,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status or STATUS_FOR_CODE.get(code, 400)
        self.errors = errors
        self.headers = dict(headers or {})
        self.retry_after = retry_after
        if retry_after is not None:
            self.headers["Retry-After"] = str(retry_after)
        if self.status == 401:
            # RFC 9110 §11.6.1: a 401 names the scheme that would work
            self.headers.setdefault("WWW-Authenticate", 'Bearer realm="agenthub"')

    def problem(self, request_id: str) -> dict[str, Any]:
        return problem_body(self.code, self.detail, self.status, request_id, self.errors)


def problem_body(
    code: str,
    detail: str,
    status: int,
    request_id: str,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": TITLES.get(code, code.replace("_", " ").capitalize()),
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": request_id,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError("not_found", f"{kind} {ident!r} not found")


def validation(errors: list[dict[str, Any]]) -> ApiError:
    first = errors[0]["msg"] if errors else "invalid request body"
    return ApiError("validation_error", f"Request body is invalid: {first}", errors=errors)
