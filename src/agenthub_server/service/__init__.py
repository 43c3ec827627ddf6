"""The business logic shared by REST and gRPC, one module per resource.

:class:`Hub` is the one facade the app, the gRPC service, the agent and the tests use: it is
composed of one mixin per domain over :class:`~agenthub_server.service.base.HubBase` (state,
auth, lifecycle, shared lookups). Methods take a tenant id and plain dicts (already-parsed
request bodies) and return plain dicts (wire shapes); they raise
:class:`~agenthub_server.errors.ApiError`.
"""

from __future__ import annotations

from .agents import AgentsMixin
from .base import (
    HubBase,
    ListParams,
    atomic,
    check_if_match,
    field_error,
    parse_if_match,
    tenant_of,
)
from .elicitations import ElicitationsMixin
from .events import EventsMixin
from .files import FilesMixin
from .mcp_servers import McpServersMixin
from .meta import CONTRACT_VERSION, SERVER_VERSION, MetaMixin
from .schedules import SchedulesMixin
from .sessions import SessionsMixin
from .skills import SkillsMixin
from .tenant_config import TenantConfigMixin, merge_patch
from .turns import TurnsMixin


class Hub(
    MetaMixin,
    AgentsMixin,
    SessionsMixin,
    TurnsMixin,
    EventsMixin,
    ElicitationsMixin,
    FilesMixin,
    McpServersMixin,
    SkillsMixin,
    SchedulesMixin,
    TenantConfigMixin,
    HubBase,
):
    """Every operation of the contract, for REST and gRPC alike (see the domain modules)."""


__all__ = [
    "CONTRACT_VERSION",
    "SERVER_VERSION",
    "Hub",
    "HubBase",
    "ListParams",
    "atomic",
    "check_if_match",
    "field_error",
    "merge_patch",
    "parse_if_match",
    "tenant_of",
]
