"""Health, capabilities and the model catalogue."""

from __future__ import annotations

from typing import Any

from .. import schemas as S
from .base import HubBase, ListParams

CONTRACT_VERSION = "1.0.0"
SERVER_VERSION = "0.1.0"


class MetaMixin(HubBase):
    def health(self) -> dict[str, Any]:
        return {"status": "ok", "version": SERVER_VERSION}

    def capabilities(self) -> dict[str, Any]:
        ids = [
            "agents",
            "agents.import_export",
            "sessions",
            "turns",
            "events.sse",
            "events.grpc",
            "elicitations",
            "client_tools",
            "files",
            "files.range",
            "mcp_servers",
            "skills",
            "schedules",
            "config",
            "models",
        ]
        caps = [
            {
                "id": i,
                "status": "unavailable"
                if i == "events.grpc" and not self.grpc_target
                else "available",
            }
            for i in ids
        ]
        return {
            "contract_version": CONTRACT_VERSION,
            "capabilities": caps,
            "grpc_target": self.grpc_target,
        }

    def list_models(self, params: ListParams | None = None) -> dict[str, Any]:
        """The whole catalogue on one page (``params`` are checked by the caller, not used)."""
        return {
            "object": "list",
            "data": list(S.MODELS.values()),
            "has_more": False,
            "next_cursor": None,
        }
