"""Errors as RFC 9457 problem documents (REST) and status codes (gRPC).

Each problem ``code``'s HTTP status, title and gRPC status come from the contract
(``Problem.code``'s ``x-problem-codes``, generated into ``agenthub_openapi.problems``).
"""

from __future__ import annotations

from typing import Any

from agenthub_openapi.problems import PROBLEM_CODES

PROBLEM_BASE = "https://agenthub.dev/problems/"


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
        known = PROBLEM_CODES.get(code)
        self.status = status or (known.status if known else 400)
        #: the ``grpc.StatusCode`` name a gRPC call fails with
        self.grpc_status = known.grpc_status if known else "UNKNOWN"
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
        "title": known.title
        if (known := PROBLEM_CODES.get(code))
        else code.replace("_", " ").capitalize(),
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
