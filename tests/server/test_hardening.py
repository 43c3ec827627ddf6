"""Hostile and careless input (issue 14, server items): refused before anything is stored."""

from __future__ import annotations

import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest
from agenthub_proto.v1 import session_service_pb2 as pb
from agenthub_proto.v1 import session_service_pb2_grpc as pb_grpc
from ahs_helpers import KEY_A, ROOT, make_agent, make_session, start_turn, wait_turn

from agenthub_server import LocalServer, ServerConfig

JSON = {"Content-Type": "application/json"}
SURROGATE = b'"x\\ud800"'  # valid JSON syntax, not valid text


def _problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["request_id"] == r.headers["x-request-id"]
    return body


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# ----------------------------------------------------------------------------- 1. surrogates
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/agents", b'{"name": ' + SURROGATE + b"}"),
        ("POST", "/v1/agents", b'{"name": "a", "metadata": {' + SURROGATE + b': "v"}}'),
        ("PUT", "/v1/skills/s1", b'{"content": ' + SURROGATE + b"}"),
        ("PUT", "/v1/config", b'{"config": {"k": [' + SURROGATE + b"]}}"),
    ],
)
def test_lone_surrogates_are_refused_and_nothing_is_stored(
    client: httpx.Client, method: str, path: str, body: bytes
) -> None:
    before = client.get("/v1/agents", params={"limit": 100}).json()["data"]
    r = client.request(method, path, content=body, headers=JSON)
    assert "surrogate" in _problem(r, 400)["detail"]
    # every list/get of the kind still works and shows nothing new
    after = client.get("/v1/agents", params={"limit": 100})
    assert after.status_code == 200 and after.json()["data"] == before
    assert client.get("/v1/skills").status_code == 200
    assert client.get("/v1/config").status_code == 200
    assert client.get("/v1/skills/s1").status_code == 404


def test_surrogate_in_turn_input_leaves_no_orphan_turn(client: httpx.Client) -> None:
    sid = make_session(client, labels={"k": "v"})["id"]
    raw = b'{"input": [{"type": "user.message", "content": ' + SURROGATE + b"}]}"
    _problem(client.post(f"/v1/sessions/{sid}/turns", content=raw, headers=JSON), 400)
    r = client.patch(f"/v1/sessions/{sid}", content=b'{"labels": {"a": ' + SURROGATE + b"}}")
    _problem(r, 400)
    assert client.get(f"/v1/sessions/{sid}/turns").json()["data"] == []
    assert client.get(f"/v1/sessions/{sid}").json()["labels"] == {"k": "v"}
    t = start_turn(client, sid, "still usable \U0001f600")  # a proper surrogate *pair* is fine
    assert wait_turn(client, sid, t["id"])["result"]["text"] == "still usable \U0001f600"


def test_failed_request_writes_nothing_and_500_is_a_problem(
    server: LocalServer, client: httpx.Client
) -> None:
    sid = make_session(client)["id"]
    body = {"input": [{"type": "user.message", "content": "hello"}]}
    headers = {"Idempotency-Key": "hardening-500-retry", "X-Request-Id": "req_hardening_1"}
    # a 500 answered by the project's handler (not Starlette's text/plain one), rolled back
    with _patched_bus(server):
        r = client.post(f"/v1/sessions/{sid}/turns", json=body, headers=headers)
    problem = _problem(r, 500)
    assert problem["code"] == "internal_error" and problem["request_id"] == "req_hardening_1"
    assert "simulated" not in r.text  # no internals leak
    assert client.get(f"/v1/sessions/{sid}/turns").json()["data"] == []
    sess = client.get(f"/v1/sessions/{sid}").json()
    assert sess["active_turn_id"] is None and sess["last_sequence_number"] == 0
    # the 500 was not recorded as the key's result: the retry runs and creates exactly one turn
    retry = client.post(f"/v1/sessions/{sid}/turns", json=body, headers=headers)
    assert retry.status_code == 201 and "idempotency-replayed" not in retry.headers
    wait_turn(client, sid, retry.json()["id"])
    turns = client.get(f"/v1/sessions/{sid}/turns").json()["data"]
    assert [t["id"] for t in turns] == [retry.json()["id"]]
    events = client.get(f"/v1/sessions/{sid}/events", params={"limit": 100}).json()["data"]
    assert [e["sequence_number"] for e in events] == list(range(1, len(events) + 1))


class _patched_bus:
    """Context manager form of ``broken_turn_events`` usable inside a test body."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.bus = server.hub.bus
        self.original = self.bus.append

    def __enter__(self) -> None:
        original = self.original

        def failing(session_id: str, typ: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            if typ == "turn.created":
                raise RuntimeError("simulated storage failure")
            return original(session_id, typ, *args, **kwargs)

        self.server.call(setattr, self.bus, "append", failing)

    def __exit__(self, *exc: object) -> None:
        self.server.call(setattr, self.bus, "append", self.original)


def test_unhandled_error_is_logged_with_traceback(
    server: LocalServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    sid = make_session(client)["id"]
    body = {"input": [{"type": "user.message", "content": "x"}]}
    with caplog.at_level("ERROR", logger="agenthub_server"), _patched_bus(server):
        r = client.post(f"/v1/sessions/{sid}/turns", json=body)
    _problem(r, 500)
    logged = [
        rec
        for rec in caplog.records
        if rec.exc_info and r.headers["x-request-id"] in rec.getMessage()
    ]
    assert logged and "simulated storage failure" in str(logged[0].exc_info[1])


# ----------------------------------------------------------------------------- 2. keep-alive
def test_keep_alive_requests_are_not_delayed_by_nagle(server: LocalServer) -> None:
    with httpx.Client(base_url=server.base_url, headers={"X-API-Key": KEY_A}) as c:
        sid = make_session(c)["id"]
        c.get(f"/v1/sessions/{sid}")  # connection established
        times = []
        for _ in range(50):
            t = time.perf_counter()
            assert c.get(f"/v1/sessions/{sid}").status_code == 200
            times.append(time.perf_counter() - t)
    # Nagle + delayed ACK made *every* keep-alive request ~44 ms; with TCP_NODELAY it is ~1 ms.
    # Bounds generous enough for a loaded CI machine, far below the Nagle delay.
    quartiles = statistics.quantiles(times, n=4)
    assert quartiles[0] < 0.010 and quartiles[1] < 0.025, [round(t * 1000, 1) for t in times]


# ----------------------------------------------------------------------------- 4. body limit
@pytest.fixture(scope="module")
def small_body_server() -> Iterator[LocalServer]:
    with LocalServer(
        ServerConfig(api_keys=[KEY_A], grpc=False, max_body_bytes=64 * 1024, header_timeout=1.0)
    ) as srv:
        yield srv


def test_json_body_over_the_limit_is_413(small_body_server: LocalServer) -> None:
    url = small_body_server.base_url
    auth = {"Authorization": f"Bearer {KEY_A}", **JSON}
    with httpx.Client(base_url=url, headers=auth, timeout=30) as c:
        sid = make_session(c)["id"]
        big = json.dumps({"text": "x" * (64 * 1024)}).encode()
        _problem(c.post(f"/v1/sessions/{sid}/context", content=big), 413)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
            yield b'{"text": "'
            for _ in range(64):
                yield b"x" * 4096
            yield b'"}'

        _problem(c.post(f"/v1/sessions/{sid}/context", content=chunks()), 413)
        assert c.post(f"/v1/sessions/{sid}/context", json={"text": "ok"}).status_code == 201
        events = c.get(f"/v1/sessions/{sid}/events").json()["data"]
        assert [e["text"] for e in events if e["type"] == "context.injected"] == ["ok"]


def test_default_limit_refuses_a_30_mb_body(client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    body = b'{"text": "' + b"x" * (30 * 1024 * 1024) + b'"}'
    r = client.post(f"/v1/sessions/{sid}/context", content=body, headers=JSON)
    assert "limit" in _problem(r, 413)["detail"]


def test_error_code_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from agenthub_server.cli import build_parser, config_from_args

    args = ["--error-rate", "0.5", "--error-code", "rate_limited", "--retry-after", "4"]
    faults = config_from_args(build_parser().parse_args(args)).faults
    assert (faults.error_code, faults.error_rate, faults.retry_after_seconds) == (
        "rate_limited",
        0.5,
        4,
    )
    assert config_from_args(build_parser().parse_args([])).faults.error_code == (
        "service_unavailable"
    )
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--error-code", "teapot"])
    assert "invalid choice: 'teapot'" in capsys.readouterr().err


def test_max_body_bytes_flag_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    from agenthub_server.cli import build_parser, config_from_args

    assert ServerConfig().max_body_bytes == 10 * 1024 * 1024
    cfg = config_from_args(build_parser().parse_args(["--max-body-bytes", "1234"]))
    assert cfg.max_body_bytes == 1234
    monkeypatch.setenv("AGENTHUB_SERVER_MAX_BODY_BYTES", "4321")
    assert config_from_args(build_parser().parse_args([])).max_body_bytes == 4321
    with pytest.raises(ValueError):
        ServerConfig(max_body_bytes=0)


# ----------------------------------------------------------------------------- 5. tampering
@pytest.mark.parametrize(
    "cursor",
    [
        _cursor({"k": "agent", "p": 2**70}),
        _cursor({"k": "agent", "p": -1}),
        _cursor({"k": "agent", "p": True}),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),
        base64.urlsafe_b64encode(b"[" * 300).decode(),  # short enough, nested too deep
        "A" * 5000,
    ],
)
def test_tampered_cursors_are_400(client: httpx.Client, cursor: str) -> None:
    for path in ("/v1/agents", "/v1/sessions"):
        _problem(client.get(path, params={"after": cursor}), 400)
    sid = make_session(client)["id"]
    _problem(client.get(f"/v1/sessions/{sid}/events", params={"after": cursor}), 400)


def test_deeply_nested_bodies_are_400(client: httpx.Client) -> None:
    for depth in (5000, 100_000):
        body = b'{"config": ' + b"[" * depth + b"]" * depth + b"}"
        r = client.put("/v1/config", content=body, headers=JSON)
        assert "nested" in _problem(r, 400)["detail"]
    body = b'{"config": ' + b'{"a":' * 200 + b"1" + b"}" * 200 + b"}"
    _problem(client.put("/v1/config", content=body, headers=JSON), 400)
    assert client.get("/v1/config").status_code == 200


def _grpc_code(server: LocalServer, **request: Any) -> grpc.StatusCode | None:
    with grpc.insecure_channel(server.grpc_target) as ch:
        stub = pb_grpc.SessionServiceStub(ch)
        try:
            stub.ListSessions(
                pb.ListSessionsRequest(**request),
                metadata=(("authorization", f"Bearer {KEY_A}"),),
            )
        except grpc.RpcError as err:
            return err.code()  # type: ignore[no-any-return]
    return None


def test_grpc_list_sessions_refuses_what_rest_refuses(
    server: LocalServer, client: httpx.Client
) -> None:
    bad_cursor = _cursor({"k": "session", "p": 2**70})
    assert _grpc_code(server, after=bad_cursor) == grpc.StatusCode.INVALID_ARGUMENT
    _problem(client.get("/v1/sessions", params={"after": bad_cursor}), 400)
    assert _grpc_code(server, status="bogus") == grpc.StatusCode.INVALID_ARGUMENT
    _problem(client.get("/v1/sessions", params={"status": "bogus"}), 400)
    assert _grpc_code(server, status="idle") is None


# ----------------------------------------------------------------------------- 6. semantics
def test_cron_that_never_fires_is_422(client: httpx.Client) -> None:
    agent = make_agent(client)
    body = {
        "agent_id": agent["id"],
        "cron": "0 0 31 2 *",
        "input": [{"type": "user.message", "content": "x"}],
    }
    err = _problem(client.post("/v1/schedules", json=body), 422)
    assert err["errors"][0]["loc"] == ["body", "cron"]
    for cron in ("60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "@daily"):
        _problem(client.post("/v1/schedules", json={**body, "cron": cron}), 422)
    ok = client.post("/v1/schedules", json={**body, "cron": "0 9 * * 1"})
    assert ok.status_code == 201, ok.text
    r = client.patch(f"/v1/schedules/{ok.json()['id']}", json={"cron": "0 0 30 2 *"})
    _problem(r, 422)
    assert client.get(f"/v1/schedules/{ok.json()['id']}").json()["cron"] == "0 9 * * 1"


def test_last_event_id_and_after_sequence_number_are_range_checked(
    client: httpx.Client,
) -> None:
    sid = make_session(client)["id"]
    url = f"/v1/sessions/{sid}/events/stream"
    for bad in ("99999999999999999999999", "-1", "1e3", "12a", "9223372036854775808"):
        _problem(client.get(url, headers={"Last-Event-ID": bad}), 400)
    _problem(client.get(url, params={"after_sequence_number": 2**64}), 400)
    _problem(client.get(f"/v1/sessions/{sid}/events", params={"after_sequence_number": 2**64}), 400)


@pytest.mark.parametrize(
    "data_url",
    [
        "data:text/html\r\nX-Evil: 1;base64,aGk=",
        "data:text/html\nX: 1,hi",
        "data:text;base64,aGk=",
        "data:te xt/plain;base64,aGk=",
        "data:base64,aGk=",
        "nodata:text/plain,hi",
    ],
)
def test_data_url_media_type_is_validated(client: httpx.Client, data_url: str) -> None:
    sid = make_session(client)["id"]
    part = {"type": "file_data", "filename": "a.txt", "data": data_url}
    body = {"input": [{"type": "user.message", "content": [part]}]}
    err = _problem(client.post(f"/v1/sessions/{sid}/turns", json=body), 422)
    assert err["errors"][0]["loc"][-1] == "data"
    assert client.get(f"/v1/sessions/{sid}/files").json()["data"] == []


def test_valid_data_urls_are_accepted(client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    parts = [
        {
            "type": "file_data",
            "filename": "a.txt",
            "data": "data:text/plain;charset=utf-8;base64,aGk=",
        },
        {"type": "file_data", "filename": "b.bin", "data": "data:;base64,aGk="},
        {"type": "file_data", "filename": "c.txt", "data": "data:,hi"},
    ]
    body = {"input": [{"type": "user.message", "content": parts}]}
    r = client.post(f"/v1/sessions/{sid}/turns", json=body)
    assert r.status_code == 201, r.text
    files = client.get(f"/v1/sessions/{sid}/files").json()["data"]
    assert sorted(f["content_type"] for f in files) == [
        "application/octet-stream",
        "application/octet-stream",
        "text/plain",
    ]


# ----------------------------------------------------------------------------- 7. disk, sockets
def test_partial_upload_blobs_are_removed_at_startup(tmp_path: Any) -> None:
    db = str(tmp_path / "hub.db")
    cfg = {"api_keys": [KEY_A], "grpc": False, "db": db}
    auth = {"Authorization": f"Bearer {KEY_A}"}
    with (
        LocalServer(ServerConfig(**cfg)) as srv,
        httpx.Client(base_url=srv.base_url, headers=auth) as c,
    ):
        sid = make_session(c)["id"]
        r = c.post(f"/v1/sessions/{sid}/files", files={"file": ("keep.txt", b"kept")})
        assert r.status_code == 201
        fid = r.json()["id"]
    files_dir = db + ".files"
    partial = os.path.join(files_dir, "blob_partialuploadfromkill9xxx")
    with open(partial, "wb") as fh:  # what a kill -9 in the middle of an upload leaves
        fh.write(b"half an upl")
    with (
        LocalServer(ServerConfig(**cfg)) as srv,
        httpx.Client(base_url=srv.base_url, headers=auth) as c,
    ):
        assert not os.path.exists(partial)
        assert c.get(f"/v1/sessions/{sid}/files/{fid}/content").content == b"kept"
        assert len(os.listdir(files_dir)) == 1


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_half_sent_headers_and_idle_connections_are_closed(
    small_body_server: LocalServer,
) -> None:
    host, port = small_body_server.base_url.removeprefix("http://").rsplit(":", 1)
    # small_body_server has header_timeout=1.0
    with socket.create_connection((host, int(port))) as slow:
        slow.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        assert _closed_within(slow, 4.0)
    with socket.create_connection((host, int(port))) as idle:  # connects, never sends
        assert _closed_within(idle, 4.0)
    with socket.create_connection((host, int(port))) as ok:  # a prompt request is served
        ok.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        ok.settimeout(4.0)
        assert ok.recv(4096).startswith(b"HTTP/1.1 200")


# ----------------------------------------------------------------------------- 8. auth hygiene
def test_401_names_the_bearer_scheme(server: LocalServer) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-key"}, {"X-API-Key": "nope"}):
        r = httpx.get(server.base_url + "/v1/agents", headers=headers)
        _problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_test_endpoints_need_a_valid_key(server: LocalServer) -> None:
    url = server.base_url + "/v1/_test/api-keys"
    r = httpx.post(url, json={"api_key": "ah_attacker_key_1234"})
    _problem(r, 401)
    r = httpx.post(url, json={"api_key": "ah_attacker_key_1234"}, headers={"X-API-Key": "bad"})
    _problem(r, 401)
    _problem(httpx.post(server.base_url + "/v1/_test/faults", json={"error_rate": 1.0}), 401)
    probe = httpx.get(server.base_url + "/v1/agents", headers={"X-API-Key": "ah_attacker_key_1234"})
    assert probe.status_code == 401


def test_banner_masks_supplied_key_and_warns_about_test_endpoints() -> None:
    key = "ah_supplied_secret_key_0123456789"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([f"{ROOT}/src", f"{ROOT}/generated"])}
    env.pop("AGENTHUB_SERVER_API_KEYS", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agenthub_server",
            "--port",
            "0",
            "--no-grpc",
            "--api-key",
            key,
            "--test-endpoints",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        out = []
        assert proc.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            out.append(line)
            if "export AGENTHUB_BASE_URL" in line or not line:
                break
        banner = "".join(out)
        assert "listening on" in banner, banner
        assert key not in banner and key[:6] in banner
        while "WARNING" not in banner and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            banner += line
        assert "WARNING" in banner and "test-endpoints" in banner
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ----------------------------------------------------------------------------- 9. the contract
def test_request_bodies_are_validated_against_the_shipped_spec() -> None:
    from agenthub_server.contract import contract, spec_path

    assert os.path.samefile(spec_path(), os.path.join(ROOT, "openapi", "agenthub.yaml"))
    c = contract()
    issues = c.issues(
        "TurnCreate", {"input": [{"type": "user.message", "content": [{}]}]}, ["body"]
    )
    assert issues == [
        {
            "loc": ["body", "input", 0, "content", 0, "type"],
            "msg": "Field required",
            "type": "missing",
        }
    ]


def test_an_additive_field_in_the_spec_needs_no_server_edit(client: httpx.Client) -> None:
    """Issue 13: a new optional plain field in the contract is accepted, stored and returned
    (REST and gRPC read the same validator) with no handwritten server change."""
    import copy

    from agenthub_server import contract as contract_mod

    spec = copy.deepcopy(contract_mod.contract().spec)
    schemas = spec["components"]["schemas"]
    for name in ("SessionCreate", "SessionUpdate", "Session"):
        schemas[name]["properties"]["priority"] = {"type": "integer", "minimum": 0, "maximum": 9}
    old = contract_mod.install(contract_mod.Contract(spec))
    try:
        agent = make_agent(client)
        r = client.post("/v1/sessions", json={"agent_id": agent["id"], "priority": 7})
        assert r.status_code == 201, r.text
        assert r.json()["priority"] == 7
        sid = r.json()["id"]
        assert client.get(f"/v1/sessions/{sid}").json()["priority"] == 7
        assert client.patch(f"/v1/sessions/{sid}", json={"priority": 3}).json()["priority"] == 3
        bad = client.post("/v1/sessions", json={"agent_id": agent["id"], "priority": 10})
        assert _problem(bad, 422)["errors"][0]["loc"] == ["body", "priority"]
        # a session created without it has no such field (absent, not a default)
        plain = client.post("/v1/sessions", json={"agent_id": agent["id"]}).json()
        assert "priority" not in plain
    finally:
        contract_mod.install(old)
    # with the real contract the field is unknown again
    r = client.post("/v1/sessions", json={"agent_id": agent["id"], "priority": 7})
    assert _problem(r, 422)["errors"][0]["type"] == "extra_forbidden"


def _grpc_call(server: LocalServer, method: str, request: Any) -> tuple[Any, Any]:
    """(response, None) or (None, RpcError) of a SessionService unary call as tenant A."""
    with grpc.insecure_channel(server.grpc_target) as ch:
        stub = pb_grpc.SessionServiceStub(ch)
        try:
            return getattr(stub, method)(
                request, metadata=(("authorization", f"Bearer {KEY_A}"),)
            ), None
        except grpc.RpcError as err:
            return None, err


def test_grpc_requests_go_through_the_rest_validator(
    server: LocalServer, client: httpx.Client
) -> None:
    from agenthub_proto.v1 import common_pb2 as c
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    agent = make_agent(client)
    # unset optional fields are absent (defaults apply), set ones flow through generically
    sess, err = _grpc_call(
        server,
        "CreateSession",
        pb.CreateSessionRequest(
            agent_id=agent["id"],
            labels={"team": "risk"},
            require_approval=c.ApprovalPolicy(tool_names=c.ToolNames(names=["calculator"])),
        ),
    )
    assert err is None
    rest = client.get(f"/v1/sessions/{sess.id}").json()
    assert rest["labels"] == {"team": "risk"} and rest["require_approval"] == ["calculator"]
    assert rest["name"] is None and rest["metadata"] == {}
    # the same refusal, with the same issue location, on both transports
    part = c.ContentPart(file_data=c.FileDataPart(filename="a", data="data:text/html\r\nX: 1,hi"))
    turn = pb.CreateTurnRequest(
        session_id=sess.id,
        input=[
            c.InputItem(
                user_message=c.UserMessageInput(
                    content=c.MessageContent(parts=c.ContentPartList(parts=[part]))
                )
            )
        ],
    )
    _, err = _grpc_call(server, "CreateTurn", turn)
    assert err is not None and err.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = rpc_status.from_call(err).details
    bad = [d for d in details if d.Is(error_details_pb2.BadRequest.DESCRIPTOR)]
    violations = error_details_pb2.BadRequest()
    bad[0].Unpack(violations)
    assert [v.field for v in violations.field_violations] == ["body.input.0.content.0.data"]
    body = {
        "input": [
            {
                "type": "user.message",
                "content": [
                    {"type": "file_data", "filename": "a", "data": "data:text/html\r\nX: 1,hi"}
                ],
            }
        ]
    }
    r = client.post(f"/v1/sessions/{sess.id}/turns", json=body)
    assert _problem(r, 422)["errors"][0]["loc"] == ["body", "input", 0, "content", 0, "data"]
    # a valid turn over gRPC: the oneof members carry their REST `type` tags
    ok = pb.CreateTurnRequest(
        session_id=sess.id,
        input=[
            c.InputItem(
                user_message=c.UserMessageInput(
                    content=c.MessageContent(
                        parts=c.ContentPartList(
                            parts=[c.ContentPart(text=c.TextPart(text="hello"))]
                        )
                    )
                )
            )
        ],
        previous_turn_id="",
    )
    created, err = _grpc_call(server, "CreateTurn", ok)
    assert err is None, err
    done = wait_turn(client, sess.id, created.id)
    assert done["input"] == [
        {"type": "user.message", "content": [{"type": "text", "text": "hello"}]}
    ]
    assert done["previous_turn_id"] is None and done["result"]["text"] == "hello"


def test_upload_media_type_is_a_media_type_or_octet_stream(client: httpx.Client) -> None:
    sid = make_session(client)["id"]
    for sent, stored in (
        ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),
        ("text/html<script>", "application/octet-stream"),
        ("nonsense", "application/octet-stream"),
    ):
        r = client.post(f"/v1/sessions/{sid}/files", files={"file": ("a.txt", b"hi", sent)})
        assert r.status_code == 201, r.text
        assert r.json()["content_type"] == stored
        download = client.get(f"/v1/sessions/{sid}/files/{r.json()['id']}/content")
        assert download.headers["content-type"] == stored
