"""JSON decoding: ``orjson`` when installed (extra ``agenthub[speedups]``), else the standard
library; the same values for valid JSON, except that orjson decodes integers beyond 64 bits as
floats. What orjson rejects (NaN, Infinity) is re-parsed by ``json``, so acceptance never
depends on the extra. Hot paths may call :data:`orjson_loads` directly, as :func:`loads` does.
"""

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
