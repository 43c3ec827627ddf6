from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.mcp_server_list import McpServerList
from ...models.problem import Problem
from ...models.session_mcp_servers_update import SessionMcpServersUpdate
from ...types import Response, path_param


def build_request(
    session_id: str,
    *,
    body: SessionMcpServersUpdate | Mapping[str, Any],
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``PUT /v1/sessions/{session_id}/mcp-servers``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded. ``body`` is the model or its JSON object
    form (a mapping, sent as is)."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/sessions/{session_id}/mcp-servers".format(
            session_id=path_param(session_id, "session_id"),
        ),
    }

    if isinstance(body, Mapping):
        _kwargs["json"] = dict(body)
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> McpServerList | Problem | None:
    if response.status_code == 200:
        response_200 = McpServerList.from_dict(response.json())

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

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[McpServerList | Problem]:
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
    body: SessionMcpServersUpdate,
) -> Response[McpServerList | Problem]:
    """Set a session's MCP servers

     Replaces the set; one page, has_more false. Unknown id → 404.

    Args:
        session_id (str):
        body (SessionMcpServersUpdate): Body of `set_session_mcp_servers` (unknown id → 404).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[McpServerList | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionMcpServersUpdate,
) -> McpServerList | Problem | None:
    """Set a session's MCP servers

     Replaces the set; one page, has_more false. Unknown id → 404.

    Args:
        session_id (str):
        body (SessionMcpServersUpdate): Body of `set_session_mcp_servers` (unknown id → 404).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        McpServerList | Problem
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionMcpServersUpdate,
) -> Response[McpServerList | Problem]:
    """Set a session's MCP servers

     Replaces the set; one page, has_more false. Unknown id → 404.

    Args:
        session_id (str):
        body (SessionMcpServersUpdate): Body of `set_session_mcp_servers` (unknown id → 404).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[McpServerList | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionMcpServersUpdate,
) -> McpServerList | Problem | None:
    """Set a session's MCP servers

     Replaces the set; one page, has_more false. Unknown id → 404.

    Args:
        session_id (str):
        body (SessionMcpServersUpdate): Body of `set_session_mcp_servers` (unknown id → 404).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        McpServerList | Problem
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            body=body,
        )
    ).parsed
