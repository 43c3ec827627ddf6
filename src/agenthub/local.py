"""``AgentHub.local()`` / ``AsyncAgentHub.local()``: a client that owns an in-process server."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import secrets
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._exceptions import AgentHubError, ConfigurationError

if TYPE_CHECKING:
    from agenthub_server import LocalServer, ServerConfig

C = TypeVar("C")


def start_local(
    client_cls: type[C],
    *,
    server_options: ServerConfig | Mapping[str, Any] | None = None,
    **options: Any,
) -> C:
    """The implementation of ``client_cls.local(...)`` (see there)."""
    try:
        from agenthub_server import FaultConfig, LocalServer, ServerConfig
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ConfigurationError(
            "AgentHub.local() needs the reference server: install agenthub[server] "
            f"(pip install 'agenthub[server]'); import failed: {exc}"
        ) from None
    fields = {f.name for f in dataclasses.fields(ServerConfig)}
    server_kw = {k: v for k, v in options.items() if k in fields}
    client_kw = {k: v for k, v in options.items() if k not in fields}
    if bound := [k for k in ("base_url", "grpc_target", "access_token") if k in client_kw]:
        raise ConfigurationError(
            f"{client_cls.__name__}.local() binds the client to the server it starts; "
            f"do not pass {', '.join(bound)}"
        )
    try:
        if isinstance(server_options, ServerConfig):
            config = dataclasses.replace(server_options, **server_kw)
        else:
            defaults = {"host": "127.0.0.1", "port": 0, "grpc_port": 0, "db": ":memory:"}
            kw: dict[str, Any] = {**defaults, **(server_options or {}), **server_kw}
            if isinstance(kw.get("faults"), Mapping):
                kw["faults"] = FaultConfig(**kw["faults"])
            config = ServerConfig(**kw)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"invalid local server option: {exc}") from None
    api_key = client_kw.pop("api_key", None)
    keys = [api_key] if api_key is not None and api_key not in config.api_keys else []
    config.api_keys = keys + config.api_keys or ["ah_local_" + secrets.token_hex(16)]
    server = LocalServer(config)
    try:
        server.start()
    except Exception as exc:
        raise AgentHubError(f"could not start the local agenthub server: {exc}") from exc
    try:
        client = client_cls(  # type: ignore[call-arg]
            api_key=server.api_key,
            base_url=server.base_url,
            grpc_target=server.grpc_target,
            **client_kw,
        )
    except BaseException:
        server.stop()
        raise
    hub: Any = client
    hub._agenthub_local_server = server
    # The instance's close (with_options copies do not own the server) stops the server after
    # the client; the finalizer runs server.stop once, also for a client never closed.
    stop = weakref.finalize(hub, server.stop)
    close = hub.close

    async def aclose() -> None:
        try:
            await close()
        finally:
            if stop.alive:
                await asyncio.to_thread(stop)

    def sync_close() -> None:
        try:
            close()
        finally:
            stop()

    hub.close = aclose if inspect.iscoroutinefunction(close) else sync_close
    return client


def get_local_server(client: object) -> LocalServer | None:
    """The ``LocalServer`` a client made by ``local()`` owns (``None`` for other clients)."""
    return getattr(client, "_agenthub_local_server", None)
