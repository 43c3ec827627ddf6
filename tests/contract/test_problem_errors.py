"""The problem codes exist once, in the contract (``Problem.code``'s ``x-problem-codes``):
the generated ``agenthub_openapi.problems`` table matches it, the generator refuses a malformed
entry, and every code the reference server raises is declared there."""

from __future__ import annotations

import ast
import copy
from typing import Any

import pytest
from agenthub_openapi.problems import PROBLEM_CODES, ProblemCode

from . import ROOT, load_generate_script, spec

gen = load_generate_script()


def _table(doc: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = doc["components"]["schemas"]["Problem"]["properties"]["code"][
        "x-problem-codes"
    ]
    return table


def test_generated_table_is_the_contracts() -> None:
    declared = {
        code: ProblemCode(e["status"], e["title"], e["grpc_status"])
        for code, e in _table(spec()).items()
    }
    assert declared == PROBLEM_CODES


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"status": 409, "title": "Clash", "grpc_status": "CLASHED"}, "no gRPC error code"),
        ({"status": 409, "title": "Clash", "grpc_status": "OK"}, "no gRPC error code"),
        ({"status": 200, "title": "Clash", "grpc_status": "ABORTED"}, "HTTP error status"),
        ({"status": 409, "grpc_status": "ABORTED"}, "title"),
    ],
)
def test_generator_refuses_a_malformed_entry(entry: dict[str, Any], message: str) -> None:
    doc = copy.deepcopy(spec())
    _table(doc)["clash"] = entry
    with pytest.raises(gen.GenerationError, match=message):
        gen.render_problems(doc)


def test_every_code_the_server_raises_is_declared() -> None:
    raised: set[str] = set()
    for path in (ROOT / "src" / "agenthub_server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "ApiError"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                raised.add(node.args[0].value)
    assert raised and raised <= set(PROBLEM_CODES), raised - set(PROBLEM_CODES)
