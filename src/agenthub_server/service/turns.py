"""Turns: creation (with its preconditions and inline files), the agent task, cancel."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import TYPE_CHECKING, Any, cast

from .. import schemas as S
from ..errors import ApiError, not_found, validation
from ..util import new_id, now_iso
from ..validation import check_body
from .base import HubBase, ListParams, atomic

if TYPE_CHECKING:
    from . import Hub


class TurnsMixin(HubBase):
    @atomic
    def create_turn(self, tenant: str, session_id: str, body: Any) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        data = check_body(S.turn_create, body)
        if sess["status"] in ("cancelled", "paused"):
            raise ApiError("conflict", f"Session is {sess['status']}; it does not accept turns")
        active = sess.get("active_turn_id")
        if active:
            t = self.store.get("turn", tenant, active)
            if t is not None and t["status"] not in S.TERMINAL_TURN:
                pending = [
                    e["id"]
                    for _, e in self.store.iter_docs(
                        "elicitation", tenant, session_id, use_parent=True
                    )
                    if e["status"] == "pending" and e.get("turn_id") == active
                ]
                base = f"/v1/sessions/{session_id}"
                how = (
                    f"it waits on elicitation {', '.join(pending)}: resolve it "
                    f"(POST {base}/elicitations/{pending[0]}/resolve) or cancel the turn "
                    f"(POST {base}/turns/{active}/cancel)"
                    if pending
                    else f"wait for it to end or cancel it (POST {base}/turns/{active}/cancel)"
                )
                raise ApiError("turn_in_progress", f"Turn {active} is still {t['status']}; {how}")
        latest = sess.get("_last_turn_id")
        prev = data["previous_turn_id"]
        if prev == "auto":
            prev = latest
        elif prev is None:
            if latest is not None:
                raise ApiError(
                    "stale_previous_turn",
                    f"previous_turn_id is null but the latest turn is {latest}",
                )
        elif prev != latest:
            raise ApiError(
                "stale_previous_turn", f"previous_turn_id {prev} is not the latest turn ({latest})"
            )
        output_schema = data.get("output_schema")
        if output_schema is not None:
            from ..agent import check_output_schema  # local import: agent imports service

            check_output_schema(output_schema)
        new_files = self._materialise_inputs(tenant, session_id, data["input"])
        ts = now_iso()
        turn = {
            "id": new_id("trn"),
            "object": "turn",
            "session_id": session_id,
            "status": "queued",
            "previous_turn_id": prev,
            "input": data["input"],
            "metadata": data["metadata"],
            "result": None,
            "error": None,
            "created_at": ts,
            "started_at": None,
            "completed_at": None,
        }
        if output_schema is not None:  # absent otherwise, on REST as on gRPC
            turn["output_schema"] = output_schema
        self.store.insert("turn", tenant, turn["id"], turn, parent=session_id)
        sess["active_turn_id"] = turn["id"]
        sess["_last_turn_id"] = turn["id"]
        sess["_turn_count"] = sess.get("_turn_count", 0) + 1
        self.store.put("session", tenant, session_id, sess)
        self.bus.append(session_id, "turn.created", {"turn": turn}, turn["id"])
        for f in new_files:
            self.bus.append(session_id, "file.created", {"file": f}, turn["id"])
        turn_id: str = turn["id"]
        # The agent starts only once the turn is committed: a request that fails after this
        # point leaves neither a queued turn nor a task running one that does not exist.
        self.store.after_commit(lambda: self._start_turn(tenant, session_id, turn_id))
        return turn

    def _start_turn(self, tenant: str, session_id: str, turn_id: str) -> None:
        from ..agent import run_turn  # local import: agent imports service

        hub = cast("Hub", self)  # a mixin of Hub, which is what the agent drives
        task = asyncio.get_running_loop().create_task(run_turn(hub, tenant, session_id, turn_id))
        self.tasks[turn_id] = task

        def _forget(_task: asyncio.Task[None]) -> None:
            self.tasks.pop(turn_id, None)

        task.add_done_callback(_forget)

    def _materialise_inputs(
        self, tenant: str, session_id: str, items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        created: list[dict[str, Any]] = []
        problems = []
        for i, item in enumerate(items):
            if item["type"] != "user.message" or isinstance(item["content"], str):
                continue
            for j, part in enumerate(item["content"]):
                loc = ["body", "input", i, "content", j]
                if part["type"] == "file":
                    f = self.store.get("file", tenant, part["file_id"])
                    if f is None or f["session_id"] != session_id:
                        raise not_found("file", part["file_id"])
                elif part["type"] == "file_data":
                    header, _, payload = part["data"].partition(",")
                    mime = header[5:].split(";")[0] or "application/octet-stream"
                    try:
                        raw = (
                            base64.b64decode(payload, validate=True)
                            if ";base64" in header
                            else payload.encode()
                        )
                    except (binascii.Error, ValueError):
                        problems.append(
                            {
                                "loc": [*loc, "data"],
                                "msg": "Invalid base64 data",
                                "type": "base64_decode",
                            }
                        )
                        continue
                    if len(raw) > self.config.max_upload_bytes:
                        raise ApiError("payload_too_large", "file_data exceeds the upload limit")
                    part["_decoded"] = (raw, mime)
        if problems:
            raise validation(problems)
        for item in items:
            if item["type"] != "user.message" or isinstance(item["content"], str):
                continue
            for k, part in enumerate(item["content"]):
                if part.get("type") == "file_data" and "_decoded" in part:
                    raw, mime = part.pop("_decoded")
                    f = self.add_file(tenant, session_id, part["filename"], mime, raw, "user")
                    created.append(f)
                    item["content"][k] = {"type": "file", "file_id": f["id"]}
        return created

    def list_turns(self, tenant: str, session_id: str, params: ListParams) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._page("turn", tenant, params, parent=session_id, use_parent=True)

    def get_turn(self, tenant: str, session_id: str, turn_id: str) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._turn(tenant, session_id, turn_id)

    async def cancel_turn(self, tenant: str, session_id: str, turn_id: str) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        turn = self._turn(tenant, session_id, turn_id)
        if turn["status"] in S.TERMINAL_TURN:
            return turn
        await self._cancel_turn(tenant, sess, turn_id, target="idle")
        return self._turn(tenant, session_id, turn_id)

    async def _cancel_turn(
        self, tenant: str, sess: dict[str, Any], turn_id: str, target: str
    ) -> None:
        task = self.tasks.get(turn_id)
        self.cancel_target[turn_id] = target
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=10)
            return
        # orphaned turn (no task): finish it here
        self.cancel_target.pop(turn_id, None)
        turn = self.store.get("turn", tenant, turn_id)
        if turn and turn["status"] not in S.TERMINAL_TURN:
            turn.update(status="cancelled", completed_at=now_iso())
            self.save_turn(tenant, turn)
            sess = self._session_doc(tenant, sess["id"])
            sess["active_turn_id"] = None
            self.store.put("session", tenant, sess["id"], sess)
            if target != "cancelled":
                self._set_status(tenant, sess, target, turn_id)
            self.bus.append(sess["id"], "turn.cancelled", None, turn_id)
