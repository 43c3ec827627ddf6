"""Smoke test of the benchmark suite: every benchmark runs with tiny sizes (``--quick``) and
produces numbers. Speed is never asserted — benchmarks only report PASS/MISS."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "sse",
    "openai",
    "big-event",
    "grpc",
    "unary",
    "unary-ref",
    "turn-latency",
    "import",
    "import-core",
    "rss-stream",
    "rss-pages",
    "rss-download",
    "concurrency",
    "capacity",
}


def test_bench_quick_runs_every_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p
        for p in (str(ROOT), str(ROOT / "src"), str(ROOT / "generated"), env.get("PYTHONPATH"))
        if p
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    assert "| benchmark |" in proc.stdout
    result = json.loads(out.read_text())
    assert result["failed"] == []
    rows = result["rows"]
    assert set(result["benches"]) == EXPECTED
    assert len(rows) >= len(EXPECTED)
    for row in rows:
        assert isinstance(row["sdk"], int | float) and math.isfinite(row["sdk"]), row
        if row["baseline"] is not None:
            assert math.isfinite(row["baseline"]), row
        if not row["kind"].startswith("info"):
            assert row["verdict"] in ("PASS", "MISS"), row
    concurrency = next(r for r in rows if "concurrent async streams" in r["name"])
    assert concurrency["sdk"] == concurrency["target"], concurrency["note"]
