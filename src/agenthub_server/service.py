"""The business logic shared by REST and gRPC: tenancy, resources, turns, elicitations.

Methods take a tenant id and plain dicts (already-parsed request bodies) and return plain dicts
(wire shapes). They raise :class:`~agenthub_server.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from . import schemas as S
from .config import ServerConfig
from .errors import ApiError, not_found, validation
from .events import EventBus
from .files import BlobStore
from .store import Store
from .util import cursor_int, decode_cursor, encode_cursor, iso, new_id, now, now_iso, parse_time
from .validation import check_body

log = logging.getLogger("agenthub_server")

CONTRACT_VERSION = "1.0.0"
SERVER_VERSION = "0.1.0"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def atomic(fn: Callable[Concatenate[Hub, _P], _R]) -> Callable[Concatenate[Hub, _P], _R]:
    """Run a synchronous Hub method in one store transaction: if it raises, nothing it wrote
    stays (no half-created turn blocking its session, no event without its resource)."""

    @functools.wraps(fn)
    def wrapper(self: Hub, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self.store.transaction():
            return fn(self, *args, **kwargs)

    return wrapper


def tenant_of(key: str) -> str:
    return "ten_" + hashlib.sha256(key.encode()).hexdigest()[:24]


def parse_if_match(header: str | None) -> list[str] | None:
    """``None`` (absent), ``["*"]`` or the list of quoted values (unquoted). Malformed → 400."""
    if header is None:
        return None
    raw = header.strip()
    if raw == "*":
        return ["*"]
    values = []
    for part in raw.split(","):
        p = part.strip()
        if p.startswith("W/"):
            p = p[2:]
        if len(p) < 2 or not (p.startswith('"') and p.endswith('"')) or '"' in p[1:-1]:
            raise ApiError("bad_request", "Malformed If-Match header (expected quoted ETags or *)")
        values.append(p[1:-1])
    if not values:
        raise ApiError("bad_request", "Malformed If-Match header")
    return values


def check_if_match(if_match: list[str] | None, current: str) -> None:
    if if_match is None or "*" in if_match:
        return
    if current not in if_match:
        raise ApiError(
            "precondition_failed",
            f'If-Match does not match the current version "{current}"',
        )


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


class ListParams:
    def __init__(self, limit: int = 20, after: str | None = None, order: str | None = None) -> None:
        self.limit = limit
        self.after = after
        self.order = order


class Hub:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.store = Store(config.db)
        self.bus = EventBus(self.store)
        self.blobs = BlobStore(config.db)
        # Keys are kept as SHA-256 digests, bucketed by their first 8 bytes; a presented key
        # is hashed and compared with hmac.compare_digest against its bucket. The bucket
        # lookup runs on a digest the caller cannot steer, so no timing reveals key bytes.
        self._key_digests: dict[bytes, list[tuple[bytes, str]]] = {}
        for key in config.resolved_api_keys():
            self.add_api_key(key)
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.cancel_target: dict[str, str] = {}
        self.grpc_target: str | None = None
        self.closing = False
        self.shutdown = asyncio.Event()
        self._recover()
        self._collect_orphan_blobs()

    # ------------------------------------------------------------------ lifecycle / auth
    def add_api_key(self, key: str) -> str:
        tenant = tenant_of(key)
        digest = hashlib.sha256(key.encode()).digest()
        bucket = self._key_digests.setdefault(digest[:8], [])
        if all(d != digest for d, _ in bucket):
            bucket.append((digest, tenant))
        return tenant

    def authenticate(self, key: str | None) -> str:
        if not key:
            raise ApiError(
                "unauthenticated", "Missing API key (Authorization: Bearer <key> or X-API-Key)"
            )
        digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()
        tenant = None
        for known, owner in self._key_digests.get(digest[:8], ()):
            if hmac.compare_digest(known, digest):
                tenant = owner
        if tenant is None:
            raise ApiError("unauthenticated", "Invalid API key")
        return tenant

    async def aclose(self) -> None:
        self.closing = True
        self.shutdown.set()
        self.bus.close_all()
        tasks = list(self.tasks.values())
        for t in tasks:
            t.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    def close(self) -> None:
        self.store.close()
        self.blobs.close()

    def _recover(self) -> None:
        """Turns left unfinished by a previous process become ``incomplete``."""
        for tenant, sess in self.store.all_docs("session"):
            tid = sess.get("active_turn_id")
            if not tid:
                continue
            turn = self.store.get("turn", tenant, tid)
            if turn and turn["status"] not in S.TERMINAL_TURN:
                turn.update(status="incomplete", completed_at=now_iso())
                self.store.put("turn", tenant, tid, turn, parent=sess["id"])
                self.bus.append(sess["id"], "turn.incomplete", {"reason": "server_restart"}, tid)
                self._set_status(tenant, sess, "idle")
            sess["active_turn_id"] = None
            self.store.put("session", tenant, sess["id"], sess)

    def _collect_orphan_blobs(self) -> None:
        """Delete blob files no file record points at: partial uploads cut off by a crash
        (kill -9 mid-upload) or blobs whose record was never committed."""
        live = {f.get("_blob") for _, f in self.store.all_docs("file")}
        removed = self.blobs.remove_unreferenced(live)
        if removed:
            log.info("removed %d orphaned upload blob(s)", removed)

    # ------------------------------------------------------------------ lists
    def _page(
        self,
        kind: str,
        tenant: str,
        params: ListParams,
        *,
        parent: str | None = None,
        use_parent: bool = False,
        default_order: str = "desc",
        where: Any = None,
        render: Any = None,
    ) -> dict[str, Any]:
        order = params.order or default_order
        after_pos = None
        if params.after is not None:
            cur = decode_cursor(params.after)
            after_pos = cursor_int(cur, "p")
            if cur.get("k") != kind:
                raise ApiError("bad_request", "Malformed cursor in 'after'")
        rows, more = self.store.page(
            kind,
            tenant,
            parent=parent,
            use_parent=use_parent,
            descending=order == "desc",
            after_pos=after_pos,
            limit=params.limit,
            where=where,
        )
        data = [render(d) if render else d for _, d in rows]
        next_cursor = encode_cursor({"k": kind, "p": rows[-1][0]}) if more and rows else None
        return {
            "object": "list",
            "data": data,
            "has_more": bool(more and rows),
            "next_cursor": next_cursor,
        }

    # ------------------------------------------------------------------ meta
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

    def list_models(self) -> dict[str, Any]:
        return {
            "object": "list",
            "data": list(S.MODELS.values()),
            "has_more": False,
            "next_cursor": None,
        }

    # ------------------------------------------------------------------ agents
    def _agent(self, tenant: str, agent_id: str) -> dict[str, Any]:
        doc = self.store.get("agent", tenant, agent_id)
        if doc is None:
            raise not_found("agent", agent_id)
        return doc

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
            raise validation(
                [
                    {
                        "loc": ["body", "model"],
                        "msg": f"Unknown model {model!r}; see GET /v1/models",
                        "type": "unknown_model",
                    }
                ]
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
            raise validation(
                [
                    {
                        "loc": ["body", "name"],
                        "msg": "Input should be a valid string",
                        "type": "string_type",
                    }
                ]
            )
        if "model" in data:
            self._check_model(data["model"])
        agent.update(data)
        agent["revision"] += 1
        agent["updated_at"] = now_iso()
        self.store.put("agent", tenant, agent_id, agent)
        return agent

    @atomic
    def delete_agent(self, tenant: str, agent_id: str) -> None:
        if not self.store.delete("agent", tenant, agent_id):
            raise not_found("agent", agent_id)

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
            raise validation(
                [
                    {
                        "loc": ["body", "definition", "model"],
                        "msg": f"Unknown model {d['model']!r}",
                        "type": "unknown_model",
                    }
                ]
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

    # ------------------------------------------------------------------ sessions
    def _session_doc(self, tenant: str, session_id: str) -> dict[str, Any]:
        doc = self.store.get("session", tenant, session_id)
        if doc is None:
            raise not_found("session", session_id)
        return doc

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

    def _set_status(
        self, tenant: str, sess: dict[str, Any], status: str, turn_id: str | None = None
    ) -> None:
        previous = sess["status"]
        if previous == status:
            return
        sess["status"] = status
        sess["updated_at"] = now_iso()
        self.store.put("session", tenant, sess["id"], sess)
        self.bus.append(
            sess["id"], "session.status", {"status": status, "previous_status": previous}, turn_id
        )

    @atomic
    def create_session(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.session_create, body)
        agent = self._agent(tenant, data["agent_id"])
        from .agent import priced_usage  # local import: agent imports service

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
            await self._cancel_turn(tenant, sess, tid, target="cancelled")
            sess = self._session_doc(tenant, session_id)
        self._set_status(tenant, sess, "cancelled")
        return self.render_session(tenant, sess)

    @atomic
    def pause_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        if sess["status"] == "paused":
            return self.render_session(tenant, sess)
        if sess["status"] != "idle":
            raise ApiError("conflict", f"Cannot pause a session in status {sess['status']!r}")
        self._set_status(tenant, sess, "paused")
        return self.render_session(tenant, sess)

    @atomic
    def resume_session(self, tenant: str, session_id: str) -> dict[str, Any]:
        sess = self._session_doc(tenant, session_id)
        if sess["status"] == "idle":
            return self.render_session(tenant, sess)
        if sess["status"] != "paused":
            raise ApiError("conflict", f"Cannot resume a session in status {sess['status']!r}")
        self._set_status(tenant, sess, "idle")
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

    # ------------------------------------------------------------------ turns
    def _turn(self, tenant: str, session_id: str, turn_id: str) -> dict[str, Any]:
        doc = self.store.get("turn", tenant, turn_id)
        if doc is None or doc["session_id"] != session_id:
            raise not_found("turn", turn_id)
        return doc

    def save_turn(self, tenant: str, turn: dict[str, Any]) -> None:
        self.store.put("turn", tenant, turn["id"], turn, parent=turn["session_id"])

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
            from .agent import check_output_schema  # local import: agent imports service

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
        self.save_turn(tenant, turn)
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
        from .agent import run_turn  # local import: agent imports service

        task = asyncio.get_running_loop().create_task(run_turn(self, tenant, session_id, turn_id))
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

    # ------------------------------------------------------------------ events
    def list_events(
        self,
        tenant: str,
        session_id: str,
        params: ListParams,
        after_sequence_number: int | None = None,
        turn_id: str | None = None,
    ) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        if turn_id is not None:
            self._turn(tenant, session_id, turn_id)
        order = params.order or "asc"
        after = after_sequence_number or 0
        before = None
        if params.after is not None:
            seq = cursor_int(decode_cursor(params.after), "s")
            if order == "asc":
                after = max(after, seq)
            else:
                before = seq
        rows = self.store.events(
            session_id,
            after=after,
            before=before,
            turn_id=turn_id,
            limit=params.limit + 1,
            descending=order == "desc",
        )
        more = len(rows) > params.limit
        rows = rows[: params.limit]
        import json

        data = [json.loads(r[3]) for r in rows]
        return {
            "object": "list",
            "data": data,
            "has_more": more,
            "next_cursor": encode_cursor({"s": rows[-1][0]}) if more else None,
        }

    def check_stream(
        self, tenant: str, session_id: str, turn_id: str | None
    ) -> dict[str, Any] | None:
        self._session_doc(tenant, session_id)
        if turn_id is not None:
            return self._turn(tenant, session_id, turn_id)
        return None

    # ------------------------------------------------------------------ elicitations
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
        doc = self.store.get("elicitation", tenant, elicitation_id)
        if doc is None or doc["session_id"] != session_id:
            raise not_found("elicitation", elicitation_id)
        return doc

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
                raise validation(
                    [
                        {
                            "loc": ["body", "content", need],
                            "msg": (
                                f"Accepting a {eli['kind']} elicitation needs "
                                f"content.{need} (string)"
                            ),
                            "type": "missing",
                        }
                    ]
                )
            if eli["kind"] == "client_tool" and not isinstance(
                content.get("is_error", False), bool
            ):
                raise validation(
                    [
                        {
                            "loc": ["body", "content", "is_error"],
                            "msg": "content.is_error must be a boolean",
                            "type": "bool_type",
                        }
                    ]
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

    # ------------------------------------------------------------------ files
    def render_file(self, f: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in f.items() if not k.startswith("_")}

    @atomic
    def add_file_record(
        self, tenant: str, session_id: str, info: dict[str, Any], source: str
    ) -> dict[str, Any]:
        f = {
            "id": new_id("file"),
            "object": "file",
            "session_id": session_id,
            "filename": info["filename"],
            "content_type": info["content_type"],
            "size_bytes": info["size_bytes"],
            "sha256": info["sha256"],
            "source": source,
            "created_at": now_iso(),
            "_blob": info["blob_id"],
        }
        self.store.put("file", tenant, f["id"], f, parent=session_id)
        return self.render_file(f)

    @atomic
    def add_file(
        self,
        tenant: str,
        session_id: str,
        filename: str,
        content_type: str,
        data: bytes,
        source: str,
    ) -> dict[str, Any]:
        blob_id, size, sha = self.blobs.write_bytes(data)
        self.store.on_rollback(lambda: self.blobs.remove(blob_id))
        info = {
            "blob_id": blob_id,
            "filename": filename,
            "content_type": content_type,
            "size_bytes": size,
            "sha256": sha,
        }
        return self.add_file_record(tenant, session_id, info, source)

    def _file(self, tenant: str, session_id: str, file_id: str) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        f = self.store.get("file", tenant, file_id)
        if f is None or f["session_id"] != session_id:
            raise not_found("file", file_id)
        return f

    def list_files(self, tenant: str, session_id: str, params: ListParams) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._page(
            "file", tenant, params, parent=session_id, use_parent=True, render=self.render_file
        )

    def get_file(self, tenant: str, session_id: str, file_id: str) -> dict[str, Any]:
        return self.render_file(self._file(tenant, session_id, file_id))

    def file_blob(self, tenant: str, session_id: str, file_id: str) -> tuple[dict[str, Any], str]:
        f = self._file(tenant, session_id, file_id)
        return self.render_file(f), self.blobs.path(f["_blob"])

    def read_file_text(self, tenant: str, session_id: str, file_id: str) -> str:
        f = self._file(tenant, session_id, file_id)
        return self.blobs.read_bytes(f["_blob"]).decode("utf-8", "replace")

    @atomic
    def delete_file(self, tenant: str, session_id: str, file_id: str) -> None:
        f = self._file(tenant, session_id, file_id)
        self.store.delete("file", tenant, file_id)
        self.blobs.remove(f["_blob"])

    # ------------------------------------------------------------------ MCP servers
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
        m = self.store.get("mcp_server", tenant, mcp_id)
        if m is None:
            raise not_found("mcp_server", mcp_id)
        return m

    @atomic
    def delete_mcp_server(self, tenant: str, mcp_id: str) -> None:
        if not self.store.delete("mcp_server", tenant, mcp_id):
            raise not_found("mcp_server", mcp_id)

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

    # ------------------------------------------------------------------ skills
    @atomic
    def put_skill(self, tenant: str, name: str, body: Any) -> tuple[int, dict[str, Any]]:
        import re

        if not re.fullmatch(S.SKILL_NAME, name):
            raise validation(
                [
                    {
                        "loc": ["path", "name"],
                        "msg": f"Skill name must match {S.SKILL_NAME}",
                        "type": "string_pattern_mismatch",
                    }
                ]
            )
        data = check_body(S.skill_put, body)
        existing = self.store.get("skill", tenant, name)
        ts = now_iso()
        skill = {
            "name": name,
            "object": "skill",
            "description": data["description"],
            "content": data["content"],
            "created_at": existing["created_at"] if existing else ts,
            "updated_at": ts,
        }
        self.store.put("skill", tenant, name, skill)
        return (200 if existing else 201), skill

    def list_skills(self, tenant: str, params: ListParams) -> dict[str, Any]:
        order = params.order or "asc"
        skills = sorted(
            (s for _, s in self.store.iter_docs("skill", tenant)),
            key=lambda s: s["name"],
            reverse=order == "desc",
        )
        if params.after is not None:
            cur = decode_cursor(params.after)
            if not isinstance(cur, dict) or not isinstance(cur.get("n"), str):
                raise ApiError("bad_request", "Malformed cursor in 'after'")
            skills = [
                s
                for s in skills
                if (s["name"] > cur["n"] if order == "asc" else s["name"] < cur["n"])
            ]
        page = skills[: params.limit]
        more = len(skills) > params.limit
        return {
            "object": "list",
            "data": page,
            "has_more": more,
            "next_cursor": encode_cursor({"n": page[-1]["name"]}) if more else None,
        }

    def get_skill(self, tenant: str, name: str) -> dict[str, Any]:
        s = self.store.get("skill", tenant, name)
        if s is None:
            raise not_found("skill", name)
        return s

    @atomic
    def delete_skill(self, tenant: str, name: str) -> None:
        if not self.store.delete("skill", tenant, name):
            raise not_found("skill", name)

    # ------------------------------------------------------------------ schedules
    @staticmethod
    def next_run(sched: dict[str, Any], base: datetime) -> datetime:
        if sched.get("interval_seconds"):
            return base + timedelta(seconds=sched["interval_seconds"])
        from croniter import croniter

        tz = ZoneInfo(sched.get("timezone") or "UTC")
        it = croniter(sched["cron"], base.astimezone(tz))
        nxt: datetime = it.get_next(datetime)
        return nxt.astimezone(UTC)

    def _schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        s = self.store.get("schedule", tenant, schedule_id)
        if s is None:
            raise not_found("schedule", schedule_id)
        return s

    @atomic
    def create_schedule(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.schedule_create, body)
        self._agent(tenant, data["agent_id"])
        ts = now()
        sched = {
            "id": new_id("sch"),
            "object": "schedule",
            **data,
            "status": "active",
            "next_run_at": None,
            "last_run_at": None,
            "created_at": iso(ts),
            "updated_at": iso(ts),
        }
        sched["next_run_at"] = iso(self.next_run(sched, ts))
        self.store.put("schedule", tenant, sched["id"], sched)
        return sched

    def list_schedules(
        self, tenant: str, params: ListParams, *, labels: dict[str, str] | None = None
    ) -> dict[str, Any]:
        def where(d: dict[str, Any]) -> bool:  # every label filter must match
            return all(d["labels"].get(k) == v for k, v in (labels or {}).items())

        return self._page("schedule", tenant, params, where=where if labels else None)

    def get_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        return self._schedule(tenant, schedule_id)

    @atomic
    def update_schedule(self, tenant: str, schedule_id: str, body: Any) -> dict[str, Any]:
        sched = self._schedule(tenant, schedule_id)
        data = check_body(S.schedule_update, body)
        for key in ("agent_id", "timezone", "input", "labels"):
            if key in data and data[key] is None:
                raise validation(
                    [{"loc": ["body", key], "msg": "Field may not be null", "type": "null"}]
                )
        if "agent_id" in data:
            self._agent(tenant, data["agent_id"])
        merged = {**sched, **data}
        if data.get("cron") is not None and "interval_seconds" not in data:
            merged["interval_seconds"] = None
        if data.get("interval_seconds") is not None and "cron" not in data:
            merged["cron"] = None
        if (merged.get("cron") is None) == (merged.get("interval_seconds") is None):
            raise validation(
                [
                    {
                        "loc": ["body"],
                        "msg": "Exactly one of 'cron' or 'interval_seconds' is required",
                        "type": "value_error",
                    }
                ]
            )
        ts = now()
        if merged["status"] == "active" and any(
            k in data for k in ("cron", "interval_seconds", "timezone")
        ):
            merged["next_run_at"] = iso(self.next_run(merged, ts))
        merged["updated_at"] = iso(ts)
        self.store.put("schedule", tenant, schedule_id, merged)
        return merged

    @atomic
    def delete_schedule(self, tenant: str, schedule_id: str) -> None:
        self._schedule(tenant, schedule_id)
        self.store.delete("schedule", tenant, schedule_id)
        self.store.delete_children("occurrence", tenant, schedule_id)

    @atomic
    def pause_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        s = self._schedule(tenant, schedule_id)
        if s["status"] != "paused":
            s.update(status="paused", next_run_at=None, updated_at=now_iso())
            self.store.put("schedule", tenant, schedule_id, s)
        return s

    @atomic
    def resume_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        s = self._schedule(tenant, schedule_id)
        if s["status"] != "active":
            ts = now()
            s.update(status="active", next_run_at=iso(self.next_run(s, ts)), updated_at=iso(ts))
            self.store.put("schedule", tenant, schedule_id, s)
        return s

    def list_occurrences(self, tenant: str, schedule_id: str, params: ListParams) -> dict[str, Any]:
        self._schedule(tenant, schedule_id)
        return self._page(
            "occurrence", tenant, params, parent=schedule_id, use_parent=True, default_order="asc"
        )

    def fire_due_schedules(self) -> int:
        fired = 0
        ts = now()
        for tenant, sched in self.store.all_docs("schedule"):
            if sched["status"] != "active" or not sched.get("next_run_at"):
                continue
            due = parse_time(sched["next_run_at"])
            if due > ts:
                continue
            self.fire_schedule(tenant, sched, due, ts)
            fired += 1
        return fired

    @atomic
    def fire_schedule(
        self, tenant: str, sched: dict[str, Any], due: datetime, ts: datetime
    ) -> None:
        occ: dict[str, Any] = {
            "id": new_id("occ"),
            "object": "schedule_occurrence",
            "schedule_id": sched["id"],
            "scheduled_for": iso(due),
            "fired_at": iso(ts),
            "session_id": None,
            "turn_id": None,
            "status": "fired",
            "error": None,
        }
        try:
            sess = self.create_session(
                tenant,
                {
                    "agent_id": sched["agent_id"],
                    "labels": {**sched["labels"], "schedule_id": sched["id"]},
                },
            )
            occ["session_id"] = sess["id"]
            turn = self.create_turn(tenant, sess["id"], {"input": sched["input"]})
            occ["turn_id"] = turn["id"]
        except ApiError as exc:
            occ.update(status="failed", error=f"{exc.code}: {exc.detail}")
        except Exception as exc:  # pragma: no cover - defensive
            log.exception("schedule %s failed", sched["id"])
            occ.update(status="failed", error=str(exc))
        self.store.put("occurrence", tenant, occ["id"], occ, parent=sched["id"])
        nxt = self.next_run(sched, due)
        if nxt <= ts:
            nxt = self.next_run(sched, ts)
        sched.update(last_run_at=iso(ts), next_run_at=iso(nxt))
        self.store.put("schedule", tenant, sched["id"], sched)

    # ------------------------------------------------------------------ config
    def get_config(self, tenant: str) -> dict[str, Any]:
        return self.store.get("config", tenant, "config") or {"config": {}, "generation": 0}

    @atomic
    def replace_config(self, tenant: str, body: Any, if_match: list[str] | None) -> dict[str, Any]:
        data = check_body(S.config_replace, body)
        cur = self.get_config(tenant)
        check_if_match(if_match, str(cur["generation"]))
        new = {"config": data["config"], "generation": cur["generation"] + 1}
        self.store.put("config", tenant, "config", new)
        return new

    @atomic
    def patch_config(self, tenant: str, body: Any, if_match: list[str] | None) -> dict[str, Any]:
        patch = check_body(S.config_patch, body)
        cur = self.get_config(tenant)
        check_if_match(if_match, str(cur["generation"]))
        new = {"config": merge_patch(cur["config"], patch), "generation": cur["generation"] + 1}
        self.store.put("config", tenant, "config", new)
        return new

    # ------------------------------------------------------------------ idempotency housekeeping
    def purge_idempotency(self) -> None:
        self.store.idem_purge(time.time() - 24 * 3600)
