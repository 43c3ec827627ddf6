from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.capabilities import Capabilities
from ...models.problem import Problem
from ...types import Response


def build_request() -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``GET /v1/capabilities``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/capabilities",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Capabilities | Problem | None:
    if response.status_code == 200:
        response_200 = Capabilities.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Capabilities | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Capabilities | Problem]:
    """Contract version and capabilities

     The contract version (`info.version` of this document), the capabilities this server offers
    (`available`, `experimental` or `unavailable`) and the gRPC endpoint (`grpc_target`, host:port, or
    null when gRPC is off). Clients cache it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Capabilities | Problem]
    """

    kwargs = build_request()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Capabilities | Problem | None:
    """Contract version and capabilities

     The contract version (`info.version` of this document), the capabilities this server offers
    (`available`, `experimental` or `unavailable`) and the gRPC endpoint (`grpc_target`, host:port, or
    null when gRPC is off). Clients cache it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Capabilities | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Capabilities | Problem]:
    """Contract version and capabilities

     The contract version (`info.version` of this document), the capabilities this server offers
    (`available`, `experimental` or `unavailable`) and the gRPC endpoint (`grpc_target`, host:port, or
    null when gRPC is off). Clients cache it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Capabilities | Problem]
    """

    kwargs = build_request()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Capabilities | Problem | None:
    """Contract version and capabilities

     The contract version (`info.version` of this document), the capabilities this server offers
    (`available`, `experimental` or `unavailable`) and the gRPC endpoint (`grpc_target`, host:port, or
    null when gRPC is off). Clients cache it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Capabilities | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
