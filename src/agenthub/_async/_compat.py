"""Async-only building blocks. HAND-WRITTEN: excluded from unasync; ``_sync/_compat.py`` is its
hand-written synchronous twin with the same names. Everything that cannot be derived by token
replacement lives here (and only here):

- ``sleep`` — ``asyncio.sleep`` / ``time.sleep``;
- ``AccessToken`` and ``resolve_token`` — async callables are accepted only on the async side;
- ``AsyncPaginator`` / ``make_paginator`` — async list methods return a lazy paginator
  (awaitable → first page, async-iterable → all items); the sync twin fetches the first page
  eagerly and returns the ``SyncCursorPage`` itself (unasync maps ``AsyncPaginator`` →
  ``SyncCursorPage``);
- ``ClientCompatMixin`` — ``hub.capabilities`` / ``hub.contract_version`` are awaitable
  properties here and plain properties on the sync client.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._exceptions import ConfigurationError
from ._pagination import AsyncCursorPage, PageFetcher

if TYPE_CHECKING:
    from agenthub_openapi.models.capabilities import Capabilities

__all__ = [
    "AccessToken",
    "AsyncPaginator",
    "ClientCompatMixin",
    "make_paginator",
    "resolve_token",
    "sleep",
]

T = TypeVar("T")

sleep = asyncio.sleep

#: An access token: a string, or a callable (sync or async) returning one, called per request.
AccessToken = str | Callable[[], str] | Callable[[], Awaitable[str]]


async def resolve_token(token: AccessToken) -> str:
    """The current bearer token (calls/awaits a callable token)."""
    if isinstance(token, str):
        return token
    value: Any = token()
    if inspect.isawaitable(value):
        value = await value
    if not isinstance(value, str) or not value:
        raise ConfigurationError("access_token callable must return a non-empty string.")
    return value


class AsyncPaginator(Generic[T]):
    """What async ``list()`` methods return. No request is made until it is used:

    - ``await hub.agents.list()`` → the first :class:`AsyncCursorPage`;
    - ``async for agent in hub.agents.list()`` → every item across pages, lazily;
    - ``async for page in hub.agents.list().iter_pages()`` → the pages.
    """

    def __init__(self, fetch: PageFetcher[T]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, AsyncCursorPage[T]]:
        return self._fetch(None).__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._fetch(None)
        async for item in page:
            yield item

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        page = await self._fetch(None)
        async for p in page.iter_pages():
            yield p


def make_paginator(fetch: PageFetcher[T]) -> AsyncPaginator[T]:
    """Wrap a page fetcher for return from an async ``list()`` method."""
    return AsyncPaginator(fetch)


class ClientCompatMixin:
    """Awaitable convenience properties of ``AsyncAgentHub``."""

    if TYPE_CHECKING:

        async def get_capabilities(self, *, refresh: bool = False) -> Capabilities: ...

    @property
    def capabilities(self) -> Awaitable[Capabilities]:
        """``await hub.capabilities`` → the server's Capabilities (fetched once, then cached)."""
        return self.get_capabilities()

    @property
    def contract_version(self) -> Awaitable[str]:
        """``await hub.contract_version`` → the server's contract version, e.g. ``"1.0.0"``."""

        async def get() -> str:
            return (await self.get_capabilities()).contract_version

        return get()
