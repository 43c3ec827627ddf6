"""Elicitations: list, get, resolve (which wakes the waiting turn)."""

from __future__ import annotations

from typing import Any

from .. import schemas as S
from ..errors import ApiError
from ..util import now_iso
from ..validation import check_body
from .base import HubBase, ListParams, atomic, field_error


class ElicitationsMixin(HubBase):
    def list_elicitations(
        self, tenant: str, session_id: str, params: ListParams, status: str | None = None
    ) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        where = (lambda e: e["status"] == status) if status else None
        return self._page(
            "elicitation", tenant, params, parent=session_id, use_parent=True, where=where
        )

    def get_elicitation(self, tenant: str, session_id: str, elicitation_id: str) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._child("elicitation", tenant, session_id, elicitation_id)

    @atomic
    def resolve_elicitation(
        self, tenant: str, session_id: str, elicitation_id: str, body: Any
    ) -> dict[str, Any]:
        eli = self.get_elicitation(tenant, session_id, elicitation_id)
        data = check_body(S.resolve_elicitation, body)
        if eli["status"] == "resolved":
            raise ApiError(
                "already_resolved",
                f"Elicitation {elicitation_id} was already resolved ({eli['action']})",
            )
        content = data["content"]
        if data["action"] == "accept":
            need = {"client_tool": "output", "clarification": "text"}.get(eli["kind"])
            if need and not (isinstance(content, dict) and isinstance(content.get(need), str)):
                raise field_error(
                    ["body", "content", need],
                    (f"Accepting a {eli['kind']} elicitation needs content.{need} (string)"),
                    "missing",
                )
            if eli["kind"] == "client_tool" and not isinstance(
                content.get("is_error", False), bool
            ):
                raise field_error(
                    ["body", "content", "is_error"],
                    "content.is_error must be a boolean",
                    "bool_type",
                )
        self.finish_elicitation(tenant, eli, data["action"], content, data["reason"])
        return eli

    def finish_elicitation(
        self, tenant: str, eli: dict[str, Any], action: str, content: Any, reason: str | None
    ) -> None:
        eli.update(
            status="resolved", action=action, content=content, reason=reason, resolved_at=now_iso()
        )
        self.store.put("elicitation", tenant, eli["id"], eli, parent=eli["session_id"])
        self.bus.append(
            eli["session_id"],
            "elicitation.resolved",
            {"elicitation_id": eli["id"], "action": action},
            eli["turn_id"],
        )
        self.store.after_commit(lambda: self._wake_waiter(eli))

    def _wake_waiter(self, eli: dict[str, Any]) -> None:
        fut = self.waiters.pop(eli["id"], None)
        if fut is not None and not fut.done():
            fut.set_result(eli)
