from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.stream_events_response_200 import StreamEventsResponse200
from ...types import UNSET, Response, Unset, path_param


def build_request(
    session_id: str,
    *,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``GET /v1/sessions/{session_id}/events/stream``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded."""
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    params["after_sequence_number"] = after_sequence_number

    params["turn_id"] = turn_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions/{session_id}/events/stream".format(
            session_id=path_param(session_id, "session_id"),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StreamEventsResponse200 | None:
    if response.status_code == 200:
        response_200 = StreamEventsResponse200.from_dict(response.text)

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

    if response.status_code == 406:
        response_406 = Problem.from_dict(response.json())

        return response_406

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
) -> Response[Problem | StreamEventsResponse200]:
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
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | StreamEventsResponse200]:
    """Stream events (SSE)

     Server-Sent Events stream of the session's events.

    Framing: `retry: 1000` once at the start, then per event
    `id: <sequence_number>\\nevent: <type>\\ndata: <Event JSON>\\n\\n`. Heartbeats are comment lines `:
    heartbeat` every 15 s (server option); they carry no sequence number.

    Resume with `after_sequence_number` or the `Last-Event-ID` header (the larger wins). With `turn_id`
    the stream closes after that turn's terminal event (turn.completed/failed/cancelled/incomplete);
    without it the stream stays open until the client leaves.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StreamEventsResponse200]
    """

    kwargs = build_request(
        session_id=session_id,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        last_event_id=last_event_id,
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
    last_event_id: str | Unset = UNSET,
) -> Problem | StreamEventsResponse200 | None:
    """Stream events (SSE)

     Server-Sent Events stream of the session's events.

    Framing: `retry: 1000` once at the start, then per event
    `id: <sequence_number>\\nevent: <type>\\ndata: <Event JSON>\\n\\n`. Heartbeats are comment lines `:
    heartbeat` every 15 s (server option); they carry no sequence number.

    Resume with `after_sequence_number` or the `Last-Event-ID` header (the larger wins). With `turn_id`
    the stream closes after that turn's terminal event (turn.completed/failed/cancelled/incomplete);
    without it the stream stays open until the client leaves.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StreamEventsResponse200
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | StreamEventsResponse200]:
    """Stream events (SSE)

     Server-Sent Events stream of the session's events.

    Framing: `retry: 1000` once at the start, then per event
    `id: <sequence_number>\\nevent: <type>\\ndata: <Event JSON>\\n\\n`. Heartbeats are comment lines `:
    heartbeat` every 15 s (server option); they carry no sequence number.

    Resume with `after_sequence_number` or the `Last-Event-ID` header (the larger wins). With `turn_id`
    the stream closes after that turn's terminal event (turn.completed/failed/cancelled/incomplete);
    without it the stream stays open until the client leaves.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StreamEventsResponse200]
    """

    kwargs = build_request(
        session_id=session_id,
        after_sequence_number=after_sequence_number,
        turn_id=turn_id,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    after_sequence_number: int | Unset = UNSET,
    turn_id: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Problem | StreamEventsResponse200 | None:
    """Stream events (SSE)

     Server-Sent Events stream of the session's events.

    Framing: `retry: 1000` once at the start, then per event
    `id: <sequence_number>\\nevent: <type>\\ndata: <Event JSON>\\n\\n`. Heartbeats are comment lines `:
    heartbeat` every 15 s (server option); they carry no sequence number.

    Resume with `after_sequence_number` or the `Last-Event-ID` header (the larger wins). With `turn_id`
    the stream closes after that turn's terminal event (turn.completed/failed/cancelled/incomplete);
    without it the stream stays open until the client leaves.

    Args:
        session_id (str):
        after_sequence_number (int | Unset):
        turn_id (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StreamEventsResponse200
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            after_sequence_number=after_sequence_number,
            turn_id=turn_id,
            last_event_id=last_event_id,
        )
    ).parsed
