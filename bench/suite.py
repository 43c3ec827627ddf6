"""Every benchmark, by the name ``--only`` takes, in the order a full run goes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ._util import Context, Row
from .cases import (
    FULL,
    QUICK,
    bench_big_event,
    bench_concurrency,
    bench_grpc,
    bench_openai,
    bench_rss,
    bench_sse,
    bench_unary,
    bench_unary_ref,
)
from .corevenv import bench_import, bench_import_core
from .refcases import bench_capacity, bench_turn_latency

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
    **{name: partial(bench_rss, name) for name in ("rss-stream", "rss-pages", "rss-download")},
    "concurrency": bench_concurrency,
    "capacity": bench_capacity,
}

__all__ = ["BENCHES", "FULL", "QUICK", "Context"]
