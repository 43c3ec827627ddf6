"""agenthub: Python SDK for the agenthub agent platform.

``AgentHub`` (sync) and ``AsyncAgentHub`` (async) are the entry points; every error derives
from ``AgentHubError``; returned objects are the typed models in ``agenthub.types``.
"""

from typing import TYPE_CHECKING, Any

from ._exceptions import (
    AgentHubError,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CapabilityUnavailableError,
    ConfigurationError,
    ConflictError,
    ElicitationRequiredError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PollTimeoutError,
    PreconditionFailedError,
    ProtocolError,
    RateLimitError,
    StreamError,
    TurnFailedError,
    UnprocessableEntityError,
    ValidationIssue,
)
from ._response import RawResponse
from ._statuses import SESSION_ACTIVE_STATUSES, TURN_TERMINAL_STATUSES
from ._types import NOT_GIVEN, CallOptions, NotGiven, RequestOptions, Timeout
from ._version import CONTRACT_VERSION, __version__

if TYPE_CHECKING:
    from ._async._streaming import AsyncEventStream
    from ._async.client import AsyncAgentHub
    from ._async.resources.files import AsyncFileDownload
    from ._async.resources.sessions import AsyncSession
    from ._async.resources.turns import AsyncTurn
    from ._events import UnknownEvent
    from ._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
    from ._results import TurnResult
    from ._sync._streaming import EventStream
    from ._sync.client import AgentHub
    from ._sync.resources.files import FileDownload
    from ._sync.resources.sessions import Session
    from ._sync.resources.turns import Turn

# The clients (and the generated models they load) are imported on first use, so that
# ``import agenthub`` stays cheap (PEP 562).
_LAZY = {
    "AgentHub": "._sync.client",
    "AsyncAgentHub": "._async.client",
    "SyncCursorPage": "._pagination",
    "AsyncCursorPage": "._pagination",
    "AsyncPaginator": "._pagination",
    "Session": "._sync.resources.sessions",
    "AsyncSession": "._async.resources.sessions",
    "Turn": "._sync.resources.turns",
    "AsyncTurn": "._async.resources.turns",
    "EventStream": "._sync._streaming",
    "AsyncEventStream": "._async._streaming",
    "TurnResult": "._results",
    "UnknownEvent": "._events",
    "FileDownload": "._sync.resources.files",
    "AsyncFileDownload": "._async.resources.files",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'agenthub' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # only the public API: not typing helpers, private modules or the lazy-import table
    return sorted(__all__)


__all__ = [
    "CONTRACT_VERSION",
    "NOT_GIVEN",
    "SESSION_ACTIVE_STATUSES",
    "TURN_TERMINAL_STATUSES",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AgentHub",
    "AgentHubError",
    "AsyncAgentHub",
    "AsyncCursorPage",
    "AsyncEventStream",
    "AsyncFileDownload",
    "AsyncPaginator",
    "AsyncSession",
    "AsyncTurn",
    "AuthenticationError",
    "BadRequestError",
    "CallOptions",
    "CapabilityUnavailableError",
    "ConfigurationError",
    "ConflictError",
    "ElicitationRequiredError",
    "EventStream",
    "FileDownload",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "PreconditionFailedError",
    "ProtocolError",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "Session",
    "StreamError",
    "SyncCursorPage",
    "Timeout",
    "Turn",
    "TurnFailedError",
    "TurnResult",
    "UnknownEvent",
    "UnprocessableEntityError",
    "ValidationIssue",
    "__version__",
]
