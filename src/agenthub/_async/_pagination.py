"""Cursor pages: ``{object: "list", data: [...], has_more, next_cursor}`` → ``AsyncCursorPage``.

A page holds one page of items and a ``fetch`` callable that loads the page after a cursor.
Iterating a page (``async for item in page``) yields its items and then every later page's,
loading lazily and dropping each page once consumed (memory stays flat). ``iter_pages()``
yields the pages themselves. Iteration stops when ``has_more`` is false, ``next_cursor`` is null,
a page is empty, or a cursor repeats — so a server whose ``has_more`` lies cannot loop forever.

Building one (for resource authors)::

    async def fetch(after: str | None) -> AsyncCursorPage[Agent]:
        spec = list_agents.build_request(limit=limit, after=after or UNSET, order=order)
        return await self._pipeline.request(spec, page_parser(Agent.from_dict, fetch), options)

``page_parser`` turns the JSON body into an ``AsyncCursorPage``; see ``resources/_base.py`` for
the ``_paginate`` helper that wires this up in one call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeAlias, TypeVar

from .._exceptions import ProtocolError
from .._logging import logger

__all__ = ["AsyncCursorPage", "PageFetcher", "page_parser"]

T = TypeVar("T")


class AsyncCursorPage(Generic[T]):
    """One page of a list: ``data`` (items), ``has_more``, ``next_cursor``.

    ``async for item in page`` walks this page and all following ones;
    ``async for p in page.iter_pages()`` walks pages.
    """

    #: The list envelope's ``object`` field: always ``"list"``.
    object: ClassVar[Literal["list"]] = "list"

    def __init__(
        self,
        *,
        data: Sequence[T],
        has_more: bool,
        next_cursor: str | None,
        fetch: PageFetcher[T] | None = None,
    ) -> None:
        self.data: list[T] = list(data)
        self.has_more = has_more
        self.next_cursor = next_cursor
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """True if another page should be requested (has_more, a cursor, and items here)."""
        return bool(self.has_more and self.next_cursor and self.data and self._fetch is not None)

    async def get_next_page(self) -> AsyncCursorPage[T]:
        """Load the next page; raises ``StopAsyncIteration`` when there is none."""
        if not self.has_next_page() or self._fetch is None:
            raise StopAsyncIteration
        return await self._fetch(self.next_cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        """Yield this page, then each following page (each loaded only when needed)."""
        page = self
        seen: set[str] = set()
        while True:
            yield page
            if not page.has_next_page():
                return
            cursor = page.next_cursor
            if cursor is None or cursor in seen:
                logger.warning("agenthub: list cursor %r repeated; stopping pagination", cursor)
                return
            seen.add(cursor)
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more}, "
            f"next_cursor={self.next_cursor!r})"
        )


#: Loads the page that follows ``after`` (defined after the class so that the alias is
#: generic at run time too: ``PageFetcher[T]``).
PageFetcher: TypeAlias = Callable[[str | None], Awaitable[AsyncCursorPage[T]]]


def page_parser(
    item: Callable[[Any], T], fetch: PageFetcher[T] | None
) -> Callable[[Any], AsyncCursorPage[T]]:
    """A ``cast_to`` for the pipeline: list JSON → :class:`AsyncCursorPage` of ``item(...)``.

    Raises :class:`ProtocolError` if the body is not a list envelope.
    """

    def parse(body: Any) -> AsyncCursorPage[T]:
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ProtocolError("Expected a list envelope {data, has_more, next_cursor}.")
        cursor = body.get("next_cursor")
        return AsyncCursorPage(
            data=[item(x) for x in body["data"]],
            has_more=bool(body.get("has_more", False)),
            next_cursor=cursor if isinstance(cursor, str) else None,
            fetch=fetch,
        )

    return parse
