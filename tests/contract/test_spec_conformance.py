"""The spec's own examples and the server's live responses conform to the spec's schemas.

- Every ``examples`` entry of a schema, and every ``example`` / ``examples`` of a media type or
  parameter, validates against its schema (JSON Schema 2020-12). A ``text/event-stream``
  example is the wire text: each event in it is checked against the per-event schema, and its
  ``data`` (JSON) against the ``Event`` union.
- The live-response hook the ``hub`` fixtures install (tests/_spec_conformance.py) sees the
  responses and reports each class of deviation: an extra field where the schema forbids one,
  an integer sent as a string, a missing required field, an undeclared status, an error that
  is not problem+json.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from _spec_conformance import SpecConformance, pointer, problems_of, schema_validator

from agenthub import AgentHub

from . import spec


def _examples() -> list[tuple[str, Any, str]]:
    """(schema pointer, example value, media type or "") for every example in the spec."""
    found: list[tuple[str, Any, str]] = []

    def walk(node: Any, path: list[str], in_schema: bool) -> None:
        if isinstance(node, dict):
            if in_schema and isinstance(node.get("examples"), list):
                found.extend((pointer(*path), ex, "") for ex in node["examples"])
            if in_schema and "example" in node:
                found.append((pointer(*path), node["example"], ""))
            if not in_schema and isinstance(node.get("schema"), dict):
                media = path[-1] if len(path) > 1 and path[-2] == "content" else ""
                if "example" in node:
                    found.append((pointer(*path, "schema"), node["example"], media))
                for ex in (node.get("examples") or {}).values():
                    if isinstance(ex, dict) and "value" in ex:
                        found.append((pointer(*path, "schema"), ex["value"], media))
            for key, value in node.items():
                if key in ("example", "examples", "const", "enum", "default"):
                    continue
                into = in_schema or key in ("schema", "itemSchema") or path == [
                    "components", "schemas"]  # fmt: skip
                walk(value, [*path, key], into)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, [*path, str(i)], in_schema)

    walk(spec(), [], False)
    return found


EXAMPLES = _examples()


def _sse_events(text: str) -> list[dict[str, Any]]:
    """Parse SSE wire text into {id, event, data, retry} dicts (comments skipped)."""
    events = []
    for block in text.split("\n\n"):
        event: dict[str, Any] = {}
        for line in block.splitlines():
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                event["data"] = event["data"] + "\n" + value if "data" in event else value
            elif name == "retry":
                event["retry"] = int(value)
            elif name in ("id", "event"):
                event[name] = value
        if "data" in event:
            events.append(event)
    return events


def test_the_spec_has_examples() -> None:
    assert len(EXAMPLES) > 50


@pytest.mark.parametrize(("ref", "example", "media"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_validates_against_its_schema(ref: str, example: Any, media: str) -> None:
    validator = schema_validator(ref)
    if media == "text/event-stream" and isinstance(example, str):
        events = _sse_events(example)
        assert events, f"{ref}: the SSE example holds no event"
        event_schema = schema_validator("/components/schemas/Event")
        for event in events:
            validator.validate(event)
            try:
                data = json.loads(event["data"])
            except ValueError:
                pytest.fail(f"{ref}: SSE example data is not JSON: {event['data']!r}")
            event_schema.validate(data)
        return
    errors = sorted(validator.iter_errors(example), key=lambda e: list(e.absolute_path))
    assert not errors, f"{ref}: " + "; ".join(
        "$" + "".join(f"[{p!r}]" for p in e.absolute_path) + f": {e.message}" for e in errors
    )


# --------------------------------------------------------------------------------------------
# the live-response hook


def test_hub_fixture_validates_every_live_response(
    hub: AgentHub, spec_conformance: SpecConformance
) -> None:
    agent = hub.agents.create(name="conformance", model="scripted")
    hub.agents.get(agent.id)
    session = hub.sessions.create(agent_id=agent.id)
    list(hub.sessions.list(limit=1))
    with pytest.raises(Exception):  # noqa: B017 - a 404 is checked too (problem+json)
        hub.sessions.get("ses_does_not_exist")
    session.prompt("hello")
    assert spec_conformance.checked >= 6
    assert spec_conformance.violations == []


def _response(method: str, path: str, status: int, body: Any, ctype: str = "application/json"
              ) -> httpx.Response:  # fmt: skip
    request = httpx.Request(method, f"http://127.0.0.1:1{path}")
    return httpx.Response(status, headers={"content-type": ctype}, json=body, request=request)


def _agent() -> dict[str, Any]:
    example = spec()["components"]["schemas"]["Agent"]["examples"][0]
    assert isinstance(example, dict)
    return dict(example)


@pytest.mark.parametrize(
    ("case", "mutate", "expected"),
    [
        ("extra field", lambda a: a.update(surprise=1), "surprise"),
        ("integer as string", lambda a: a.update(revision="1"), "'1' is not of type 'integer'"),
        ("missing required", lambda a: a.pop("revision"), "'revision' is a required property"),
    ],
)
def test_drill_hook_reports_each_deviation(case: str, mutate: Any, expected: str) -> None:
    assert problems_of(_response("GET", "/v1/agents/agt_1", 200, _agent())) == []
    body = _agent()
    mutate(body)
    problems = problems_of(_response("GET", "/v1/agents/agt_1", 200, body))
    assert problems and expected in problems[0], (case, problems)


def test_drill_hook_reports_undeclared_status_and_plain_errors() -> None:
    undeclared = problems_of(_response("GET", "/v1/health", 418, {}))
    assert undeclared and "418 is not declared" in undeclared[0]
    problem = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "x",
               "code": "not_found", "request_id": "req_1"}  # fmt: skip
    plain = problems_of(_response("GET", "/v1/agents/agt_1", 404, problem))
    assert plain and "application/json" in plain[0]
    ok = _response("GET", "/v1/agents/agt_1", 404, problem, "application/problem+json")
    assert problems_of(ok) == []


def test_drill_hook_failures_are_collected_not_raised() -> None:
    conformance = SpecConformance()
    response = _response("GET", "/v1/agents/agt_1", 200, {"id": 1})
    conformance.hook(response)
    assert conformance.violations and conformance.checked == 1
    with pytest.raises(AssertionError, match="stray from openapi"):
        conformance.assert_clean()
