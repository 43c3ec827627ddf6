"""``hub.mcp_servers``: register MCP servers for the tenant (attach them to sessions with
``session.mcp_servers``)."""

from __future__ import annotations

from typing import Literal

from agenthub_openapi.api.mcp_servers import (
    create_mcp_server,
    delete_mcp_server,
    get_mcp_server,
    list_mcp_servers,
)
from agenthub_openapi.models.mcp_server import McpServer
from agenthub_openapi.params import McpServerCreateParams
from typing_extensions import Unpack

from ..._pagination import AsyncPaginator
from ..._types import CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, none_response, request_body

__all__ = ["AsyncMcpServers", "AsyncMcpServersWithRawResponse", "McpServerCreateCall"]


class McpServerCreateCall(McpServerCreateParams, CallOptions, total=False):
    """Keywords of ``mcp_servers.create``: the ``McpServerCreate`` fields + per-call options."""


class AsyncMcpServers(AsyncAPIResource):
    """MCP server registrations ``{id, name, uri, created_at}``; names are unique per tenant."""

    async def create(self, **params: Unpack[McpServerCreateCall]) -> McpServer:
        """Register an MCP server: ``name`` and ``uri`` (an ``http(s)://`` or ``stdio:`` URI).

        Raises ``ConflictError`` (409) if ``name`` is taken, ``UnprocessableEntityError`` (422)
        for an invalid name/URI, ``TypeError`` (before any request) for an unknown keyword.
        """
        body, options, _ = request_body("McpServerCreate", params, "mcp_servers.create()")
        return await self._request(
            create_mcp_server.build_request(body=body), McpServer.from_dict, options
        )

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[McpServer]:
        """List MCP servers (newest first by default); iterate for all pages."""
        return self._paginate(
            list_mcp_servers, McpServer.from_dict, options, limit=limit, order=order, after=after
        )

    async def get(self, mcp_server_id: str, **options: Unpack[CallOptions]) -> McpServer:
        """Fetch one registration; ``NotFoundError`` if unknown."""
        return await self._request(
            get_mcp_server.build_request(mcp_server_id), McpServer.from_dict, options
        )

    async def delete(self, mcp_server_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete a registration; ``NotFoundError`` if unknown."""
        return await self._request(
            delete_mcp_server.build_request(mcp_server_id), none_response, options
        )

    @property
    def with_raw_response(self) -> AsyncMcpServersWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncMcpServersWithRawResponse(self)


class AsyncMcpServersWithRawResponse:
    def __init__(self, mcp_servers: AsyncMcpServers) -> None:
        self.create = to_raw_response_wrapper(mcp_servers.create)
        self.list = to_raw_response_wrapper(mcp_servers.list)
        self.get = to_raw_response_wrapper(mcp_servers.get)
        self.delete = to_raw_response_wrapper(mcp_servers.delete)
