"""agenthub: Python SDK for the agenthub agent platform. ``AgentHub`` (sync) and
``AsyncAgentHub`` (async) are the entry points; every error derives from ``AgentHubError``;
returned objects are the typed models in ``agenthub.types``."""

import importlib
from typing import TYPE_CHECKING, Any

from . import _exceptions
from ._exceptions import *  # noqa: F403
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

# imported on first use (PEP 562), so that ``import agenthub`` stays cheap
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
    if name not in _LAZY:
        raise AttributeError(f"module 'agenthub' has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(_LAZY[name], __name__), name)
    return value


def __dir__() -> list[str]:  # the public API only
    return sorted(__all__)


__all__ = [
    "CONTRACT_VERSION",
    "NOT_GIVEN",
    "SESSION_ACTIVE_STATUSES",
    "TURN_TERMINAL_STATUSES",
    "AgentHub",
    "AsyncAgentHub",
    "AsyncCursorPage",
    "AsyncEventStream",
    "AsyncFileDownload",
    "AsyncPaginator",
    "AsyncSession",
    "AsyncTurn",
    "CallOptions",
    "EventStream",
    "FileDownload",
    "NotGiven",
    "RawResponse",
    "RequestOptions",
    "Session",
    "SyncCursorPage",
    "Timeout",
    "Turn",
    "TurnResult",
    "UnknownEvent",
    "__version__",
]
__all__ += _exceptions.__all__
