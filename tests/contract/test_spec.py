"""The OpenAPI document is valid and states every convention of DESIGN §2 on every operation."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from . import EVENT_COMMON_FIELDS, event_schemas, operations, resolve, spec

# DESIGN §2: (operationId, method, path, tag)
DESIGN_OPERATIONS = [
    ("get_health", "get", "/v1/health", "meta"),
    ("get_capabilities", "get", "/v1/capabilities", "meta"),
    ("list_models", "get", "/v1/models", "meta"),
    ("create_agent", "post", "/v1/agents", "agents"),
    ("list_agents", "get", "/v1/agents", "agents"),
    ("get_agent", "get", "/v1/agents/{agent_id}", "agents"),
    ("update_agent", "patch", "/v1/agents/{agent_id}", "agents"),
    ("delete_agent", "delete", "/v1/agents/{agent_id}", "agents"),
    ("export_agent", "get", "/v1/agents/{agent_id}/export", "agents"),
    ("import_agent", "post", "/v1/agents/import", "agents"),
    ("create_session", "post", "/v1/sessions", "sessions"),
    ("list_sessions", "get", "/v1/sessions", "sessions"),
    ("get_session", "get", "/v1/sessions/{session_id}", "sessions"),
    ("update_session", "patch", "/v1/sessions/{session_id}", "sessions"),
    ("delete_session", "delete", "/v1/sessions/{session_id}", "sessions"),
    ("cancel_session", "post", "/v1/sessions/{session_id}/cancel", "sessions"),
    ("pause_session", "post", "/v1/sessions/{session_id}/pause", "sessions"),
    ("resume_session", "post", "/v1/sessions/{session_id}/resume", "sessions"),
    ("inject_context", "post", "/v1/sessions/{session_id}/context", "sessions"),
    ("create_turn", "post", "/v1/sessions/{session_id}/turns", "turns"),
    ("list_turns", "get", "/v1/sessions/{session_id}/turns", "turns"),
    ("get_turn", "get", "/v1/sessions/{session_id}/turns/{turn_id}", "turns"),
    ("cancel_turn", "post", "/v1/sessions/{session_id}/turns/{turn_id}/cancel", "turns"),
    ("list_events", "get", "/v1/sessions/{session_id}/events", "events"),
    ("stream_events", "get", "/v1/sessions/{session_id}/events/stream", "events"),
    ("list_elicitations", "get", "/v1/sessions/{session_id}/elicitations", "elicitations"),
    ("get_elicitation", "get", "/v1/sessions/{session_id}/elicitations/{elicitation_id}",
     "elicitations"),
    ("resolve_elicitation", "post",
     "/v1/sessions/{session_id}/elicitations/{elicitation_id}/resolve", "elicitations"),
    ("upload_file", "post", "/v1/sessions/{session_id}/files", "files"),
    ("list_files", "get", "/v1/sessions/{session_id}/files", "files"),
    ("get_file", "get", "/v1/sessions/{session_id}/files/{file_id}", "files"),
    ("download_file", "get", "/v1/sessions/{session_id}/files/{file_id}/content", "files"),
    ("delete_file", "delete", "/v1/sessions/{session_id}/files/{file_id}", "files"),
    ("create_mcp_server", "post", "/v1/mcp-servers", "mcp_servers"),
    ("list_mcp_servers", "get", "/v1/mcp-servers", "mcp_servers"),
    ("get_mcp_server", "get", "/v1/mcp-servers/{mcp_server_id}", "mcp_servers"),
    ("delete_mcp_server", "delete", "/v1/mcp-servers/{mcp_server_id}", "mcp_servers"),
    ("list_session_mcp_servers", "get", "/v1/sessions/{session_id}/mcp-servers", "mcp_servers"),
    ("set_session_mcp_servers", "put", "/v1/sessions/{session_id}/mcp-servers", "mcp_servers"),
    ("put_skill", "put", "/v1/skills/{name}", "skills"),
    ("list_skills", "get", "/v1/skills", "skills"),
    ("get_skill", "get", "/v1/skills/{name}", "skills"),
    ("delete_skill", "delete", "/v1/skills/{name}", "skills"),
    ("create_schedule", "post", "/v1/schedules", "schedules"),
    ("list_schedules", "get", "/v1/schedules", "schedules"),
    ("get_schedule", "get", "/v1/schedules/{schedule_id}", "schedules"),
    ("update_schedule", "patch", "/v1/schedules/{schedule_id}", "schedules"),
    ("delete_schedule", "delete", "/v1/schedules/{schedule_id}", "schedules"),
    ("pause_schedule", "post", "/v1/schedules/{schedule_id}/pause", "schedules"),
    ("resume_schedule", "post", "/v1/schedules/{schedule_id}/resume", "schedules"),
    ("list_schedule_occurrences", "get", "/v1/schedules/{schedule_id}/occurrences", "schedules"),
    ("get_config", "get", "/v1/config", "config"),
    ("replace_config", "put", "/v1/config", "config"),
    ("patch_config", "patch", "/v1/config", "config"),
]  # fmt: skip

EVENT_TYPES = [
    "session.status", "session.renamed", "session.usage", "turn.created", "turn.started",
    "turn.waiting", "turn.completed", "turn.failed", "turn.cancelled", "turn.incomplete",
    "message.delta", "message.completed", "reasoning.delta", "tool_call.started",
    "tool_call.completed", "elicitation.requested", "elicitation.resolved", "file.created",
    "context.injected", "skill.loaded", "log", "retry", "error",
]  # fmt: skip

OPS = operations()
OP_IDS = [op["operationId"] for _, _, op in OPS]


def _params(op: dict, path_item: dict | None = None) -> list[dict]:
    return [resolve(p) for p in op.get("parameters", [])]


def _is_authenticated(op: dict) -> bool:
    return op.get("security", spec().get("security")) != []


def test_spec_is_valid_openapi_31() -> None:
    assert spec()["openapi"].startswith("3.1")
    validate(spec())


def test_info_version_is_contract_version() -> None:
    assert spec()["info"]["version"] == "1.0.0"


def test_every_design_operation_is_present_with_method_path_and_tag() -> None:
    found = {op["operationId"]: (method, path, op.get("tags")) for method, path, op in OPS}
    for op_id, method, path, tag in DESIGN_OPERATIONS:
        assert op_id in found, f"missing operation {op_id}"
        assert found[op_id] == (method, path, [tag]), op_id
    assert len(OP_IDS) == len(set(OP_IDS)), "duplicate operationId"
    assert sorted(OP_IDS) == sorted(o[0] for o in DESIGN_OPERATIONS)


def test_security_schemes_and_unauthenticated_health() -> None:
    schemes = spec()["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["apiKeyAuth"]["in"] == "header"
    assert schemes["apiKeyAuth"]["name"] == "X-API-Key"
    health = spec()["paths"]["/v1/health"]["get"]
    assert health["security"] == []
    assert sum(not _is_authenticated(op) for _, _, op in OPS) == 1


@pytest.mark.parametrize(("method", "path", "op"), OPS, ids=OP_IDS)
def test_operation_declares_its_errors(method: str, path: str, op: dict) -> None:
    responses = op["responses"]
    errors = {int(code) for code in responses if code[0] in "45"}
    expected = {429, 500, 503}
    if _is_authenticated(op):
        expected.add(401)
    if "{" in path:
        expected.add(404)
    if "requestBody" in op:
        expected |= {400, 422}
    if method == "post":
        expected.add(409)  # idempotency_conflict
    if any(p["in"] == "header" and p["name"] == "If-Match" for p in _params(op)):
        expected |= {400, 412}
    assert expected <= errors, f"{op['operationId']} lacks {sorted(expected - errors)}"
    for code in errors:
        response = resolve(responses[str(code)])
        content = response["content"]
        assert list(content) == ["application/problem+json"], (op["operationId"], code)
        assert content["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
        if code in (429, 503):
            assert "Retry-After" in response["headers"], (op["operationId"], code)


@pytest.mark.parametrize(("method", "path", "op"), OPS, ids=OP_IDS)
def test_every_response_declares_request_id(method: str, path: str, op: dict) -> None:
    for code, response in op["responses"].items():
        headers = resolve(response).get("headers", {})
        assert "X-Request-Id" in headers, f"{op['operationId']} {code}"


@pytest.mark.parametrize(("method", "path", "op"), OPS, ids=OP_IDS)
def test_every_post_accepts_idempotency_key(method: str, path: str, op: dict) -> None:
    names = {(p["in"], p["name"]) for p in _params(op)}
    if method == "post":
        assert ("header", "Idempotency-Key") in names, op["operationId"]


def test_delete_operations_answer_204() -> None:
    for method, _, op in OPS:
        if method == "delete":
            assert "204" in op["responses"], op["operationId"]


def test_versioned_resources_use_etag_and_if_match() -> None:
    for op_id in ("update_agent", "replace_config", "patch_config"):
        op = next(o for _, _, o in OPS if o["operationId"] == op_id)
        assert any(p["name"] == "If-Match" for p in _params(op)), op_id
        assert "412" in op["responses"], op_id
    for op_id in ("get_agent", "update_agent", "get_config", "replace_config", "patch_config"):
        op = next(o for _, _, o in OPS if o["operationId"] == op_id)
        assert "ETag" in op["responses"]["200"]["headers"], op_id


def test_list_operations_share_one_shape() -> None:
    for method, _, op in OPS:
        if method != "get" or not op["operationId"].startswith("list_"):
            continue
        schema = resolve(op["responses"]["200"]["content"]["application/json"]["schema"])
        assert set(schema["required"]) >= {"object", "data", "has_more", "next_cursor"}
        assert schema["properties"]["object"]["const"] == "list"
        if op["operationId"] != "list_session_mcp_servers":
            names = {p["name"] for p in _params(op)}
            assert {"limit", "after", "order"} <= names, op["operationId"]


def test_event_union_has_every_event_with_discriminator() -> None:
    event = spec()["components"]["schemas"]["Event"]
    assert event["discriminator"]["propertyName"] == "type"
    mapping = event["discriminator"]["mapping"]
    assert sorted(mapping) == sorted(EVENT_TYPES)
    assert sorted(r["$ref"] for r in event["oneOf"]) == sorted(mapping.values())
    for event_type, schema in event_schemas().items():
        props = schema["properties"]
        assert props["type"].get("const") == event_type
        assert set(EVENT_COMMON_FIELDS) <= set(schema["required"]), event_type
        # every payload field is required, except usage extras a model may not price
        optional = set(props) - set(schema["required"])
        assert optional <= {"cost_usd", "context_window"}, (event_type, optional)


def test_stream_events_is_sse_with_event_schema() -> None:
    op = spec()["paths"]["/v1/sessions/{session_id}/events/stream"]["get"]
    media = op["responses"]["200"]["content"]["text/event-stream"]
    # the per-event schema (what schemathesis validates each event against): `data` is an Event
    data = media["schema"]["properties"]["data"]
    assert media["schema"]["required"] == ["data"]
    assert data["contentMediaType"] == "application/json"
    assert data["contentSchema"] == {"$ref": "#/components/schemas/Event"}
    assert media["x-sse-event-schema"] == {"$ref": "#/components/schemas/Event"}
    names = {(p["in"], p["name"]) for p in _params(op)}
    assert {("query", "after_sequence_number"), ("query", "turn_id"),
            ("header", "Last-Event-ID")} <= names  # fmt: skip


def test_files_endpoints() -> None:
    upload = spec()["paths"]["/v1/sessions/{session_id}/files"]["post"]
    body = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["file"]["format"] == "binary"
    assert "413" in upload["responses"]
    download = spec()["paths"]["/v1/sessions/{session_id}/files/{file_id}/content"]["get"]
    for code in ("200", "206"):
        assert "application/octet-stream" in download["responses"][code]["content"]
    assert "416" in download["responses"]
    assert any(p["name"] == "Range" for p in _params(download))
