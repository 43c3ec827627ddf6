"""SQLite persistence: JSON documents per (kind, tenant), the event log, idempotency records.

All access happens on the server's event-loop thread (sqlite in-process calls are short); the
connection is opened with ``check_same_thread=False`` so it can be closed from another thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

from .util import dumps, loads

log = logging.getLogger("agenthub_server")

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    parent TEXT,
    data TEXT NOT NULL,
    UNIQUE(kind, tenant, id)
);
CREATE INDEX IF NOT EXISTS docs_parent ON docs(kind, tenant, parent, pos);
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    turn_id TEXT,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX IF NOT EXISTS events_turn ON events(session_id, turn_id, seq);
CREATE TABLE IF NOT EXISTS idempotency (
    tenant TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (tenant, key)
);
"""


class _Tx:
    """One open transaction level: callbacks to run once it is committed or rolled back."""

    __slots__ = ("on_commit", "on_rollback")

    def __init__(self) -> None:
        self.on_commit: list[Callable[[], object]] = []
        self.on_rollback: list[Callable[[], object]] = []


class Store:
    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._lock = threading.RLock()
        self._txs: list[_Tx] = []
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self.conn.close()

    # -- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (a failed request writes nothing).

        Nested calls use savepoints: an inner failure that the caller catches undoes only the
        inner writes. Use it around synchronous code only: every coroutine shares this one
        connection, so a transaction held across an ``await`` would absorb others' writes.
        ``after_commit`` / ``on_rollback`` callbacks run when the outermost level settles.
        """
        with self._lock:
            depth = len(self._txs)
            savepoint = f"sp{depth}"
            self.conn.execute("BEGIN" if depth == 0 else f"SAVEPOINT {savepoint}")
            tx = _Tx()
            self._txs.append(tx)
            try:
                yield
            except BaseException:
                self._txs.pop()
                if depth == 0:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO {savepoint}")
                    self.conn.execute(f"RELEASE {savepoint}")
                for fn in reversed(tx.on_rollback):
                    try:
                        fn()
                    except Exception:  # pragma: no cover - cleanup must not mask the error
                        log.exception("rollback callback failed")
                raise
            self._txs.pop()
            if depth == 0:
                self.conn.execute("COMMIT")
                for fn in tx.on_commit:
                    fn()
            else:
                self.conn.execute(f"RELEASE {savepoint}")
                parent = self._txs[-1]
                parent.on_commit.extend(tx.on_commit)
                parent.on_rollback.extend(tx.on_rollback)

    def after_commit(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` once the current transaction commits (at once outside a transaction)."""
        if self._txs:
            self._txs[-1].on_commit.append(fn)
        else:
            fn()

    def on_rollback(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` if the current transaction rolls back (never outside a transaction)."""
        if self._txs:
            self._txs[-1].on_rollback.append(fn)

    # -- documents ---------------------------------------------------------------------------
    def put(
        self, kind: str, tenant: str, ident: str, data: dict[str, Any], parent: str | None = None
    ) -> None:
        blob = dumps(data, escape=True)
        with self._lock:
            cur = self.conn.execute(
                "UPDATE docs SET data=?, parent=? WHERE kind=? AND tenant=? AND id=?",
                (blob, parent, kind, tenant, ident),
            )
            if cur.rowcount == 0:
                self.conn.execute(
                    "INSERT INTO docs(kind, tenant, id, parent, data) VALUES (?,?,?,?,?)",
                    (kind, tenant, ident, parent, blob),
                )

    def insert(
        self, kind: str, tenant: str, ident: str, data: dict[str, Any], parent: str | None = None
    ) -> None:
        """``put`` for a document known to be new (one statement instead of two)."""
        blob = dumps(data, escape=True)
        with self._lock:
            self.conn.execute(
                "INSERT INTO docs(kind, tenant, id, parent, data) VALUES (?,?,?,?,?)",
                (kind, tenant, ident, parent, blob),
            )

    def get(self, kind: str, tenant: str, ident: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT data FROM docs WHERE kind=? AND tenant=? AND id=?", (kind, tenant, ident)
            ).fetchone()
        return loads(row["data"]) if row else None

    def get_any_tenant(self, kind: str, ident: str) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT tenant, data FROM docs WHERE kind=? AND id=?", (kind, ident)
            ).fetchone()
        return (row["tenant"], loads(row["data"])) if row else None

    def delete(self, kind: str, tenant: str, ident: str) -> bool:
        with self._lock:
            cur = self.conn.execute(
                "DELETE FROM docs WHERE kind=? AND tenant=? AND id=?", (kind, tenant, ident)
            )
        return cur.rowcount > 0

    def delete_children(self, kind: str, tenant: str, parent: str) -> None:
        with self._lock:
            self.conn.execute(
                "DELETE FROM docs WHERE kind=? AND tenant=? AND parent=?", (kind, tenant, parent)
            )

    def position(self, kind: str, tenant: str, ident: str) -> int | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT pos FROM docs WHERE kind=? AND tenant=? AND id=?", (kind, tenant, ident)
            ).fetchone()
        return row["pos"] if row else None

    def iter_docs(
        self,
        kind: str,
        tenant: str | None,
        parent: str | None = None,
        *,
        use_parent: bool = False,
        descending: bool = False,
        after_pos: int | None = None,
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """Yield (pos, doc) in insertion order (or reverse), starting after ``after_pos``;
        read 500 rows at a time, each batch resuming after the last position seen."""
        clauses = ["kind=?"]
        args: list[Any] = [kind]
        if tenant is not None:
            clauses.append("tenant=?")
            args.append(tenant)
        if use_parent:
            clauses.append("parent=?")
            args.append(parent)
        clauses.append("pos<?" if descending else "pos>?")
        sql = (
            "SELECT pos, data FROM docs WHERE "
            + " AND ".join(clauses)
            + (" ORDER BY pos DESC" if descending else " ORDER BY pos ASC")
            + " LIMIT 500"
        )
        # no start: past either end of SQLite's INTEGER range (pos starts at 1)
        last = after_pos if after_pos is not None else (2**63 - 1 if descending else 0)
        while True:
            with self._lock:
                rows = self.conn.execute(sql, [*args, last]).fetchall()
            for row in rows:
                yield row["pos"], loads(row["data"])
            if len(rows) < 500:
                return
            last = rows[-1]["pos"]

    def all_docs(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT tenant, data FROM docs WHERE kind=? ORDER BY pos", (kind,)
            ).fetchall()
        return [(r["tenant"], loads(r["data"])) for r in rows]

    def page(
        self,
        kind: str,
        tenant: str,
        *,
        parent: str | None = None,
        use_parent: bool = False,
        descending: bool = True,
        after_pos: int | None = None,
        limit: int = 20,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> tuple[list[tuple[int, dict[str, Any]]], bool]:
        out: list[tuple[int, dict[str, Any]]] = []
        for pos, doc in self.iter_docs(
            kind, tenant, parent, use_parent=use_parent, descending=descending, after_pos=after_pos
        ):
            if where is not None and not where(doc):
                continue
            out.append((pos, doc))
            if len(out) > limit:
                return out[:limit], True
        return out, False

    # -- events ------------------------------------------------------------------------------
    def max_seq(self, session_id: str) -> int:
        with self._lock:
            row = self.conn.execute(
                "SELECT MAX(seq) AS m FROM events WHERE session_id=?", (session_id,)
            ).fetchone()
        return int(row["m"] or 0)

    def insert_event(
        self, session_id: str, seq: int, turn_id: str | None, typ: str, data: str
    ) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT INTO events(session_id, seq, turn_id, type, data) VALUES (?,?,?,?,?)",
                (session_id, seq, turn_id, typ, data),
            )

    def events(
        self,
        session_id: str,
        *,
        after: int = 0,
        before: int | None = None,
        turn_id: str | None = None,
        limit: int = 500,
        descending: bool = False,
    ) -> list[tuple[int, str | None, str, str]]:
        """Rows (seq, turn_id, type, data-json)."""
        clauses = ["session_id=?", "seq>?"]
        args: list[Any] = [session_id, after]
        if before is not None:
            clauses.append("seq<?")
            args.append(before)
        if turn_id is not None:
            clauses.append("turn_id=?")
            args.append(turn_id)
        sql = (
            "SELECT seq, turn_id, type, data FROM events WHERE "
            + " AND ".join(clauses)
            + (" ORDER BY seq DESC" if descending else " ORDER BY seq ASC")
            + " LIMIT ?"
        )
        args.append(limit)
        with self._lock:
            rows = self.conn.execute(sql, args).fetchall()
        return [(r["seq"], r["turn_id"], r["type"], r["data"]) for r in rows]

    def delete_events(self, session_id: str) -> None:
        with self._lock:
            self.conn.execute("DELETE FROM events WHERE session_id=?", (session_id,))

    # -- idempotency -------------------------------------------------------------------------
    def idem_get(self, tenant: str, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT fingerprint, status, headers, body, created_at FROM idempotency "
                "WHERE tenant=? AND key=?",
                (tenant, key),
            ).fetchone()
        if row is None:
            return None
        return {
            "fingerprint": row["fingerprint"],
            "status": row["status"],
            "headers": json.loads(row["headers"]),
            "body": bytes(row["body"]),
            "created_at": row["created_at"],
        }

    def idem_put(
        self,
        tenant: str,
        key: str,
        fingerprint: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        at: float,
    ) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO idempotency VALUES (?,?,?,?,?,?,?)",
                (tenant, key, fingerprint, status, json.dumps(headers), body, at),
            )

    def idem_purge(self, older_than: float) -> None:
        with self._lock:
            self.conn.execute("DELETE FROM idempotency WHERE created_at < ?", (older_than,))
