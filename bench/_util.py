"""The one helper module of the benchmarks: the servers they run against, the clients on both
sides of a ratio, the interleaved timing loop, percentiles, memory probes and the result row.

Every benchmark module builds on these, so a ratio's two sides are always set up, timed and
reported the same way.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = "ah_bench_0123456789abcdef0123456789"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
GRPC_AUTH = [("authorization", f"Bearer {API_KEY}")]
#: the session id the raw servers answer for (they serve any id)
SID = "ses_bench000000000000000000"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [ROOT, os.path.join(ROOT, "src"), os.path.join(ROOT, "generated")]
    if env.get("BENCH_SDK_PATH"):  # benchmark a patched copy of the SDK (profiling aid)
        paths.insert(0, env["BENCH_SDK_PATH"])
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    for var in (
        "AGENTHUB_API_KEY",
        "AGENTHUB_BASE_URL",
        "AGENTHUB_GRPC_TARGET",
        "AGENTHUB_PROFILE",
    ):
        env.pop(var, None)
    return env


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation (numpy's default)."""
    if not values:
        return float("nan")
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ms(values: Sequence[float], q: float) -> float:
    """The q-th percentile of latencies in seconds, in milliseconds."""
    return percentile(values, q) * 1000


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- memory ---------------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident set size (VmRSS) in MiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PeakRSS:
    """Samples VmRSS in a background thread; ``growth`` = peak - baseline (MiB)."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.baseline = 0.0
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> PeakRSS:
        self.baseline = self.peak = rss_mb()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def growth(self) -> float:
        return self.peak - self.baseline


# -- servers --------------------------------------------------------------------------------


class Server:
    """A server in a subprocess (its own core and GIL), stopped by :meth:`close`.

    ``bench.rawserver`` / ``bench.rawgrpc`` print ``PORT <n>`` and serve until stdin closes;
    the reference server (``python -m agenthub_server``) is polled on ``/v1/health``."""

    def __init__(self, module: str = "bench.rawserver") -> None:
        self.module = module
        self.ref = module == "agenthub_server"
        args: list[str] = []
        if self.ref:
            self.port, self.grpc_port = free_port(), free_port()
            args = ["--port", str(self.port), "--grpc-port", str(self.grpc_port)]
            args += ["--api-key", API_KEY, "--log-level", "warning"]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.DEVNULL if self.ref else subprocess.PIPE,
            stdout=subprocess.DEVNULL if self.ref else subprocess.PIPE,
            cwd=ROOT,
            env=child_env(),
        )
        try:
            if self.ref:
                self._wait_healthy()
            else:
                self.port = self._read_port()
        except BaseException:
            self.close()
            raise
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.target = f"127.0.0.1:{self.port}"
        self.grpc_target = f"127.0.0.1:{self.grpc_port}" if self.ref else self.target

    def _read_port(self) -> int:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        if not line.startswith("PORT "):
            raise RuntimeError(f"{self.module} did not start: {line!r}")
        return int(line.split()[1])

    def _wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.module} exited with {self.proc.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/v1/health", timeout=1).is_success:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.module} did not become healthy in {timeout:g} s")
            time.sleep(0.1)

    def close(self) -> None:
        if self.proc.poll() is not None:
            return
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # the raw servers' signal to stop
        else:
            self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Context:
    """What every benchmark gets: sizes, repetitions, and the servers, each started on first
    use and shared by every benchmark of the run."""

    sizes: dict[str, int]
    repeat: int
    quick: bool = False
    _servers: dict[str, Server] = field(default_factory=dict)

    def _server(self, module: str) -> Server:
        if module not in self._servers:
            self._servers[module] = Server(module)
        return self._servers[module]

    @property
    def raw(self) -> Server:
        """``bench.rawserver``: prebuilt HTTP bodies (``.base_url``)."""
        return self._server("bench.rawserver")

    @property
    def rawgrpc(self) -> Server:
        """``bench.rawgrpc``: prebuilt agenthub.v1 messages over grpc.aio (``.target``)."""
        return self._server("bench.rawgrpc")

    @property
    def ref(self) -> Server:
        """The reference server, ``python -m agenthub_server`` (``.base_url``, ``.grpc_target``)."""
        return self._server("agenthub_server")

    def close(self) -> None:
        for server in self._servers.values():
            server.close()


# -- clients: the SDK and what a user would write instead ------------------------------------


@contextmanager
def clients(
    base_url: str, sid: str | None = SID, **hub_kw: Any
) -> Iterator[tuple[Any, Any, httpx.Client]]:
    """``(hub, session, http)``: an ``AgentHub`` with the bench key (``hub_kw``: grpc_target=,
    transport= for the session), the session handle ``sid`` (None: no fetch) and a raw
    ``httpx.Client`` on the same server; both clients are closed on exit."""
    from agenthub import AgentHub

    transport = hub_kw.pop("transport", None)
    hub = AgentHub(api_key=API_KEY, base_url=base_url, **hub_kw)
    http = httpx.Client(headers=AUTH, base_url=base_url)
    try:
        session = None
        if sid is not None:
            session = hub.sessions.get(sid, **({"transport": transport} if transport else {}))
        yield hub, session, http
    finally:
        hub.close()
        http.close()


@asynccontextmanager
async def aclients(
    base_url: str, sid: str = SID, **hub_kw: Any
) -> AsyncIterator[tuple[Any, Any, httpx.AsyncClient]]:
    """:func:`clients` for the async SDK and ``httpx.AsyncClient``."""
    from agenthub import AsyncAgentHub

    transport = hub_kw.pop("transport", None)
    hub = AsyncAgentHub(api_key=API_KEY, base_url=base_url, **hub_kw)
    http = httpx.AsyncClient(headers=AUTH, base_url=base_url)
    try:
        session = await hub.sessions.get(sid, **({"transport": transport} if transport else {}))
        yield hub, session, http
    finally:
        await hub.close()
        await http.aclose()


def grpc_stub(target: str, aio: bool = False) -> tuple[Any, Any]:
    """``(channel, SessionServiceStub)`` on ``target``: the raw gRPC contender (call it with
    ``metadata=GRPC_AUTH``); close the channel when done."""
    import grpc
    from agenthub_proto.v1 import session_service_pb2_grpc as pb2_grpc

    channel = grpc.aio.insecure_channel(target) if aio else grpc.insecure_channel(target)
    return channel, pb2_grpc.SessionServiceStub(channel)


def count_events(session: Any, turn_id: str) -> int:
    """The SDK side of a stream race: read one turn's typed events to the end; how many."""
    count = 0
    with session.events.stream(turn_id=turn_id) as events:
        for _ in events:
            count += 1
    return count


async def acount_events(session: Any, turn_id: str) -> int:
    """:func:`count_events` on an async session."""
    count = 0
    async with session.events.stream(turn_id=turn_id) as events:
        async for _ in events:
            count += 1
    return count


def sse_data(lines: Iterable[str]) -> Iterator[Any]:
    """The raw side of a stream race, as a user writes it: ``json.loads`` of every ``data:``
    line (openai's closing ``data: [DONE]`` is not an event)."""
    loads = json.loads
    for line in lines:
        if line.startswith("data:") and line != "data: [DONE]":
            yield loads(line[5:])


def count_sse(http: httpx.Client, method: str, url: str, **kw: Any) -> int:
    """Raw httpx: stream ``url`` and decode its SSE ``data:`` lines; how many events."""
    with http.stream(method, url, **kw) as r:
        return sum(1 for _ in sse_data(r.iter_lines()))


# -- timing -----------------------------------------------------------------------------------


def marks(server_pid: int | None) -> tuple[float, float, float]:
    """(server CPU s, this process's CPU s, wall clock s) now; 0 server CPU without a pid."""
    cpu = proc_cpu(server_pid) if server_pid is not None else 0.0
    return cpu, time.process_time(), time.perf_counter()


class _Times(dict[str, list[float]]):
    """Per contender: wall seconds, ``{name}_cpu`` (this process) and, with a server pid,
    ``{name}_server`` (the server's CPU seconds) per timed run."""

    def __init__(self, names: Iterable[str], server_pid: int | None, expect: int | None) -> None:
        super().__init__()
        self.server_pid, self.expect = server_pid, expect
        for name in names:
            self.update({name: [], f"{name}_cpu": []})
            if server_pid is not None:
                self[f"{name}_server"] = []

    def check(self, name: str, got: int) -> None:
        if self.expect is not None and got != self.expect:
            raise RuntimeError(f"{name}: expected {self.expect} items, got {got}")

    def record(self, name: str, start: tuple[float, float, float], got: int) -> None:
        end = marks(self.server_pid)
        self[name].append(end[2] - start[2])
        self[f"{name}_cpu"].append(end[1] - start[1])
        if self.server_pid is not None:
            self[f"{name}_server"].append(end[0] - start[0])
        self.check(name, got)


def race(
    repeat: int,
    contenders: dict[str, Callable[[], int]],
    expect: int | None = None,
    server_pid: int | None = None,
) -> dict[str, list[float]]:
    """Warm each contender up once, then time them interleaved ``repeat`` times (SDK, raw, …,
    SDK, raw, …) so background noise hits every contender alike. Each run returns how many
    items it handled, which must be ``expect``."""
    times = _Times(contenders, server_pid, expect)
    for name, fn in contenders.items():
        times.check(name, fn())
    for _ in range(repeat):
        for name, fn in contenders.items():
            start = marks(server_pid)
            times.record(name, start, fn())
    return times


async def arace(
    repeat: int,
    contenders: dict[str, Callable[[], Awaitable[int]]],
    expect: int | None = None,
    server_pid: int | None = None,
) -> dict[str, list[float]]:
    """:func:`race` for coroutines."""
    times = _Times(contenders, server_pid, expect)
    for name, fn in contenders.items():
        times.check(name, await fn())
    for _ in range(repeat):
        for name, fn in contenders.items():
            start = marks(server_pid)
            times.record(name, start, await fn())
    return times


def timed_calls(n: int, call: Callable[[], object], out: list[float]) -> int:
    """Call ``call`` ``n`` times in a row, appending each call's latency (s) to ``out``."""
    clock = time.perf_counter
    for _ in range(n):
        t = clock()
        call()
        out.append(clock() - t)
    return n


def cpu_note(t: dict[str, list[float]], per: int = 0) -> str:
    """The race in client CPU (robust to other processes' load): raw / SDK, and the CPU per
    run (or, with ``per``, per item in ms)."""
    sdk, raw = median(t.get("sdk_cpu", [])), median(t.get("raw_cpu", []))
    if not raw or not sdk:
        return ""
    if per:
        return (
            f"; client-CPU ratio {raw / sdk:.2f} (CPU ms/request: SDK {sdk / per * 1000:.2f}, "
            f"raw {raw / per * 1000:.2f})"
        )
    return f"; client-CPU ratio {raw / sdk:.2f} (CPU s/run: SDK {sdk:.3f}, raw {raw:.3f})"


def server_note(t: dict[str, list[float]], items: int) -> str:
    """How busy the server was during the raw runs: near 100% means the server, not the
    client, set the pace (and the ratio says little about the client)."""
    busy, wall = median(t.get("raw_server", [])), median(t.get("raw", []))
    if not wall or busy != busy:
        return ""
    return (
        f"; server CPU during the raw runs: {busy / wall:.0%} of their wall time "
        f"({busy / items * 1e6:.0f} µs per event)"
    )


# -- results --------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table.

    ``kind``: "ratio" (sdk/baseline throughput, higher is better, ratio ≥ target),
    "ratio_le" (sdk/baseline time, lower is better, ratio ≤ target), "max" (sdk value < target),
    "count" (sdk value == target), "info" / "info_le" (no target; info_le shows sdk/baseline)."""

    name: str
    sdk: float
    baseline: float | None = None
    reference: float | None = None
    unit: str = ""
    kind: str = "info"
    target: float | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.kind in ("ratio", "ratio_le", "info_le") and self.baseline:
            return self.sdk / self.baseline
        return None

    @property
    def verdict(self) -> str:
        if self.target is None or self.kind == "info":
            return ""
        if self.kind == "ratio":
            ok = (self.ratio or 0.0) >= self.target
        elif self.kind == "ratio_le":
            ok = (self.ratio or float("inf")) <= self.target
        elif self.kind == "max":
            ok = self.sdk < self.target
        else:
            ok = self.sdk == self.target
        return "PASS" if ok else "MISS"

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return {
            "ratio": "≥ {:g}",
            "ratio_le": "≤ {:g}",
            "max": "< {:g} " + self.unit,
            "count": "= {:g}",
        }.get(self.kind, "{:g}").format(self.target)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sdk": self.sdk,
            "baseline": self.baseline,
            "reference": self.reference,
            "unit": self.unit,
            "ratio": self.ratio,
            "target": self.target,
            "kind": self.kind,
            "verdict": self.verdict,
            "note": self.note,
            "samples": self.samples,
        }


def latency_row(
    name: str,
    sdk: list[float],
    raw: list[float],
    raw_name: str,
    target: float | None = None,
    note: str = "",
) -> Row:
    """The p50 of two latency samples (seconds) in ms, SDK vs ``raw_name``; the note gives
    both p99s. With ``target``, the SDK's p50 must be below it (ms)."""
    return Row(
        name,
        ms(sdk, 50),
        ms(raw, 50),
        unit="ms",
        kind="info" if target is None else "max",
        target=target,
        samples={"sdk": sdk, "raw": raw},
        note=(
            ("no target; " if target is None else "")
            + f"p99 {ms(sdk, 99):.1f} ms (baseline {ms(raw, 99):.1f} ms); {len(sdk)} samples "
            f"each; baseline column = {raw_name}" + note
        ),
    )


def run_child(args: list[str], timeout: float = 900, fresh: bool = True) -> dict[str, Any]:
    """Run ``python -m bench.child ARGS`` in a fresh process; return its JSON result.
    ``fresh=False`` (``--quick``: only the plumbing is checked, the memory numbers mean
    nothing) runs it in this process instead, saving an interpreter start."""
    if not fresh:
        from .child import measure

        return measure(args[0], args[1], int(args[2]))
    proc = subprocess.run(
        [sys.executable, "-m", "bench.child", *args],
        capture_output=True,
        cwd=ROOT,
        env=child_env(),
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.child {args} failed:\n{proc.stderr.decode()[-3000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return out
