"""Memory benchmarks, each in a fresh process: ``python -m bench.child MODE BASE_URL SIZE``.

Prints one JSON line: ``{"growth_mb", "baseline_mb", "peak_mb", "count", "seconds"}``.
The baseline is taken after imports, client construction and a small warm-up of the same
code path, so lazily imported modules and first-use caches are not counted as growth.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import httpx

from ._util import API_KEY, AUTH, PeakRSS

SID = "ses_bench000000000000000000"


def sdk_stream(base: str, n: int) -> tuple[Any, Any]:
    from agenthub import AgentHub

    hub = AgentHub(api_key=API_KEY, base_url=base)
    session = hub.sessions.get(SID)

    def run(k: int) -> int:
        count = 0
        with session.events.stream(turn_id=f"trn_n{k}") as events:
            for _ in events:
                count += 1
        return count

    return (lambda: run(50)), (lambda: run(n))


def raw_stream(base: str, n: int) -> tuple[Any, Any]:
    client = httpx.Client(headers=AUTH)

    def run(k: int) -> int:
        count = 0
        url = f"{base}/v1/sessions/{SID}/events/stream"
        with client.stream("GET", url, params={"turn_id": f"trn_n{k}"}) as r:
            for line in r.iter_lines():
                if line.startswith("data:"):
                    json.loads(line[5:])
                    count += 1
        return count

    return (lambda: run(50)), (lambda: run(n))


def sdk_pages(base: str, n: int) -> tuple[Any, Any]:
    from agenthub import AgentHub

    hub = AgentHub(api_key=API_KEY, base_url=base)

    def run(k: int) -> int:
        return sum(1 for _ in hub.sessions.list(agent_id=f"agt_total_{k}", limit=100))

    return (lambda: run(150)), (lambda: run(n))


def raw_pages(base: str, n: int) -> tuple[Any, Any]:
    client = httpx.Client(headers=AUTH, base_url=base)

    def run(k: int) -> int:
        count, cursor = 0, None
        while True:
            params: dict[str, Any] = {"agent_id": f"agt_total_{k}", "limit": 100}
            if cursor:
                params["after"] = cursor
            body = json.loads(client.get("/v1/sessions", params=params).content)
            count += len(body["data"])
            if not body["has_more"]:
                return count
            cursor = body["next_cursor"]

    return (lambda: run(150)), (lambda: run(n))


def sdk_download(base: str, n: int) -> tuple[Any, Any]:
    from agenthub import AgentHub

    hub = AgentHub(api_key=API_KEY, base_url=base)
    session = hub.sessions.get(SID)

    def run(k: int) -> int:
        size = 0
        for chunk in session.files.download(f"file_n{k}").iter_bytes():
            size += len(chunk)
        return size

    return (lambda: run(1 << 20)), (lambda: run(n))


def raw_download(base: str, n: int) -> tuple[Any, Any]:
    client = httpx.Client(headers=AUTH)

    def run(k: int) -> int:
        size = 0
        url = f"{base}/v1/sessions/{SID}/files/file_n{k}/content"
        with client.stream("GET", url) as r:
            for chunk in r.iter_bytes():
                size += len(chunk)
        return size

    return (lambda: run(1 << 20)), (lambda: run(n))


def sdk_big(base: str, n: int) -> tuple[Any, Any]:
    from agenthub import AgentHub

    hub = AgentHub(api_key=API_KEY, base_url=base)
    session = hub.sessions.get(SID)

    def run(k: int) -> int:
        got = 0
        with session.events.stream(turn_id=f"trn_b{k}") as events:
            for event in events:
                if event.type == "message.delta":
                    got = len(event.delta)
        if got != k:
            raise RuntimeError(f"expected a {k}-character delta, got {got}")
        return got

    return (lambda: run(1000)), (lambda: run(n))


def raw_big(base: str, n: int) -> tuple[Any, Any]:
    client = httpx.Client(headers=AUTH)

    def run(k: int) -> int:
        got = 0
        url = f"{base}/v1/sessions/{SID}/events/stream"
        with client.stream("GET", url, params={"turn_id": f"trn_b{k}"}) as r:
            for line in r.iter_lines():
                if line.startswith("data:"):
                    event = json.loads(line[5:])
                    if event["type"] == "message.delta":
                        got = len(event["delta"])
        if got != k:
            raise RuntimeError(f"expected a {k}-character delta, got {got}")
        return got

    return (lambda: run(1000)), (lambda: run(n))


MODES = {
    "sdk-big": sdk_big,
    "raw-big": raw_big,
    "sdk-stream": sdk_stream,
    "raw-stream": raw_stream,
    "sdk-pages": sdk_pages,
    "raw-pages": raw_pages,
    "sdk-download": sdk_download,
    "raw-download": raw_download,
}


def measure(mode: str, base: str, size: int) -> dict[str, Any]:
    """Warm ``mode`` up, then run it once under the RSS probe."""
    warm, work = MODES[mode](base, size)
    warm()
    with PeakRSS() as probe:
        t0 = time.perf_counter()
        count = work()
        seconds = time.perf_counter() - t0
    return {
        "growth_mb": probe.growth,
        "baseline_mb": probe.baseline,
        "peak_mb": probe.peak,
        "count": count,
        "seconds": seconds,
    }


def main() -> None:
    print(json.dumps(measure(sys.argv[1], sys.argv[2], int(sys.argv[3]))))


if __name__ == "__main__":
    main()
