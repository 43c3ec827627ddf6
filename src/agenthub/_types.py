"""Small shared types: the ``NOT_GIVEN`` sentinel, timeouts and per-call request options. The
``check_*`` helpers raise ``TypeError`` for a value of the wrong kind and ``ValueError`` for a
bad one, before any request is sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Literal, TypeAlias, TypedDict

import attrs
import httpx


class NotGiven:
    """The type of ``NOT_GIVEN`` (falsy): "argument not passed" where ``None`` means something."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

#: ``require_approval``: ``"always"``, ``"never"``, or the names of the tools needing approval
ApprovalPolicy: TypeAlias = Literal["always", "never"] | Sequence[str]

#: A timeout: total seconds as a float (connect is capped at 5 s), or a full ``httpx.Timeout``.
Timeout = float | httpx.Timeout


def check_seconds(name: str, value: object) -> None:
    """``value`` must be ``None`` or seconds (an int/float, not negative or NaN)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be seconds (a number) or None, not {value!r}")
    if not value >= 0:  # also refuses NaN
        raise ValueError(f"{name} must be >= 0 seconds, not {value!r}")


def check_count(name: str, value: object, minimum: int = 0) -> None:
    """``value`` must be an int (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value!r}")


def to_httpx_timeout(timeout: Timeout | None) -> httpx.Timeout:
    """Normalise a user timeout: ``60`` → read/write/pool 60 s, connect ``min(5, 60)`` s."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    check_seconds("timeout", timeout)
    if timeout is None:
        return httpx.Timeout(None)
    return httpx.Timeout(float(timeout), connect=min(5.0, float(timeout)))


class CallOptions(TypedDict, total=False):
    """Keyword options every API method accepts (all optional).

    - ``timeout``: seconds (float) or ``httpx.Timeout`` for this call only (``None``: none).
    - ``max_retries``: retry budget for this call only (``0`` disables retries).
    - ``extra_headers``: extra HTTP headers merged over the client's headers.
    - ``idempotency_key``: the call's ``Idempotency-Key``, sent on every retry (a POST without
      one gets ``ik_<uuid4>``, chosen once per call).
    """

    timeout: Timeout | None
    max_retries: int
    extra_headers: Mapping[str, str]
    idempotency_key: str


CALL_OPTION_KEYS: Final = frozenset(CallOptions.__annotations__)


def check_options(
    options: Mapping[str, object], allowed: frozenset[str] = CALL_OPTION_KEYS, where: str = ""
) -> None:
    """Raise ``TypeError`` if ``options`` has a key outside ``allowed``."""
    for key in options:
        if key not in allowed:
            valid = ", ".join(sorted(allowed))
            prefix = f"{where} " if where else ""
            raise TypeError(
                f"{prefix}got an unexpected keyword argument {key!r} (valid options: {valid})"
            )


def _bad_header_text(text: str) -> bool:
    """Not printable ASCII (tabs allowed): CR, LF, NUL (header injection) or non-ASCII."""
    return not (text.isascii() and text.replace("\t", " ").isprintable())


def check_headers(headers: object, what: str = "headers") -> None:
    """``headers`` (the argument ``what``) must map str to str that HTTP can carry; the
    ``ValueError`` names the header but never shows its value (it may be a credential)."""
    if not isinstance(headers, Mapping):
        raise TypeError(f"{what} must be a mapping of str to str, not {headers!r}")
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"{what}: header names and values must be strings, got {name!r}")
        if not name or _bad_header_text(name) or any(c in name for c in " \t:"):
            raise ValueError(f"Invalid HTTP header name {name!r}.")
        if _bad_header_text(value):
            raise ValueError(
                f"The value of header {name!r} contains a character that cannot be sent in an "
                "HTTP header (a control character such as a newline, or a non-ASCII "
                "character); it is not shown here."
            )


@attrs.frozen
class RequestOptions:
    """Per-call overrides (see :class:`CallOptions`), checked when made; ``NOT_GIVEN`` /
    ``None`` mean "use the client default"."""

    timeout: Timeout | NotGiven | None = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    idempotency_key: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.timeout, NotGiven | httpx.Timeout):
            check_seconds("timeout", self.timeout)
        if not isinstance(self.max_retries, NotGiven):
            check_count("max_retries", self.max_retries)
        if self.extra_headers is not None:
            check_headers(self.extra_headers, "extra_headers")
        if self.idempotency_key is not None:
            check_headers({"Idempotency-Key": self.idempotency_key}, "idempotency_key")

    @classmethod
    def from_call(cls, options: CallOptions) -> RequestOptions:
        """From a public method's ``**options``; an unknown keyword (``limt=2``): ``TypeError``."""
        if not options:
            return NO_OPTIONS  # the common case, on every request's path
        check_options(options)
        return cls(**options)


NO_OPTIONS: Final = RequestOptions()
