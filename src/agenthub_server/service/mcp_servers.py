"""MCP servers: the tenant's registry and each session's attached set."""

from __future__ import annotations

from typing import Any

from .. import schemas as S
from ..errors import ApiError
from ..util import new_id, now_iso
from ..validation import check_body
from .base import HubBase, ListParams, atomic


class McpServersMixin(HubBase):
    @atomic
    def create_mcp_server(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.mcp_create, body)
        for _, m in self.store.iter_docs("mcp_server", tenant):
            if m["name"] == data["name"]:
                raise ApiError("conflict", f"An MCP server named {data['name']!r} already exists")
        m = {
            "id": new_id("mcp"),
            "object": "mcp_server",
            "name": data["name"],
            "uri": data["uri"],
            "created_at": now_iso(),
        }
        self.store.put("mcp_server", tenant, m["id"], m)
        return m

    def list_mcp_servers(self, tenant: str, params: ListParams) -> dict[str, Any]:
        return self._page("mcp_server", tenant, params)

    def get_mcp_server(self, tenant: str, mcp_id: str) -> dict[str, Any]:
        return self._doc("mcp_server", tenant, mcp_id)

    @atomic
    def delete_mcp_server(self, tenant: str, mcp_id: str) -> None:
        self._delete("mcp_server", tenant, mcp_id)

    def list_session_mcp_servers(self, tenant: str, session_id: str) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        link = self.store.get("session_mcp", tenant, session_id) or {"ids": []}
        data = [
            m for i in link["ids"] if (m := self.store.get("mcp_server", tenant, i)) is not None
        ]
        return {"object": "list", "data": data, "has_more": False, "next_cursor": None}

    @atomic
    def set_session_mcp_servers(self, tenant: str, session_id: str, body: Any) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        data = check_body(S.session_mcp_set, body)
        ids = list(dict.fromkeys(data["mcp_server_ids"]))
        for i in ids:
            self.get_mcp_server(tenant, i)
        self.store.put("session_mcp", tenant, session_id, {"ids": ids}, parent=session_id)
        return self.list_session_mcp_servers(tenant, session_id)
