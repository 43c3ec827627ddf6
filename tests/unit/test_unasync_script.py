"""scripts/run_unasync.py: the rewrite rules, and the checks that keep its tables exact."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from agenthub_openapi.models.session import Session as SessionModel

from agenthub._async.resources.sessions import AsyncSession
from agenthub._sync.resources.sessions import Session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_unasync", ROOT / "scripts/run_unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rewrites_code_docstrings_and_names(script: ModuleType) -> None:
    source = '''
class AsyncThing:
    """``await hub.agents.list()`` on the Async client: ``async for x in AsyncPaginator``."""

    async def __aenter__(self) -> Awaitable[list[dict[str, Awaitable[int]]]]:
        async with self._lock:
            return await AsyncBackend.sleep(1)
'''
    used: set[str] = set()
    names = {"AsyncThing": "Thing", **script.NAMES}
    out = script.convert(source, names, used)
    assert "class Thing:" in out
    assert '"""``hub.agents.list()`` on the Client: ``for x in SyncCursorPage``."""' in out
    assert "def __enter__(self) -> list[dict[str, int]]:" in out
    assert "with self._lock:" in out and "return SyncBackend.sleep(1)" in out
    assert not script._LEFT_RE.search(out)
    assert {"AsyncPaginator", "AsyncBackend"} <= used


def test_every_rule_is_used_by_the_sources(
    script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # generate() exits naming any rule that matches nothing and any Async… name without one
    monkeypatch.setitem(script.NAMES, "AsyncNeverUsed", "NeverUsed")
    with pytest.raises(SystemExit, match="'AsyncNeverUsed' matches nothing"):
        script.generate(tmp_path / "_sync")


@pytest.mark.parametrize("handle", [AsyncSession, Session])
def test_session_handles_declare_every_model_field(handle: type) -> None:
    # typed read-only properties (no __getattr__ fallthrough): a field added to the contract's
    # Session must be declared on the handles too
    for field in attrs.fields(SessionModel):
        assert isinstance(getattr(handle, field.name, None), property), field.name
    assert not hasattr(handle, "__getattr__")
