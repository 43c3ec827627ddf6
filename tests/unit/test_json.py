"""``agenthub._json.loads``: the same values with and without orjson."""

from __future__ import annotations

import math

import pytest

from agenthub import _json


@pytest.fixture(params=["orjson", "stdlib"])
def loads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    if request.param == "stdlib":
        monkeypatch.setattr(_json, "orjson_loads", None)
    elif _json.orjson_loads is None:
        pytest.skip("orjson not installed")
    return _json.loads


def test_values(loads) -> None:  # type: ignore[no-untyped-def]
    assert loads(b'{"a": [1, 2.5, "\\u00e9", null, true]}') == {"a": [1, 2.5, "é", None, True]}


def test_what_orjson_rejects_still_decodes(loads) -> None:  # type: ignore[no-untyped-def]
    assert math.isnan(loads(b"NaN"))
    assert loads(b"18446744073709551615") == 2**64 - 1  # the largest integer orjson keeps exact


def test_invalid_json_is_value_error(loads) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        loads(b"{not json")
    with pytest.raises(ValueError):
        loads(b"\xff\xfe{")
