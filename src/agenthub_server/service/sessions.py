"""Sessions: create, list with filters, update, pause/resume/cancel, delete, context."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from .. import schemas as S
from ..errors import ApiError
from ..util import new_id, now_iso, parse_time
from ..validation import check_body
from .base import HubBase, ListParams, atomic


class SessionsMixin(HubBase):
    def render_session(self, tenant: str, doc: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in doc.items() if not k.startswith("_")}
        out["last_sequence_number"] = self.bus.last_seq(doc["id"])
        out["turn_count"] = doc.get("_turn_count", 0)
        out["last_turn_id"] = doc.get("_last_turn_id")
        out["pending_elicitations"] = [
            e
            for _, e in self.store.iter_docs("elicitation", tenant, doc["id"], use_parent=True)
            if e["status"] == "pending"
        ]
        return out

    @atomic
    def create_session(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.session_create, body)
        agent = self._agent(tenant, data["agent_id"])
        from ..agent import priced_usage  # local import: agent imports service

        ts = now_iso()
        sess = {
            "id": new_id("ses"),
            "object": "session",
            # every SessionCreate field of the contract, as validated (defaults filled in): a
            # field added to the spec is stored and returned with no edit here
            **data,
            "status": "idle",
            "usage": priced_usage(0, 0, agent.get("model", "scripted")),
            "active_turn_id": None,
            "created_at": ts,
            "updated_at": ts,
            "_last_turn_id": None,
        }
        self.store.put("session", tenant, sess["id"], sess)
        return self.render_session(tenant, sess)

    def list_sessions(
        self,
        tenant: str,
        params: ListParams,
        *,
        agent_id: str | None = None,
        status: str | None = None,
        labels: dict[str, str] | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
    ) -> dict[str, Any]:
        # checked here, not per transport, so REST and gRPC refuse the same filters alike
        if status is not None and status not in S.SESSION_STATUSES:
            raise ApiError(
                "bad_request", f"'status' must be one of {', '.join(S.SESSION_STATUSES)}"
            )
        for key in labels or {}:
            if not 1 <= len(key) <= 64 or ":" in key:
                raise ApiError(
                    "bad_request", "label filter keys must be 1..64 characters without ':'"
                )

        def where(d: dict[str, Any]) -> bool:
            if agent_id is not None and d["agent_id"] != agent_id:
                return False
            if status is not None and d["status"] != status:
                return False
            if labels and any(d["labels"].get(k) != v for k, v in labels.items()):
                return False
            if created_after is not None or created_before is not None:
                ts = parse_time(d["created_at"])
                if created_after is not None and not ts > created_after:
                    return False
                if created_before is not None and not ts < created_before:
                    return False
            return True

        return self._page(
            "session", tenant, params, where=where, render=lambda d: self.render_session(tenant, d)
        )

    def get_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        return self.render_session(tenant, self._session_doc(tenant, session_id))

    @atomic
    def update_session(self, tenant: str, session_id: str, body: Any) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        data = check_body(S.session_update, body)
        renamed = "name" in data and data["name"] != sess["name"]
        sess.update(data)
        sess["updated_at"] = now_iso()
        self.store.put("session", tenant, session_id, sess)
        if renamed:
            self.bus.append(session_id, "session.renamed", {"name": data["name"] or ""})
        return self.render_session(tenant, sess)

    async def delete_session(self, tenant: str, session_id: str) -> None:
        sess = self._session_doc(tenant, session_id)
        tid = sess.get("active_turn_id")
        if tid and tid in self.tasks:
            self.cancel_target[tid] = "__deleted__"
            task = self.tasks[tid]
            task.cancel()
            await asyncio.wait([task], timeout=5)
        # all rows go together; blob files and live streams only once that is committed
        with self.store.transaction():
            blobs = [
                f["_blob"]
                for _, f in self.store.iter_docs("file", tenant, session_id, use_parent=True)
            ]
            for kind in ("turn", "elicitation", "file"):
                self.store.delete_children(kind, tenant, session_id)
            self.store.delete("session_mcp", tenant, session_id)
            self.store.delete("session", tenant, session_id)
            self.store.delete_events(session_id)
        for blob in blobs:
            self.blobs.remove(blob)
        self.bus.close_session(session_id)

    async def cancel_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        if sess["status"] == "cancelled":
            return self.render_session(tenant, sess)
        tid = sess.get("active_turn_id")
        if tid:
            await self._cancel_turn(tenant, sess, tid, "cancelled")
            sess = self._session_doc(tenant, session_id)
        self._set_status(tenant, sess, "cancelled")
        return self.render_session(tenant, sess)

    @atomic
    def pause_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        return self._switch(tenant, session_id, "pause", source="idle", target="paused")

    @atomic
    def resume_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        return self._switch(tenant, session_id, "resume", source="paused", target="idle")

    def _switch(
        self, tenant: str, session_id: str, verb: str, *, source: str, target: str
    ) -> dict[str, Any]:
        """``source`` → ``target`` (already there: no-op; any other status: 409)."""
        sess = self._session_doc(tenant, session_id)
        if sess["status"] != target:
            if sess["status"] != source:
                raise ApiError("conflict", f"Cannot {verb} a session in status {sess['status']!r}")
            self._set_status(tenant, sess, target)
        return self.render_session(tenant, sess)

    @atomic
    def inject_context(self, tenant: str, session_id: str, body: Any) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        data = check_body(S.inject_context, body)
        return self.bus.append(
            session_id,
            "context.injected",
            {"text": data["text"], "source": data["source"] or "user"},
            sess.get("active_turn_id"),
        )
