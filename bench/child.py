"""Memory benchmarks, each in a fresh process: ``python -m bench.child MODE BASE_URL SIZE``.

Prints one JSON line: ``{"growth_mb", "baseline_mb", "peak_mb", "count", "seconds"}``.
The baseline is taken after imports, client construction and a small warm-up of the same
code path, so lazily imported modules and first-use caches are not counted as growth.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from ._util import SID, PeakRSS, clients, count_events, count_sse, sse_data


def _big_delta(deltas: Any, k: int) -> int:
    """The length of the last ``message.delta``'s text, which must be ``k``."""
    got = 0
    for type_, delta in deltas:
        if type_ == "message.delta":
            got = len(delta)
    if got != k:
        raise RuntimeError(f"expected a {k}-character delta, got {got}")
    return got


def _raw_pages(http: Any, k: int) -> int:
    count, cursor = 0, None
    while True:
        params: dict[str, Any] = {"agent_id": f"agt_total_{k}", "limit": 100}
        if cursor:
            params["after"] = cursor
        body = json.loads(http.get("/v1/sessions", params=params).content)
        count += len(body["data"])
        if not body["has_more"]:
            return count
        cursor = body["next_cursor"]


def _sdk_big(session: Any, k: int) -> int:
    with session.events.stream(turn_id=f"trn_b{k}") as events:
        return _big_delta(((e.type, getattr(e, "delta", "")) for e in events), k)


def _raw_big(http: Any, k: int) -> int:
    url = f"/v1/sessions/{SID}/events/stream?turn_id=trn_b{k}"
    with http.stream("GET", url) as r:
        return _big_delta(((e["type"], e.get("delta", "")) for e in sse_data(r.iter_lines())), k)


def _sdk_download(session: Any, k: int) -> int:
    return sum(len(chunk) for chunk in session.files.download(f"file_n{k}").iter_bytes())


def _raw_download(http: Any, k: int) -> int:
    with http.stream("GET", f"/v1/sessions/{SID}/files/file_n{k}/content") as r:
        return sum(len(chunk) for chunk in r.iter_bytes())


#: mode -> (work on (hub, session, http) for a size, warm-up size)
MODES: dict[str, tuple[Callable[[Any, Any, Any, int], int], int]] = {
    "sdk-stream": (lambda hub, s, http, k: count_events(s, f"trn_n{k}"), 50),
    "raw-stream": (
        lambda hub, s, http, k: count_sse(
            http, "GET", f"/v1/sessions/{SID}/events/stream?turn_id=trn_n{k}"
        ),
        50,
    ),
    "sdk-pages": (
        lambda hub, s, http, k: sum(
            1 for _ in hub.sessions.list(agent_id=f"agt_total_{k}", limit=100)
        ),
        150,
    ),
    "raw-pages": (lambda hub, s, http, k: _raw_pages(http, k), 150),
    "sdk-download": (lambda hub, s, http, k: _sdk_download(s, k), 1 << 20),
    "raw-download": (lambda hub, s, http, k: _raw_download(http, k), 1 << 20),
    "sdk-big": (lambda hub, s, http, k: _sdk_big(s, k), 1000),
    "raw-big": (lambda hub, s, http, k: _raw_big(http, k), 1000),
}


def measure(mode: str, base: str, size: int) -> dict[str, Any]:
    """Warm ``mode`` up, then run it once under the RSS probe."""
    work, warm = MODES[mode]
    # both sides build both clients, so each side's baseline holds the same objects
    with clients(base) as (hub, session, http):
        work(hub, session, http, warm)
        with PeakRSS() as probe:
            t0 = time.perf_counter()
            count = work(hub, session, http, size)
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
