from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.config_envelope import ConfigEnvelope
from ...models.config_replace import ConfigReplace
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def build_request(
    *,
    body: ConfigReplace | Mapping[str, Any],
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``PUT /v1/config``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded. ``body`` is the model or its JSON object
    form (a mapping, sent as is)."""
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/config",
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
) -> ConfigEnvelope | Problem | None:
    if response.status_code == 200:
        response_200 = ConfigEnvelope.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
    body: ConfigReplace,
    if_match: str | Unset = UNSET,
) -> Response[ConfigEnvelope | Problem]:
    """Replace the configuration

     generation +1. Optional If-Match; stale → 412.

    Args:
        if_match (str | Unset):
        body (ConfigReplace): Body of `replace_config`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigEnvelope | Problem]
    """

    kwargs = build_request(
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ConfigReplace,
    if_match: str | Unset = UNSET,
) -> ConfigEnvelope | Problem | None:
    """Replace the configuration

     generation +1. Optional If-Match; stale → 412.

    Args:
        if_match (str | Unset):
        body (ConfigReplace): Body of `replace_config`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigEnvelope | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ConfigReplace,
    if_match: str | Unset = UNSET,
) -> Response[ConfigEnvelope | Problem]:
    """Replace the configuration

     generation +1. Optional If-Match; stale → 412.

    Args:
        if_match (str | Unset):
        body (ConfigReplace): Body of `replace_config`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigEnvelope | Problem]
    """

    kwargs = build_request(
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ConfigReplace,
    if_match: str | Unset = UNSET,
) -> ConfigEnvelope | Problem | None:
    """Replace the configuration

     generation +1. Optional If-Match; stale → 412.

    Args:
        if_match (str | Unset):
        body (ConfigReplace): Body of `replace_config`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigEnvelope | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
