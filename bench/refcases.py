"""Benchmarks of the reference server (``agenthub serve`` / ``AgentHub.local()``).

These measure what every user's test suite leans on: a turn's latency end to end through
``AgentHub.local()`` (in-process, as users run it), and the server's own capacity (``python
-m agenthub_server`` in its own process, driven by a raw asyncio client). Keep-alive unary
calls against it are in :mod:`bench.cases`. Everything is loopback and bounded in count and
time.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import Any

import httpx

from ._util import (
    API_KEY,
    AUTH,
    GRPC_AUTH,
    Context,
    Row,
    grpc_stub,
    latency_row,
    log,
    marks,
    ms,
    sse_data,
)

#: turn latency: stop the rounds after this many seconds (x4 in full runs) even if turns remain
TURN_BUDGET = 20.0


# -- turn latency through AgentHub.local() ----------------------------------------------------


def _stamp(t0: float, types: Iterable[str]) -> tuple[float, float]:
    """Read a turn's event types to the end: seconds from ``t0`` to its first event and to
    ``turn.completed``."""
    clock = time.perf_counter
    first = done = 0.0
    for type_ in types:
        now = clock() - t0
        first = first or now
        if type_ == "turn.completed":
            done = now
    if not done:
        raise RuntimeError("the turn ended without turn.completed")
    return first, done


def bench_turn_latency(ctx: Context) -> list[Row]:
    """create_turn → first event / → turn.completed, one-line scripted turns through
    ``AgentHub.local()``. The SDK over SSE and gRPC and raw httpx / a raw gRPC stub doing the
    same two calls take turns, one turn each per round, each on its own session of the same
    server."""
    from agenthub_proto.v1 import common_pb2
    from agenthub_proto.v1 import session_service_pb2 as pb2

    from agenthub import AgentHub
    from agenthub.local import get_local_server

    n = ctx.sizes["turns"]
    warm = 3
    prompt = "hello from the benchmark"
    body = {"input": [{"type": "user.message", "content": prompt}]}
    item = common_pb2.InputItem(
        user_message=common_pb2.UserMessageInput(
            type="user.message", content=common_pb2.MessageContent(text=prompt)
        )
    )
    clock = time.perf_counter
    lat: dict[str, tuple[list[float], list[float]]] = {}

    with AgentHub.local(api_key=API_KEY) as hub:
        server = get_local_server(hub)
        assert server is not None and server.grpc_target is not None
        agent = hub.agents.create(name="bench", model="scripted")
        sid = {
            name: hub.sessions.create(agent_id=agent.id, transport=transport)
            for transport in ("sse", "grpc")
            for name in (transport, f"raw_{transport}")
        }
        http = httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30)
        channel, stub = grpc_stub(server.grpc_target)

        def sdk(name: str) -> tuple[float, float]:
            turn = sid[name].create_turn(prompt)  # lazy: POSTs on stream()
            t0 = clock()
            with turn.stream() as events:
                return _stamp(t0, (event.type for event in events))

        def raw_sse() -> tuple[float, float]:
            t0 = clock()
            s = sid["raw_sse"].id
            tid = http.post(f"/v1/sessions/{s}/turns", json=body).json()["id"]
            url = f"/v1/sessions/{s}/events/stream"
            with http.stream("GET", url, params={"turn_id": tid}) as r:
                return _stamp(t0, (event["type"] for event in sse_data(r.iter_lines())))

        def raw_grpc() -> tuple[float, float]:
            t0 = clock()
            s = sid["raw_grpc"].id
            turn = stub.CreateTurn(
                pb2.CreateTurnRequest(session_id=s, input=[item]), metadata=GRPC_AUTH
            )
            req = pb2.StreamEventsRequest(session_id=s, turn_id=turn.id)
            return _stamp(t0, (m.type for m in stub.StreamEvents(req, metadata=GRPC_AUTH)))

        runs = {
            "sse": lambda: sdk("sse"),
            "raw_sse": raw_sse,
            "grpc": lambda: sdk("grpc"),
            "raw_grpc": raw_grpc,
        }
        lat = {name: ([], []) for name in runs}
        log(f"turn latency: {n} rounds of one-line turns (SDK/raw x SSE/gRPC, AgentHub.local())")
        deadline = clock() + TURN_BUDGET * (1 if ctx.quick else 4)
        try:
            for i in range(warm + n):
                for name, fn in runs.items():
                    first, done = fn()
                    if i >= warm:
                        lat[name][0].append(first)
                        lat[name][1].append(done)
                if i >= warm and clock() > deadline:
                    break
        finally:
            http.close()
            channel.close()

    rows = []
    for transport, label, raw_name in (
        ("sse", "SSE", "raw httpx POST turn + GET its stream"),
        ("grpc", "gRPC", "raw stub CreateTurn + StreamEvents"),
    ):
        (f, d), (bf, bd) = lat[transport], lat[f"raw_{transport}"]
        k = max(1, len(f) // 10)
        # the first and last tenth: does the latency grow with the session's event count?
        drift = (
            f"; one-line scripted turns in one session each, interleaved with the other "
            f"contenders after {warm} warm-up; p50 of the first / last {k} turns "
            f"{ms(f[:k], 50):.1f} / {ms(f[-k:], 50):.1f} ms "
            f"(baseline {ms(bf[:k], 50):.1f} / {ms(bf[-k:], 50):.1f})"
        )
        where = f"({label}, AgentHub.local())"
        rows.append(
            latency_row(
                f"turn latency p50, create_turn → first event {where}", f, bf, raw_name, 10.0, drift
            )
        )
        rows.append(
            latency_row(f"turn latency p50, create_turn → turn.completed {where}", d, bd, raw_name)
        )
    return rows


# -- reference server capacity ----------------------------------------------------------------


async def _read(port: int, method: str, path: str, body: Any = None) -> AsyncIterator[bytes]:
    """Send one request on a fresh connection (``Connection: close``) and yield the raw
    response as it arrives. Raw asyncio keeps the client's own cost far below the server's."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = b"" if body is None else json.dumps(body).encode()
    writer.write(
        (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {API_KEY}\r\nConnection: close\r\nAccept: */*\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        + data
    )
    try:
        while chunk := await reader.read(1 << 16):
            yield chunk
    finally:
        writer.close()


async def _json(port: int, method: str, path: str, body: Any = None) -> Any:
    """One JSON request; the decoded response body (an error status raises)."""
    raw = b"".join([chunk async for chunk in _read(port, method, path, body)])
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
    if status >= 300:
        raise RuntimeError(f"{method} {path}: {status} {rest[:200]!r}")
    return json.loads(rest)


async def _turn(port: int, sid: str, text: str) -> int:
    """POST a turn, then read its SSE stream to the end: the number of events (``data:``)."""
    body = {"input": [{"type": "user.message", "content": text}]}
    tid = (await _json(port, "POST", f"/v1/sessions/{sid}/turns", body))["id"]
    count, tail = 0, b""
    async for chunk in _read(port, "GET", f"/v1/sessions/{sid}/events/stream?turn_id={tid}"):
        buf = tail + chunk
        count += buf.count(b"\ndata:")
        tail = buf[-5:]  # shorter than the needle: nothing is counted twice
    return count


async def _phase(pid: int, work: Awaitable[list[int]]) -> dict[str, float]:
    """Await ``work`` (events read per stream): wall seconds, events, fewest events in one
    stream, and the server's and this client's CPU seconds meanwhile."""
    s0, c0, t0 = marks(pid)
    counts = await work
    s1, c1, t1 = marks(pid)
    return {
        "s": t1 - t0,
        "events": sum(counts),
        "min": min(counts),
        "server": s1 - s0,
        "client": c1 - c0,
    }


def bench_capacity(ctx: Context) -> list[Row]:
    port, pid = ctx.ref.port, ctx.ref.proc.pid
    n_sessions, n_turns = ctx.sizes["capacity_sessions"], ctx.sizes["capacity_turns"]
    n_streams, m = ctx.sizes["capacity_streams"], ctx.sizes["capacity_stream_events"]

    async def main() -> tuple[dict[str, float], dict[str, float]]:
        agent = await _json(port, "POST", "/v1/agents", {"name": "cap", "model": "scripted"})
        body = {"agent_id": agent["id"]}

        async def sessions(k: int) -> list[str]:
            new = [_json(port, "POST", "/v1/sessions", body) for _ in range(k)]
            return [s["id"] for s in await asyncio.gather(*new)]

        async def run(sid: str) -> int:  # one session's turns, one after another
            return sum([await _turn(port, sid, f"turn {i} of the bench") for i in range(n_turns)])

        # sessions x turns: each session runs its turns in sequence, sessions in parallel
        sids = await sessions(n_sessions)
        turns = await _phase(pid, asyncio.gather(*(run(s) for s in sids)))
        # events/s: n_streams sessions, each streaming one /stream m turn, all at once
        sids = await sessions(n_streams)
        streams = await _phase(pid, asyncio.gather(*(_turn(port, s, f"/stream {m}") for s in sids)))
        return turns, streams

    log(
        f"capacity: {n_sessions} sessions x {n_turns} turns, then {n_streams} concurrent "
        f"/stream {m} turns (reference server, raw asyncio client)"
    )
    turns, streams = asyncio.run(main())
    n = n_sessions * n_turns
    rows = []
    for r, name, value, unit, what in (
        (
            turns,
            f"reference server: turns/s, {n_sessions} sessions x {n_turns} one-line turns",
            n / turns["s"],
            "turns/s",
            f"each turn = POST the turn + read its SSE stream to turn.completed "
            f"({turns['events'] / n:.0f} events per turn), sessions in parallel, a session's "
            f"turns in sequence; {n} turns in {turns['s']:.1f} s",
        ),
        (
            streams,
            f"reference server: events/s with {n_streams} concurrent streaming sessions",
            streams["events"] / streams["s"],
            "ev/s",
            f"{n_streams} sessions each running one `/stream {m}` turn read over SSE at the same "
            f"time: {streams['events']:.0f} events in {streams['s']:.1f} s (fewest in one "
            f"stream: {streams['min']:.0f})",
        ),
    ):
        note = (
            f"{what}; server CPU {r['server']:.2f} s "
            f"({r['server'] / max(r['events'], 1) * 1e6:.0f} µs per event), client CPU "
            f"{r['client']:.2f} s; raw asyncio client, `python -m agenthub_server`"
        )
        rows.append(Row(name, value, unit=unit, samples={"seconds": [r["s"]]}, note=note))
    return rows


__all__ = ["bench_capacity", "bench_turn_latency"]
