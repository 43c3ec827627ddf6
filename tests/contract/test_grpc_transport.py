"""The SDK's gRPC transport against the contract: channel security and generic conversion.

- TLS rule (issue 14 item 10): the API key rides in gRPC metadata, so a bare ``host:port``
  target gets TLS unless the REST base URL is plain ``http://``; ``http://``/``grpc://``/
  ``insecure://`` targets are plaintext, ``https://``/``grpcs://`` TLS. Proved on the wire: a
  raw TCP listener sees a TLS ClientHello and never the key.
- Requests are built from REST-shaped dicts by the message descriptors; a field the proto
  lacks raises instead of being dropped; unions (approval policy, input items, content parts)
  and the ``previous_turn_id`` convention round-trip.
- Responses: an unset optional field is absent (UNSET), a nullable required one ``None`` —
  the same as REST.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from agenthub import AgentHub, CapabilityUnavailableError
from agenthub._async._grpc import (
    _fields_to_rest,
    grpc_channel_is_secure,
    message_to_rest,
    rest_to_message,
)
from agenthub._sync._grpc import GrpcTransport

pb2 = pytest.importorskip("agenthub_proto.v1.session_service_pb2")
common_pb2 = pytest.importorskip("agenthub_proto.v1.common_pb2")

KEY = "ah_test_tls_secret_0123456789abcdef"


@pytest.mark.parametrize(
    ("target", "base_url", "expected"),
    [
        ("api.example.com:443", "https://api.example.com", ("api.example.com:443", True)),
        ("10.0.0.5:50051", "https://api.example.com", ("10.0.0.5:50051", True)),
        ("127.0.0.1:50051", "http://127.0.0.1:8080", ("127.0.0.1:50051", False)),
        ("http://h:1", "https://api.example.com", ("h:1", False)),
        ("insecure://h:1", "https://api.example.com", ("h:1", False)),
        ("grpc://h:1", "https://api.example.com", ("h:1", False)),
        ("https://h:1", "http://127.0.0.1:8080", ("h:1", True)),
        ("grpcs://h:1", "http://127.0.0.1:8080", ("h:1", True)),
    ],
)  # fmt: skip
def test_tls_rule(target: str, base_url: str, expected: tuple[str, bool]) -> None:
    assert grpc_channel_is_secure(target, base_url) == expected


def test_unknown_target_scheme_is_a_configuration_error() -> None:
    from agenthub import ConfigurationError

    with pytest.raises(ConfigurationError, match="ftp"):
        grpc_channel_is_secure("ftp://h:1", "https://x")


class _Sniffer:
    """A TCP listener that records the first bytes a client sends, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.data = b""
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.sock.settimeout(10)
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(0.3)  # the client's first flight is all we need
            try:
                while len(self.data) < 65536:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    self.data += chunk
            except OSError:
                pass

    def close(self) -> None:
        self.sock.close()
        self.thread.join(5)


@pytest.mark.parametrize(("base_url", "plaintext"), [("https://api.example.com", False),
                                                     ("http://127.0.0.1:9", True)])  # fmt: skip
def test_api_key_never_goes_over_plaintext_grpc_to_a_bare_target(
    base_url: str, plaintext: bool
) -> None:
    sniffer = _Sniffer()
    try:
        with AgentHub(api_key=KEY, base_url=base_url, max_retries=0, timeout=1) as hub:
            transport = GrpcTransport(hub._pipeline, f"127.0.0.1:{sniffer.port}")
            assert transport.secure is not plaintext
            with pytest.raises(Exception):  # noqa: B017 - the listener is no gRPC server
                transport.get_session("ses_1")
            transport.close()
    finally:
        sniffer.close()
    if plaintext:
        # the control: a plain-http deployment does send the metadata in the clear (HTTP/2
        # preface), which is what the rule keeps away from https deployments
        assert sniffer.data.startswith(b"PRI * HTTP/2.0"), sniffer.data[:40]
    else:
        assert sniffer.data[:1] == b"\x16", f"no TLS handshake: {sniffer.data[:40]!r}"
        assert KEY.encode() not in sniffer.data
        assert b"authorization" not in sniffer.data.lower()


# --------------------------------------------------------------------------------------------
# generic conversion


def test_request_fields_and_unions_are_built_from_the_rest_dict() -> None:
    req = rest_to_message(
        {
            "agent_id": "agt_1",
            "name": None,  # REST null = unset
            "labels": {"team": "risk"},
            "require_approval": ["calculator", "clock"],
            "metadata": {"k": "v"},
        },
        pb2.CreateSessionRequest,
    )
    assert req.agent_id == "agt_1" and not req.HasField("name")
    assert dict(req.labels) == {"team": "risk"} and dict(req.metadata) == {"k": "v"}
    assert list(req.require_approval.tool_names.names) == ["calculator", "clock"]
    mode = rest_to_message(
        {"agent_id": "a", "require_approval": "always"}, pb2.CreateSessionRequest
    )
    assert mode.require_approval.mode == "always"

    turn = rest_to_message(
        {
            "session_id": "ses_1",
            "input": [
                {"type": "user.message", "content": "hi"},
                {"type": "user.message", "content": [
                    {"type": "text", "text": "see"},
                    {"type": "file", "file_id": "file_1"},
                    {"type": "file_data", "filename": "a", "data": "data:text/plain;base64,aA=="},
                ]},
                {"type": "user.context", "text": "ctx", "source": "crm"},
            ],
        },
        pb2.CreateTurnRequest,
    )  # fmt: skip
    first, second, third = turn.input
    assert first.user_message.content.text == "hi"
    parts = second.user_message.content.parts.parts
    assert [p.WhichOneof("part") for p in parts] == ["text", "file", "file_data"]
    assert parts[2].file_data.filename == "a"
    assert third.user_context.source == "crm"
    # and back: the proto input is REST's input again
    assert message_to_rest(turn)["input"][1]["content"][1] == {"type": "file", "file_id": "file_1"}


def test_a_field_the_proto_lacks_raises_instead_of_being_dropped() -> None:
    with pytest.raises(CapabilityUnavailableError, match="priority"):
        rest_to_message({"agent_id": "a", "priority": 3}, pb2.CreateSessionRequest)
    with pytest.raises(ValueError, match="bogus"):
        rest_to_message(
            {"session_id": "s", "input": [{"type": "user.context", "text": "x", "bogus": 1}]},
            pb2.CreateTurnRequest,
        )


def test_unset_optional_response_field_is_absent_and_nullable_one_is_none() -> None:
    from agenthub_openapi.models.session import Session
    from agenthub_openapi.types import UNSET

    msg = common_pb2.Session(id="ses_1", object="session", agent_id="agt_1", status="idle",
                             usage=common_pb2.Usage(), created_at="2026-01-01T00:00:00Z",
                             updated_at="2026-01-01T00:00:00Z")  # fmt: skip
    data = message_to_rest(msg)
    # `name`, `active_turn_id`, `require_approval` are required-and-nullable in the spec
    assert data["name"] is None and data["active_turn_id"] is None
    assert data["require_approval"] is None
    # a field the REST schema does not require is absent when unset (UNSET, like REST)
    optional = _fields_to_rest(msg, frozenset({"id"}))
    assert "name" not in optional and "active_turn_id" not in optional
    Session.from_dict(data)
    assert UNSET is not None


def test_struct_numbers_come_back_as_ints() -> None:
    from google.protobuf import struct_pb2

    s = struct_pb2.Struct()
    s.update({"n": 3, "x": 2.5, "nested": {"m": [1, 2.0, "a"]}})
    assert message_to_rest(s) == {"n": 3, "x": 2.5, "nested": {"m": [1, 2, "a"]}}
    assert type(message_to_rest(s)["n"]) is int


def test_json_ints_cover_request_values_too() -> None:
    req = rest_to_message(
        {"session_id": "s", "elicitation_id": "e", "action": "accept", "content": {"n": 1}},
        pb2.ResolveElicitationRequest,
    )
    assert req.content["n"] == 1.0
    data: Any = message_to_rest(req)
    assert data["content"] == {"n": 1}


@pytest.mark.parametrize(
    ("schema", "request_message", "path_fields"),
    [
        ("SessionCreate", "CreateSessionRequest", {"agent_id": "agt_1"}),
        ("TurnCreate", "CreateTurnRequest", {"session_id": "ses_1"}),
        ("ResolveElicitationRequest", "ResolveElicitationRequest",
         {"session_id": "ses_1", "elicitation_id": "eli_1"}),
    ],
)  # fmt: skip
def test_every_spec_example_body_round_trips_through_the_grpc_request(
    schema: str, request_message: str, path_fields: dict[str, str]
) -> None:
    """Each request-body example of the spec becomes the gRPC request with no field lost:
    converted back, it is the same JSON (a dropped or retyped field would differ)."""
    from . import resolve

    examples = resolve({"$ref": f"#/components/schemas/{schema}"}).get("examples") or []
    assert examples, f"{schema} has no examples"
    for example in examples:
        body = {**path_fields, **example}
        if request_message == "CreateTurnRequest" and "previous_turn_id" in body:
            body.pop("previous_turn_id")  # proto convention: "auto" is unset (see transport)
        try:
            message = rest_to_message(body, getattr(pb2, request_message))
        except CapabilityUnavailableError as exc:
            pytest.fail(f"{schema} example has a field gRPC cannot carry: {exc}")
        back = message_to_rest(message)
        back.pop("idempotency_key", None)
        assert {k: v for k, v in back.items() if v not in ({}, [], None, "")} == {
            k: v for k, v in body.items() if v not in ({}, [], None, "")
        }


def test_grpc_transport_carries_every_request_field(hub: AgentHub) -> None:
    """Through the SDK's gRPC transport against the reference server, every SessionCreate /
    TurnCreate field the proto has arrives (read back over REST): a transport that drops a
    field fails here. Values are set for every property both contracts share."""
    from . import resolve

    def shared(schema: str, message: str) -> set[str]:
        props = set(resolve({"$ref": f"#/components/schemas/{schema}"})["properties"])
        return props & set(getattr(pb2, message).DESCRIPTOR.fields_by_name)

    agent = hub.agents.create(name="grpc-fields", model="scripted", tools=["calculator"])
    session_body = {
        "agent_id": agent.id,
        "name": "over grpc",
        "labels": {"team": "risk"},
        "require_approval": ["calculator"],
        "metadata": {"k": "v"},
    }
    assert set(session_body) == shared("SessionCreate", "CreateSessionRequest")
    session = hub.sessions.create(**session_body, transport="grpc")
    rest = hub.request("GET", f"/v1/sessions/{session.id}")
    assert {k: rest[k] for k in session_body} == session_body

    turn_fields: dict[str, Any] = {"previous_turn_id": None, "metadata": {"m": "1"}}
    if "output_schema" in pb2.CreateTurnRequest.DESCRIPTOR.fields_by_name:
        turn_fields["output_schema"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert set(turn_fields) | {"input"} == shared("TurnCreate", "CreateTurnRequest")
    turn = session.create_turn("hello grpc", **turn_fields).start()
    rest_turn = hub.request("GET", f"/v1/sessions/{session.id}/turns/{turn.id}")
    assert {k: rest_turn[k] for k in turn_fields} == turn_fields
    assert rest_turn["input"] == [{"type": "user.message", "content": "hello grpc"}]
