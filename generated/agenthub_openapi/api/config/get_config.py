from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.config_envelope import ConfigEnvelope
from ...models.problem import Problem
from ...types import Response


def build_request() -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``GET /v1/config``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/config",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConfigEnvelope | Problem | None:
    if response.status_code == 200:
        response_200 = ConfigEnvelope.from_dict(response.json())

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
) -> Response[ConfigEnvelope | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ConfigEnvelope | Problem]:
    """Get the configuration

     The tenant's configuration document and its `generation` (also the `ETag`). A tenant that never
    wrote one gets `{config: {}, generation: 0}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigEnvelope | Problem]
    """

    kwargs = build_request()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> ConfigEnvelope | Problem | None:
    """Get the configuration

     The tenant's configuration document and its `generation` (also the `ETag`). A tenant that never
    wrote one gets `{config: {}, generation: 0}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigEnvelope | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ConfigEnvelope | Problem]:
    """Get the configuration

     The tenant's configuration document and its `generation` (also the `ETag`). A tenant that never
    wrote one gets `{config: {}, generation: 0}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigEnvelope | Problem]
    """

    kwargs = build_request()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> ConfigEnvelope | Problem | None:
    """Get the configuration

     The tenant's configuration document and its `generation` (also the `ETag`). A tenant that never
    wrote one gets `{config: {}, generation: 0}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigEnvelope | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
