"""Benchmarks against the reference server (``agenthub serve`` / ``AgentHub.local()``).

These measure what every user's test suite leans on: keep-alive unary latency, a turn's
latency end to end, and the server's own capacity. The server runs in its own process
(``RefServer``) except for turn latency, which uses ``AgentHub.local()`` (in-process, as users
run it). Everything is loopback and bounded in count and time.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

from ._util import API_KEY, AUTH, Row, log, median, percentile, proc_cpu
from .cases import Context, _race

#: a repetition of the unary race stops growing once it would take about this long (s)
UNARY_BUDGET = 3.0
#: turn latency: stop a transport's loop after this many seconds even if turns remain
TURN_BUDGET = 20.0


def _setup_session(base_url: str) -> str:
    """A scripted agent and one session on the reference server (raw httpx); the session id."""
    with httpx.Client(base_url=base_url, headers=AUTH, timeout=30) as c:
        agent = c.post("/v1/agents", json={"name": "bench", "model": "scripted"})
        agent.raise_for_status()
        session = c.post("/v1/sessions", json={"agent_id": agent.json()["id"]})
        session.raise_for_status()
        return str(session.json()["id"])


def _ms(values: list[float], q: float) -> float:
    return percentile(values, q) * 1000


# -- unary against the reference server -----------------------------------------------------


def bench_unary_ref(ctx: Context) -> list[Row]:
    from agenthub import AgentHub

    ref = ctx.ref
    sid = _setup_session(ref.base_url)
    hub = AgentHub(api_key=API_KEY, base_url=ref.base_url)
    client = httpx.Client(headers=AUTH, base_url=ref.base_url)
    path = f"/v1/sessions/{sid}"
    # probe the per-request time so one repetition stays within UNARY_BUDGET (a 44 ms
    # keep-alive stall would otherwise make 1,000 requests take 44 s per contender)
    client.get(path)
    t0 = time.perf_counter()
    for _ in range(5):
        client.get(path)
    per = (time.perf_counter() - t0) / 5
    wanted = ctx.sizes["unary_ref_requests"]
    budget = UNARY_BUDGET / 6 if ctx.quick else UNARY_BUDGET
    n = max(min(10, wanted), min(wanted, int(budget / per)))
    lat: dict[str, list[float]] = {"sdk": [], "raw": []}
    clock = time.perf_counter

    def sdk() -> int:
        out = lat["sdk"]
        for _ in range(n):
            t = clock()
            hub.sessions.get(sid)
            out.append(clock() - t)
        return n

    def raw() -> int:
        out = lat["raw"]
        for _ in range(n):
            t = clock()
            json.loads(client.get(path).content)
            out.append(clock() - t)
        return n

    log(f"unary-ref: {n} keep-alive requests x {ctx.repeat} against the reference server")
    t = _race(ctx.repeat, {"sdk": sdk, "raw": raw}, n)
    hub.close()
    client.close()
    sdk_lat, raw_lat = lat["sdk"][n:], lat["raw"][n:]  # drop the warm-up run
    capped = f" (capped from {wanted} to fit {budget:g} s)" if n < wanted else ""
    cpu_sdk, cpu_raw = median(t["sdk_cpu"]), median(t["raw_cpu"])
    return [
        Row(
            "typed unary req/s: sessions.get / httpx GET+json.loads, reference server (keep-alive)",
            n / median(t["sdk"]),
            n / median(t["raw"]),
            unit="req/s",
            kind="ratio",
            target=0.9,
            samples=t,
            note=(
                f"{n} sequential requests per repetition{capped}, `python -m agenthub_server` "
                f"in its own process; client-CPU ratio {cpu_raw / cpu_sdk:.2f} "
                f"(CPU ms/request: SDK {cpu_sdk / n * 1000:.2f}, raw {cpu_raw / n * 1000:.2f})"
            ),
        ),
        Row(
            "unary latency p50: sessions.get on the reference server (keep-alive)",
            _ms(sdk_lat, 50),
            _ms(raw_lat, 50),
            unit="ms",
            kind="max",
            target=2.0,
            samples={"sdk": sdk_lat, "raw": raw_lat},
            note=f"baseline column = raw httpx p50; {len(sdk_lat)} requests each",
        ),
        Row(
            "unary latency p99: sessions.get on the reference server (keep-alive)",
            _ms(sdk_lat, 99),
            _ms(raw_lat, 99),
            unit="ms",
            kind="info",
            note="no target; baseline column = raw httpx p99",
        ),
    ]


# -- turn latency through AgentHub.local() ----------------------------------------------------


def bench_turn_latency(ctx: Context) -> list[Row]:
    """create_turn → first event / → turn.completed, one-line scripted turns through
    ``AgentHub.local()`` (server in-process, as users run it). The SDK over SSE and gRPC and
    raw httpx / a raw gRPC stub doing the same two calls take turns, one turn each per round,
    each on its own session of the same server."""
    import grpc
    from agenthub_proto.v1 import common_pb2
    from agenthub_proto.v1 import session_service_pb2 as pb2
    from agenthub_proto.v1 import session_service_pb2_grpc as pb2_grpc

    from agenthub import AgentHub
    from agenthub.local import get_local_server

    n = ctx.sizes["turns"]
    warm = 3
    prompt = "hello from the benchmark"
    names = ("sse", "raw_sse", "grpc", "raw_grpc")
    first: dict[str, list[float]] = {k: [] for k in names}
    done: dict[str, list[float]] = {k: [] for k in names}
    clock = time.perf_counter

    with AgentHub.local() as hub:
        server = get_local_server(hub)
        assert server is not None
        agent = hub.agents.create(name="bench", model="scripted")
        sessions = {t: hub.sessions.create(agent_id=agent.id, transport=t) for t in ("sse", "grpc")}
        raw_sid = hub.sessions.create(agent_id=agent.id).id
        grpc_sid = hub.sessions.create(agent_id=agent.id).id
        client = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": f"Bearer {server.api_key}"},
            timeout=30,
        )
        channel = grpc.insecure_channel(server.grpc_target)
        stub = pb2_grpc.SessionServiceStub(channel)
        metadata = [("authorization", f"Bearer {server.api_key}")]
        body = {"input": [{"type": "user.message", "content": prompt}]}
        item = common_pb2.InputItem(
            user_message=common_pb2.UserMessageInput(
                type="user.message", content=common_pb2.MessageContent(text=prompt)
            )
        )

        def sdk(transport: str) -> tuple[float, float, float]:
            turn = sessions[transport].create_turn(prompt)  # lazy: POSTs on stream()
            t0 = clock()
            t_first = t_done = 0.0
            with turn.stream() as events:
                for event in events:
                    if not t_first:
                        t_first = clock()
                    if event.type == "turn.completed":
                        t_done = clock()
            return t0, t_first, t_done

        def raw_sse() -> tuple[float, float, float]:
            t0 = clock()
            t_first = t_done = 0.0
            tid = client.post(f"/v1/sessions/{raw_sid}/turns", json=body).json()["id"]
            url = f"/v1/sessions/{raw_sid}/events/stream"
            with client.stream("GET", url, params={"turn_id": tid}) as r:
                for line in r.iter_lines():
                    if line.startswith("data:"):
                        if not t_first:
                            t_first = clock()
                        if json.loads(line[5:])["type"] == "turn.completed":
                            t_done = clock()
            return t0, t_first, t_done

        def raw_grpc() -> tuple[float, float, float]:
            t0 = clock()
            t_first = t_done = 0.0
            turn = stub.CreateTurn(
                pb2.CreateTurnRequest(session_id=grpc_sid, input=[item]), metadata=metadata
            )
            req = pb2.StreamEventsRequest(session_id=grpc_sid, turn_id=turn.id)
            for msg in stub.StreamEvents(req, metadata=metadata):
                if not t_first:
                    t_first = clock()
                if msg.type == "turn.completed":
                    t_done = clock()
            return t0, t_first, t_done

        runs = {
            "sse": lambda: sdk("sse"),
            "raw_sse": raw_sse,
            "grpc": lambda: sdk("grpc"),
            "raw_grpc": raw_grpc,
        }
        log(f"turn latency: {n} rounds of one-line turns (SDK/raw x SSE/gRPC, AgentHub.local())")
        deadline = clock() + TURN_BUDGET * (4 if not ctx.quick else 1)
        try:
            for i in range(warm + n):
                for name, fn in runs.items():
                    t0, t_first, t_done = fn()
                    if not t_done:
                        raise RuntimeError(f"{name}: the turn ended without turn.completed")
                    if i >= warm:
                        first[name].append(t_first - t0)
                        done[name].append(t_done - t0)
                if i >= warm and clock() > deadline:
                    break
        finally:
            client.close()
            channel.close()

    rows = []
    k = max(1, len(first["sse"]) // 10)
    for transport, label in (("sse", "SSE"), ("grpc", "gRPC")):
        f, d = first[transport], done[transport]
        bf, bd = first[f"raw_{transport}"], done[f"raw_{transport}"]
        raw_name = (
            "raw httpx POST turn + GET its stream"
            if transport == "sse"
            else ("raw stub CreateTurn + StreamEvents")
        )
        rows.append(
            Row(
                f"turn latency p50, create_turn → first event ({label}, AgentHub.local())",
                _ms(f, 50),
                _ms(bf, 50),
                unit="ms",
                kind="max",
                target=10.0,
                samples={"first": f, "done": d, "raw_first": bf, "raw_done": bd},
                note=(
                    f"{len(f)} one-line scripted turns (after {warm} warm-up) in one session, "
                    f"interleaved with the other contenders; p99 {_ms(f, 99):.1f} ms; p50 of "
                    f"the first / last {k} turns {_ms(f[:k], 50):.1f} / {_ms(f[-k:], 50):.1f} "
                    f"ms (raw {_ms(bf[:k], 50):.1f} / {_ms(bf[-k:], 50):.1f}); baseline column "
                    f"= {raw_name} on the same server (p99 {_ms(bf, 99):.1f} ms)"
                ),
            )
        )
        rows.append(
            Row(
                f"turn latency p50, create_turn → turn.completed ({label}, AgentHub.local())",
                _ms(d, 50),
                _ms(bd, 50),
                unit="ms",
                kind="info",
                note=(
                    f"no target; p99 {_ms(d, 99):.1f} ms; baseline column = {raw_name} "
                    f"(p99 {_ms(bd, 99):.1f} ms)"
                ),
            )
        )
    return rows


# -- reference server capacity ----------------------------------------------------------------


async def _http(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    """One request on a fresh connection (``Connection: close``); status and body. Raw
    asyncio keeps the client's own cost far below the server's."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = b"" if body is None else json.dumps(body).encode()
    writer.write(
        (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {API_KEY}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        + data
    )
    raw = await reader.read()
    writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        out, i = [], 0
        while True:
            j = rest.index(b"\r\n", i)
            size = int(rest[i:j].split(b";")[0], 16)
            if size == 0:
                break
            out.append(rest[j + 2 : j + 2 + size])
            i = j + 2 + size + 2
        rest = b"".join(out)
    return status, rest


async def _count_events(port: int, sid: str, tid: str) -> int:
    """Read a turn's SSE stream to its end; the number of events (``data:`` lines)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            f"GET /v1/sessions/{sid}/events/stream?turn_id={tid} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {API_KEY}\r\n"
            "Accept: text/event-stream\r\nConnection: close\r\n\r\n"
        ).encode()
    )
    count, tail = 0, b""
    while chunk := await reader.read(1 << 16):
        buf = tail + chunk
        count += buf.count(b"\ndata:")
        tail = buf[-5:]  # shorter than the needle: nothing is counted twice
    writer.close()
    return count


async def _new_session(port: int, agent_id: str) -> str:
    status, body = await _http(port, "POST", "/v1/sessions", {"agent_id": agent_id})
    if status != 201 and status != 200:
        raise RuntimeError(f"create session: {status} {body[:200]!r}")
    return str(json.loads(body)["id"])


async def _turn(port: int, sid: str, text: str) -> int:
    body = {"input": [{"type": "user.message", "content": text}]}
    status, out = await _http(port, "POST", f"/v1/sessions/{sid}/turns", body)
    if status not in (200, 201, 202):
        raise RuntimeError(f"create turn: {status} {out[:200]!r}")
    return await _count_events(port, sid, json.loads(out)["id"])


def bench_capacity(ctx: Context) -> list[Row]:
    ref = ctx.ref
    port = ref.port
    pid = ref.proc.pid
    n_sessions, n_turns = ctx.sizes["capacity_sessions"], ctx.sizes["capacity_turns"]
    n_streams, m = ctx.sizes["capacity_streams"], ctx.sizes["capacity_stream_events"]

    async def main() -> dict[str, float]:
        _, body = await _http(port, "POST", "/v1/agents", {"name": "cap", "model": "scripted"})
        agent_id = json.loads(body)["id"]
        out: dict[str, float] = {}

        # sessions x turns: each session runs its turns one after another, sessions in parallel
        t0, c0, p0 = time.perf_counter(), time.process_time(), proc_cpu(pid)
        sids = await asyncio.gather(*(_new_session(port, agent_id) for _ in range(n_sessions)))
        out["sessions_s"] = time.perf_counter() - t0

        async def run(sid: str) -> int:
            events = 0
            for i in range(n_turns):
                events += await _turn(port, sid, f"turn {i} of the capacity benchmark")
            return events

        t1 = time.perf_counter()
        counts = await asyncio.gather(*(run(s) for s in sids))
        out["turns_s"] = time.perf_counter() - t1
        out["turn_events"] = sum(counts)
        out["turn_server_cpu"] = proc_cpu(pid) - p0
        out["turn_client_cpu"] = time.process_time() - c0

        # events/s: n_streams sessions, each streaming one /stream m turn, all at once
        sids = await asyncio.gather(*(_new_session(port, agent_id) for _ in range(n_streams)))
        t2, c2, p2 = time.perf_counter(), time.process_time(), proc_cpu(pid)
        counts = await asyncio.gather(*(_turn(port, s, f"/stream {m}") for s in sids))
        out["stream_s"] = time.perf_counter() - t2
        out["stream_events"] = sum(counts)
        out["stream_min"] = min(counts)
        out["stream_server_cpu"] = proc_cpu(pid) - p2
        out["stream_client_cpu"] = time.process_time() - c2
        return out

    log(
        f"capacity: {n_sessions} sessions x {n_turns} turns, then {n_streams} concurrent "
        f"/stream {m} turns (reference server, raw asyncio client)"
    )
    r = asyncio.run(main())
    turns = n_sessions * n_turns
    return [
        Row(
            f"reference server: turns/s, {n_sessions} sessions x {n_turns} one-line turns",
            turns / r["turns_s"],
            unit="turns/s",
            kind="info",
            samples={"seconds": [r["turns_s"]]},
            note=(
                f"each turn = POST the turn + read its SSE stream to turn.completed "
                f"({r['turn_events'] / turns:.0f} events per turn), sessions in parallel, a "
                f"session's turns in sequence; {n_sessions} sessions created in "
                f"{r['sessions_s'] * 1000:.0f} ms; server CPU {r['turn_server_cpu']:.2f} s "
                f"({r['turn_server_cpu'] / turns * 1000:.1f} ms per turn), client CPU "
                f"{r['turn_client_cpu']:.2f} s; raw asyncio client, `python -m agenthub_server`"
            ),
        ),
        Row(
            f"reference server: events/s with {n_streams} concurrent streaming sessions",
            r["stream_events"] / r["stream_s"],
            unit="ev/s",
            kind="info",
            samples={"seconds": [r["stream_s"]]},
            note=(
                f"{n_streams} sessions each running one `/stream {m}` turn read over SSE at "
                f"the same time: {r['stream_events']:.0f} events in {r['stream_s']:.1f} s "
                f"(fewest in one stream: {r['stream_min']:.0f}); server CPU "
                f"{r['stream_server_cpu']:.2f} s "
                f"({r['stream_server_cpu'] / max(r['stream_events'], 1) * 1e6:.0f} µs per "
                f"event), client CPU {r['stream_client_cpu']:.2f} s"
            ),
        ),
    ]


__all__ = ["bench_capacity", "bench_turn_latency", "bench_unary_ref"]
