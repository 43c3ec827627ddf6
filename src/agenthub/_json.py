"""JSON decoding of response bodies: ``orjson`` when installed (extra ``agenthub[speedups]``),
else the standard library. Both give the same values for valid JSON, with one documented
difference: orjson decodes integers beyond 64 bits as floats. What orjson rejects (NaN,
Infinity) is re-parsed by ``json``, so acceptance never depends on the extra."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["loads", "orjson_loads"]

#: ``orjson.loads`` when orjson is installed, else ``None``: the one place that detects it.
#: Hot paths may call it directly, catching ``ValueError`` and falling back to ``json``.
orjson_loads: Callable[[bytes], Any] | None
try:
    from orjson import loads as orjson_loads
except ImportError:  # pragma: no cover - depends on the environment
    orjson_loads = None


def loads(data: bytes) -> Any:
    """Decode ``data`` (UTF-8 JSON bytes). Raises ``ValueError`` on invalid JSON."""
    if orjson_loads is not None:
        try:
            return orjson_loads(data)
        except ValueError:
            pass  # fall through: json accepts NaN / big ints, and words the error the same way
    return json.loads(data)
