"""The benchmarks. Each takes a :class:`Context` and returns table rows.

Throughput benchmarks interleave the contenders inside every repetition (SDK, raw, reference,
SDK, raw, ...) after one untimed warm-up each, and report the median of the repetitions, so
background noise hits every column alike.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._util import (
    API_KEY,
    AUTH,
    ROOT,
    RawServer,
    RefServer,
    Row,
    child_env,
    log,
    median,
    proc_cpu,
    run_child,
)

SID = "ses_bench000000000000000000"

FULL = {
    "sse_events": 100_000,
    "grpc_events": 10_000,
    "unary_requests": 2_000,
    "unary_ref_requests": 1_000,
    "import_runs": 7,
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


@dataclass
class Context:
    sizes: dict[str, int]
    repeat: int
    quick: bool = False
    _raw: RawServer | None = None
    _rawgrpc: RawServer | None = None
    _ref: RefServer | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def raw(self) -> RawServer:
        if self._raw is None:
            self._raw = RawServer()
        return self._raw

    @property
    def rawgrpc(self) -> RawServer:
        """``bench.rawgrpc``: prebuilt agenthub.v1 messages over grpc.aio (``.target``)."""
        if self._rawgrpc is None:
            self._rawgrpc = RawServer("bench.rawgrpc")
        return self._rawgrpc

    @property
    def ref(self) -> RefServer:
        if self._ref is None:
            self._ref = RefServer()
        return self._ref

    def close(self) -> None:
        for server in (self._raw, self._rawgrpc, self._ref):
            if server is not None:
                server.close()


def _race(
    repeat: int,
    contenders: dict[str, Callable[[], int]],
    expect: int | None = None,
    server_pid: int | None = None,
) -> dict[str, list[float]]:
    """Warm each contender up once, then time them interleaved ``repeat`` times. With
    ``server_pid``, the server process's CPU seconds per run go into ``{name}_server``."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    times.update({f"{name}_cpu": [] for name in contenders})
    if server_pid is not None:
        times.update({f"{name}_server": [] for name in contenders})
    for name, fn in contenders.items():
        got = fn()
        if expect is not None and got != expect:
            raise RuntimeError(f"{name}: expected {expect} items, got {got}")
    for _ in range(repeat):
        for name, fn in contenders.items():
            s0 = proc_cpu(server_pid) if server_pid is not None else 0.0
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
            times[f"{name}_cpu"].append(time.process_time() - c0)
            if server_pid is not None:
                times[f"{name}_server"].append(proc_cpu(server_pid) - s0)
    return times


async def _arace(
    repeat: int,
    contenders: dict[str, Callable[[], Awaitable[int]]],
    expect: int,
    server_pid: int | None = None,
) -> dict[str, list[float]]:
    """``_race`` for coroutines: one warm-up each, then ``repeat`` interleaved timed runs, each
    of which must count ``expect`` items."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    times.update({f"{name}_cpu": [] for name in contenders})
    if server_pid is not None:
        times.update({f"{name}_server": [] for name in contenders})
    for fn in contenders.values():
        await fn()
    for _ in range(repeat):
        for name, fn in contenders.items():
            s0 = proc_cpu(server_pid) if server_pid is not None else 0.0
            c0, t0 = time.process_time(), time.perf_counter()
            got = await fn()
            times[name].append(time.perf_counter() - t0)
            times[f"{name}_cpu"].append(time.process_time() - c0)
            if server_pid is not None:
                times[f"{name}_server"].append(proc_cpu(server_pid) - s0)
            assert got == expect, (name, got)
    return times


def _server_note(t: dict[str, list[float]], items: int) -> str:
    """How busy the server was during the raw runs: near 100% means the server, not the
    client, set the pace (and the ratio says little about the client)."""
    busy, wall = median(t.get("raw_server", [])), median(t.get("raw", []))
    if not wall or busy != busy:
        return ""
    return (
        f"; server CPU during the raw runs: {busy / wall:.0%} of their wall time "
        f"({busy / items * 1e6:.0f} µs per event)"
    )


def _cpu_note(t: dict[str, list[float]]) -> str:
    """The same comparison in client CPU seconds (robust to other processes' load)."""
    sdk, raw = median(t.get("sdk_cpu", [])), median(t.get("raw_cpu", []))
    if not raw or not sdk:
        return ""
    return f"; client-CPU ratio {raw / sdk:.2f} (CPU s/run: SDK {sdk:.3f}, raw {raw:.3f})"


# -- typed SSE events ----------------------------------------------------------------------


def bench_sse(ctx: Context) -> list[Row]:
    import httpx_sse

    from agenthub import AgentHub, AsyncAgentHub

    n = ctx.sizes["sse_events"]
    base = ctx.raw.base_url
    tid = f"trn_n{n}"
    url = f"{base}/v1/sessions/{SID}/events/stream?turn_id={tid}"
    expect = n + 2
    hub = AgentHub(api_key=API_KEY, base_url=base)
    session = hub.sessions.get(SID)
    client = httpx.Client(headers=AUTH)
    loads = json.loads

    def sdk() -> int:
        count = 0
        with session.events.stream(turn_id=tid) as events:
            for _ in events:
                count += 1
        return count

    def raw() -> int:
        count = 0
        with client.stream("GET", url, headers={"Accept": "text/event-stream"}) as r:
            for line in r.iter_lines():
                if line.startswith("data:"):
                    loads(line[5:])
                    count += 1
        return count

    def ref() -> int:
        count = 0
        with httpx_sse.connect_sse(client, "GET", url) as source:
            for sse in source.iter_sse():
                if sse.data:
                    loads(sse.data)
                    count += 1
        return count

    log(f"sse: {n} events x {ctx.repeat} (sync)")
    t = _race(ctx.repeat, {"sdk": sdk, "raw": raw, "ref": ref}, expect, ctx.raw.proc.pid)
    rows = [
        Row(
            "typed SSE events/s: EventStream / httpx iter_lines+json.loads (sync)",
            expect / median(t["sdk"]),
            expect / median(t["raw"]),
            expect / median(t["ref"]),
            unit="ev/s",
            kind="ratio",
            target=0.85,
            samples=t,
            note=(
                f"{n} message.delta + 2 events from the raw server; reference column = httpx-sse"
                + _cpu_note(t)
                + _server_note(t, expect)
            ),
        )
    ]
    hub.close()
    client.close()

    # the async client, same body (reported, no target)
    async def async_part() -> dict[str, list[float]]:
        ahub = AsyncAgentHub(api_key=API_KEY, base_url=base)
        asession = await ahub.sessions.get(SID)
        aclient = httpx.AsyncClient(headers=AUTH)

        async def asdk() -> int:
            count = 0
            async with asession.events.stream(turn_id=tid) as events:
                async for _ in events:
                    count += 1
            return count

        async def araw() -> int:
            count = 0
            async with aclient.stream("GET", url) as r:
                async for line in r.aiter_lines():
                    if line.startswith("data:"):
                        loads(line[5:])
                        count += 1
            return count

        async def aref() -> int:
            count = 0
            async with httpx_sse.aconnect_sse(aclient, "GET", url) as source:
                async for sse in source.aiter_sse():
                    if sse.data:
                        loads(sse.data)
                        count += 1
            return count

        times = await _arace(ctx.repeat, {"sdk": asdk, "raw": araw, "ref": aref}, expect)
        await ahub.close()
        await aclient.aclose()
        return times

    log(f"sse: {n} events x {ctx.repeat} (async)")
    ta = asyncio.run(async_part())
    rows.append(
        Row(
            "typed SSE events/s: AsyncEventStream / httpx aiter_lines+json.loads",
            expect / median(ta["sdk"]),
            expect / median(ta["raw"]),
            expect / median(ta["ref"]),
            unit="ev/s",
            kind="info",
            samples=ta,
            note="async client (no target)" + _cpu_note(ta),
        )
    )
    return rows


# -- typed gRPC events ---------------------------------------------------------------------


def bench_grpc(ctx: Context) -> list[Row]:
    import grpc
    from agenthub_proto.v1 import session_service_pb2 as pb2
    from agenthub_proto.v1 import session_service_pb2_grpc as pb2_grpc

    from agenthub import AgentHub

    n = ctx.sizes["grpc_events"]
    target = ctx.rawgrpc.target
    tid = f"trn_n{n}"
    expect = n + 2
    # the SDK's REST side (unused by a gRPC session after this) points at the raw HTTP server
    base = ctx.raw.base_url
    channel = grpc.insecure_channel(target)
    stub = pb2_grpc.SessionServiceStub(channel)
    metadata = [("authorization", f"Bearer {API_KEY}")]
    hub = AgentHub(api_key=API_KEY, base_url=base, grpc_target=target)
    session = hub.sessions.get(SID, transport="grpc")

    def raw() -> int:
        count = 0
        req = pb2.StreamEventsRequest(session_id=SID, turn_id=tid)
        for _ in stub.StreamEvents(req, metadata=metadata):
            count += 1
        return count

    def sdk() -> int:
        count = 0
        with session.events.stream(turn_id=tid) as events:
            for _ in events:
                count += 1
        return count

    log(f"grpc: {expect} events x {ctx.repeat} from the raw gRPC server")
    t = _race(ctx.repeat, {"sdk": sdk, "raw": raw}, expect, ctx.rawgrpc.proc.pid)
    hub.close()
    channel.close()
    rows = [
        Row(
            "typed gRPC events/s: EventStream(grpc) / raw StreamEvents stub (sync)",
            expect / median(t["sdk"]),
            expect / median(t["raw"]),
            unit="ev/s",
            kind="ratio",
            target=0.9,
            samples=t,
            note=(
                f"{n} message.delta + 2 events, prebuilt agenthub.v1 messages from the raw "
                "grpc.aio server (bench/rawgrpc.py)" + _cpu_note(t) + _server_note(t, expect)
            ),
        )
    ]

    async def async_part() -> dict[str, list[float]]:
        from agenthub import AsyncAgentHub

        achannel = grpc.aio.insecure_channel(target)
        astub = pb2_grpc.SessionServiceStub(achannel)
        ahub = AsyncAgentHub(api_key=API_KEY, base_url=base, grpc_target=target)
        asession = await ahub.sessions.get(SID, transport="grpc")

        async def araw() -> int:
            count = 0
            req = pb2.StreamEventsRequest(session_id=SID, turn_id=tid)
            async for _ in astub.StreamEvents(req, metadata=metadata):
                count += 1
            return count

        async def asdk() -> int:
            count = 0
            async with asession.events.stream(turn_id=tid) as events:
                async for _ in events:
                    count += 1
            return count

        times = await _arace(ctx.repeat, {"sdk": asdk, "raw": araw}, expect, ctx.rawgrpc.proc.pid)
        await ahub.close()
        await achannel.close()
        return times

    log(f"grpc: {expect} events x {ctx.repeat} (async)")
    ta = asyncio.run(async_part())
    rows.append(
        Row(
            "typed gRPC events/s: AsyncEventStream(grpc) / raw grpc.aio stub",
            expect / median(ta["sdk"]),
            expect / median(ta["raw"]),
            unit="ev/s",
            kind="info",
            samples=ta,
            note="async client, same raw gRPC server (no target)"
            + _cpu_note(ta)
            + _server_note(ta, expect),
        )
    )
    return rows


# -- typed unary -----------------------------------------------------------------------------


def bench_unary(ctx: Context) -> list[Row]:
    from agenthub import AgentHub

    n = ctx.sizes["unary_requests"]
    base = ctx.raw.base_url
    hub = AgentHub(api_key=API_KEY, base_url=base)
    client = httpx.Client(headers=AUTH, base_url=base)
    path = f"/v1/sessions/{SID}"

    def sdk() -> int:
        for _ in range(n):
            hub.sessions.get(SID)
        return n

    def raw() -> int:
        for _ in range(n):
            json.loads(client.get(path).content)
        return n

    log(f"unary: {n} requests x {ctx.repeat}")
    t = _race(ctx.repeat, {"sdk": sdk, "raw": raw}, n)
    hub.close()
    client.close()
    return [
        Row(
            "typed unary req/s: sessions.get / httpx GET+json.loads (keep-alive)",
            n / median(t["sdk"]),
            n / median(t["raw"]),
            unit="req/s",
            kind="ratio",
            target=0.9,
            samples=t,
            note=f"{n} sequential requests per repetition, raw server" + _cpu_note(t),
        )
    ]


# -- import time -----------------------------------------------------------------------------


def _import_time(stmt: str, python: str = "", env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [python or sys.executable, "-c", stmt], check=True, cwd="/", env=env or child_env()
    )
    return time.perf_counter() - t0


def _importtime_top(
    stmt: str, k: int = 6, python: str = "", env: dict[str, str] | None = None
) -> str:
    proc = subprocess.run(
        [python or sys.executable, "-X", "importtime", "-c", stmt],
        capture_output=True,
        text=True,
        env=env or child_env(),
        cwd="/",
    )
    top: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cum, name = (x.strip() for x in line[len("import time:") :].split("|"))
        root = name.split(".")[0]
        top[root] = max(top.get(root, 0), int(cum))
    best = sorted(top.items(), key=lambda kv: -kv[1])[:k]
    return ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in best)


HEAVY = (
    "grpc",
    "google.protobuf",
    "agenthub_server",
    "rich",
    "typer",
    "click",
    "starlette",
    "uvicorn",
    "dateutil",
    "agenthub_openapi.models",
    "agenthub_openapi.api",
)


def bench_import(ctx: Context) -> list[Row]:
    runs = ctx.sizes["import_runs"]
    stmts = {
        "sdk": "import agenthub",
        "raw": "import httpx",
        "bare": "import sys",
        "client": "from agenthub import AgentHub",
    }
    log(f"import: {runs} fresh interpreters each")
    if runs >= 5:  # warm the page cache / .pyc files
        for stmt in stmts.values():
            _import_time(stmt)
    t: dict[str, list[float]] = {k: [] for k in stmts}
    for _ in range(runs):
        for k, stmt in stmts.items():
            t[k].append(_import_time(stmt))
    full = runs >= 5
    rows = [
        Row(
            "import agenthub / import httpx, dev venv, wall time of a fresh interpreter",
            median(t["sdk"]) * 1000,
            median(t["raw"]) * 1000,
            median(t["bare"]) * 1000,
            unit="ms",
            kind="ratio_le",
            target=1.3,
            samples=t,
            note=(
                "reference column = bare `python -c 'import sys'`; dev venv (every extra and "
                "dev tool installed); loaded: "
                + (", ".join(_loaded_by("import agenthub", HEAVY)) if full else "(full runs)")
                + (
                    "; largest cumulative imports (-X importtime): "
                    + _importtime_top("import agenthub")
                    if full
                    else ""
                )
            ),
        ),
        Row(
            "from agenthub import AgentHub / import httpx, dev venv (what a user writes)",
            median(t["client"]) * 1000,
            median(t["raw"]) * 1000,
            median(t["bare"]) * 1000,
            unit="ms",
            kind="info_le",
            samples=t,
            note=(
                "no target; dev venv; loaded: "
                + (
                    ", ".join(_loaded_by("from agenthub import AgentHub", HEAVY))
                    if full
                    else "(full runs)"
                )
                + (
                    "; largest cumulative imports: "
                    + _importtime_top("from agenthub import AgentHub")
                    if full
                    else ""
                )
            ),
        ),
    ]
    return rows


def _loaded(
    stmt: str, others: tuple[str, ...], python: str = "", env: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    code = (
        f"import sys; {stmt}; print(len(sys.modules)); "
        f"print(' '.join(m for m in {others!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [python or sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env or child_env(),
        cwd="/",
    ).stdout.split("\n")
    return int(out[0]), out[1].split()


def _loaded_by(
    stmt: str, others: tuple[str, ...], python: str = "", env: dict[str, str] | None = None
) -> list[str]:
    """Which of ``others`` a fresh ``stmt`` loads (marking those ``import httpx`` loads too),
    and how many modules in all."""
    count, mods = _loaded(stmt, others, python, env)
    base_count, base = _loaded("import httpx", others, python, env)
    marked = [f"{m} (httpx too)" if m in base else m for m in mods]
    return [*marked, f"{count} modules in sys.modules vs {base_count} for httpx"]


# -- memory ------------------------------------------------------------------------------------


def _rss(ctx: Context, what: str, size: int, limit: float, title: str, note: str) -> list[Row]:
    base = ctx.raw.base_url
    log(f"rss {what}: {size} (fresh processes)")
    sdk = run_child([f"sdk-{what}", base, str(size)], fresh=not ctx.quick)
    raw = run_child([f"raw-{what}", base, str(size)], fresh=not ctx.quick)
    return [
        Row(
            title,
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


def bench_rss_stream(ctx: Context) -> list[Row]:
    n = ctx.sizes["rss_stream_events"]
    return _rss(
        ctx,
        "stream",
        n,
        20.0,
        f"RSS growth over a {n:,}-event SSE stream",
        "EventStream, raw server",
    )


def bench_rss_pages(ctx: Context) -> list[Row]:
    n = ctx.sizes["rss_page_items"]
    return _rss(
        ctx,
        "pages",
        n,
        20.0,
        f"RSS growth over a {n:,}-item pagination",
        "hub.sessions.list(limit=100), synthetic cursor pages",
    )


def bench_rss_download(ctx: Context) -> list[Row]:
    n = ctx.sizes["rss_download_bytes"]
    label = f"{n / (1 << 30):g} GiB" if n >= 1 << 30 else f"{n / (1 << 20):g} MiB"
    return _rss(
        ctx,
        "download",
        n,
        50.0,
        f"RSS growth over a {label} download",
        "session.files.download().iter_bytes() (sha256-verified), raw server",
    )


# -- concurrency -------------------------------------------------------------------------------


def bench_concurrency(ctx: Context) -> list[Row]:
    from agenthub import AsyncAgentHub

    k = ctx.sizes["concurrent_streams"]
    m = ctx.sizes["concurrent_events"]
    base = ctx.raw.base_url
    expect = m + 2

    live = {"now": 0, "peak": 0}
    hold_ms = ctx.sizes["concurrent_hold_ms"]

    async def main() -> tuple[int, float, float, list[str]]:
        async with AsyncAgentHub(api_key=API_KEY, base_url=base) as hub:
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
    from agenthub import AgentHub

    n = ctx.sizes["openai_events"]
    base = ctx.raw.base_url
    expect = n + 2
    tid = f"trn_n{n}"
    hub = AgentHub(api_key=API_KEY, base_url=base)
    session = hub.sessions.get(SID)
    oa = openai.OpenAI(api_key="sk-bench", base_url=f"{base}/v1", max_retries=0)
    client = httpx.Client(headers=AUTH)
    body = {"model": f"n{n}", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    loads = json.loads

    def sdk() -> int:
        count = 0
        with session.events.stream(turn_id=tid) as events:
            for _ in events:
                count += 1
        return count

    def peer() -> int:
        count = 0
        stream = oa.chat.completions.create(
            model=f"n{n}", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        with stream:
            for _ in stream:
                count += 1
        return count

    def raw() -> int:  # raw httpx on openai's wire format: what openai's typing costs
        count = 0
        with client.stream("POST", f"{base}/v1/chat/completions", json=body) as r:
            for line in r.iter_lines():
                if line.startswith("data:") and line != "data: [DONE]":
                    loads(line[5:])
                    count += 1
        return count

    log(f"openai: {expect} events x {ctx.repeat} (ours, openai-python, raw httpx)")
    t = _race(ctx.repeat, {"sdk": sdk, "peer": peer, "raw": raw}, expect)
    hub.close()
    oa.close()
    client.close()
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


__all__ = ["FULL", "QUICK", "ROOT", "Context"]
