"""Agents: CRUD with revisions (ETags), export and import of definitions."""

from __future__ import annotations

from typing import Any

from .. import schemas as S
from ..util import new_id, now_iso
from ..validation import check_body
from .base import HubBase, ListParams, atomic, check_if_match, field_error


class AgentsMixin(HubBase):
    @atomic
    def create_agent(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.agent_create, body)
        self._check_model(data["model"])
        ts = now_iso()
        agent = {
            "id": new_id("agt"),
            "object": "agent",
            **data,
            "revision": 1,
            "created_at": ts,
            "updated_at": ts,
        }
        self.store.put("agent", tenant, agent["id"], agent)
        return agent

    @staticmethod
    def _check_model(model: str) -> None:
        if model not in S.MODELS:
            raise field_error(
                ["body", "model"], f"Unknown model {model!r}; see GET /v1/models", "unknown_model"
            )

    def list_agents(self, tenant: str, params: ListParams) -> dict[str, Any]:
        return self._page("agent", tenant, params)

    def get_agent(self, tenant: str, agent_id: str) -> dict[str, Any]:
        return self._agent(tenant, agent_id)

    @atomic
    def update_agent(
        self, tenant: str, agent_id: str, body: Any, if_match: list[str] | None
    ) -> dict[str, Any]:
        agent = self._agent(tenant, agent_id)
        data = check_body(S.agent_update, body)
        check_if_match(if_match, str(agent["revision"]))
        if "name" in data and data["name"] is None:
            raise field_error(["body", "name"], "Input should be a valid string", "string_type")
        if "model" in data:
            self._check_model(data["model"])
        agent.update(data)
        agent["revision"] += 1
        agent["updated_at"] = now_iso()
        self.store.put("agent", tenant, agent_id, agent)
        return agent

    @atomic
    def delete_agent(self, tenant: str, agent_id: str) -> None:
        self._delete("agent", tenant, agent_id)

    def export_agent(self, tenant: str, agent_id: str) -> dict[str, Any]:
        a = self._agent(tenant, agent_id)

        def names(key: str) -> list[str]:
            raw = a["metadata"].get(key, "")
            return [n.strip() for n in raw.split(",") if n.strip()]

        return {
            "format": "agenthub.agent.v1",
            "name": a["name"],
            "description": a["description"],
            "model": a["model"],
            "instructions": a["instructions"],
            "tools": a["tools"],
            "require_approval": a["require_approval"],
            "metadata": a["metadata"],
            "mcp_servers": names("mcp_servers"),
            "skills": names("skills"),
        }

    @atomic
    def import_agent(self, tenant: str, body: Any) -> tuple[int, dict[str, Any]]:
        req = check_body(S.agent_import, body)
        d = req["definition"]
        unresolved: list[dict[str, str]] = []
        warnings: list[str] = []
        if d["model"] not in S.MODELS:
            unresolved.append({"kind": "model", "name": d["model"]})
        builtin = {"calculator", "clock", "read_file", "write_file"}
        for tool in d["tools"]:
            if tool not in builtin:
                warnings.append(f"tool {tool!r} is not built in; it will run as a client tool")
        mcp_names = {m["name"] for _, m in self.store.iter_docs("mcp_server", tenant)}
        for name in d["mcp_servers"]:
            if name not in mcp_names:
                unresolved.append({"kind": "mcp_server", "name": name})
        for name in d["skills"]:
            if self.store.get("skill", tenant, name) is None:
                unresolved.append({"kind": "skill", "name": name})
        if req["dry_run"]:
            return 200, {
                "dry_run": True,
                "agent": None,
                "unresolved_references": unresolved,
                "warnings": warnings,
            }
        if any(u["kind"] == "model" for u in unresolved):
            raise field_error(
                ["body", "definition", "model"], f"Unknown model {d['model']!r}", "unknown_model"
            )
        for u in unresolved:
            warnings.append(f"unresolved {u['kind']} reference {u['name']!r}")
        metadata = dict(d["metadata"])
        if d["mcp_servers"]:
            metadata["mcp_servers"] = ",".join(d["mcp_servers"])
        if d["skills"]:
            metadata["skills"] = ",".join(d["skills"])
        agent = self.create_agent(
            tenant,
            {
                "name": req["name"] or d["name"] or "imported-agent",
                "description": d["description"],
                "model": d["model"],
                "instructions": d["instructions"],
                "tools": d["tools"],
                "require_approval": d["require_approval"],
                "metadata": metadata,
            },
        )
        return 201, {
            "dry_run": False,
            "agent": agent,
            "unresolved_references": unresolved,
            "warnings": warnings,
        }
