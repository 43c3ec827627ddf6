"""Every operation with a JSON request body: the SDK method that sends it accepts exactly the
body schema's properties (from the spec), plus the declared per-call options and the method's
own non-body parameters (path parameters, ``If-Match`` versions, ``transport``…), sync and
async alike. A property added to the spec is a new keyword with no handwritten edit (the
methods take ``**params: Unpack[<generated TypedDict>]``); this test fails if a method drops
one, invents one, or keeps one the spec removed.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable
from typing import Any

import pytest
from agenthub_openapi.params import OPERATION_BODIES

from agenthub._types import CALL_OPTION_KEYS

from . import spec

#: operationId → (module under agenthub._{sync,async}.resources, class, method, the method's
#: parameters that are not body fields)
METHODS: dict[str, tuple[str, str, str, set[str]]] = {
    "create_agent": ("agents", "Agents", "create", set()),
    "import_agent": ("agents", "Agents", "import_", set()),
    "update_agent": ("agents", "Agents", "update", {"agent_id", "if_revision", "if_match"}),
    "create_session": ("sessions", "Sessions", "create", {"transport"}),
    "update_session": ("sessions", "Sessions", "update", {"session_id"}),
    "inject_context": ("sessions", "Session", "inject_context", set()),
    "create_turn": ("sessions", "Session", "create_turn", set()),
    "resolve_elicitation": ("elicitations", "Elicitations", "resolve", {"elicitation_id"}),
    "create_mcp_server": ("mcp_servers", "McpServers", "create", set()),
    "set_session_mcp_servers": ("sessions", "SessionMcpServers", "set", set()),
    "put_skill": ("skills", "Skills", "put", {"name"}),
    "create_schedule": ("schedules", "Schedules", "create", set()),
    "update_schedule": ("schedules", "Schedules", "update", {"schedule_id"}),
    "replace_config": ("config", "Config", "replace", {"generation", "if_match"}),
}
#: free-form bodies (no declared properties): the method takes the whole object positionally
FREE_FORM = {"patch_config"}
#: the same body reaches the server through another method too
ALSO = {"create_turn": [("sessions", "Session", "prompt", {"timeout", "on_elicitation"})]}
#: a positional parameter named other than the body property it fills
RENAMED = {"prompt": {"text": "input"}}


def accepted_keywords(fn: Callable[..., Any]) -> set[str]:
    """Parameter names of ``fn`` (minus ``self``) plus the keys of its ``**kw: Unpack[TD]``."""
    hints = typing.get_type_hints(fn, include_extras=True)
    names: set[str] = set()
    for p in inspect.signature(fn).parameters.values():
        if p.name == "self":
            continue
        if p.kind is p.VAR_KEYWORD:
            td = typing.get_args(hints[p.name])[0]
            names |= set(td.__required_keys__ | td.__optional_keys__)
        elif p.kind is not p.VAR_POSITIONAL:
            names.add(p.name)
    return names


def _method(side: str, module: str, cls: str, name: str) -> Callable[..., Any]:
    mod = importlib.import_module(f"agenthub._{side}.resources.{module}")
    prefix = "Async" if side == "async" else ""
    return getattr(getattr(mod, prefix + cls), name)  # type: ignore[no-any-return]


def _body_properties(operation_id: str) -> set[str]:
    schema = spec()["components"]["schemas"][OPERATION_BODIES[operation_id]]
    return set(schema.get("properties", {}))


def test_every_operation_with_a_body_is_covered() -> None:
    with_body = {
        op["operationId"]
        for ops in spec()["paths"].values()
        for op in ops.values()
        if isinstance(op, dict)
        and "application/json" in str(op.get("requestBody", {}).get("content", {}))
    }
    with_body |= {op for op in OPERATION_BODIES}
    assert with_body - FREE_FORM == set(METHODS), "map each new operation to its SDK method"


CASES = [
    (op, side, *entry)
    for op, first in METHODS.items()
    for entry in [first, *ALSO.get(op, [])]
    for side in ("sync", "async")
]


@pytest.mark.parametrize(
    ("operation_id", "side", "module", "cls", "method", "extra"),
    CASES,
    ids=[f"{c[0]}-{c[4]}-{c[1]}" for c in CASES],
)
def test_method_accepts_exactly_the_body_properties(
    operation_id: str, side: str, module: str, cls: str, method: str, extra: set[str]
) -> None:
    fn = _method(side, module, cls, method)
    got = {RENAMED.get(method, {}).get(k, k) for k in accepted_keywords(fn)}
    want = _body_properties(operation_id) | set(CALL_OPTION_KEYS) | extra
    if method == "prompt":  # its ``timeout`` is the wait's: an explicit parameter
        want -= {"timeout"} - extra
    assert got - want == set(), f"{cls}.{method} accepts keywords the spec does not define"
    assert want - got == set(), f"{cls}.{method} misses body properties / options"


def test_a_new_optional_field_becomes_a_keyword_with_no_handwritten_edit(tmp_path: Any) -> None:
    """Drill: add ``priority`` to ``SessionCreate`` in a copy of the spec and render the
    params module as ``make generate`` does: the field is a declared keyword, and the body
    check accepts it (and still rejects a misspelling)."""
    import copy
    import sys

    from . import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    doc = copy.deepcopy(spec())
    doc["components"]["schemas"]["SessionCreate"]["properties"]["priority"] = {
        "type": "integer",
        "minimum": 0,
    }
    pkg = ROOT / "generated" / "agenthub_openapi"
    source = generate.render_params(doc, generate.model_modules(pkg))
    namespace: dict[str, Any] = {"__name__": "agenthub_openapi.params_drill"}
    exec(
        compile(source.replace("from .models", "from agenthub_openapi.models"), "p", "exec"),
        namespace,
    )
    optional = namespace["SessionCreateOptionalParams"].__optional_keys__
    assert "priority" in optional
    namespace["check_body"]("SessionCreate", {"agent_id": "agt_1", "priority": 3})
    with pytest.raises(TypeError, match="priorty"):
        namespace["check_body"]("SessionCreate", {"agent_id": "agt_1", "priorty": 3})
    with pytest.raises(TypeError, match="priority= must be integer"):
        namespace["check_body"]("SessionCreate", {"agent_id": "agt_1", "priority": "high"})
