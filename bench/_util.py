"""Shared helpers: the servers the benchmarks run against, timing and memory probes."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_KEY = "ah_bench_0123456789abcdef0123456789"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


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


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation (numpy's default)."""
    if not values:
        return float("nan")
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


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


class RawServer:
    """A ``bench`` raw server module (``bench.rawserver`` by default, or ``bench.rawgrpc``) in a
    subprocess (its own core and GIL). It prints ``PORT <n>`` and serves until stdin closes."""

    def __init__(self, module: str = "bench.rawserver") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=child_env(),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        if not line.startswith("PORT "):
            self.close()
            raise RuntimeError(f"{module} did not start: {line!r}")
        self.port = int(line.split()[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.target = f"127.0.0.1:{self.port}"

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class RefServer:
    """The reference server (``python -m agenthub_server``) in a subprocess."""

    def __init__(self) -> None:
        self.port, self.grpc_port = free_port(), free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "agenthub_server",
                "--port",
                str(self.port),
                "--grpc-port",
                str(self.grpc_port),
                "--api-key",
                API_KEY,
                "--log-level",
                "warning",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
            env=child_env(),
        )
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.grpc_target = f"127.0.0.1:{self.grpc_port}"
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"reference server exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.base_url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("reference server did not become healthy in 30 s")
            time.sleep(0.1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def run_stream_turn(self, n: int, timeout: float = 600) -> tuple[str, str, int]:
        """Create an agent + session and run ``/stream n`` to completion over REST.
        Returns (session_id, turn_id, number of events of that turn)."""
        with httpx.Client(base_url=self.base_url, headers=AUTH, timeout=60) as c:
            agent = c.post("/v1/agents", json={"name": "bench", "model": "scripted"}).json()
            session = c.post("/v1/sessions", json={"agent_id": agent["id"]}).json()
            turn = c.post(
                f"/v1/sessions/{session['id']}/turns",
                json={"input": [{"type": "user.message", "content": f"/stream {n}"}]},
            ).json()
            deadline = time.monotonic() + timeout
            while True:
                t = c.get(f"/v1/sessions/{session['id']}/turns/{turn['id']}").json()
                if t["status"] in ("completed", "failed", "cancelled", "incomplete"):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("the /stream turn did not finish")
                time.sleep(0.1)
            count = 0
            with c.stream(
                "GET", f"/v1/sessions/{session['id']}/events/stream", params={"turn_id": turn["id"]}
            ) as r:
                for line in r.iter_lines():
                    if line.startswith("data:"):
                        count += 1
            return session["id"], turn["id"], count


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
        if self.kind == "ratio" and self.baseline:
            return self.sdk / self.baseline
        if self.kind in ("ratio_le", "info_le") and self.baseline:
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
