"""Transport-neutral value types, defined once outside ``_async`` (whose unasync twin would
define second copies), so that e.g. ``agenthub.TurnResult`` is the class of both clients'."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import attrs
from agenthub_openapi.models.tool_call import ToolCall
from agenthub_openapi.models.turn import Turn as TurnModel
from agenthub_openapi.models.turn_error import TurnError
from agenthub_openapi.models.turn_result import TurnResult as TurnResultModel
from agenthub_openapi.models.usage import Usage
from agenthub_openapi.types import Unset

from ._exceptions import ProtocolError, TurnFailedError, _str_or_none
from ._types import RequestOptions

#: 3 missed heartbeats (15 s each) plus slack.
DEFAULT_HEARTBEAT_TIMEOUT = 3 * 15.0 + 5.0


class StreamingUnavailable(Exception):
    """Raised by an opener when the server refuses streaming (→ fall back to polling)."""


@attrs.frozen
class EventsRequest:
    """One event connection: the session's events after ``after_sequence_number`` (one turn's,
    if ``turn_id``); silence longer than ``heartbeat_timeout`` seconds is a dropped connection;
    ``options``: the caller's ``extra_headers`` and ``timeout`` (for connecting)."""

    session_id: str
    after_sequence_number: int = 0
    turn_id: str | None = None
    heartbeat_timeout: float | None = None
    options: RequestOptions | None = None


def _heartbeat_or_default(seconds: float | None) -> float:
    return DEFAULT_HEARTBEAT_TIMEOUT if seconds is None else seconds


@attrs.frozen
class StreamPolicy:
    """A stream's reconnect budget (consecutive failures) and idle limit in seconds (``None``:
    the default); the waits between reconnects are :mod:`agenthub._retry`'s."""

    max_reconnects: int = 5
    heartbeat_timeout: float = attrs.field(
        default=DEFAULT_HEARTBEAT_TIMEOUT, converter=_heartbeat_or_default
    )


@attrs.frozen(repr=False)
class TurnResult:
    """What a completed turn produced: ``text`` (also ``str(result)``), ``usage`` (tokens),
    ``tool_calls``, ``structured_output`` (JSON value or ``None``), ``turn_id``, ``session_id``
    and ``turn``: the generated ``Turn`` when the result came from ``turn.wait()`` /
    ``session.prompt()`` (``None`` from a stream, which only sees the terminal event)."""

    text: str
    usage: Usage
    tool_calls: list[ToolCall]
    structured_output: Any
    turn_id: str | None = None
    session_id: str | None = None
    turn: TurnModel | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return (
            f"TurnResult(turn_id={self.turn_id!r}, session_id={self.session_id!r}, text={text!r}, "
            f"total_tokens={getattr(self.usage, 'total_tokens', None)!r}, "
            f"tool_calls={len(self.tool_calls)}"
            + (", structured_output=...)" if self.structured_output is not None else ")")
        )


def turn_outcome(
    status: str,
    result: TurnResultModel | None,
    error: Any,
    *,
    turn_id: str | None,
    session_id: str | None,
    turn: object = None,
) -> TurnResult:
    """``TurnResult`` for a completed turn, else raises :class:`TurnFailedError`. ``result`` /
    ``error`` may also be raw JSON (from an :class:`UnknownEvent` whose payload did not
    decode); a malformed result is a :class:`ProtocolError`."""
    if isinstance(result, Mapping):
        try:
            result = TurnResultModel.from_dict(result)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise ProtocolError(
                f"turn {turn_id} completed with a malformed result: {exc!r}"
            ) from None
    if isinstance(error, Mapping):
        with contextlib.suppress(KeyError, ValueError, TypeError, AttributeError):
            error = TurnError.from_dict(error)
    if status == "completed" and result is not None:
        so = result.structured_output
        return TurnResult(
            text=result.text,
            usage=result.usage,
            tool_calls=list(result.tool_calls),
            structured_output=None if isinstance(so, Unset) else so,
            turn_id=turn_id,
            session_id=session_id,
            turn=turn if isinstance(turn, TurnModel) else None,
        )
    if status == "completed":
        raise ProtocolError(f"turn {turn_id} completed without a result")
    code = _str_or_none(getattr(error, "code", None))
    detail = _str_or_none(getattr(error, "message", None))
    why = f"{code}: {detail}" if code and detail else code or detail or "no error details"
    where = f" [session_id={session_id}]" if session_id else ""
    raise TurnFailedError(
        f"turn {turn_id or '<unknown>'} ended {status} ({why}){where}",
        turn=turn,
        error=error,
        turn_id=turn_id,
        session_id=session_id,
        status=status,
    )
