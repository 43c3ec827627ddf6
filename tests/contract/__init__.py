"""Contract tests: the spec, the generated code, REST/gRPC parity. Shared helpers live here."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "agenthub.yaml"
GENERATED = ROOT / "generated"
TOOLS_BIN = ROOT / "tools" / "node_modules" / ".bin"

# Works before `pip install -e .` too: the generated packages live in generated/.
if str(GENERATED) not in sys.path:
    sys.path.append(str(GENERATED))

EVENT_COMMON_FIELDS = ("id", "type", "sequence_number", "session_id", "turn_id", "created_at")


@cache
def spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        # libyaml's safe loader when present (~10x faster on this document)
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (possibly chained) inside the spec."""
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, item in spec()["paths"].items():
        for method, op in item.items():
            if method in {"get", "put", "post", "patch", "delete", "head", "options"}:
                out.append((method, path, op))
    return out


def event_schemas() -> dict[str, dict[str, Any]]:
    """REST event type -> its resolved schema, from the Event union's discriminator mapping."""
    mapping = spec()["components"]["schemas"]["Event"]["discriminator"]["mapping"]
    return {t: resolve({"$ref": r}) for t, r in mapping.items()}


def load_generate_script() -> ModuleType:
    name = "agenthub_generate_script"
    if name in sys.modules:
        return sys.modules[name]
    spec_ = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "generate.py")
    assert spec_ is not None and spec_.loader is not None
    module = importlib.util.module_from_spec(spec_)
    sys.modules[name] = module
    spec_.loader.exec_module(module)
    return module


def node_tool(name: str) -> Path:
    """Path of a pinned node tool; skips (locally) or fails (CI) when the tools are missing."""
    exe = TOOLS_BIN / name
    if exe.exists():
        return exe
    reason = f"{exe} missing: run `make npm-tools`"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the contract checks but {reason}")
    pytest.skip(reason)
