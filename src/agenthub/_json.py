"""JSON decoding: ``orjson`` when installed (``agenthub[speedups]``; integers beyond 64 bits
become floats), else ``json``, which also re-parses what orjson rejects (NaN, Infinity), so
acceptance never depends on the extra. Hot paths may call :data:`orjson_loads` directly."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

orjson_loads: Callable[[bytes], Any] | None
try:
    from orjson import loads as orjson_loads
except ImportError:  # pragma: no cover - depends on the environment
    orjson_loads = None


def loads(data: bytes) -> Any:
    """Decode UTF-8 JSON ``data``; ``ValueError`` if invalid."""
    if orjson_loads is not None:
        try:
            return orjson_loads(data)
        except ValueError:
            pass  # json accepts NaN / big ints, and words the error the same way
    return json.loads(data)
