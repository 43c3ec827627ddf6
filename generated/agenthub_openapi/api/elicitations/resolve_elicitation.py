from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.elicitation import Elicitation
from ...models.problem import Problem
from ...models.resolve_elicitation_request import ResolveElicitationRequest
from ...types import UNSET, Response, Unset, path_param


def build_request(
    session_id: str,
    elicitation_id: str,
    *,
    body: ResolveElicitationRequest | Mapping[str, Any],
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for ``POST /v1/sessions/{session_id}/elicitations/{elicitation_id}/resolve``.

    ``{"method", "url"}`` plus, as the operation needs, ``"params"``, ``"headers"``,
    ``"json"``, ``"files"``, ``"data"``, ``"content"``. The URL is relative to the base URL;
    path parameters are percent-encoded. ``body`` is the model or its JSON object
    form (a mapping, sent as is)."""
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/{session_id}/elicitations/{elicitation_id}/resolve".format(
            session_id=path_param(session_id, "session_id"),
            elicitation_id=path_param(elicitation_id, "elicitation_id"),
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
) -> Elicitation | Problem | None:
    if response.status_code == 200:
        response_200 = Elicitation.from_dict(response.json())

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
) -> Response[Elicitation | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    elicitation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResolveElicitationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Elicitation | Problem]:
    """Resolve an elicitation

     409 `already_resolved` if resolved before. `client_tool` accept needs `content: {output}` (a string)
    and may say `is_error: true` (the tool failed; the call is recorded with `is_error` in
    `tool_call.completed` and the turn result); `clarification` accept needs `content: {text}` (else
    422).

    Args:
        session_id (str):
        elicitation_id (str):
        idempotency_key (str | Unset):
        body (ResolveElicitationRequest): Answer an elicitation. `client_tool` accept needs
            `content: {output: str, is_error?: bool}` (`is_error` default false: true when the client
            tool failed and `output` describes the error); `clarification` accept needs `content:
            {text: str}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Elicitation | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        elicitation_id=elicitation_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    elicitation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResolveElicitationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Elicitation | Problem | None:
    """Resolve an elicitation

     409 `already_resolved` if resolved before. `client_tool` accept needs `content: {output}` (a string)
    and may say `is_error: true` (the tool failed; the call is recorded with `is_error` in
    `tool_call.completed` and the turn result); `clarification` accept needs `content: {text}` (else
    422).

    Args:
        session_id (str):
        elicitation_id (str):
        idempotency_key (str | Unset):
        body (ResolveElicitationRequest): Answer an elicitation. `client_tool` accept needs
            `content: {output: str, is_error?: bool}` (`is_error` default false: true when the client
            tool failed and `output` describes the error); `clarification` accept needs `content:
            {text: str}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Elicitation | Problem
    """

    return sync_detailed(
        session_id=session_id,
        elicitation_id=elicitation_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    elicitation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResolveElicitationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Elicitation | Problem]:
    """Resolve an elicitation

     409 `already_resolved` if resolved before. `client_tool` accept needs `content: {output}` (a string)
    and may say `is_error: true` (the tool failed; the call is recorded with `is_error` in
    `tool_call.completed` and the turn result); `clarification` accept needs `content: {text}` (else
    422).

    Args:
        session_id (str):
        elicitation_id (str):
        idempotency_key (str | Unset):
        body (ResolveElicitationRequest): Answer an elicitation. `client_tool` accept needs
            `content: {output: str, is_error?: bool}` (`is_error` default false: true when the client
            tool failed and `output` describes the error); `clarification` accept needs `content:
            {text: str}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Elicitation | Problem]
    """

    kwargs = build_request(
        session_id=session_id,
        elicitation_id=elicitation_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    elicitation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ResolveElicitationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Elicitation | Problem | None:
    """Resolve an elicitation

     409 `already_resolved` if resolved before. `client_tool` accept needs `content: {output}` (a string)
    and may say `is_error: true` (the tool failed; the call is recorded with `is_error` in
    `tool_call.completed` and the turn result); `clarification` accept needs `content: {text}` (else
    422).

    Args:
        session_id (str):
        elicitation_id (str):
        idempotency_key (str | Unset):
        body (ResolveElicitationRequest): Answer an elicitation. `client_tool` accept needs
            `content: {output: str, is_error?: bool}` (`is_error` default false: true when the client
            tool failed and `output` describes the error); `clarification` accept needs `content:
            {text: str}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Elicitation | Problem
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            elicitation_id=elicitation_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
