"""Idempotency-Key handling for POST requests (same key + same request → first response)."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable

from starlette.responses import Response

from .errors import ApiError
from .store import Store

REPLAY_HEADERS = ("content-type", "etag", "location", "retry-after")


class Idempotency:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    @staticmethod
    def fingerprint(method: str, path: str, body: bytes) -> str:
        h = hashlib.sha256()
        h.update(method.encode() + b" " + path.encode() + b"\n")
        h.update(body)
        return h.hexdigest()

    @staticmethod
    def check_key(key: str) -> None:
        if not 1 <= len(key) <= 255:
            raise ApiError("bad_request", "Idempotency-Key must be 1..255 characters")

    async def run(
        self,
        tenant: str,
        key: str | None,
        fingerprint: str,
        handler: Callable[[], Awaitable[Response]],
    ) -> Response:
        if key is None:
            return await handler()
        self.check_key(key)
        lock = self._locks.setdefault((tenant, key), asyncio.Lock())
        async with lock:
            try:
                prior = self.store.idem_get(tenant, key)
                if prior is not None and prior["created_at"] < time.time() - 24 * 3600:
                    prior = None
                if prior is not None:
                    if prior["fingerprint"] != fingerprint:
                        raise ApiError(
                            "idempotency_conflict",
                            "Idempotency-Key was already used with a different request",
                        )
                    headers = dict(prior["headers"])
                    headers["Idempotency-Replayed"] = "true"
                    media = headers.pop("content-type", None)
                    return Response(
                        prior["body"],
                        status_code=prior["status"],
                        headers=headers,
                        media_type=media,
                    )
                response = await handler()
                if response.status_code < 500 and response.status_code not in (409, 429):
                    headers = {
                        k: v for k, v in response.headers.items() if k.lower() in REPLAY_HEADERS
                    }
                    self.store.idem_put(
                        tenant,
                        key,
                        fingerprint,
                        response.status_code,
                        headers,
                        bytes(response.body),
                        time.time(),
                    )
                return response
            finally:
                if not lock.locked() or len(self._locks) > 10000:
                    self._locks.pop((tenant, key), None)
