from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.context_injected_event import ContextInjectedEvent
from ...models.inject_context_request import InjectContextRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, path_param


def build_request(
    session_id: str,
    *,
    body: InjectContextRequest | Mapping[str, Any],
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``POST /v1/sessions/{session_id}/context``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded. ``body`` is the model or its JSON object
    form (a mapping, sent as is)."""
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/{session_id}/context".format(
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
) -> ContextInjectedEvent | Problem | None:
    if response.status_code == 201:
        response_201 = ContextInjectedEvent.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[ContextInjectedEvent | Problem]:
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
    body: InjectContextRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContextInjectedEvent | Problem]:
    """Inject context

     Records a `context.injected` event and returns it.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (InjectContextRequest): Body of `inject_context`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContextInjectedEvent | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: InjectContextRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContextInjectedEvent | Problem | None:
    """Inject context

     Records a `context.injected` event and returns it.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (InjectContextRequest): Body of `inject_context`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContextInjectedEvent | Problem
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: InjectContextRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContextInjectedEvent | Problem]:
    """Inject context

     Records a `context.injected` event and returns it.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (InjectContextRequest): Body of `inject_context`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContextInjectedEvent | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: InjectContextRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContextInjectedEvent | Problem | None:
    """Inject context

     Records a `context.injected` event and returns it.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (InjectContextRequest): Body of `inject_context`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContextInjectedEvent | Problem
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
