"""Schemathesis against the live reference server + SSE events validated against `Event`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from ahs_helpers import ROOT, make_session, parse_sse, start_turn, wait_turn

SPEC = os.path.join(ROOT, "openapi", "agenthub.yaml")
ST = os.path.join(os.path.dirname(sys.executable), "schemathesis")
CONFIG = os.path.join(os.path.dirname(__file__), "schemathesis.toml")

pytestmark = pytest.mark.skipif(
    not os.path.exists(SPEC), reason="openapi/agenthub.yaml not written yet"
)


@pytest.mark.slow
def test_schemathesis_all_operations():
    from agenthub_server import LocalServer, ServerConfig

    key = "ah_schemathesis_key_1"
    with LocalServer(
        ServerConfig(api_keys=[key], heartbeat_interval=0.2, max_upload_bytes=1 << 20)
    ) as srv:
        cmd = [
            ST,
            "--config-file",
            CONFIG,
            "run",
            SPEC,
            "-u",
            srv.base_url,
            "-H",
            f"Authorization: Bearer {key}",
            "-n",
            os.environ.get("AGENTHUB_ST_MAX_EXAMPLES", "5"),
            "--checks",
            "all",
            "--exclude-operation-id",
            "stream_events",  # infinite stream; validated below
            "--request-timeout",
            "10",
            "--generation-deterministic",
            "--phases",
            "examples,coverage,fuzzing",
            "--no-color",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=170)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_sse_events_match_event_schema(client):
    import jsonschema
    import yaml

    with open(SPEC) as fh:
        spec = yaml.safe_load(fh)
    schemas = spec["components"]["schemas"]
    resolver_doc = {"components": {"schemas": schemas}}
    event_schema = {**schemas["Event"], "components": resolver_doc["components"]}
    validator_cls = jsonschema.validators.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    )
    validator = validator_cls(event_schema, format_checker=validator_cls.FORMAT_CHECKER)
    agent = client.post(
        "/v1/agents", json={"name": "schema", "require_approval": ["calculator"]}
    ).json()
    sess = make_session(client, agent["id"])
    sid = sess["id"]
    client.patch(f"/v1/sessions/{sid}", json={"name": "renamed"})
    client.post(f"/v1/sessions/{sid}/context", json={"text": "ctx"})
    t = start_turn(
        client,
        sid,
        'hi\n/think hmm\n/tool calculator {"expression": "1+1"}\n'
        '/tool ext {"a": [1, null]}\n/file a.txt body\n/ask q?',
    )
    for _ in range(3):
        wait_turn(client, sid, t["id"], ("waiting",))
        eli = client.get(f"/v1/sessions/{sid}").json()["pending_elicitations"][0]
        content = {
            "tool_approval": None,
            "client_tool": {"output": "o"},
            "clarification": {"text": "a"},
        }[eli["kind"]]
        body = {"action": "accept", **({"content": content} if content else {})}
        assert (
            client.post(
                f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve", json=body
            ).status_code
            == 200
        )
    wait_turn(client, sid, t["id"])
    t2 = start_turn(client, sid, "/fail nope")
    wait_turn(client, sid, t2["id"])
    t3 = start_turn(client, sid, "/sleep 5")
    client.post(f"/v1/sessions/{sid}/turns/{t3['id']}/cancel")
    with client.stream(
        "GET", f"/v1/sessions/{sid}/events/stream", params={"turn_id": t3["id"]}
    ) as r:
        frames = [f for f in parse_sse(list(r.iter_lines())) if "data" in f]
    # each frame against the spec's per-event schema (what schemathesis checks on SSE), its
    # `data` against that schema's contentSchema (the Event union)
    media = spec["paths"]["/v1/sessions/{session_id}/events/stream"]["get"]["responses"]["200"]
    frame_schema = {**media["content"]["text/event-stream"]["schema"], **resolver_doc}
    frame_validator = validator_cls(frame_schema)
    content_schema = frame_schema["properties"]["data"]["contentSchema"]
    assert content_schema == {"$ref": "#/components/schemas/Event"}
    for f in frames:
        frame = {k: v for k, v in f.items() if k in ("id", "event", "data", "retry")}
        assert not list(frame_validator.iter_errors(frame)), frame
        assert f["id"] == str(json.loads(f["data"])["sequence_number"])
    # the turn-filtered stream only has t3's events; also validate the whole log
    listed = client.get(f"/v1/sessions/{sid}/events", params={"limit": 100}).json()["data"]
    seen_types = set()
    for ev in [json.loads(f["data"]) for f in frames] + listed:
        errors = sorted(validator.iter_errors(ev), key=str)
        assert not errors, (ev["type"], [e.message for e in errors][:3])
        seen_types.add(ev["type"])
    assert {
        "session.renamed",
        "context.injected",
        "reasoning.delta",
        "tool_call.started",
        "elicitation.requested",
        "elicitation.resolved",
        "file.created",
        "turn.failed",
        "turn.cancelled",
        "turn.waiting",
    } <= seen_types
