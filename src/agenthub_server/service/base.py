"""What every domain of the Hub shares: its state, authentication, lifecycle, the paged list
reader, lookups of the documents other domains point at, and the ``atomic`` transaction
decorator.

Methods take a tenant id and plain dicts (already-parsed request bodies) and return plain dicts
(wire shapes). They raise :class:`~agenthub_server.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from .. import schemas as S
from ..config import ServerConfig
from ..errors import ApiError, not_found, validation
from ..events import EventBus
from ..files import BlobStore
from ..store import Store
from ..util import cursor_int, decode_cursor, encode_cursor, now_iso

log = logging.getLogger("agenthub_server")

_P = ParamSpec("_P")
_R = TypeVar("_R")
_H = TypeVar("_H", bound="HubBase")


def atomic(fn: Callable[Concatenate[_H, _P], _R]) -> Callable[Concatenate[_H, _P], _R]:
    """Run a synchronous Hub method in one store transaction: if it raises, nothing it wrote
    stays (no half-created turn blocking its session, no event without its resource)."""

    @functools.wraps(fn)
    def wrapper(self: _H, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
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


def field_error(loc: list[Any], msg: str, typ: str) -> ApiError:
    """A 422 naming one field: ``loc`` as in the contract's ``errors[].loc``."""
    return validation([{"loc": loc, "msg": msg, "type": typ}])


class ListParams:
    def __init__(self, limit: int = 20, after: str | None = None, order: str | None = None) -> None:
        self.limit = limit
        self.after = after
        self.order = order


class HubBase:
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

    def purge_idempotency(self) -> None:
        self.store.idem_purge(time.time() - 24 * 3600)

    # ------------------------------------------------------------------ lookups
    def _doc(self, kind: str, tenant: str, ident: str) -> dict[str, Any]:
        """The tenant's ``kind`` document ``ident``, or 404 naming it."""
        doc = self.store.get(kind, tenant, ident)
        if doc is None:
            raise not_found(kind, ident)
        return doc

    def _delete(self, kind: str, tenant: str, ident: str) -> None:
        if not self.store.delete(kind, tenant, ident):
            raise not_found(kind, ident)

    def _agent(self, tenant: str, agent_id: str) -> dict[str, Any]:
        return self._doc("agent", tenant, agent_id)

    def _session_doc(self, tenant: str, session_id: str) -> dict[str, Any]:
        return self._doc("session", tenant, session_id)

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

    def _child(self, kind: str, tenant: str, session_id: str, ident: str) -> dict[str, Any]:
        """A document of session ``session_id`` (a turn, file, elicitation), or 404."""
        doc = self.store.get(kind, tenant, ident)
        if doc is None or doc["session_id"] != session_id:
            raise not_found(kind, ident)
        return doc

    def _turn(self, tenant: str, session_id: str, turn_id: str) -> dict[str, Any]:
        return self._child("turn", tenant, session_id, turn_id)

    def save_turn(self, tenant: str, turn: dict[str, Any]) -> None:
        self.store.put("turn", tenant, turn["id"], turn, parent=turn["session_id"])

    # Implemented by the domain mixins that compose ``Hub``; declared here so each mixin
    # type-checks on its own where it calls into another domain.
    if TYPE_CHECKING:
        create_session: Callable[[str, Any], dict[str, Any]]
        create_turn: Callable[[str, str, Any], dict[str, Any]]
        add_file: Callable[[str, str, str, str, bytes, str], dict[str, Any]]
        _cancel_turn: Callable[[str, dict[str, Any], str, str], Awaitable[None]]
