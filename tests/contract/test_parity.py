"""REST (OpenAPI) and gRPC (protobuf) describe the same events and resources, field for field."""

from __future__ import annotations

import pytest

from . import EVENT_COMMON_FIELDS, event_schemas, resolve, spec

events_pb2 = pytest.importorskip("agenthub_proto.v1.events_pb2")
common_pb2 = pytest.importorskip("agenthub_proto.v1.common_pb2")
session_service_pb2 = pytest.importorskip("agenthub_proto.v1.session_service_pb2")

EVENT = events_pb2.DESCRIPTOR.message_types_by_name["Event"]
PAYLOAD = EVENT.oneofs_by_name["payload"]

DESIGN_RPCS = {
    "CreateSession": False,
    "GetSession": False,
    "ListSessions": False,
    "CancelSession": False,
    "CreateTurn": False,
    "GetTurn": False,
    "CancelTurn": False,
    "ResolveElicitation": False,
    "StreamEvents": True,
}  # fmt: skip  (name -> server streaming)


def _schema(name: str) -> dict:
    return resolve({"$ref": f"#/components/schemas/{name}"})


def test_event_common_fields_exist_on_proto_event() -> None:
    names = {f.name for f in EVENT.fields if f.containing_oneof is not PAYLOAD}
    assert names == set(EVENT_COMMON_FIELDS)
    assert EVENT.fields_by_name["turn_id"].has_presence  # nullable in REST


@pytest.mark.parametrize("event_type", sorted(event_schemas()))
def test_every_rest_event_has_its_proto_payload(event_type: str) -> None:
    schema = event_schemas()[event_type]
    rest_payload = set(schema["properties"]) - set(EVENT_COMMON_FIELDS)
    field_name = event_type.replace(".", "_")
    fields = {f.name: f for f in PAYLOAD.fields}
    assert field_name in fields, f"no oneof payload field {field_name!r} for {event_type}"
    message = fields[field_name].message_type
    assert {f.name for f in message.fields} == rest_payload, event_type


def test_proto_has_no_extra_event_payloads() -> None:
    # `heartbeat` is the gRPC stream's keep-alive (REST's `: heartbeat` comment), not an event
    payloads = {f.name for f in PAYLOAD.fields} - {"heartbeat"}
    assert payloads == {t.replace(".", "_") for t in event_schemas()}


@pytest.mark.parametrize(
    "name",
    ["Usage", "Session", "Turn", "TurnResult", "ToolCall", "TurnError", "Elicitation", "File",
     "TextPart", "FilePart", "FileDataPart", "UserMessageInput", "UserContextInput"],
)  # fmt: skip
def test_resources_mirror_rest_schemas(name: str) -> None:
    message = common_pb2.DESCRIPTOR.message_types_by_name[name]
    assert {f.name for f in message.fields} == set(_schema(name)["properties"]), name


@pytest.mark.parametrize(
    ("request_message", "rest_schema", "path_fields"),
    [
        ("CreateSessionRequest", "SessionCreate", set()),
        ("CreateTurnRequest", "TurnCreate", {"session_id"}),
        ("ResolveElicitationRequest", "ResolveElicitationRequest",
         {"session_id", "elicitation_id"}),
    ],
)  # fmt: skip
def test_request_messages_mirror_rest_bodies(
    request_message: str, rest_schema: str, path_fields: set[str]
) -> None:
    message = session_service_pb2.DESCRIPTOR.message_types_by_name[request_message]
    names = {f.name for f in message.fields}
    assert names == set(_schema(rest_schema)["properties"]) | path_fields | {"idempotency_key"}


def test_list_sessions_request_matches_rest_query() -> None:
    op = spec()["paths"]["/v1/sessions"]["get"]
    query = {resolve(p)["name"] for p in op["parameters"] if resolve(p)["in"] == "query"}
    message = session_service_pb2.DESCRIPTOR.message_types_by_name["ListSessionsRequest"]
    names = {f.name for f in message.fields}
    assert names == (query - {"label"}) | {"labels"}
    response = session_service_pb2.DESCRIPTOR.message_types_by_name["ListSessionsResponse"]
    assert {f.name for f in response.fields} == {"data", "has_more", "next_cursor"}


def test_stream_events_request_matches_rest() -> None:
    message = session_service_pb2.DESCRIPTOR.message_types_by_name["StreamEventsRequest"]
    assert {f.name for f in message.fields} == {"session_id", "after_sequence_number", "turn_id"}


def test_session_service_has_every_design_rpc() -> None:
    service = session_service_pb2.DESCRIPTOR.services_by_name["SessionService"]
    assert service.full_name == "agenthub.v1.SessionService"
    methods = {m.name: m for m in service.methods}
    assert set(methods) == set(DESIGN_RPCS)
    for name, streaming in DESIGN_RPCS.items():
        assert methods[name].server_streaming is streaming, name
        assert methods[name].client_streaming is False, name
    assert methods["StreamEvents"].output_type.full_name == "agenthub.v1.Event"
