"""TEMPORARY: attach ``sessions`` to the clients until the SDK core lands it."""
from functools import cached_property

from agenthub import AgentHub, AsyncAgentHub

if not hasattr(AgentHub, "sessions"):
    from agenthub._async.resources.sessions import AsyncSessions
    from agenthub._sync.resources.sessions import Sessions as SyncSessions

    def _s(self):  # type: ignore[no-untyped-def]
        return SyncSessions(self)

    def _a(self):  # type: ignore[no-untyped-def]
        return AsyncSessions(self)

    AgentHub.sessions = cached_property(_s)  # type: ignore[attr-defined]
    AgentHub.sessions.__set_name__(AgentHub, "sessions")
    AsyncAgentHub.sessions = cached_property(_a)  # type: ignore[attr-defined]
    AsyncAgentHub.sessions.__set_name__(AsyncAgentHub, "sessions")
