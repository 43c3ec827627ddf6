"""A session's event log as pages, and the checks before a live stream opens."""

from __future__ import annotations

import json
from typing import Any

from ..util import cursor_int, decode_cursor, encode_cursor
from .base import HubBase, ListParams


class EventsMixin(HubBase):
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
