"""``hub.sessions`` (its calls generated: ``_sessions.AsyncSessionsAPI``), making the bound
:class:`AsyncSession` handles (``session.py``). ``transport="sse"`` (default) or ``"grpc"``
picks how a session streams events AND makes the calls the gRPC service has (the contract's
``x-sdk-transport-calls``); everything else goes over REST."""

from __future__ import annotations

from agenthub_openapi.models.session import Session as SessionModel

from ._base import Transport
from ._session import InjectContextCall, SessionUpdateCall
from ._session_mcp import AsyncSessionMcpServers
from ._sessions import AsyncSessionsAPI, SessionCreateCall
from .session import AsyncSession, PromptOptions, TurnCreateCall

__all__ = [
    "AsyncSession",
    "AsyncSessionMcpServers",
    "AsyncSessions",
    "InjectContextCall",
    "PromptOptions",
    "SessionCreateCall",
    "SessionUpdateCall",
    "Transport",
    "TurnCreateCall",
]


class AsyncSessions(AsyncSessionsAPI):
    """``hub.sessions`` (its calls: ``AsyncSessionsAPI``) making :class:`AsyncSession` handles."""

    def _handle(self, data: SessionModel, transport: Transport) -> AsyncSession:
        t = self._rest if transport == "sse" else self._grpc  # resolved by _transport before
        assert t is not None
        return AsyncSession(self, data, transport, t)
