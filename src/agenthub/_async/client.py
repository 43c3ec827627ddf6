"""The agenthub client, written once for asyncio (``_sync`` holds its derived twin)."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self

import httpx
from typing_extensions import TypeVar, Unpack

from .._backends import AsyncAccessToken
from .._config import resolve_settings
from .._exceptions import CapabilityUnavailableError, ProtocolError
from .._logging import setup_logging
from .._types import (
    NOT_GIVEN,
    CallOptions,
    NotGiven,
    RequestOptions,
    Timeout,
)
from .._version import CONTRACT_VERSION
from ._http import DEFAULT_MAX_EVENT_BYTES, AsyncHTTPPipeline

if TYPE_CHECKING:
    from agenthub_openapi.models.capabilities import Capabilities
    from agenthub_openapi.models.health import Health

    from .resources.agents import AsyncAgents
    from .resources.config import AsyncConfig
    from .resources.mcp_servers import AsyncMcpServers
    from .resources.models import AsyncModels
    from .resources.schedules import AsyncSchedules
    from .resources.sessions import AsyncSessions
    from .resources.skills import AsyncSkills

T = TypeVar("T", default=Any)  # request() without cast_to: the JSON value


class _Resource(cached_property[T]):
    """A client attribute built from ``"module:Class"`` on first access, then cached: importing
    the client loads neither the resources nor the generated models."""

    def __init__(self, path: str) -> None:
        module, _, name = path.partition(":")
        super().__init__(
            lambda hub: getattr(importlib.import_module(module, __package__), name)(hub)
        )


class AsyncAgentHub:
    """Client for the agenthub API: ``async with AsyncAgentHub() as hub:``, or call
    ``await hub.close()``. Raises ``ConfigurationError`` (credentials, base URL, profile) and
    ``ValueError``/``TypeError`` (``default_headers`` HTTP cannot carry, bad ``max_event_bytes``).

    Args:
        api_key: sent as ``Authorization: Bearer``. Else ``access_token``, ``$AGENTHUB_API_KEY``,
            the ``api_key`` of the profile (``$AGENTHUB_PROFILE``, default ``default``) in
            ``$AGENTHUB_CONFIG_DIR/config.toml`` (default ``~/.agenthub``), else
            ``ConfigurationError``; also for a control or non-ASCII character inside the key
            (never shown). Surrounding whitespace is stripped.
        access_token: a bearer token, or a callable (coroutine functions too, on the asyncio
            client) returning one, called for every request.
        base_url: server root (no ``/v1``). Else ``$AGENTHUB_BASE_URL``, the profile's
            ``base_url``, then ``http://127.0.0.1:8080``.
        grpc_target: ``host:port`` of the gRPC endpoint. Else ``$AGENTHUB_GRPC_TARGET``, the
            profile's ``grpc_target``, then (when first needed) the server's advertised one.
        timeout: seconds for a whole call, retries and backoff included (connect capped at 5 s
            per attempt), then ``APITimeoutError``; an ``httpx.Timeout`` keeps httpx's
            per-phase meaning (no overall budget); ``None``: no timeout.
        max_retries: retries for connection errors, 408, 429 and 5xx.
        default_headers: headers sent with every request.
        http_client: your own ``httpx.AsyncClient``, used as configured and never closed by
            the SDK (its own allows 1000 connections: each open event stream holds one).
        max_event_bytes: the largest server-sent event accepted (default 64 MiB), else
            ``EventTooLargeError`` (a ``ProtocolError``).
    """

    agents: _Resource[AsyncAgents] = _Resource(".resources.agents:AsyncAgents")
    sessions: _Resource[AsyncSessions] = _Resource(".resources.sessions:AsyncSessions")
    mcp_servers: _Resource[AsyncMcpServers] = _Resource(".resources.mcp_servers:AsyncMcpServers")
    skills: _Resource[AsyncSkills] = _Resource(".resources.skills:AsyncSkills")
    schedules: _Resource[AsyncSchedules] = _Resource(".resources.schedules:AsyncSchedules")
    config: _Resource[AsyncConfig] = _Resource(".resources.config:AsyncConfig")
    models: _Resource[AsyncModels] = _Resource(".resources.models:AsyncModels")

    def __init__(
        self,
        *,
        api_key: str | None = None,
        access_token: AsyncAccessToken | None = None,
        base_url: str | None = None,
        grpc_target: str | None = None,
        timeout: Timeout | None = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        setup_logging()
        api_key, token, base_url, grpc_target = resolve_settings(
            api_key=api_key, access_token=access_token, base_url=base_url, grpc_target=grpc_target
        )
        self._root = self  # holds what with_options copies share: gRPC target, capabilities
        self._grpc_target = grpc_target
        self._capabilities: Capabilities | None = None
        self._pipeline = AsyncHTTPPipeline(
            base_url=base_url,
            api_key=api_key,
            access_token=token,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            max_event_bytes=max_event_bytes,
        )

    @property
    def base_url(self) -> str:
        return self._pipeline.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        return self._pipeline.timeout

    @property
    def max_retries(self) -> int:
        return self._pipeline.max_retries

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy with other defaults that shares this client's connection pool, credentials
        and capabilities cache: ``hub.with_options(timeout=5, max_retries=5).agents.get(id)``.
        Cheap; closing the copy does not close the shared pool."""
        new = type(self).__new__(type(self))
        new._root = self._root
        new._pipeline = self._pipeline.copy(
            timeout=timeout, max_retries=max_retries, headers=headers
        )
        return new

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r}>"

    @classmethod
    def local(cls, **options: Any) -> Self:
        """A client that owns a reference server (REST + SSE and gRPC) started in-process on
        free loopback ports, with an in-memory database unless ``db=`` names a file; closing
        the client (not a ``with_options`` copy) stops it. Keywords named like
        ``agenthub_server.ServerConfig`` fields, and ``server_options`` (a mapping or a
        ``ServerConfig``), configure the server, the others the client (``api_key`` defaults to
        a fresh random key; ``base_url``, ``grpc_target`` and ``access_token`` are refused).
        Raises ``ConfigurationError`` without the ``server`` extra (``pip install
        'agenthub[server]'``) or for an invalid option, ``AgentHubError`` if the server cannot
        start."""
        from ..local import start_local

        return start_local(cls, **options)

    async def close(self) -> None:
        """Close the connection pool (not a user-supplied ``http_client``) and any gRPC
        channel opened by session streams."""
        if "sessions" in self.__dict__:  # only if it was ever used
            await self.sessions.aclose()
        await self._pipeline.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def health(self, **options: Unpack[CallOptions]) -> Health:
        """``GET /v1/health`` → ``Health {status: "ok", version}`` (needs no credentials)."""
        from agenthub_openapi.api.meta import get_health
        from agenthub_openapi.models.health import Health

        return await self._pipeline.request(
            get_health.build_request(), Health.from_dict, RequestOptions.from_call(options)
        )

    async def get_capabilities(
        self, *, refresh: bool = False, **options: Unpack[CallOptions]
    ) -> Capabilities:
        """The server's ``Capabilities {contract_version, capabilities: [{id, status}],
        grpc_target}``, fetched once and cached (``refresh=True`` refetches). A server whose
        contract major version differs from the SDK's raises ``ProtocolError``."""
        if self._root._capabilities is not None and not refresh:
            return self._root._capabilities
        from agenthub_openapi.api.meta import get_capabilities
        from agenthub_openapi.models.capabilities import Capabilities

        capabilities = await self._pipeline.request(
            get_capabilities.build_request(),
            Capabilities.from_dict,
            RequestOptions.from_call(options),
        )
        theirs = capabilities.contract_version
        if theirs.split(".")[0] != CONTRACT_VERSION.split(".")[0]:
            raise ProtocolError(
                f"Incompatible server: it speaks agenthub contract {theirs!r}, this SDK "
                f"speaks {CONTRACT_VERSION!r} (major versions must match). Upgrade or downgrade "
                "the agenthub package to match the server."
            )
        self._root._capabilities = capabilities
        return capabilities

    @property
    def capabilities(self) -> Awaitable[Capabilities]:
        """``await hub.capabilities``: :meth:`get_capabilities`."""
        return self.get_capabilities()

    @property
    def contract_version(self) -> Awaitable[str]:
        """``await hub.contract_version`` → the server's contract version, e.g. ``"1.0.0"``."""
        return self._contract_version()

    async def _contract_version(self) -> str:
        return (await self.get_capabilities()).contract_version

    async def has_capability(self, capability: str) -> bool:
        """True if the server lists ``capability`` (e.g. ``"events.grpc"``) as available or
        experimental."""
        capabilities = (await self.get_capabilities()).capabilities
        return any(
            c.id == capability and c.status in ("available", "experimental") for c in capabilities
        )

    async def require_capability(self, capability: str) -> None:
        """Raise ``CapabilityUnavailableError`` unless :meth:`has_capability`."""
        if not await self.has_capability(capability):
            raise CapabilityUnavailableError(
                f"The server does not offer the {capability!r} capability.",
                capability=capability,
            )

    async def _resolve_grpc_target(self) -> str:
        """The gRPC ``host:port``: the setting, else the server's advertised one (cached)."""
        if not self._root._grpc_target:
            target = (await self.get_capabilities()).grpc_target
            if not target:
                raise CapabilityUnavailableError(
                    "The server advertises no gRPC endpoint; pass grpc_target= or set "
                    "AGENTHUB_GRPC_TARGET, or use transport='sse'.",
                    capability="events.grpc",
                )
            self._root._grpc_target = target
        return self._root._grpc_target

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Callable[[Any], T] | None = None,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> T:
        """Call any endpoint through the same pipeline (auth, retries, errors).

        ``path`` is relative to the server root (``"/v1/agents"``). Keywords: ``json`` (the
        body), ``params`` (query; ``None`` values are left out), ``headers``, and the per-call
        options. Returns the decoded JSON (``None`` for an empty body), or the body parsed by
        ``cast_to``: a generated model class (``cast_to=Agent``) or any callable taking the
        JSON value.
        """
        spec: dict[str, Any] = {"method": method, "url": path, "json": json, "headers": headers}
        if params is not None:
            spec["params"] = {k: v for k, v in params.items() if v is not None}
        parse: Callable[[Any], T] = cast_to or (lambda value: value)
        if isinstance(cast_to, type) and hasattr(cast_to, "from_dict"):
            parse = cast_to.from_dict
        return await self._pipeline.request(spec, parse, RequestOptions.from_call(options))
