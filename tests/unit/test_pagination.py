"""Pagination edge cases (sync and async)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from agenthub import AgentHub, AsyncAgentHub, AsyncCursorPage, SyncCursorPage

BASE = "http://agenthub.test"


def model(i: int) -> dict[str, Any]:
    return {"id": f"m{i}", "object": "model", "description": "d", "context_window": 1}


def page(items: list[int], has_more: bool, cursor: str | None) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "object": "list",
            "data": [model(i) for i in items],
            "has_more": has_more,
            "next_cursor": cursor,
        },
    )


def pager(pages: dict[str | None, httpx.Response]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return pages[request.url.params.get("after")]

    return handler


def hub() -> AgentHub:
    return AgentHub(api_key="k", base_url=BASE, max_retries=0)


def test_iterates_all_pages_lazily() -> None:
    pages = {
        None: page([1, 2], True, "c1"),
        "c1": page([3, 4], True, "c2"),
        "c2": page([5], False, None),
    }
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(side_effect=pager(pages))
        first = hub().models.list(limit=2)
        assert isinstance(first, SyncCursorPage)
        assert [m.id for m in first.data] == ["m1", "m2"]
        assert first.has_more and first.next_cursor == "c1"
        assert route.call_count == 1
        it = iter(first)
        assert [next(it).id for _ in range(3)] == ["m1", "m2", "m3"]
        assert route.call_count == 2  # the third page is not loaded yet
        assert [m.id for m in it] == ["m4", "m5"]
        assert route.call_count == 3
        assert route.calls[0].request.url.params["limit"] == "2"
        assert route.calls[1].request.url.params["limit"] == "2"


def test_iter_pages() -> None:
    pages = {None: page([1], True, "c1"), "c1": page([2], False, None)}
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/models").mock(side_effect=pager(pages))
        got = [[m.id for m in p.data] for p in hub().models.list().iter_pages()]
    assert got == [["m1"], ["m2"]]


def test_empty_first_page() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(return_value=page([], False, None))
        result = hub().models.list()
        assert result.data == [] and list(result) == []
        assert route.call_count == 1


def test_exactly_limit_items_then_empty_page() -> None:
    pages = {None: page([1, 2], True, "c1"), "c1": page([], False, None)}
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(side_effect=pager(pages))
        assert [m.id for m in hub().models.list(limit=2)] == ["m1", "m2"]
        assert route.call_count == 2


@pytest.mark.parametrize(
    "lie",
    [
        {None: page([1], True, None)},  # has_more but no cursor
        {None: page([1], True, "c1"), "c1": page([], True, "c2")},  # empty page, has_more
        {None: page([1], True, "c1"), "c1": page([2], True, "c1")},  # cursor repeats
    ],
)
def test_has_more_lies_do_not_loop(lie: dict[str | None, httpx.Response]) -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(side_effect=pager(lie))
        items = list(hub().models.list())
        assert len(items) <= 2
        assert route.call_count <= 3


def test_after_parameter_starts_later() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(return_value=page([9], False, None))
        hub().models.list(after="cX", order="asc")
        params = route.calls.last.request.url.params
        assert params["after"] == "cX" and params["order"] == "asc"


async def test_async_paginator() -> None:
    pages = {None: page([1, 2], True, "c1"), "c1": page([3], False, None)}
    with respx.mock(base_url=BASE) as mock:
        route = mock.get("/v1/models").mock(side_effect=pager(pages))
        async with AsyncAgentHub(api_key="k", base_url=BASE) as client:
            paginator = client.models.list(limit=2)
            assert route.call_count == 0  # lazy until awaited/iterated
            first = await paginator
            assert isinstance(first, AsyncCursorPage)
            assert [m.id for m in first.data] == ["m1", "m2"] and first.has_more
            assert [m.id async for m in client.models.list(limit=2)] == ["m1", "m2", "m3"]
            pages_seen = [len(p.data) async for p in client.models.list(limit=2).iter_pages()]
            assert pages_seen == [2, 1]
            assert [m.id async for m in first] == ["m1", "m2", "m3"]


async def test_async_lie_stops() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/models").mock(return_value=page([1], True, "same"))
        async with AsyncAgentHub(api_key="k", base_url=BASE) as client:
            items = [m async for m in client.models.list()]
    assert len(items) == 2  # first page + one repeat, then the repeated cursor stops it
