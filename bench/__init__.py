"""agenthub benchmarks: ratios of the SDK against raw httpx / httpx-sse / grpc, measured in
the same run. ``python -m bench [--quick] [--only NAME] [--repeat N] [--json PATH]``.

Benchmarks never fail on slowness: they print PASS/MISS per target and one table.
"""
