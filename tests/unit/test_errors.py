"""Status → class mapping, odd bodies, gRPC mapping."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
import respx
from agenthub_openapi.problems import PROBLEM_CODES

import agenthub
from agenthub import (
    AgentHub,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncAgentHub,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PreconditionFailedError,
    ProtocolError,
    RateLimitError,
    UnprocessableEntityError,
)
from agenthub._exceptions import ValidationIssue
from agenthub._grpc_errors import from_grpc
from agenthub._http_errors import from_response, parse_retry_after

BASE = "http://agenthub.test"

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (405, APIStatusError),
    (409, ConflictError),
    (410, APIStatusError),
    (412, PreconditionFailedError),
    (413, PayloadTooLargeError),
    (416, APIStatusError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (501, InternalServerError),
    (503, InternalServerError),
    (599, InternalServerError),
]


def problem(status: int, code: str = "some_code", **extra: object) -> dict[str, object]:
    return {
        "type": f"https://agenthub.dev/problems/{code}",
        "title": "Title",
        "status": status,
        "detail": f"detail for {status}",
        "code": code,
        "request_id": "req_body",
        **extra,
    }


def hub() -> AgentHub:
    return AgentHub(api_key="k", base_url=BASE, max_retries=0)


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_status_maps_to_class(status: int, cls: type[APIStatusError]) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(
            status,
            json=problem(status),
            headers={"content-type": "application/problem+json", "x-request-id": "req_h"},
        )
        with pytest.raises(APIStatusError) as info:
            hub().agents.get("agt_1")
    err = info.value
    assert type(err) is cls
    assert err.status_code == status
    assert err.code == "some_code"
    assert err.request_id == "req_body"
    assert isinstance(err.body, dict) and err.body["detail"] == f"detail for {status}"
    assert err.response is not None and err.headers["x-request-id"] == "req_h"
    assert f"detail for {status}" in str(err)


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_maps_to_class_async(status: int, cls: type[APIStatusError]) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(status, json=problem(status))
        async with AsyncAgentHub(api_key="k", base_url=BASE, max_retries=0) as client:
            with pytest.raises(cls):
                await client.agents.get("agt_1")


def test_422_errors_list() -> None:
    issues = [
        {"loc": ["body", "name"], "msg": "field required", "type": "missing"},
        {"loc": ["body", "tools", 0], "msg": "bad", "type": "value_error"},
    ]
    with respx.mock(base_url=BASE) as mock:
        mock.post("/v1/agents").respond(422, json=problem(422, "validation_error", errors=issues))
        with pytest.raises(UnprocessableEntityError) as info:
            hub().agents.create(name="")
    errors = info.value.errors
    assert [e.loc for e in errors] == [("body", "name"), ("body", "tools", 0)]
    assert errors[0].msg == "field required" and errors[0].type == "missing"
    assert str(errors[1]) == "body.tools.0: bad"


def test_429_retry_after() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/a").respond(
            429, json=problem(429, "rate_limited"), headers={"retry-after": "7"}
        )
        with pytest.raises(RateLimitError) as info:
            hub().agents.get("a")
    assert info.value.retry_after == 7.0


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
        (b"", "text/plain"),
        (b"upstream connect error", "text/plain"),
        (b'{"error": {"message": "foreign gateway says no"}}', "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
    ],
)
def test_odd_error_bodies_still_map_by_status(content: bytes, content_type: str) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/a").respond(
            404, content=content, headers={"content-type": content_type}
        )
        with pytest.raises(NotFoundError) as info:
            hub().agents.get("a")
    err = info.value
    assert err.status_code == 404 and err.code is None
    assert "404" in str(err)
    if content.startswith(b"<html"):
        assert "502 Bad Gateway" in str(err.body)
    if b"foreign" in content:
        assert "foreign gateway says no" in str(err)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"<html>ok</html>", b'{"id": "agt_1"}', b"[]", b'"string"', b"null"],
)
def test_bad_success_body_is_protocol_error(body: bytes) -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/agt_1").respond(200, content=body)
        with pytest.raises(ProtocolError):
            hub().agents.get("agt_1")


def test_bad_list_body_is_protocol_error() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents").respond(200, json={"object": "list", "data": [{"id": 1}]})
        with pytest.raises(ProtocolError):
            hub().agents.list()
        mock.get("/v1/agents").respond(200, json={"object": "list", "items": []})
        with pytest.raises(ProtocolError):
            hub().agents.list()


def test_transport_errors_are_mapped() -> None:
    with respx.mock(base_url=BASE) as mock:
        mock.get("/v1/agents/a").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(APIConnectionError) as info:
            hub().agents.get("a")
        assert not isinstance(info.value, APITimeoutError)
        mock.get("/v1/agents/b").mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(APITimeoutError):
            hub().agents.get("b")
        mock.get("/v1/agents/c").mock(side_effect=httpx.RemoteProtocolError("bad"))
        with pytest.raises(APIConnectionError):
            hub().agents.get("c")


def test_hierarchy() -> None:
    assert issubclass(agenthub.ConfigurationError, agenthub.AgentHubError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, agenthub.APIError)
    assert issubclass(NotFoundError, APIStatusError)
    assert issubclass(agenthub.APIError, agenthub.AgentHubError)
    for name in ("ProtocolError", "StreamError", "TurnFailedError", "PollTimeoutError"):
        assert issubclass(getattr(agenthub, name), agenthub.AgentHubError)
    assert issubclass(agenthub.CapabilityUnavailableError, agenthub.AgentHubError)


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"retry-after": "3600"}) == 60.0
    assert parse_retry_after({"retry-after": "-4"}) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None
    now = time.time()
    date = email.utils.formatdate(now + 10, usegmt=True)
    delay = parse_retry_after({"retry-after": date})
    assert delay is not None and 8.5 <= delay <= 10.5


def test_from_response_uses_header_request_id() -> None:
    request = httpx.Request("GET", f"{BASE}/v1/x")
    response = httpx.Response(
        500, json={"detail": "boom"}, headers={"x-request-id": "req_h"}, request=request
    )
    err = from_response(response)
    assert isinstance(err, InternalServerError) and err.request_id == "req_h"


# -- gRPC ------------------------------------------------------------------------------------

GRPC_TABLE = [
    ("INVALID_ARGUMENT", BadRequestError, 400),
    ("UNAUTHENTICATED", AuthenticationError, 401),
    ("PERMISSION_DENIED", PermissionDeniedError, 403),
    ("NOT_FOUND", NotFoundError, 404),
    ("ALREADY_EXISTS", ConflictError, 409),
    ("ABORTED", ConflictError, 409),
    ("FAILED_PRECONDITION", PreconditionFailedError, 412),
    ("OUT_OF_RANGE", APIStatusError, 416),
    ("RESOURCE_EXHAUSTED", RateLimitError, 429),
    ("INTERNAL", InternalServerError, 500),
    ("UNKNOWN", InternalServerError, 500),
    ("DATA_LOSS", InternalServerError, 500),
    ("UNIMPLEMENTED", InternalServerError, 501),
]


@pytest.mark.parametrize(("code", "cls", "status"), GRPC_TABLE)
def test_grpc_code_mapping(code: str, cls: type[APIStatusError], status: int) -> None:
    err = from_grpc(code, "went wrong")
    assert type(err) is cls
    assert isinstance(err, APIStatusError) and err.status_code == status
    assert "went wrong" in str(err)


def test_grpc_unavailable_without_error_info_is_a_connection_error() -> None:
    # the channel failed (refused, reset): no server answered, as with a refused HTTP connection
    err = from_grpc("UNAVAILABLE", "failed to connect to all addresses")
    assert type(err) is APIConnectionError
    assert "failed to connect" in str(err)


def test_grpc_code_forms() -> None:
    grpc = pytest.importorskip("grpc")
    assert isinstance(from_grpc(grpc.StatusCode.NOT_FOUND, "x"), NotFoundError)
    assert isinstance(from_grpc("deadline_exceeded", "x"), APITimeoutError)


def _status_details(reason: str | None, retry_seconds: float | None = None) -> bytes:
    from google.protobuf import duration_pb2
    from google.rpc import error_details_pb2, status_pb2

    status = status_pb2.Status(code=9, message="from details")
    if reason is not None:
        info = error_details_pb2.ErrorInfo(
            reason=reason, domain="agenthub", metadata={"request_id": "req_grpc"}
        )
        status.details.add().Pack(info)
    if retry_seconds is not None:
        whole = int(retry_seconds)
        retry = error_details_pb2.RetryInfo(
            retry_delay=duration_pb2.Duration(
                seconds=whole, nanos=int((retry_seconds - whole) * 1e9)
            )
        )
        status.details.add().Pack(retry)
    return status.SerializeToString()


@pytest.mark.parametrize(
    ("reason", "cls"),
    [
        ("turn_in_progress", ConflictError),
        ("already_resolved", ConflictError),
        ("precondition_failed", PreconditionFailedError),
        ("stale_previous_turn", PreconditionFailedError),
    ],
)
def test_grpc_failed_precondition_uses_reason(reason: str, cls: type[APIStatusError]) -> None:
    pytest.importorskip("google.rpc.status_pb2")
    metadata = [("grpc-status-details-bin", _status_details(reason))]
    err = from_grpc("FAILED_PRECONDITION", "nope", metadata)
    assert type(err) is cls
    assert isinstance(err, APIStatusError)
    assert err.code == reason and err.request_id == "req_grpc"


def test_grpc_retry_info() -> None:
    pytest.importorskip("google.rpc.status_pb2")
    metadata = [("grpc-status-details-bin", _status_details("service_unavailable", 1.5))]
    err = from_grpc("UNAVAILABLE", "", metadata)
    assert isinstance(err, InternalServerError)
    assert err.status_code == 503 and err.retry_after == 1.5
    assert "from details" in str(err)


def test_grpc_garbage_details() -> None:
    err = from_grpc("NOT_FOUND", "x", [("grpc-status-details-bin", b"\x00garbage\xff")])
    assert isinstance(err, NotFoundError)
    err = from_grpc("NOT_FOUND", "x", [("x-request-id", "req_meta")])
    assert isinstance(err, NotFoundError) and err.request_id == "req_meta"


def _bad_request_details(
    violations: list[tuple[str, str]], *, reason: str | None = "validation_error"
) -> bytes:
    from google.rpc import error_details_pb2, status_pb2

    status = status_pb2.Status(code=3, message="Request validation failed")
    if reason is not None:
        status.details.add().Pack(
            error_details_pb2.ErrorInfo(
                reason=reason, domain="agenthub", metadata={"request_id": "req_br"}
            )
        )
    status.details.add().Pack(
        error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=f, description=d)
                for f, d in violations
            ]
        )
    )
    return status.SerializeToString()


def test_grpc_bad_request_violations_become_errors() -> None:
    pytest.importorskip("google.rpc.error_details_pb2")
    raw = _bad_request_details(
        [("content.output", "field required"), ("input.0.content", "must not be empty")]
    )
    err = from_grpc(
        "INVALID_ARGUMENT", "Request validation failed", [("grpc-status-details-bin", raw)]
    )
    assert isinstance(err, UnprocessableEntityError)
    assert err.status_code == 422 and err.code == "validation_error"
    assert err.request_id == "req_br"
    assert [(i.loc, i.msg) for i in err.errors] == [
        (("content", "output"), "field required"),
        (("input", 0, "content"), "must not be empty"),
    ]
    assert all(isinstance(i, ValidationIssue) and i.type for i in err.errors)
    assert str(err.errors[1]) == "input.0.content: must not be empty"


def test_grpc_bad_request_without_error_info_is_422() -> None:
    pytest.importorskip("google.rpc.error_details_pb2")
    raw = _bad_request_details([("name", "too long"), ("", "body invalid")], reason=None)
    err = from_grpc("INVALID_ARGUMENT", "", [("grpc-status-details-bin", raw)])
    assert isinstance(err, UnprocessableEntityError)
    assert [i.loc for i in err.errors] == [("name",), ()]
    # without violations INVALID_ARGUMENT stays a 400
    plain = from_grpc("INVALID_ARGUMENT", "bad cursor")
    assert type(plain) is BadRequestError and plain.status_code == 400


def test_grpc_malformed_detail_does_not_hide_the_others() -> None:
    pytest.importorskip("google.rpc.error_details_pb2")
    from google.protobuf import any_pb2
    from google.rpc import error_details_pb2, status_pb2

    status = status_pb2.Status(code=3, message="bad")
    broken = any_pb2.Any(
        type_url="type.googleapis.com/google.rpc.BadRequest", value=b"\xff\xff\xff"
    )
    status.details.append(broken)
    status.details.add().Pack(
        error_details_pb2.ErrorInfo(reason="validation_error", metadata={"request_id": "r1"})
    )
    err = from_grpc(
        "INVALID_ARGUMENT", "", [("grpc-status-details-bin", status.SerializeToString())]
    )
    assert isinstance(err, UnprocessableEntityError)
    assert err.request_id == "r1" and err.errors == []


def test_turn_failed_error_message_names_turn_status_and_error() -> None:
    from agenthub._exceptions import TurnFailedError
    from agenthub._results import turn_outcome

    class _Err:
        code = "model_error"
        message = "the model crashed"

    with pytest.raises(TurnFailedError) as info:
        turn_outcome("failed", None, _Err(), turn_id="trn_1", session_id="ses_1")
    err, text = info.value, str(info.value)
    assert text == "turn trn_1 ended failed (model_error: the model crashed) [session_id=ses_1]"
    assert err.turn_id == "trn_1" and err.status == "failed" and err.code == "model_error"
    with pytest.raises(TurnFailedError) as info:
        turn_outcome("cancelled", None, None, turn_id="trn_2", session_id=None)
    assert str(info.value) == "turn trn_2 ended cancelled (no error details)"
    assert info.value.code is None


def test_poll_timeout_error_names_last_status_and_elapsed() -> None:
    from agenthub._exceptions import PollTimeoutError

    state = object()
    err = PollTimeoutError.for_turn("trn_9", "waiting", 2.345, last_state=state)
    assert "trn_9" in str(err) and "waiting" in str(err) and "2.3s" in str(err)
    assert err.last_state is state and err.last_status == "waiting" and err.elapsed == 2.345


def test_grpc_code_given_as_status_code_or_name() -> None:
    grpc = pytest.importorskip("grpc")
    for code in (grpc.StatusCode.NOT_FOUND, "NOT_FOUND", "not_found"):
        err = from_grpc(code, "gone")
        assert type(err) is NotFoundError and isinstance(err.body, dict)
        assert err.body["grpc_code"] == "NOT_FOUND"
    assert type(from_grpc("NO_SUCH_CODE", "odd")) is InternalServerError
    assert type(from_grpc(None, "odd")) is InternalServerError  # not a code at all → UNKNOWN


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_contract_problem_codes_read_alike_over_rest_and_grpc(code: str) -> None:
    """Each problem code of the contract (``x-problem-codes``), as the reference server renders
    it on both transports, reaches the caller as the same class, status and code."""
    pytest.importorskip("grpc_status")
    from agenthub_server.errors import ApiError
    from agenthub_server.grpc_service import to_status

    declared = PROBLEM_CODES[code]
    err = ApiError(code, f"detail of {code}")
    body = err.problem("req_same")
    assert (body["status"], body["title"]) == (declared.status, declared.title)
    rest = from_response(
        httpx.Response(
            err.status,
            json=body,
            headers={"content-type": "application/problem+json"},
            request=httpx.Request("GET", BASE),
        )
    )
    status = to_status(err, "req_same")
    assert status.code.name == declared.grpc_status
    over_grpc = from_grpc(status.code, status.details, status.trailing_metadata)
    assert isinstance(over_grpc, APIStatusError)
    assert type(over_grpc) is type(rest)
    assert over_grpc.status_code == rest.status_code == declared.status
    assert over_grpc.code == rest.code == code
    assert over_grpc.request_id == rest.request_id == "req_same"
