from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_list import EventList
from ...models.problem import Problem
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset, path_param


def build_request(
    session_id: str,
    *,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    limit: int | Unset = 20,
    after: str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``GET /v1/sessions/{session_id}/events``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded."""

    params: dict[str, Any] = {}

    params["after_sequence_number"] = after_sequence_number

    params["turn_id"] = turn_id

    params["limit"] = limit

    params["after"] = after

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order

    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions/{session_id}/events".format(
            session_id=path_param(session_id, "session_id"),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EventList | Problem | None:
    if response.status_code == 200:
        response_200 = EventList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EventList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    limit: int | Unset = 20,
    after: str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
) -> Response[EventList | Problem]:
    """List events (oldest first)

     List events (oldest first). Paginated: `limit` (1..100, default 20), `after` (cursor from
    `next_cursor`), `order`; returns `{object: "list", data, has_more, next_cursor}`.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        limit (int | Unset):  Default: 20.
        after (str | Unset):
        order (SortOrder | Unset): Sort order by creation time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventList | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        limit=limit,
        after=after,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    limit: int | Unset = 20,
    after: str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
) -> EventList | Problem | None:
    """List events (oldest first)

     List events (oldest first). Paginated: `limit` (1..100, default 20), `after` (cursor from
    `next_cursor`), `order`; returns `{object: "list", data, has_more, next_cursor}`.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        limit (int | Unset):  Default: 20.
        after (str | Unset):
        order (SortOrder | Unset): Sort order by creation time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventList | Problem
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        limit=limit,
        after=after,
        order=order,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    limit: int | Unset = 20,
    after: str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
) -> Response[EventList | Problem]:
    """List events (oldest first)

     List events (oldest first). Paginated: `limit` (1..100, default 20), `after` (cursor from
    `next_cursor`), `order`; returns `{object: "list", data, has_more, next_cursor}`.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        limit (int | Unset):  Default: 20.
        after (str | Unset):
        order (SortOrder | Unset): Sort order by creation time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventList | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        limit=limit,
        after=after,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    limit: int | Unset = 20,
    after: str | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
) -> EventList | Problem | None:
    """List events (oldest first)

     List events (oldest first). Paginated: `limit` (1..100, default 20), `after` (cursor from
    `next_cursor`), `order`; returns `{object: "list", data, has_more, next_cursor}`.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        limit (int | Unset):  Default: 20.
        after (str | Unset):
        order (SortOrder | Unset): Sort order by creation time.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventList | Problem
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            after_sequence_number=after_sequence_number,
            turn_id=turn_id,
            limit=limit,
            after=after,
            order=order,
        )
    ).parsed
