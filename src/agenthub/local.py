"""``AgentHub.local()`` / ``AsyncAgentHub.local()``: a client bound to an in-process server.

::

    with AgentHub.local() as hub:
        agent = hub.agents.create(name="demo", model="scripted")

See :func:`start_local`. Copies made with ``hub.with_options(...)`` share the server but do
not own it (closing a copy leaves it running).
"""

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

__all__ = ["get_local_server", "start_local"]

C = TypeVar("C")

#: Attribute holding the owned server on the client instance (not on ``with_options`` copies).
_ATTR = "_agenthub_local_server"
#: Client arguments that ``local()`` decides itself (it binds to the server it starts).
_BOUND = ("base_url", "grpc_target", "access_token")
_DEFAULTS = {"host": "127.0.0.1", "port": 0, "grpc_port": 0, "db": ":memory:"}


def _server_config(
    server_options: ServerConfig | Mapping[str, Any] | None,
    overrides: dict[str, Any],
    api_key: str | None,
) -> ServerConfig:
    from agenthub_server import FaultConfig, ServerConfig

    try:
        if isinstance(server_options, ServerConfig):
            config = dataclasses.replace(server_options, **overrides)
        else:
            options: dict[str, Any] = {**_DEFAULTS, **(server_options or {}), **overrides}
            if isinstance(options.get("faults"), Mapping):
                options["faults"] = FaultConfig(**options["faults"])
            config = ServerConfig(**options)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"invalid local server option: {exc}") from None
    keys = list(config.api_keys or [])
    if api_key is not None and api_key not in keys:
        keys.insert(0, api_key)
    config.api_keys = keys or ["ah_local_" + secrets.token_hex(16)]
    return config


def start_local(
    client_cls: type[C],
    *,
    server_options: ServerConfig | Mapping[str, Any] | None = None,
    **options: Any,
) -> C:
    """Start the reference server in-process and return a ``client_cls`` instance that owns it.

    ``client_cls`` is ``AgentHub`` or ``AsyncAgentHub`` (or a subclass). The server runs in
    a background thread on free loopback ports (REST + SSE and gRPC), with an in-memory
    database unless ``db=`` names a file. Its settings come from ``server_options`` (a mapping
    or a ``ServerConfig``) and from keyword arguments named like ``ServerConfig`` fields
    (``db``, ``heartbeat_interval``, ``max_upload_bytes``, ``faults``, ``grpc``, …); the other
    keyword arguments (``timeout``, ``max_retries``, ``default_headers``, ``http_client``)
    go to the client. ``api_key=`` picks the key (default: a fresh random one); ``base_url``,
    ``grpc_target`` and ``access_token`` are refused, as the client is bound to the server.
    Closing the client (``close()``, ``await close()`` or leaving its ``with`` block) stops
    the server.

    Raises ``ConfigurationError`` if ``agenthub_server`` is not installed or an option is
    invalid, ``AgentHubError`` if the server cannot start.
    """
    try:
        from agenthub_server import LocalServer, ServerConfig
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ConfigurationError(
            "AgentHub.local() needs the reference server: install agenthub[server] "
            f"(pip install 'agenthub[server]'); import failed: {exc}"
        ) from None
    fields = {f.name for f in dataclasses.fields(ServerConfig)}
    client_kw = {k: v for k, v in options.items() if k not in fields}
    bound = [k for k in _BOUND if k in client_kw]
    if bound:
        raise ConfigurationError(
            f"{client_cls.__name__}.local() binds the client to the server it starts; "
            f"do not pass {', '.join(bound)}"
        )
    server_kw = {k: v for k, v in options.items() if k in fields}
    server = LocalServer(_server_config(server_options, server_kw, client_kw.pop("api_key", None)))
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
    _attach(client, server)
    return client


def get_local_server(client: object) -> LocalServer | None:
    """The ``LocalServer`` a client made by ``local()`` owns (``None`` for other clients)."""
    return getattr(client, _ATTR, None)


def _attach(client: Any, server: LocalServer) -> None:
    """Make ``client.close()`` also stop ``server`` (on the instance: the class is untouched,
    and ``with_options`` copies, built with ``__new__``, do not get it)."""
    setattr(client, _ATTR, server)
    # stops the server at garbage collection / interpreter exit if the client is never closed
    finalizer = weakref.finalize(client, server.stop)
    original_close = client.close

    def stop_once() -> bool:
        return finalizer.detach() is not None

    # The client closes first: that also closes session gRPC channels, before the server.
    if inspect.iscoroutinefunction(original_close):

        async def aclose() -> None:
            try:
                await original_close()
            finally:
                if stop_once():
                    await asyncio.to_thread(server.stop)

        client.close = aclose
    else:

        def close() -> None:
            try:
                original_close()
            finally:
                if stop_once():
                    server.stop()

        client.close = close
