"""Run the typed-usage modules against the reference server: sync and async, SSE and gRPC."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"typecheck_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_usage_sync(transport: str) -> None:
    _load("usage_sync").main(transport)


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_usage_async(transport: str) -> None:
    asyncio.run(_load("usage_async").main(transport))
