"""The agenthub error hierarchy (DESIGN §4). Each status class declares the HTTP status it stands
for; reading responses and gRPC statuses into these classes is ``_http_errors``' and
``_grpc_errors``' job. Every error has ``message``; turn errors also carry ``turn_id``,
``session_id`` and the turn's ``status``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import httpx

if TYPE_CHECKING:  # the generated models load lazily
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
]


class AgentHubError(Exception):
    """Base class of every error raised by the SDK."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(AgentHubError):
    """The client cannot be configured (no credentials, unreadable profile, bad option)."""


class APIError(AgentHubError):
    """A request to the server failed (``request``: the httpx request, if any)."""

    _default_message = "Request failed."

    def __init__(self, message: str = "", *, request: httpx.Request | None = None) -> None:
        super().__init__(message or self._default_message)
        self.request = request


class APIConnectionError(APIError):
    """No usable response: DNS, refused, reset, TLS, ..., or the connection broke."""

    _default_message = "Connection error."


class APITimeoutError(APIConnectionError):
    """The request timed out (connect/read/write/pool timeout, gRPC DEADLINE_EXCEEDED)."""

    _default_message = "Request timed out."


@attrs.frozen
class ValidationIssue:
    """One problem of a 422 ``errors`` list: ``loc`` (path), ``msg``, ``type``."""

    loc: tuple[str | int, ...]
    msg: str
    type: str

    def __str__(self) -> str:
        return f"{'.'.join(str(p) for p in self.loc) or '<body>'}: {self.msg}"


#: HTTP status → class (filled by the subclasses below; 500 stands for any >=500)
STATUS_CLASSES: dict[int, type[APIStatusError]] = {}


class APIStatusError(APIError):
    """The server answered with an error status: ``status_code`` (HTTP, or the equivalent of
    the gRPC code), ``code`` (the problem's ``code``, e.g. ``"not_found"``, or ``None``),
    ``request_id``, ``body`` (the parsed JSON problem, or the raw text), ``headers`` and
    ``response`` (``None`` for gRPC), ``retry_after`` (seconds from ``Retry-After`` /
    ``RetryInfo``, or ``None``). A 4xx without a class of its own is this class."""

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
        try:
            request = None if response is None else response.request
        except RuntimeError:  # a Response built without a request
            request = None
        super().__init__(message, request=request)
        self.status_code, self.code, self.request_id = status_code, code, request_id
        self.body, self.response, self.retry_after = body, response, retry_after
        self.headers: Mapping[str, str] = headers if headers is not None else {}

    def __init_subclass__(cls, status: int | None = None) -> None:
        super().__init_subclass__()
        if status is not None:
            STATUS_CLASSES[status] = cls


class BadRequestError(APIStatusError, status=400):
    """The request was malformed (bad cursor, bad header, ...)."""


class AuthenticationError(APIStatusError, status=401):
    """Missing or invalid credentials."""


class PermissionDeniedError(APIStatusError, status=403):
    """The credentials do not allow this operation."""


class NotFoundError(APIStatusError, status=404):
    """No such resource (or it belongs to another tenant)."""


class ConflictError(APIStatusError, status=409):
    """Conflicts with the current state (duplicate name, turn in progress, ...)."""


class PreconditionFailedError(APIStatusError, status=412):
    """``If-Match`` revision/generation is stale, or ``previous_turn_id`` is stale."""


class PayloadTooLargeError(APIStatusError, status=413):
    """The upload exceeds the server's limit."""


class UnprocessableEntityError(APIStatusError, status=422):
    """The body failed validation; ``errors`` lists each :class:`ValidationIssue`."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        raw = self.body.get("errors") if isinstance(self.body, dict) else None
        self.errors = [  # malformed items are skipped
            ValidationIssue(
                tuple(p for p in loc if isinstance(p, str | int)) if isinstance(loc, list) else (),
                str(item.get("msg", "")),
                str(item.get("type", "")),
            )
            for item in (raw if isinstance(raw, list) else ())
            if isinstance(item, dict)
            for loc in [item.get("loc")]
        ]


class RateLimitError(APIStatusError, status=429):
    """Too many requests."""


class InternalServerError(APIStatusError, status=500):
    """>=500: the server failed or is unavailable (503 carries ``retry_after``)."""


class ProtocolError(APIError):
    """The server's answer could not be understood (invalid JSON, wrong shape, bad stream)."""


class EventTooLargeError(ProtocolError):
    """A server-sent event exceeded the client's ``max_event_bytes`` (``limit``); a stream
    raises it at once instead of reconnecting (the server would send the same event again)."""

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class StreamError(APIError):
    """The event stream carried an ``error`` event (``event``, its ``code`` and ``source``)."""

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
    """A waited-on turn ended ``failed``, ``cancelled`` or ``incomplete``: ``turn`` (the
    ``Turn`` or the terminal event), ``error`` (its ``TurnError``) and the error's ``code``."""

    def __init__(
        self,
        message: str,
        *,
        turn: object = None,
        error: TurnError | None = None,
        turn_id: str | None = None,
        session_id: str | None = None,
        status: str | None = None,
    ) -> None:
        super().__init__(message)
        self.turn, self.turn_id, self.session_id, self.status = turn, turn_id, session_id, status
        self.error, self.code = error, _str_or_none(getattr(error, "code", None))


class PollTimeoutError(AgentHubError):
    """Polling gave up: ``last_state``, ``last_status``, ``elapsed`` (seconds)."""

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
        return cls(
            f"turn {turn_id or '<unknown>'} still {last_status} after {elapsed:.1f}s of polling",
            last_state=last_state,
            last_status=last_status,
            elapsed=elapsed,
        )


class ElicitationRequiredError(AgentHubError):
    """A waited-on turn asked a question nobody will answer (it stays waiting):
    ``elicitation_id``, ``kind``, ``tool_name``, ``elicitation``."""

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
        """The error, with how to answer in its message, for a generated Elicitation."""
        eid = str(getattr(elicitation, "id", ""))
        kind = _str_or_none(getattr(elicitation, "kind", None))
        tool = _str_or_none(getattr(elicitation, "tool_name", None))
        how = {
            "tool_approval": "pass on_elicitation=lambda e: e.approve() (or e.decline())",
            "client_tool": f"register the tool with session.tools.register(fn, name={tool!r})",
            "clarification": 'pass on_elicitation=lambda e: e.respond("...")',
        }.get(kind or "", "pass on_elicitation=")
        return cls(
            f"turn {turn_id or '<unknown>'} is waiting for an answer to {kind} elicitation {eid}"
            f"{f' (tool {tool!r})' if tool else ''} and nothing answers it: {how}, resolve it "
            f'with session.elicitations.resolve("{eid}", action="accept"|"decline"|"cancel"), '
            'or pass on_elicitation="wait" to wait for someone else to answer',
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


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
