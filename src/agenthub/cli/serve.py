"""``agenthub serve``: the reference server (REST + SSE and gRPC) in the foreground.

A thin typer front end over the server's public embedding API (``ServerConfig``,
``FaultConfig``, ``serve``), imported only when the command runs, so the CLI works without
the ``server`` extra until this command is used. ``python -m agenthub_server`` stays the
server's own entry point.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import typer

from ._common import Command

_FAULTS = "Fault injection"


def register(app: typer.Typer) -> None:
    app.command("serve", cls=Command)(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="REST + SSE port (0 = any free port).")] = (
        8080
    ),
    grpc_port: Annotated[
        int, typer.Option("--grpc-port", help="gRPC port (0 = any free port).")
    ] = 50051,
    db: Annotated[
        str, typer.Option("--db", help="SQLite file, or :memory: for a store that dies with it.")
    ] = ":memory:",
    api_key: Annotated[
        list[str] | None,
        typer.Option(
            "--api-key",
            help="Accepted API key (repeatable; each key is a tenant). Default: "
            "$AGENTHUB_SERVER_API_KEYS (comma-separated), else a generated dev key, printed.",
        ),
    ] = None,
    heartbeat: Annotated[
        float, typer.Option("--heartbeat", help="SSE heartbeat interval in seconds.")
    ] = 15.0,
    max_upload_bytes: Annotated[
        int, typer.Option("--max-upload-bytes", help="Largest accepted upload (413 above).")
    ] = 256 * 1024 * 1024,
    no_grpc: Annotated[
        bool, typer.Option("--no-grpc", help="Do not start the gRPC server.")
    ] = False,
    test_endpoints: Annotated[
        bool,
        typer.Option("--test-endpoints", help="Enable /v1/_test/* (fault and API-key injection)."),
    ] = False,
    log_level: Annotated[
        str, typer.Option("--log-level", help="Server log level (debug, info, warning, error).")
    ] = "info",
    drop_stream_every: Annotated[
        int | None,
        typer.Option(
            "--drop-stream-every",
            help="Cut event streams after every N events.",
            rich_help_panel=_FAULTS,
        ),
    ] = None,
    error_rate: Annotated[
        float,
        typer.Option(
            "--error-rate",
            help="Share of requests answered with --error-code (every round(1/F)-th).",
            rich_help_panel=_FAULTS,
        ),
    ] = 0.0,
    error_code: Annotated[
        str,
        typer.Option(
            "--error-code",
            help="The injected error: service_unavailable (503) or rate_limited (429).",
            rich_help_panel=_FAULTS,
        ),
    ] = "service_unavailable",
    retry_after: Annotated[
        int,
        typer.Option(
            "--retry-after",
            help="Retry-After seconds sent with injected errors.",
            rich_help_panel=_FAULTS,
        ),
    ] = 1,
    latency: Annotated[
        float,
        typer.Option(
            "--latency", help="Added latency per request, in seconds.", rich_help_panel=_FAULTS
        ),
    ] = 0.0,
) -> None:
    """Run the reference server: REST + SSE and gRPC in one process, until Ctrl-C.

    Prints its addresses and an API key to export. Same flags as `python -m agenthub_server`.
    """
    try:
        from agenthub_server import FaultConfig, ServerConfig
        from agenthub_server import serve as run_server
    except ImportError as exc:
        from agenthub import ConfigurationError

        raise ConfigurationError(
            f"the reference server is not installed (pip install 'agenthub[server]'): {exc}"
        ) from None
    try:
        config = ServerConfig(
            host=host,
            port=port,
            grpc_port=grpc_port,
            db=db,
            api_keys=list(api_key or []),
            heartbeat_interval=heartbeat,
            max_upload_bytes=max_upload_bytes,
            faults=FaultConfig(
                drop_stream_every=drop_stream_every,
                error_rate=error_rate,
                error_code=error_code,
                retry_after_seconds=retry_after,
                latency_seconds=latency,
            ),
            grpc=not no_grpc,
            test_endpoints=test_endpoints,
            log_level=log_level,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_server(config))
