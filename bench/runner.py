"""Command line: run the benchmarks and print ONE table."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import time
import traceback
from importlib import metadata

from ._util import Row, log
from .suite import BENCHES, FULL, QUICK, Context


def machine() -> dict[str, str]:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = []
    for dist in (
        "agenthub",
        "httpx",
        "httpcore",
        "h11",
        "httpx-sse",
        "grpcio",
        "protobuf",
        "attrs",
        "uvicorn",
        "starlette",
        "openai",
        "pydantic",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{dist} {metadata.version(dist)}")
    return {
        "cpu": f"{os.cpu_count()} cores, {cpu}",
        "ram": mem,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "packages": ", ".join(versions),
    }


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit in ("ev/s", "req/s"):
        return f"{value:,.0f}"
    if unit == "streams":
        return f"{value:g}"
    return f"{value:,.1f}"


def table(rows: list[Row]) -> str:
    head = ["benchmark", "SDK", "baseline", "reference", "unit", "ratio", "target", "result"]
    body = [
        [
            r.name,
            _fmt(r.sdk, r.unit),
            _fmt(r.baseline, r.unit),
            _fmt(r.reference, r.unit),
            r.unit,
            "" if r.ratio is None else f"{r.ratio:.2f}",
            r.target_text(),
            r.verdict,
        ]
        for r in rows
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return "\n".join(lines)


START, END = "<!-- bench-run:start -->", "<!-- bench-run:end -->"


def write_markdown(path: str, report: str) -> None:
    """Write ``report`` to ``path``: between the START / END markers if the file has them (so
    ``make bench`` refreshes the run in bench/results.md and keeps its analysis), else the
    whole file."""
    text = report + "\n"
    with contextlib.suppress(FileNotFoundError), open(path) as f:
        old = f.read()
        if START in old and END in old.split(START, 1)[1]:
            head, rest = old.split(START, 1)
            text = f"{head}{START}\n{report}\n{END}{rest.split(END, 1)[1]}"
    with open(path, "w") as f:
        f.write(text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="tiny sizes (CI smoke)")
    p.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHES),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHES)}",
    )
    p.add_argument(
        "--repeat", type=int, default=None, help="repetitions (median; default 5, quick 1)"
    )
    p.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    p.add_argument(
        "--markdown",
        metavar="PATH",
        help="also write the report (markdown); into an existing file with the "
        f"{START} / {END} markers, only between them (the analysis around it stays)",
    )
    p.add_argument(
        "--size",
        action="append",
        default=[],
        metavar="KEY=N",
        help=f"override one size ({', '.join(FULL)})",
    )
    ns = p.parse_args(argv)
    sizes = dict(QUICK if ns.quick else FULL)
    for item in ns.size:
        key, _, value = item.partition("=")
        if key not in sizes:
            p.error(f"unknown size {key!r}")
        sizes[key] = int(value)
    repeat = ns.repeat or (1 if ns.quick else 5)
    names = ns.only or list(BENCHES)
    ctx = Context(sizes=sizes, repeat=repeat, quick=ns.quick)
    rows: list[Row] = []
    failures: list[str] = []
    started, started_at = time.perf_counter(), time.gmtime()
    loads = [os.getloadavg()[0]]  # other processes on the machine (noise), after each bench
    try:
        for name in names:
            t0 = time.perf_counter()
            try:
                rows.extend(BENCHES[name](ctx))
            except Exception:
                failures.append(name)
                log(f"{name} FAILED:\n{traceback.format_exc()}")
            loads.append(os.getloadavg()[0])
            log(f"{name}: {time.perf_counter() - t0:.1f}s (1-min load {loads[-1]:.2f})")
    finally:
        ctx.close()
    info = machine()
    info["load"] = (
        f"1-min load average {loads[0]:.2f} at start, {loads[-1]:.2f} at end, "
        f"{min(loads):.2f}-{max(loads):.2f} after each benchmark (2 cores)"
    )
    info["run"] = (
        f"{time.strftime('%Y-%m-%d %H:%M', started_at)}-{time.strftime('%H:%M', time.gmtime())} UTC"
    )
    lines = [
        f"agenthub benchmarks ({'quick' if ns.quick else 'full'}; median of {repeat}; "
        f"{time.perf_counter() - started:.0f}s)",
        *(f"  {key}: {value}" for key, value in info.items()),
        "",
        table(rows),
        "",
        *(f"- {r.name}: {r.note}" for r in rows if r.note),
        "",
        f"{sum(r.verdict == 'PASS' for r in rows)} PASS, "
        f"{sum(r.verdict == 'MISS' for r in rows)} MISS"
        + (f", {len(failures)} FAILED to run: {', '.join(failures)}" if failures else ""),
    ]
    report = "\n".join(lines)
    print()
    print(report)
    if ns.markdown:
        write_markdown(ns.markdown, report)
    if ns.json:
        with open(ns.json, "w") as f:
            json.dump(
                {
                    "benches": names,
                    "machine": info,
                    "sizes": sizes,
                    "repeat": repeat,
                    "rows": [r.to_json() for r in rows],
                    "failed": failures,
                },
                f,
                indent=2,
            )
    # slowness never fails the run; a benchmark that could not run does
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
