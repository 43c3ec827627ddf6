"""Every benchmark, by the name ``--only`` takes, in the order a full run goes."""

from __future__ import annotations

from collections.abc import Callable

from ._util import Row
from .cases import (
    FULL,
    QUICK,
    Context,
    bench_big_event,
    bench_concurrency,
    bench_grpc,
    bench_import,
    bench_openai,
    bench_rss_download,
    bench_rss_pages,
    bench_rss_stream,
    bench_sse,
    bench_unary,
)
from .corevenv import bench_import_core
from .refcases import bench_capacity, bench_turn_latency, bench_unary_ref

BENCHES: dict[str, Callable[[Context], list[Row]]] = {
    "sse": bench_sse,
    "openai": bench_openai,
    "big-event": bench_big_event,
    "grpc": bench_grpc,
    "unary": bench_unary,
    "unary-ref": bench_unary_ref,
    "turn-latency": bench_turn_latency,
    "import": bench_import,
    "import-core": bench_import_core,
    "rss-stream": bench_rss_stream,
    "rss-pages": bench_rss_pages,
    "rss-download": bench_rss_download,
    "concurrency": bench_concurrency,
    "capacity": bench_capacity,
}

__all__ = ["BENCHES", "FULL", "QUICK", "Context"]
