"""The agenthub error hierarchy (the classes alone; the mappings live in ``_http_errors`` and
``_grpc_errors``).

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
    ├── ElicitationRequiredError      waited on a turn whose elicitation nobody answers
    ├── PollTimeoutError              polling gave up (.last_state)
    └── CapabilityUnavailableError    the server does not offer a capability (.capability)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs
import httpx

if TYPE_CHECKING:
    from agenthub_openapi.models.turn_error import TurnError


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
        self.status_code, self.code, self.request_id = status_code, code, request_id
        self.body, self.response, self.retry_after = body, response, retry_after
        self.headers: Mapping[str, str] = headers if headers is not None else {}


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
        self.errors: list[ValidationIssue] = _validation_issues(self.body)


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
        self.event, self.code, self.source = event, code, source


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
        self.turn, self.turn_id, self.session_id, self.status = turn, turn_id, session_id, status
        #: the turn's TurnError (``code``, ``message``), or ``None``
        self.error = cast("TurnError | None", error)
        self.code: str | None = _str_or_none(getattr(error, "code", None))

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
        else:
            message += f" ({code or detail or 'no error details'})"
        if session_id:
            message += f" [session_id={session_id}]"
        return cls(
            message, turn=turn, error=error, turn_id=turn_id, session_id=session_id, status=status
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
        self.last_state, self.last_status, self.elapsed = last_state, last_status, elapsed

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


#: kind → (what the turn waits for, how to answer it); ``{tool}`` is the tool name's repr
_ELICITATION_HINTS = {
    "tool_approval": (
        "approval of tool {tool}",
        "pass on_elicitation=lambda e: e.approve() (or e.decline())",
    ),
    "client_tool": (
        "the output of client tool {tool}",
        "register the tool with session.tools.register(fn, name={tool})",
    ),
    "clarification": ("an answer to a question", 'pass on_elicitation=lambda e: e.respond("...")'),
}


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
        self.elicitation_id, self.turn_id, self.session_id = elicitation_id, turn_id, session_id
        self.kind, self.tool_name, self.elicitation = kind, tool_name, elicitation

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
        hint = _ELICITATION_HINTS.get(kind or "")
        what, how = (
            (hint[0].format(tool=repr(tool)), hint[1].format(tool=repr(tool)))
            if hint
            else (f"an answer ({kind})", "pass on_elicitation=")
        )
        message = (
            f"turn {turn_id or '<unknown>'} is waiting for {what} (elicitation {eid}) and "
            f"nothing answers it: {how}, "
            f'resolve it with session.elicitations.resolve("{eid}", '
            f'action="accept"|"decline"|"cancel"), '
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


def _request_of(response: httpx.Response | None) -> httpx.Request | None:
    try:
        return None if response is None else response.request
    except RuntimeError:  # a Response built without a request
        return None


def _validation_issues(body: object) -> list[ValidationIssue]:
    """The issues of a problem body's ``errors`` list (malformed items are skipped)."""
    raw = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(raw, list):
        return []
    return [
        ValidationIssue(
            loc=tuple(p for p in loc if isinstance(p, str | int)) if isinstance(loc, list) else (),
            msg=str(item.get("msg", "")),
            type=str(item.get("type", "")),
        )
        for item in raw
        if isinstance(item, dict)
        for loc in [item.get("loc")]
    ]


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
