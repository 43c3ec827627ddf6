"""The agenthub error hierarchy and its mapping from HTTP responses and gRPC statuses.

::

    AgentHubError
    ├── ConfigurationError            missing/invalid credentials or settings (raised locally)
    ├── APIError                      anything that went wrong talking to the server
    │   ├── APIConnectionError        no usable response (DNS, refused, reset, TLS, ...)
    │   │   └── APITimeoutError       connect/read/write/pool timeout, gRPC DEADLINE_EXCEEDED
    │   ├── APIStatusError            the server answered with an error status
    │   │   ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
    │   │   ├── NotFoundError 404, ConflictError 409, PreconditionFailedError 412,
    │   │   ├── PayloadTooLargeError 413, UnprocessableEntityError 422 (.errors),
    │   │   └── RateLimitError 429 (.retry_after), InternalServerError >=500
    │   ├── ProtocolError             malformed response body or stream
    │   │   └── EventTooLargeError    a server-sent event above the client's max_event_bytes
    │   └── StreamError               the server sent an ``error`` event (.event)
    ├── TurnFailedError               waited on a turn that failed (.turn, .error)
    ├── PollTimeoutError              polling gave up (.last_state)
    └── CapabilityUnavailableError    the server does not offer a capability (.capability)

``from_response`` maps an ``httpx.Response`` to the right class; ``from_grpc`` maps a gRPC
status (code name/int, details, trailing metadata) onto the *same* classes. This module never
imports ``grpc`` at import time.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs
import httpx

if TYPE_CHECKING:
    from agenthub_openapi.models.turn_error import TurnError

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AgentHubError",
    "AuthenticationError",
    "BadRequestError",
    "CapabilityUnavailableError",
    "ConfigurationError",
    "ConflictError",
    "ElicitationRequiredError",
    "EventTooLargeError",
    "InternalServerError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "PreconditionFailedError",
    "ProtocolError",
    "RateLimitError",
    "StreamError",
    "TurnFailedError",
    "UnprocessableEntityError",
    "ValidationIssue",
    "from_grpc",
    "from_response",
    "parse_retry_after",
]

#: Longest ``Retry-After`` the SDK honours (seconds); larger hints are capped to this.
MAX_RETRY_AFTER = 60.0


class AgentHubError(Exception):
    """Base class of every error raised by the SDK."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(AgentHubError):
    """The client cannot be configured (no credentials, unreadable profile, bad option)."""


class APIError(AgentHubError):
    """A request to the server failed. ``request`` is the ``httpx.Request`` when known."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APIConnectionError(APIError):
    """The server could not be reached or the connection broke before a response arrived."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out (HTTP connect/read/write/pool timeout, gRPC DEADLINE_EXCEEDED)."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


@attrs.frozen
class ValidationIssue:
    """One problem reported in a 422 ``errors`` list: ``loc`` (path), ``msg``, ``type``."""

    loc: tuple[str | int, ...]
    msg: str
    type: str

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.loc) or "<body>"
        return f"{where}: {self.msg}"


class APIStatusError(APIError):
    """The server answered with an error status (HTTP 4xx/5xx or the equivalent gRPC code).

    Attributes: ``status_code`` (HTTP status; for gRPC the mapped equivalent), ``code`` (the
    problem's machine-readable ``code``, e.g. ``"not_found"``, or ``None``), ``request_id``
    (``X-Request-Id`` / problem ``request_id``), ``body`` (parsed JSON problem, or the raw text
    for non-JSON answers), ``headers`` and ``response`` (the ``httpx.Response``; ``None`` for
    gRPC), ``retry_after`` (seconds from ``Retry-After``/``RetryInfo``, or ``None``).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        request_id: str | None = None,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, request=_request_of(response))
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.response = response
        self.retry_after = retry_after


class BadRequestError(APIStatusError):
    """400: the request was malformed (bad cursor, bad header, ...)."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid credentials."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials do not allow this operation."""


class NotFoundError(APIStatusError):
    """404: no such resource (or it belongs to another tenant)."""


class ConflictError(APIStatusError):
    """409: conflicts with the current state (duplicate name, turn in progress, ...)."""


class PreconditionFailedError(APIStatusError):
    """412: ``If-Match`` revision/generation is stale, or ``previous_turn_id`` is stale."""


class PayloadTooLargeError(APIStatusError):
    """413: the upload exceeds the server's limit."""


class UnprocessableEntityError(APIStatusError):
    """422: the body failed validation; ``errors`` lists each :class:`ValidationIssue`."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.errors: list[ValidationIssue] = _issues(self.body)


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's hint in seconds (or ``None``)."""


class InternalServerError(APIStatusError):
    """>=500: the server failed or is unavailable (503 carries ``retry_after``)."""


class ProtocolError(APIError):
    """The server's answer could not be understood (invalid JSON, wrong shape, bad stream)."""


class EventTooLargeError(ProtocolError):
    """A server-sent event exceeded the client's ``max_event_bytes`` (``limit``, in bytes).

    An event stream raises it at once instead of reconnecting: the server would send the same
    event again."""

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class StreamError(APIError):
    """The event stream carried an ``error`` event. ``event`` is that event; ``code`` and
    ``source`` are copied from it when present."""

    def __init__(
        self,
        message: str,
        *,
        event: object = None,
        code: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.event = event
        self.code = code
        self.source = source


class TurnFailedError(AgentHubError):
    """A waited-on turn ended ``failed``, ``cancelled`` or ``incomplete``.

    ``turn`` is the final Turn (or the terminal event of a stream), ``error`` its TurnError
    (or ``None``); ``turn_id``, ``session_id``, ``status`` and ``code`` (the TurnError's code)
    are copied out. The message names the turn, the status and the error code and message.
    """

    def __init__(
        self,
        message: str,
        *,
        turn: object = None,
        error: object = None,
        turn_id: str | None = None,
        session_id: str | None = None,
        status: str | None = None,
    ) -> None:
        super().__init__(message)
        self.turn = turn
        #: the turn's TurnError (``code``, ``message``), or ``None``
        self.error = cast("TurnError | None", error)
        self.turn_id = turn_id
        self.session_id = session_id
        self.status = status
        code = getattr(error, "code", None)
        self.code: str | None = code if isinstance(code, str) and code else None

    @classmethod
    def for_turn(
        cls,
        turn_id: str | None,
        status: str,
        error: object,
        *,
        turn: object = None,
        session_id: str | None = None,
    ) -> TurnFailedError:
        """``turn trn_1 ended failed (model_error: the model crashed)``."""
        code = _str_or_none(getattr(error, "code", None))
        detail = _str_or_none(getattr(error, "message", None))
        message = f"turn {turn_id or '<unknown>'} ended {status}"
        if code and detail:
            message += f" ({code}: {detail})"
        elif code or detail:
            message += f" ({code or detail})"
        else:
            message += " (no error details)"
        if session_id:
            message += f" [session_id={session_id}]"
        return cls(
            message,
            turn=turn,
            error=error,
            turn_id=turn_id,
            session_id=session_id,
            status=status,
        )


class PollTimeoutError(AgentHubError):
    """Polling ran out of time. ``last_state`` is the last object seen (e.g. a Turn),
    ``last_status`` its status and ``elapsed`` the seconds spent waiting."""

    def __init__(
        self,
        message: str,
        *,
        last_state: object = None,
        last_status: str | None = None,
        elapsed: float | None = None,
    ) -> None:
        super().__init__(message)
        self.last_state = last_state
        self.last_status = last_status
        self.elapsed = elapsed

    @classmethod
    def for_turn(
        cls, turn_id: str | None, last_status: str, elapsed: float, *, last_state: object = None
    ) -> PollTimeoutError:
        """``turn trn_1 still running after 5.0s of polling (last status: running)``."""
        return cls(
            f"turn {turn_id or '<unknown>'} still {last_status} after {elapsed:.1f}s of polling "
            f"(last status: {last_status})",
            last_state=last_state,
            last_status=last_status,
            elapsed=elapsed,
        )


class ElicitationRequiredError(AgentHubError):
    """A waited-on turn asked a question nobody will answer: an ``elicitation.requested``
    that neither ``on_elicitation=`` nor a registered client tool handles.

    ``elicitation_id``, ``turn_id``, ``session_id``, ``kind`` (``tool_approval``,
    ``client_tool``, ``clarification``), ``tool_name`` and ``elicitation`` (the generated
    Elicitation, or ``None``) describe it. The turn stays ``waiting`` until someone resolves
    the elicitation (``session.elicitations.resolve(id, action=...)``) or cancels the turn.
    """

    def __init__(
        self,
        message: str,
        *,
        elicitation_id: str,
        turn_id: str | None = None,
        session_id: str | None = None,
        kind: str | None = None,
        tool_name: str | None = None,
        elicitation: object = None,
    ) -> None:
        super().__init__(message)
        self.elicitation_id = elicitation_id
        self.turn_id = turn_id
        self.session_id = session_id
        self.kind = kind
        self.tool_name = tool_name
        self.elicitation = elicitation

    @classmethod
    def for_elicitation(
        cls, elicitation: Any, *, turn_id: str | None, session_id: str | None
    ) -> ElicitationRequiredError:
        """Build the error (and its how-to-answer message) from a generated Elicitation."""
        eid = str(getattr(elicitation, "id", ""))
        kind = getattr(elicitation, "kind", None)
        kind = kind if isinstance(kind, str) else None
        tool = getattr(elicitation, "tool_name", None)
        tool = tool if isinstance(tool, str) else None
        what = {
            "tool_approval": f"approval of tool {tool!r}",
            "client_tool": f"the output of client tool {tool!r}",
            "clarification": "an answer to a question",
        }.get(kind or "", f"an answer ({kind})")
        how = {
            "tool_approval": "pass on_elicitation=lambda e: e.approve() (or e.decline())",
            "client_tool": f"register the tool with session.tools.register(fn, name={tool!r})",
            "clarification": 'pass on_elicitation=lambda e: e.respond("...")',
        }.get(kind or "", "pass on_elicitation=")
        message = (
            f"turn {turn_id or '<unknown>'} is waiting for {what} (elicitation {eid}) and "
            f"nothing answers it: {how}, resolve it with "
            f'session.elicitations.resolve("{eid}", action="accept"|"decline"|"cancel"), '
            f'or pass on_elicitation="wait" to wait for someone else to answer'
        )
        return cls(
            message,
            elicitation_id=eid,
            turn_id=turn_id,
            session_id=session_id,
            kind=kind,
            tool_name=tool,
            elicitation=elicitation,
        )


class CapabilityUnavailableError(AgentHubError):
    """The server does not offer ``capability`` (see ``GET /v1/capabilities``)."""

    def __init__(self, message: str, *, capability: str | None = None) -> None:
        super().__init__(message)
        self.capability = capability


# --------------------------------------------------------------------------------------------
# HTTP mapping

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
    reason = response.reason_phrase or ""
    message = _format_message(status, code, detail or reason, request_id)
    cls = status_error_class(status)
    return cls(
        message,
        status_code=status,
        code=code,
        request_id=request_id,
        body=body,
        headers=response.headers,
        response=response,
        retry_after=parse_retry_after(response.headers),
    )


# --------------------------------------------------------------------------------------------
# gRPC mapping

#: gRPC status code number → name (grpc.StatusCode order), so callers may pass either.
GRPC_CODE_NAMES: dict[int, str] = {
    0: "OK",
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}

#: gRPC code name → equivalent HTTP status (used when ErrorInfo gives no better answer).
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

#: Problem ``code`` (= gRPC ErrorInfo ``reason``) → HTTP status, as the REST API uses them.
CODE_TO_HTTP: dict[str, int] = {
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

#: gRPC codes worth retrying (same spirit as HTTP 429/503).
RETRYABLE_GRPC_CODES = frozenset({"UNAVAILABLE", "RESOURCE_EXHAUSTED"})


def grpc_code_name(code: object) -> str:
    """Normalise a gRPC code given as ``grpc.StatusCode``, its name, or its number."""
    name = getattr(code, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(code, int):
        return GRPC_CODE_NAMES.get(code, "UNKNOWN")
    if isinstance(code, str):
        return code.upper()
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
    message = details or name
    metadata: dict[str, str | bytes] = {}
    for key, value in trailing_metadata or ():
        metadata[key.lower()] = value
    details_ = _grpc_status_details(metadata.get("grpc-status-details-bin"))
    reason, info_meta, retry_after, status_message = (
        details_.reason,
        details_.metadata,
        details_.retry_after,
        details_.message,
    )
    if status_message and not details:
        message = status_message
    if name == "DEADLINE_EXCEEDED":
        return APITimeoutError(f"gRPC deadline exceeded: {message}")
    if name == "UNAVAILABLE" and reason is None:
        # No ErrorInfo: the channel itself failed (refused, reset, DNS), not a server's 503.
        return APIConnectionError(f"gRPC connection error: {message}")
    if name == "OK":
        return ProtocolError(f"gRPC call ended with OK but was reported as an error: {message}")
    request_id = info_meta.get("request_id") or _meta_str(metadata.get("x-request-id"))
    status = CODE_TO_HTTP.get(reason or "", GRPC_TO_HTTP.get(name, 500))
    body: dict[str, Any] = {
        "code": reason,
        "detail": message,
        "grpc_code": name,
        "request_id": request_id,
    }
    if details_.violations:
        body["errors"] = details_.violations
        if reason is None and name == "INVALID_ARGUMENT":
            status = 422  # field violations without ErrorInfo: a validation error
    cls = status_error_class(status)
    return cls(
        _format_message(status, reason, message, request_id),
        status_code=status,
        code=reason,
        request_id=request_id,
        body=body,
        headers={k: _meta_str(v) or "" for k, v in metadata.items() if not k.endswith("-bin")},
        retry_after=retry_after,
    )


@attrs.frozen
class _StatusDetails:
    reason: str | None = None
    metadata: dict[str, str] = attrs.Factory(dict)
    retry_after: float | None = None
    message: str | None = None
    #: ``google.rpc.BadRequest`` field violations as REST ``errors`` items
    violations: list[dict[str, Any]] = attrs.Factory(list)


def _grpc_status_details(raw: str | bytes | None) -> _StatusDetails:
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
                retry_after = min(max(delay, 0.0), MAX_RETRY_AFTER)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                for v in bad.field_violations:
                    violations.append(
                        {
                            "loc": _field_loc(v.field),
                            "msg": v.description,
                            "type": getattr(v, "reason", "") or "invalid",
                        }
                    )
        except Exception:  # one malformed detail must not hide the others or the error
            continue
    return _StatusDetails(reason, meta, retry_after, status.message or None, violations)


def _field_loc(field: str) -> list[str | int]:
    """``"input.0.content"`` / ``"input[0].content"`` → ``["input", 0, "content"]``."""
    if not field:
        return []
    loc: list[str | int] = []
    for part in field.replace("[", ".").replace("]", "").split("."):
        if part == "":
            continue
        loc.append(int(part) if part.isdigit() else part)
    return loc


# --------------------------------------------------------------------------------------------
# helpers


def _format_message(status: int, code: str | None, detail: str, request_id: str | None) -> str:
    text = f"Error {status}"
    if code:
        text += f" ({code})"
    if detail:
        text += f": {detail}"
    if request_id:
        text += f" [request_id={request_id}]"
    return text


def _request_of(response: httpx.Response | None) -> httpx.Request | None:
    if response is None:
        return None
    try:
        return response.request
    except RuntimeError:
        return None


def _safe_text(response: httpx.Response) -> str:
    try:
        return response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError, LookupError):
        return ""


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _meta_str(value: str | bytes | None) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _issues(body: object) -> list[ValidationIssue]:
    if not isinstance(body, dict):
        return []
    raw = body.get("errors")
    if not isinstance(raw, list):
        return []
    issues = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        loc = item.get("loc")
        issues.append(
            ValidationIssue(
                loc=tuple(p for p in loc if isinstance(p, str | int))
                if isinstance(loc, list)
                else (),
                msg=str(item.get("msg", "")),
                type=str(item.get("type", "")),
            )
        )
    return issues
