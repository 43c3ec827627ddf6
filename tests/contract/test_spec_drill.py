"""Spec change drill: a new optional field reaches SDK users with NO handwritten change.

1. copy openapi/agenthub.yaml to a tmp dir and add ``priority: integer`` (optional) to the
   ``Agent`` response schema and the ``AgentCreate`` request body;
2. regenerate the OpenAPI client from it into a tmp dir (``scripts/generate.py``'s
   ``generate_openapi`` — the OpenAPI half of ``generate.py --spec X --out Y``; protos are
   untouched, so they are skipped for speed);
3. in a SUBPROCESS with the tmp package first on ``sys.path`` (and the unchanged handwritten
   ``src/agenthub``), mock ``GET /v1/agents/{id}`` with respx returning the extra field and call
   ``hub.agents.get(id)``: the returned ``Agent`` has ``.priority`` as a typed attrs field;
   ``hub.agents.create(..., priority=3)`` is accepted and sends ``"priority": 3``.

The control run (same script, committed ``generated/``) shows the field is NOT a typed
attribute before regeneration, so the drill proves the regeneration did the work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import GENERATED, ROOT, SPEC_PATH, load_generate_script

pytestmark = pytest.mark.timeout(120)

AGENT_ID = "agt_3f9a0c5e7b2d4a1c9e8f6b0d"

PROBE = r"""
import json, sys
import httpx, respx
import agenthub_openapi
from agenthub import AgentHub
from agenthub_openapi.models.agent import Agent
import attrs

body = json.loads(sys.argv[1])
create_sent = create_error = None
with respx.mock(base_url="http://agenthub.test", assert_all_called=True) as mock:
    mock.get("/v1/agents/" + body["id"]).mock(return_value=httpx.Response(200, json=body))
    created = mock.post("/v1/agents").mock(return_value=httpx.Response(201, json=body))
    with AgentHub(api_key="test", base_url="http://agenthub.test", max_retries=0) as hub:
        agent = hub.agents.get(body["id"])
        try:
            hub.agents.create(name="analyst", priority=3)
            create_sent = json.loads(created.calls.last.request.content).get("priority")
        except TypeError as exc:
            create_error = str(exc)
            hub.agents.create(name="analyst")

fields = {f.name: f for f in attrs.fields(Agent)}
field = fields.get("priority")
print(json.dumps({
    "generated_from": agenthub_openapi.__file__,
    "returned_type": type(agent).__module__ + "." + type(agent).__qualname__,
    "is_field": field is not None,
    "annotation": str(field.type) if field is not None else None,
    "value": getattr(agent, "priority", None) if field is not None else None,
    "value_type": type(getattr(agent, "priority", None)).__name__ if field is not None else None,
    "in_additional_properties": "priority" in getattr(agent, "additional_properties", {}),
    "to_dict_priority": agent.to_dict().get("priority"),
    "sdk_from": __import__("agenthub").__file__,
    "create_sent": create_sent,
    "create_error": create_error,
}))
"""


def agent_json(**extra: Any) -> dict[str, Any]:
    return {
        "id": AGENT_ID,
        "object": "agent",
        "name": "analyst",
        "description": None,
        "model": "scripted",
        "instructions": "Be brief.",
        "tools": ["calculator"],
        "require_approval": "never",
        "metadata": {},
        "revision": 1,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        **extra,
    }


def probe(generated_root: Path) -> dict[str, Any]:
    """Run PROBE in a fresh interpreter with ``generated_root`` first on sys.path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(generated_root), str(ROOT / "src")])
    env.pop("PYTHONSAFEPATH", None)
    # -S would drop site-packages (httpx, respx); instead PYTHONPATH entries precede the
    # editable install's .pth entries (src/, generated/), so the tmp package wins.
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(agent_json(priority=7))],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=generated_root,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_committed_sdk_does_not_type_the_new_field_yet() -> None:
    """Control: with today's generated code the extra field is not a typed attribute."""
    result = probe(GENERATED)
    assert Path(result["generated_from"]).is_relative_to(GENERATED)
    assert result["is_field"] is False
    assert result["to_dict_priority"] is None  # Agent is closed (no additional_properties)
    assert result["create_sent"] is None and "priority" in (result["create_error"] or "")


@pytest.mark.slow  # a drill: regenerates the client (make test runs it)
def test_new_optional_field_is_typed_after_regeneration(tmp_path: Path) -> None:
    gen = load_generate_script()
    doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    agent = doc["components"]["schemas"]["Agent"]
    assert "priority" not in agent["properties"], "drill field already exists in the spec"
    field = {"type": "integer", "description": "Scheduling priority (drill field)."}
    agent["properties"]["priority"] = dict(field)
    doc["components"]["schemas"]["AgentCreate"]["properties"]["priority"] = dict(field)
    spec = tmp_path / "agenthub.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "generated"
    out.mkdir()
    gen.generate_openapi(spec, out / gen.OPENAPI_PACKAGE)
    if hasattr(gen, "generate_extra_modules"):  # events.py and params.py (request keywords)
        gen.generate_extra_modules(spec, out / gen.OPENAPI_PACKAGE)

    model = (out / gen.OPENAPI_PACKAGE / "models" / "agent.py").read_text(encoding="utf-8")
    assert "priority: int | Unset = UNSET" in model, "generated Agent lacks the optional field"

    result = probe(out)
    assert Path(result["generated_from"]).is_relative_to(out), result
    assert result["returned_type"].endswith("models.agent.Agent"), result
    assert result["is_field"] is True, result
    assert result["value"] == 7 and result["value_type"] == "int", result
    assert result["in_additional_properties"] is False, result
    assert result["to_dict_priority"] == 7, result
    # the request side: a new keyword of hub.agents.create, sent in the body
    assert result["create_error"] is None and result["create_sent"] == 3, result
    # the handwritten layer is the repository's, unchanged
    assert Path(result["sdk_from"]).is_relative_to(ROOT / "src"), result
