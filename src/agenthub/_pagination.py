"""Cursor pages: ``{object: "list", data: [...], has_more, next_cursor}`` → a page object
holding the items and a ``fetch`` callable that loads the page after a cursor.

Iterating a page (``for item in page`` / ``async for item in page``) yields its items, then
every later page's, loading lazily and dropping each page once consumed (memory stays flat);
``iter_pages()`` yields the pages. Iteration stops when ``has_more`` is false, ``next_cursor``
is null, a page is empty, or a cursor repeats (a lying ``has_more`` cannot loop forever). Sync
``list()`` methods return the first ``SyncCursorPage``, async ones an :class:`AsyncPaginator`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeAlias, TypeVar

from ._exceptions import ProtocolError
from ._logging import logger

T = TypeVar("T")
P = TypeVar("P", bound="_CursorPage[Any]")


class _CursorPage(Generic[T]):
    object: ClassVar[Literal["list"]] = "list"

    def __init__(
        self,
        *,
        data: Sequence[T],
        has_more: bool,
        next_cursor: str | None,
        fetch: Callable[[str | None], Any],
    ) -> None:
        self.data: list[T] = list(data)
        self.has_more = has_more
        self.next_cursor = next_cursor
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """``has_more``, a cursor, and items on this page."""
        return bool(self.has_more and self.next_cursor and self.data)

    def _cursor_after(self, seen: set[str]) -> str | None:
        """The next page's cursor, or ``None`` to stop (also for a cursor seen before)."""
        if not self.has_next_page() or self.next_cursor is None:
            return None
        if (cursor := self.next_cursor) in seen:
            logger.warning("agenthub: list cursor %r repeated; stopping pagination", cursor)
            return None
        seen.add(cursor)
        return cursor

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more}, "
            f"next_cursor={self.next_cursor!r})"
        )


class SyncCursorPage(_CursorPage[T]):
    """A page of a sync list (``for item in page``, ``page.iter_pages()``)."""

    _fetch: SyncPageFetcher[T]

    def get_next_page(self) -> SyncCursorPage[T]:
        """Load the next page; raises ``StopIteration`` when there is none."""
        if not self.has_next_page():
            raise StopIteration
        return self._fetch(self.next_cursor)

    def iter_pages(self) -> Iterator[SyncCursorPage[T]]:
        page, seen = self, set[str]()
        yield page
        while (cursor := page._cursor_after(seen)) is not None:
            page = page._fetch(cursor)
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPage[T]):
    """A page of an async list (``async for item in page``, ``page.iter_pages()``)."""

    _fetch: AsyncPageFetcher[T]

    async def get_next_page(self) -> AsyncCursorPage[T]:
        """Load the next page; raises ``StopAsyncIteration`` when there is none."""
        if not self.has_next_page():
            raise StopAsyncIteration
        return await self._fetch(self.next_cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        page, seen = self, set[str]()
        yield page
        while (cursor := page._cursor_after(seen)) is not None:
            page = await page._fetch(cursor)
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


#: Loads the page that follows a cursor (``None``: the first page).
SyncPageFetcher: TypeAlias = Callable[[str | None], SyncCursorPage[T]]
AsyncPageFetcher: TypeAlias = Callable[[str | None], Awaitable[AsyncCursorPage[T]]]


class AsyncPaginator(Generic[T]):
    """No request until used: ``await hub.agents.list()`` → the first :class:`AsyncCursorPage`,
    ``async for agent in hub.agents.list()`` → every item, ``.iter_pages()`` → the pages."""

    def __init__(self, fetch: AsyncPageFetcher[T]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, AsyncCursorPage[T]]:
        return self._fetch(None).__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for item in await self._fetch(None):
            yield item

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        async for page in (await self._fetch(None)).iter_pages():
            yield page


def page_parser(
    page: type[P], item: Callable[[Any], Any], fetch: Callable[[str | None], Any]
) -> Callable[[Any], P]:
    """A ``cast_to`` for the pipeline: list JSON → a ``page`` of ``item(...)`` that loads the
    next one with ``fetch``; :class:`ProtocolError` if the body is not a list envelope."""

    def parse(body: Any) -> P:
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ProtocolError("Expected a list envelope {data, has_more, next_cursor}.")
        cursor = body.get("next_cursor")
        return page(
            data=[item(x) for x in body["data"]],
            has_more=bool(body.get("has_more", False)),
            next_cursor=cursor if isinstance(cursor, str) else None,
            fetch=fetch,
        )

    return parse
