"""The client benchmarks: the SDK against what a user would write instead, on the raw servers
(``bench.rawserver`` / ``bench.rawgrpc``) and, for keep-alive unary calls, the reference
server. Each takes a :class:`Context` and returns table rows.

Throughput benchmarks interleave the contenders inside every repetition (SDK, raw, reference,
SDK, raw, ...) after one untimed warm-up each (:func:`race`), and report the median of the
repetitions, so background noise hits every column alike.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from typing import Any

from ._util import (
    GRPC_AUTH,
    SID,
    Context,
    Row,
    aclients,
    acount_events,
    arace,
    clients,
    count_events,
    count_sse,
    cpu_note,
    grpc_stub,
    latency_row,
    log,
    median,
    race,
    run_child,
    server_note,
    timed_calls,
)

FULL = {
    "sse_events": 100_000,
    "grpc_events": 10_000,
    "unary_requests": 2_000,
    "unary_ref_requests": 1_000,
    "import_runs": 15,  # fresh interpreters per statement: the ratio swung 1.0-1.45 with 7
    "openai_events": 10_000,
    "big_event_bytes": 48 << 20,
    "turns": 200,
    "capacity_sessions": 20,
    "capacity_turns": 10,
    "capacity_streams": 200,
    "capacity_stream_events": 100,
    "rss_stream_events": 1_000_000,
    "rss_page_items": 100_000,
    "rss_download_bytes": 1 << 30,
    "concurrent_streams": 500,
    "concurrent_events": 100,
    "concurrent_hold_ms": 2000,
}
QUICK = {
    "sse_events": 2_000,
    "grpc_events": 500,
    "unary_requests": 50,
    "unary_ref_requests": 30,
    "import_runs": 1,
    "openai_events": 500,
    "big_event_bytes": 1 << 20,
    "turns": 5,
    "capacity_sessions": 3,
    "capacity_turns": 2,
    "capacity_streams": 10,
    "capacity_stream_events": 20,
    "rss_stream_events": 5_000,
    "rss_page_items": 500,
    "rss_download_bytes": 8 << 20,
    "concurrent_streams": 20,
    "concurrent_events": 20,
    "concurrent_hold_ms": 200,
}

#: a repetition of a unary race stops growing once it would take about this long (s)
UNARY_BUDGET = 3.0


def _throughput(
    name: str, t: dict[str, list[float]], items: int, unit: str, target: float | None, note: str
) -> Row:
    """A race's row: items per second of the SDK, the raw contender and (if it ran) ``ref``."""
    return Row(
        name,
        items / median(t["sdk"]),
        items / median(t["raw"]),
        items / median(t["ref"]) if "ref" in t else None,
        unit=unit,
        kind="info" if target is None else "ratio",
        target=target,
        samples=t,
        note=note,
    )


# -- typed SSE events ----------------------------------------------------------------------


def bench_sse(ctx: Context) -> list[Row]:
    import httpx_sse

    n = ctx.sizes["sse_events"]
    base = ctx.raw.base_url
    tid = f"trn_n{n}"
    url = f"/v1/sessions/{SID}/events/stream?turn_id={tid}"
    expect = n + 2
    loads = json.loads

    with clients(base) as (_, session, http):

        def ref() -> int:
            with httpx_sse.connect_sse(http, "GET", url) as source:
                return sum(1 for s in source.iter_sse() if s.data and loads(s.data))

        log(f"sse: {n} events x {ctx.repeat} (sync)")
        t = race(
            ctx.repeat,
            {
                "sdk": lambda: count_events(session, tid),
                "raw": lambda: count_sse(http, "GET", url),
                "ref": ref,
            },
            expect,
            ctx.raw.proc.pid,
        )
    rows = [
        _throughput(
            "typed SSE events/s: EventStream / httpx iter_lines+json.loads (sync)",
            t,
            expect,
            "ev/s",
            0.85,
            f"{n} message.delta + 2 events from the raw server; reference column = httpx-sse"
            + cpu_note(t)
            + server_note(t, expect),
        )
    ]

    async def async_part() -> dict[str, list[float]]:
        async with aclients(base) as (_, asession, ahttp):

            async def araw() -> int:
                async with ahttp.stream("GET", url) as r:
                    lines = r.aiter_lines()
                    return len([1 async for x in lines if x.startswith("data:") and loads(x[5:])])

            async def aref() -> int:
                async with httpx_sse.aconnect_sse(ahttp, "GET", url) as source:
                    return len([1 async for s in source.aiter_sse() if s.data and loads(s.data)])

            return await arace(
                ctx.repeat,
                {"sdk": lambda: acount_events(asession, tid), "raw": araw, "ref": aref},
                expect,
            )

    log(f"sse: {n} events x {ctx.repeat} (async)")
    ta = asyncio.run(async_part())
    rows.append(
        _throughput(
            "typed SSE events/s: AsyncEventStream / httpx aiter_lines+json.loads",
            ta,
            expect,
            "ev/s",
            None,
            "async client (no target)" + cpu_note(ta),
        )
    )
    return rows


# -- typed gRPC events ---------------------------------------------------------------------


def bench_grpc(ctx: Context) -> list[Row]:
    from agenthub_proto.v1 import session_service_pb2 as pb2

    n = ctx.sizes["grpc_events"]
    target = ctx.rawgrpc.target
    tid = f"trn_n{n}"
    expect = n + 2
    pid = ctx.rawgrpc.proc.pid
    req = pb2.StreamEventsRequest(session_id=SID, turn_id=tid)
    # the SDK's REST side (unused by a gRPC session after this) points at the raw HTTP server
    base = ctx.raw.base_url
    note = f"{n} message.delta + 2 events, prebuilt agenthub.v1 messages from the raw grpc.aio "
    note += "server (bench/rawgrpc.py)"

    channel, stub = grpc_stub(target)
    with clients(base, grpc_target=target, transport="grpc") as (_, session, _http):

        def raw() -> int:
            return sum(1 for _ in stub.StreamEvents(req, metadata=GRPC_AUTH))

        log(f"grpc: {expect} events x {ctx.repeat} from the raw gRPC server")
        t = race(ctx.repeat, {"sdk": lambda: count_events(session, tid), "raw": raw}, expect, pid)
    channel.close()
    rows = [
        _throughput(
            "typed gRPC events/s: EventStream(grpc) / raw StreamEvents stub (sync)",
            t,
            expect,
            "ev/s",
            0.9,
            note + cpu_note(t) + server_note(t, expect),
        )
    ]

    async def async_part() -> dict[str, list[float]]:
        achannel, astub = grpc_stub(target, aio=True)
        async with aclients(base, grpc_target=target, transport="grpc") as (_, asession, _h):

            async def araw() -> int:
                return len([1 async for _ in astub.StreamEvents(req, metadata=GRPC_AUTH)])

            sdk = lambda: acount_events(asession, tid)  # noqa: E731
            times = await arace(ctx.repeat, {"sdk": sdk, "raw": araw}, expect, pid)
        await achannel.close()
        return times

    log(f"grpc: {expect} events x {ctx.repeat} (async)")
    ta = asyncio.run(async_part())
    rows.append(
        _throughput(
            "typed gRPC events/s: AsyncEventStream(grpc) / raw grpc.aio stub",
            ta,
            expect,
            "ev/s",
            None,
            "async client, same raw gRPC server (no target)"
            + cpu_note(ta)
            + server_note(ta, expect),
        )
    )
    return rows


# -- typed unary -----------------------------------------------------------------------------


def _unary(ctx: Context, base: str, sid: str, wanted: int, where: str) -> list[Row]:
    """``hub.sessions.get(sid)`` against raw httpx GET + ``json.loads``, keep-alive, both on
    ``base``: requests per second, and each request's latency (p50/p99)."""
    with clients(base, sid=None) as (hub, _, http):
        path = f"/v1/sessions/{sid}"
        # probe the per-request time so one repetition stays within UNARY_BUDGET (a 44 ms
        # keep-alive stall would otherwise make 1,000 requests take 44 s per contender)
        probe: list[float] = []
        timed_calls(6, lambda: http.get(path), probe)
        budget = UNARY_BUDGET / 6 if ctx.quick else UNARY_BUDGET
        n = max(min(10, wanted), min(wanted, int(budget / median(probe[1:]))))
        lat: dict[str, list[float]] = {"sdk": [], "raw": []}
        log(f"unary: {n} keep-alive requests x {ctx.repeat}, {where}")
        t = race(
            ctx.repeat,
            {
                "sdk": lambda: timed_calls(n, lambda: hub.sessions.get(sid), lat["sdk"]),
                "raw": lambda: timed_calls(
                    n, lambda: json.loads(http.get(path).content), lat["raw"]
                ),
            },
            n,
        )
    capped = f" (capped from {wanted} to fit {budget:g} s)" if n < wanted else ""
    return [
        _throughput(
            f"typed unary req/s: sessions.get / httpx GET+json.loads, {where} (keep-alive)",
            t,
            n,
            "req/s",
            0.9,
            f"{n} sequential requests per repetition{capped}, {where}"
            + (" (`python -m agenthub_server` in its own process)" if sid != SID else "")
            + cpu_note(t, per=n),
        ),
        latency_row(
            f"unary latency p50: sessions.get, {where} (keep-alive)",
            lat["sdk"][n:],  # without the warm-up run
            lat["raw"][n:],
            "raw httpx GET+json.loads",
            target=2.0 if where.startswith("reference") else None,
        ),
    ]


def bench_unary(ctx: Context) -> list[Row]:
    return _unary(ctx, ctx.raw.base_url, SID, ctx.sizes["unary_requests"], "raw server")


def bench_unary_ref(ctx: Context) -> list[Row]:
    with clients(ctx.ref.base_url, sid=None) as (hub, _, _http):
        agent = hub.agents.create(name="bench", model="scripted")
        sid = hub.sessions.create(agent_id=agent.id).id
    where = "reference server"
    return _unary(ctx, ctx.ref.base_url, sid, ctx.sizes["unary_ref_requests"], where)


# -- memory ------------------------------------------------------------------------------------

#: --only name -> (child mode, size key, growth limit MB, what runs)
RSS = {
    "rss-stream": ("stream", "rss_stream_events", 20.0, "EventStream, raw server"),
    "rss-pages": (
        "pages",
        "rss_page_items",
        20.0,
        "hub.sessions.list(limit=100), synthetic cursor pages",
    ),
    "rss-download": (
        "download",
        "rss_download_bytes",
        50.0,
        "session.files.download().iter_bytes() (sha256-verified), raw server",
    ),
}


def bench_rss(name: str, ctx: Context) -> list[Row]:
    """Peak RSS growth of the SDK and raw httpx over one long stream / pagination / download,
    each in a fresh process (``bench.child``)."""
    what, key, limit, note = RSS[name]
    size = ctx.sizes[key]
    base = ctx.raw.base_url
    log(f"rss {what}: {size} (fresh processes)")
    sdk = run_child([f"sdk-{what}", base, str(size)], fresh=not ctx.quick)
    raw = run_child([f"raw-{what}", base, str(size)], fresh=not ctx.quick)
    label = {
        "stream": f"{size:,}-event SSE stream",
        "pages": f"{size:,}-item pagination",
        "download": f"{size / (1 << 30):g} GiB download"
        if size >= 1 << 30
        else f"{size / (1 << 20):g} MiB download",
    }[what]
    return [
        Row(
            f"RSS growth over a {label}",
            sdk["growth_mb"],
            raw["growth_mb"],
            unit="MB",
            kind="max",
            target=limit,
            note=(
                f"{note}; SDK {sdk['count']} in {sdk['seconds']:.1f}s, raw httpx "
                f"{raw['count']} in {raw['seconds']:.1f}s (baseline column = raw httpx growth)"
            ),
            samples={"sdk": [sdk["growth_mb"]], "raw": [raw["growth_mb"]]},
        )
    ]


# -- concurrency -------------------------------------------------------------------------------


def bench_concurrency(ctx: Context) -> list[Row]:
    k = ctx.sizes["concurrent_streams"]
    m = ctx.sizes["concurrent_events"]
    hold_ms = ctx.sizes["concurrent_hold_ms"]
    expect = m + 2
    live = {"now": 0, "peak": 0}

    async def main() -> tuple[int, float, float, list[str]]:
        async with aclients(ctx.raw.base_url) as (hub, _, _http):
            t0 = time.perf_counter()
            sessions = await asyncio.gather(
                *(hub.sessions.get(f"ses_bench{i:018d}") for i in range(k))
            )
            t_get = time.perf_counter() - t0

            async def one(i: int) -> int:
                count = 0
                tid = f"trn_n{m}_{i}_w{hold_ms}"
                async with sessions[i].events.stream(turn_id=tid) as events:
                    async for _ in events:
                        if count == 0:  # the response is open: count it as live
                            live["now"] += 1
                            live["peak"] = max(live["peak"], live["now"])
                        count += 1
                live["now"] -= 1
                return count

            t0 = time.perf_counter()
            results = await asyncio.gather(*(one(i) for i in range(k)), return_exceptions=True)
            t_stream = time.perf_counter() - t0
        ok = sum(1 for r in results if r == expect)
        errors = sorted(
            {f"{type(r).__name__}: {r}"[:160] for r in results if isinstance(r, BaseException)}
        )
        return ok, t_get, t_stream, errors

    log(f"concurrency: {k} async streams x {expect} events")
    ok, t_get, t_stream, errors = asyncio.run(main())
    note = (
        f"{k} concurrent sessions.get in {t_get:.2f}s, then {k} streams of {expect} "
        f"events in {t_stream:.2f}s on one AsyncAgentHub; at most {live['peak']} streams "
        f"were open at the same time (each stream is held open {hold_ms} ms by the server)"
    )
    if errors:
        note += "; errors: " + " | ".join(errors[:3])
    return [
        Row(
            f"{k} concurrent async streams completed",
            ok,
            unit="streams",
            kind="count",
            target=k,
            note=note,
            samples={"seconds": [t_stream]},
        )
    ]


# -- the peer a user would pick instead ------------------------------------------------------


def bench_openai(ctx: Context) -> list[Row]:
    """Our typed SSE against openai-python's typed stream, each reading its own wire format
    for the same number of events from the same raw server."""
    try:
        import openai
    except ImportError:
        log("openai: not installed (a bench-only dependency, see requirements-dev.lock); skipped")
        return []

    n = ctx.sizes["openai_events"]
    base = ctx.raw.base_url
    expect = n + 2
    tid = f"trn_n{n}"
    body: dict[str, Any] = {"model": f"n{n}", "messages": [{"role": "user", "content": "hi"}]}
    oa = openai.OpenAI(api_key="sk-bench", base_url=f"{base}/v1", max_retries=0)

    def peer() -> int:
        with oa.chat.completions.create(**body, stream=True) as stream:
            return sum(1 for _ in stream)

    with clients(base) as (_, session, http):
        log(f"openai: {expect} events x {ctx.repeat} (ours, openai-python, raw httpx)")
        t = race(
            ctx.repeat,
            {
                "sdk": lambda: count_events(session, tid),
                "peer": peer,
                # raw httpx on openai's wire format: what openai's typing costs
                "raw": lambda: count_sse(
                    http, "POST", "/v1/chat/completions", json={**body, "stream": True}
                ),
            },
            expect,
        )
    oa.close()
    sdk_cpu, peer_cpu, raw_cpu = (median(t[f"{k}_cpu"]) for k in ("sdk", "peer", "raw"))
    peer_s, raw_s = median(t["peer"]), median(t["raw"])
    return [
        Row(
            "typed SSE events/s: EventStream / openai-python typed stream (its own wire format)",
            expect / median(t["sdk"]),
            expect / peer_s,
            expect / raw_s,
            unit="ev/s",
            kind="ratio",
            target=10.0,
            samples=t,
            note=(
                f"openai {openai.__version__} `chat.completions.create(stream=True)` reading "
                f"{expect} chat.completion.chunk events vs EventStream reading {expect} "
                "agenthub events, same raw server; reference column = raw httpx "
                f"iter_lines+json.loads on openai's format (openai-python reaches "
                f"{raw_s / peer_s:.2f}x of it); client-CPU ratio {peer_cpu / sdk_cpu:.1f} "
                f"(CPU s/run: SDK {sdk_cpu:.3f}, openai {peer_cpu:.3f}, raw {raw_cpu:.3f})"
            ),
        )
    ]


# -- one very large event ----------------------------------------------------------------------


def bench_big_event(ctx: Context) -> list[Row]:
    """One ``size``-byte SSE event through EventStream vs raw httpx, in fresh processes (a
    quadratic decoder can take minutes: each run is bounded by a timeout)."""
    size = ctx.sizes["big_event_bytes"]
    base = ctx.raw.base_url
    runs = min(ctx.repeat, 3)
    limit = 120.0
    mb = size / (1 << 20)
    log(f"big event: one {mb:g} MiB event x {runs} (fresh processes)")
    results: dict[str, list[float]] = {"sdk": [], "raw": [], "sdk_growth": [], "raw_growth": []}
    timed_out = False
    for _ in range(runs):
        for side in ("sdk", "raw"):
            try:
                out = run_child(
                    [f"{side}-big", base, str(size)], timeout=limit + 30, fresh=not ctx.quick
                )
            except subprocess.TimeoutExpired:
                timed_out = True
                results[side].append(limit)
                continue
            results[side].append(out["seconds"])
            results[f"{side}_growth"].append(out["growth_mb"])
        if timed_out:
            break
    note = (
        f"one message.delta with a {size:,}-byte delta (+2 small events), raw server, read in "
        "the socket's pieces; fresh process per run, median of "
        f"{len(results['sdk'])}; peak RSS growth SDK {median(results['sdk_growth']):.0f} MB, "
        f"raw httpx {median(results['raw_growth']):.0f} MB"
    )
    if timed_out:
        note += f"; a run did not finish in {limit:.0f} s (counted as {limit:.0f} s)"
    return [
        Row(
            f"one {mb:g} MiB SSE event: EventStream decode time (raw httpx iter_lines+json.loads)",
            median(results["sdk"]) * 1000,
            median(results["raw"]) * 1000,
            unit="ms",
            kind="max",
            target=1000.0,
            samples=results,
            note=note,
        )
    ]


__all__ = ["FULL", "QUICK", "Context"]
