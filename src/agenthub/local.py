"""``AgentHub.local()`` / ``AsyncAgentHub.local()``: a client bound to an in-process server.

The reference server (``agenthub_server``, the optional extra ``agenthub[server]``) is started
in a background thread on free loopback ports (REST + SSE and gRPC), with an in-memory
database unless ``db=`` names a file, and a fresh API key. The returned client owns it:
``hub.close()`` (``await hub.close()`` on the async client) or leaving the ``with`` /
``async with`` block stops the server too. Copies made with ``hub.with_options(...)`` share
the server but do not own it (closing a copy leaves it running).

::

    with AgentHub.local() as hub:
        agent = hub.agents.create(name="demo", model="scripted")

Keyword arguments named like :class:`agenthub_server.ServerConfig` fields (``db``,
``heartbeat_interval``, ``max_upload_bytes``, ``faults``, ``grpc``, ``test_endpoints``,
``api_keys``, ``log_level``, …) configure the server; the others (``timeout``,
``max_retries``, ``default_headers``, ``http_client``, ``api_key``) go to the client.
``server_options=`` takes the same server settings as a mapping or a ``ServerConfig``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import secrets
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ._exceptions import AgentHubError, ConfigurationError

if TYPE_CHECKING:
    from agenthub_server import LocalServer, ServerConfig

__all__ = ["get_local_server", "start_local"]

C = TypeVar("C")

#: Attribute holding the owned server on the client instance (not on ``with_options`` copies).
_ATTR = "_agenthub_local_server"

#: Client arguments that ``local()`` decides itself (it binds to the server it starts).
_BOUND = ("base_url", "grpc_target", "access_token")


def _import_server() -> Any:
    try:
        import agenthub_server
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ConfigurationError(
            "AgentHub.local() needs the reference server: install agenthub[server] "
            f"(pip install 'agenthub[server]'); import failed: {exc}"
        ) from None
    return agenthub_server


def _server_config(
    server_mod: Any,
    server_options: ServerConfig | Mapping[str, Any] | None,
    overrides: dict[str, Any],
    api_key: str | None,
) -> ServerConfig:
    config_cls = server_mod.ServerConfig
    try:
        if isinstance(server_options, config_cls):
            config = dataclasses.replace(server_options, **overrides)
        else:
            options = {"host": "127.0.0.1", "port": 0, "grpc_port": 0, "db": ":memory:"}
            options.update(dict(cast("Mapping[str, Any]", server_options or {})))
            options.update(overrides)
            faults = options.get("faults")
            if isinstance(faults, Mapping):
                options["faults"] = server_mod.FaultConfig(**faults)
            config = config_cls(**options)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"invalid local server option: {exc}") from None
    keys = list(config.api_keys or [])
    if api_key is not None and api_key not in keys:
        keys.insert(0, api_key)
    if not keys:
        keys = ["ah_local_" + secrets.token_hex(16)]
    config.api_keys = keys
    return config  # type: ignore[no-any-return]


def _split_options(
    server_mod: Any, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {f.name for f in dataclasses.fields(server_mod.ServerConfig)}
    server_kw = {k: v for k, v in options.items() if k in fields}
    client_kw = {k: v for k, v in options.items() if k not in fields}
    return server_kw, client_kw


def start_local(
    client_cls: type[C],
    *,
    server_options: ServerConfig | Mapping[str, Any] | None = None,
    **options: Any,
) -> C:
    """Start the reference server in-process and return a ``client_cls`` instance that owns it.

    ``client_cls`` is ``AgentHub`` or ``AsyncAgentHub`` (or a subclass). Server settings come
    from ``server_options`` and from keyword arguments named like ``ServerConfig`` fields;
    the remaining keyword arguments are passed to the client constructor. ``api_key=`` picks
    the key (default: a fresh random one). ``base_url``, ``grpc_target`` and ``access_token``
    are not accepted: the client is bound to the server it starts.

    Raises ``ConfigurationError`` if ``agenthub_server`` is not installed or an option is
    invalid, ``AgentHubError`` if the server cannot start.
    """
    server_mod = _import_server()
    server_kw, client_kw = _split_options(server_mod, options)
    bound = [k for k in _BOUND if k in client_kw]
    if bound:
        raise ConfigurationError(
            f"{client_cls.__name__}.local() binds the client to the server it starts; "
            f"do not pass {', '.join(bound)}"
        )
    api_key = client_kw.pop("api_key", None)
    config = _server_config(server_mod, server_options, server_kw, api_key)
    server: LocalServer = server_mod.LocalServer(config)
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
    """Make ``client.close()`` also stop ``server`` (instance-level; the class is untouched,
    and ``with_options`` copies, built with ``__new__``, do not get it)."""
    setattr(client, _ATTR, server)
    # Stop the server at garbage collection / interpreter exit if the client is never closed.
    finalizer = weakref.finalize(client, server.stop)
    original_close = client.close

    if inspect.iscoroutinefunction(original_close):

        async def aclose() -> None:
            try:
                await original_close()  # also closes session gRPC channels, before the server
            finally:
                if finalizer.alive:
                    finalizer.detach()
                    await asyncio.to_thread(server.stop)

        client.close = aclose
    else:

        def close() -> None:
            try:
                original_close()  # also closes session gRPC channels, before the server
            finally:
                if finalizer.alive:
                    finalizer.detach()
                    server.stop()

        client.close = close
