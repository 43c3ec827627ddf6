"""``agenthub serve`` / ``python -m agenthub_server``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys

from .config import FAULT_ERROR_CODES, FaultConfig, ServerConfig


def build_parser(prog: str = "agenthub serve") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog, description="Run the agenthub reference server (REST + SSE + gRPC)."
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="REST port (0 = any free port)")
    p.add_argument("--grpc-port", type=int, default=50051, help="gRPC port (0 = any free port)")
    p.add_argument("--db", default=":memory:", help="SQLite file or :memory:")
    p.add_argument(
        "--api-key",
        action="append",
        default=[],
        dest="api_keys",
        help=(
            "accepted API key (repeatable; each key is a tenant). "
            "Default: $AGENTHUB_SERVER_API_KEYS or a generated dev key"
        ),
    )
    p.add_argument(
        "--heartbeat", type=float, default=15.0, help="SSE heartbeat interval in seconds"
    )
    p.add_argument("--max-upload-bytes", type=int, default=256 * 1024 * 1024)
    p.add_argument(
        "--max-body-bytes",
        type=int,
        default=None,
        help=(
            "largest JSON request body in bytes (413 above it). "
            "Default: $AGENTHUB_SERVER_MAX_BODY_BYTES or 10 MiB"
        ),
    )
    p.add_argument(
        "--keep-alive-timeout",
        type=float,
        default=5.0,
        help="seconds an idle keep-alive connection stays open",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a client has to send a complete request head before it is disconnected",
    )
    p.add_argument(
        "--drop-stream-every",
        type=int,
        default=None,
        help="fault: cut event streams after every N events",
    )
    p.add_argument(
        "--error-rate",
        type=float,
        default=0.0,
        help="fault: share of requests answered with --error-code (every round(1/F)-th)",
    )
    p.add_argument(
        "--error-code",
        choices=FAULT_ERROR_CODES,
        default="service_unavailable",
        help="fault: the injected error: service_unavailable (503) or rate_limited (429)",
    )
    p.add_argument(
        "--retry-after", type=int, default=1, help="fault: Retry-After seconds of injected errors"
    )
    p.add_argument(
        "--latency", type=float, default=0.0, help="fault: added latency per request in seconds"
    )
    p.add_argument("--no-grpc", action="store_true", help="do not start the gRPC server")
    p.add_argument(
        "--test-endpoints",
        action="store_true",
        help="enable /v1/_test/* (fault and key injection, authenticated); for tests only",
    )
    p.add_argument("--log-level", default="info")
    return p


def config_from_args(ns: argparse.Namespace) -> ServerConfig:
    keys = list(ns.api_keys)
    if not keys:
        keys = [
            k.strip()
            for k in os.environ.get("AGENTHUB_SERVER_API_KEYS", "").split(",")
            if k.strip()
        ]
    return ServerConfig(
        host=ns.host,
        port=ns.port,
        grpc_port=ns.grpc_port,
        db=ns.db,
        api_keys=keys,
        heartbeat_interval=ns.heartbeat,
        max_upload_bytes=ns.max_upload_bytes,
        **({"max_body_bytes": ns.max_body_bytes} if ns.max_body_bytes is not None else {}),
        keep_alive_timeout=ns.keep_alive_timeout,
        header_timeout=ns.header_timeout,
        faults=FaultConfig(
            drop_stream_every=ns.drop_stream_every,
            error_rate=ns.error_rate,
            error_code=ns.error_code,
            retry_after_seconds=ns.retry_after,
            latency_seconds=ns.latency,
        ),
        grpc=not ns.no_grpc,
        test_endpoints=ns.test_endpoints,
        log_level=ns.log_level,
    )


def main(argv: list[str] | None = None) -> int:
    from .runner import serve

    parser = build_parser()
    ns = parser.parse_args(argv)
    try:
        config = config_from_args(ns)
    except ValueError as exc:
        parser.error(str(exc))
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(config))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
