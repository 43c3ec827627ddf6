"""The SDK against the SPEC, independent of our reference server.

A Prism mock server (``prism mock openapi/agenthub.yaml --errors``) validates every request the
SDK sends against the OpenAPI document (path, method, parameters, headers, body): a request that
does not match is answered 422/400/404 with an ``sl-violations`` header instead of the spec's
example. Every public SDK method that maps to a REST operation is called through the table
``OPERATIONS`` (operationId -> call); ``test_table_covers_every_operation`` fails, naming the
missing operationIds, when the spec gains an operation the table (i.e. the SDK) lacks.

For each call we assert: Prism accepted the request (2xx, no violations), the request really hit
that operation (method + path template), and the SDK returned its typed model. The calls pass
every optional keyword too (``EXTRA_CALLS`` for keywords one call cannot combine), and the
fields the requests carried — query parameters, body fields, ``If-Match``/``Idempotency-Key`` —
must be exactly those the spec declares for the operation (``field_coverage_problems``), so a
dropped, misspelt or never-exercised keyword fails; ``KNOWN_GAPS`` names, with reasons, the
declared fields the SDK cannot send (a stale entry fails too). Then every error
status the spec declares for the operation is forced with Prism's ``Prefer: code=NNN`` header and
the SDK must raise the mapped error class.

Limits: Prism serves the spec's static examples, so ``stream_events`` (the SSE example's ``data:``
is a placeholder, not JSON) and ``download_file`` (body ``"string"`` does not match the example's
``sha256``) are checked request-side only: Prism must accept the SDK's request; decoding the
placeholder body is not asserted (the reference-server tests and cassettes cover it).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from . import ROOT, node_tool, operations

agenthub = pytest.importorskip("agenthub")

from agenthub_openapi.models.agent import Agent  # noqa: E402
from agenthub_openapi.models.agent_definition import AgentDefinition  # noqa: E402
from agenthub_openapi.models.agent_import_result import AgentImportResult  # noqa: E402
from agenthub_openapi.models.capabilities import Capabilities  # noqa: E402
from agenthub_openapi.models.config_envelope import ConfigEnvelope  # noqa: E402
from agenthub_openapi.models.context_injected_event import ContextInjectedEvent  # noqa: E402
from agenthub_openapi.models.elicitation import Elicitation  # noqa: E402
from agenthub_openapi.models.file import File  # noqa: E402
from agenthub_openapi.models.health import Health  # noqa: E402
from agenthub_openapi.models.mcp_server import McpServer  # noqa: E402
from agenthub_openapi.models.model import Model  # noqa: E402
from agenthub_openapi.models.schedule import Schedule  # noqa: E402
from agenthub_openapi.models.schedule_occurrence import ScheduleOccurrence  # noqa: E402
from agenthub_openapi.models.session import Session as SessionModel  # noqa: E402
from agenthub_openapi.models.skill import Skill  # noqa: E402
from agenthub_openapi.models.turn import Turn as TurnModel  # noqa: E402

from agenthub import (  # noqa: E402
    AgentHub,
    APIStatusError,
    AsyncAgentHub,
    AsyncCursorPage,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PreconditionFailedError,
    RateLimitError,
    SyncCursorPage,
    Turn,
    UnprocessableEntityError,
)

pytestmark = [pytest.mark.npm, pytest.mark.timeout(180)]

SPEC = ROOT / "openapi" / "agenthub.yaml"

# ids in the shape the spec documents (prefix + 24 lowercase alphanumerics)
AGT = "agt_3f9a0c5e7b2d4a1c9e8f6b0d"
SES = "ses_3f9a0c5e7b2d4a1c9e8f6b0d"
TRN = "trn_3f9a0c5e7b2d4a1c9e8f6b0d"
ELI = "eli_3f9a0c5e7b2d4a1c9e8f6b0d"
FIL = "file_3f9a0c5e7b2d4a1c9e8f6b0d"
MCP = "mcp_3f9a0c5e7b2d4a1c9e8f6b0d"
SCH = "sch_3f9a0c5e7b2d4a1c9e8f6b0d"
CUR = "cursor_3f9a0c5e"  # an opaque list cursor

DEFINITION = {
    "format": "agenthub.agent.v1",
    "name": "analyst",
    "description": None,
    "model": "scripted",
    "instructions": "Be brief.",
    "tools": ["calculator"],
    "require_approval": "never",
    "metadata": {},
    "mcp_servers": [],
    "skills": [],
}

# The SDK's mapping, written out independently of agenthub._http_errors.
EXPECTED_ERROR = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: InternalServerError,
    # 406 / 415 have no dedicated class: the base APIStatusError (the default below).
}

PROBLEM_ACCEPT = "application/json, application/problem+json"

# Operations Prism cannot serve usefully (see module docstring): request-side checks only.
REQUEST_ONLY = {
    "stream_events": "Prism's SSE example is a placeholder (`data: {...}`), not decodable events;"
    " with the per-event object schema Prism answers 500 after validating the request",
    "download_file": "Prism's body 'string' does not match the example sha256 the SDK verifies",
}


# --------------------------------------------------------------------------------------------
# operation matching: which spec operation did a request hit?


def _template_regex(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


ROUTES = [(m.upper(), _template_regex(p), op["operationId"], op) for m, p, op in operations()]
# literal segments win over templates (/v1/agents/import vs /v1/agents/{agent_id})
ROUTES.sort(key=lambda r: r[1].pattern.count("[^/]+"))


def operation_of(method: str, path: str) -> str | None:
    for m, rx, op_id, _ in ROUTES:
        if m == method.upper() and rx.match(path):
            return op_id
    return None


def error_statuses(operation_id: str) -> list[int]:
    for _, _, op_id, op in ROUTES:
        if op_id == operation_id:
            return sorted(int(c) for c in op["responses"] if c[0] in "45")
    raise KeyError(operation_id)


@dataclass
class Exchange:
    method: str
    path: str
    operation_id: str | None
    status: int
    violations: str | None
    #: what the request carried: query parameter names, body field names (JSON keys or
    #: multipart part names), and the names of the spec-declared headers it sent
    sent: frozenset[str] = frozenset()


def _sent_fields(request: httpx.Request) -> frozenset[str]:
    names = {f"query:{k}" for k in request.url.params}
    ctype = request.headers.get("content-type", "")
    try:
        body = request.content
    except httpx.RequestNotRead:
        body = b""
    if "json" in ctype and body:
        data = json.loads(body)
        if isinstance(data, dict):
            names |= {f"body:{k}" for k in data}
    elif ctype.startswith("multipart/form-data"):
        names |= {f"body:{m.decode()}" for m in re.findall(rb'[;\s]name="([^"]+)"', body)}
    names |= {f"header:{h}" for h in ("if-match", "idempotency-key") if h in request.headers}
    return frozenset(names)


@dataclass
class Recorder:
    """httpx event hooks: forces ``Prefer: code=N`` on one operation and records every exchange."""

    force: dict[str, int] = field(default_factory=dict)
    log: list[Exchange] = field(default_factory=list)

    def on_request(self, request: httpx.Request) -> None:
        if request.headers.get("content-type", "").startswith("multipart/"):
            request.read()  # buffer the upload so its part names can be recorded
        op = operation_of(request.method, request.url.path)
        if op in self.force:
            request.headers["Prefer"] = f"code={self.force[op]}"
            # The SDK sends `Accept: application/json` only; Prism (correctly) will not serve a
            # problem+json error to it and falls back to 200. Accept both, as a browser would.
            request.headers["Accept"] = PROBLEM_ACCEPT

    def on_response(self, response: httpx.Response) -> None:
        req = response.request
        self.log.append(
            Exchange(
                req.method,
                req.url.path,
                operation_of(req.method, req.url.path),
                response.status_code,
                response.headers.get("sl-violations"),
                _sent_fields(req),
            )
        )

    async def aon_request(self, request: httpx.Request) -> None:
        self.on_request(request)

    async def aon_response(self, response: httpx.Response) -> None:
        self.on_response(response)

    def reset(self, force: dict[str, int] | None = None) -> None:
        self.force = dict(force or {})
        self.log.clear()


# --------------------------------------------------------------------------------------------
# Prism


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = node_tool("prism")
    if shutil.which("node") is None and not os.environ.get("CI"):
        pytest.skip("node is not installed")
    port = _free_port()
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(exe), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port), "--errors"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prism exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"prism did not answer within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def mock_hub(prism_url: str, recorder: Recorder) -> Iterator[AgentHub]:
    http = httpx.Client(
        event_hooks={"request": [recorder.on_request], "response": [recorder.on_response]},
        timeout=10,
    )
    with AgentHub(api_key="test", base_url=prism_url, max_retries=0, http_client=http) as client:
        yield client
    http.close()


# --------------------------------------------------------------------------------------------
# the table: operationId -> an SDK call (and a check of what it returns)


def sessions(hub: Any) -> Any:
    """``hub.sessions`` (the public resource)."""
    return hub.sessions


def session(hub: Any) -> Any:
    """A bound Session handle (created through the SDK: one create_session request)."""
    return sessions(hub).create(agent_id=AGT)


def _is(cls: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, cls)


def _page_of(cls: type) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, SyncCursorPage) and all(isinstance(x, cls) for x in value.data)

    return check


def _list_of(cls: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(isinstance(x, cls) for x in value)


def _none(value: Any) -> bool:
    return value is None


def _session_handle(value: Any) -> bool:
    return isinstance(getattr(value, "data", None), SessionModel) and value.id.startswith("ses_")


def _session_page(value: Any) -> bool:
    return isinstance(value, SyncCursorPage) and all(_session_handle(x) for x in value.data)


def _event_page(value: Any) -> bool:
    from agenthub._events import UnknownEvent

    return isinstance(value, SyncCursorPage) and all(
        not isinstance(x, UnknownEvent) and hasattr(x, "sequence_number") for x in value.data
    )


def _started_turn(value: Any) -> bool:
    return isinstance(getattr(value, "data", None), TurnModel) and value.id is not None


def _consume_stream(hub: Any, **params: Any) -> None:
    stream = session(hub).events.stream(max_reconnects=0, **params)
    try:
        for _ in stream:
            break
    finally:
        stream.close()


def _download(hub: Any) -> None:
    session(hub).files.download(FIL).read()


Call = Callable[[Any], Any]
OPERATIONS: dict[str, tuple[Call, Callable[[Any], bool]]] = {
    # meta
    "get_health": (lambda h: h.health(), _is(Health)),
    "get_capabilities": (lambda h: h.get_capabilities(refresh=True), _is(Capabilities)),
    "list_models": (lambda h: h.models.list(limit=5, order="asc", after=CUR), _page_of(Model)),
    # agents
    "create_agent": (
        lambda h: h.agents.create(
            name="analyst",
            description="d",
            model="scripted",
            instructions="Be brief.",
            tools=["calculator", "write_file"],
            require_approval=["write_file"],
            metadata={"team": "a"},
        ),
        _is(Agent),
    ),
    "list_agents": (lambda h: h.agents.list(limit=2, order="desc", after=CUR), _page_of(Agent)),
    "import_agent": (
        lambda h: h.agents.import_(DEFINITION, dry_run=True, name="copy"),
        _is(AgentImportResult),
    ),
    "get_agent": (lambda h: h.agents.get(AGT), _is(Agent)),
    "update_agent": (
        lambda h: h.agents.update(
            AGT,
            name="renamed",
            description=None,
            model="scripted",
            instructions="Be brief.",
            tools=["calculator"],
            require_approval="never",
            metadata={"team": "b"},
            if_revision=1,
        ),
        _is(Agent),
    ),
    "delete_agent": (lambda h: h.agents.delete(AGT), _none),
    "export_agent": (lambda h: h.agents.export(AGT), _is(AgentDefinition)),
    # sessions
    "create_session": (
        lambda h: sessions(h).create(
            agent_id=AGT,
            name="s",
            labels={"team": "a"},
            require_approval="always",
            metadata={"k": "v"},
        ),
        _session_handle,
    ),
    "list_sessions": (
        lambda h: sessions(h).list(
            agent_id=AGT,
            status="idle",
            labels={"team": "a"},
            created_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            created_before=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
            limit=5,
            order="asc",
        ),
        _session_page,
    ),
    "get_session": (lambda h: sessions(h).get(SES), _session_handle),
    "update_session": (
        lambda h: sessions(h).update(
            SES, name="n", labels={"team": "b"}, require_approval=["calculator"], metadata={}
        ),
        _is(SessionModel),
    ),
    "delete_session": (lambda h: sessions(h).delete(SES), _none),
    "cancel_session": (lambda h: sessions(h).cancel(SES), _is(SessionModel)),
    "pause_session": (lambda h: sessions(h).pause(SES), _is(SessionModel)),
    "resume_session": (lambda h: sessions(h).resume(SES), _is(SessionModel)),
    "inject_context": (
        lambda h: session(h).inject_context("FYI", source="crm"),
        _is(ContextInjectedEvent),
    ),
    # turns
    "create_turn": (
        lambda h: (
            session(h)
            .create_turn(
                "hello",
                previous_turn_id=None,
                metadata={"k": "v"},
                output_schema={"type": "object"},
            )
            .start()
        ),
        _started_turn,
    ),
    "list_turns": (lambda h: session(h).turns.list(limit=5), _page_of(Turn)),
    "get_turn": (lambda h: session(h).turns.get(TRN), _is(Turn)),
    "cancel_turn": (
        lambda h: session(h).create_turn("hello").start().cancel(),
        _is(TurnModel),
    ),
    # events
    "list_events": (
        lambda h: session(h).events.list(after_sequence_number=0, turn_id=TRN, limit=5),
        _event_page,
    ),
    "stream_events": (_consume_stream, lambda _: True),
    # elicitations
    "list_elicitations": (
        lambda h: session(h).elicitations.list(status="pending", limit=5),
        _page_of(Elicitation),
    ),
    "get_elicitation": (lambda h: session(h).elicitations.get(ELI), _is(Elicitation)),
    "resolve_elicitation": (
        lambda h: session(h).elicitations.resolve(
            ELI, action="decline", content={"text": "no"}, reason="not now"
        ),
        _is(Elicitation),
    ),
    # files
    "upload_file": (
        lambda h: session(h).files.upload(b"hello", filename="a.txt", content_type="text/plain"),
        _is(File),
    ),
    "list_files": (lambda h: session(h).files.list(limit=5), _page_of(File)),
    "get_file": (lambda h: session(h).files.get(FIL), _is(File)),
    "delete_file": (lambda h: session(h).files.delete(FIL), _none),
    "download_file": (_download, lambda _: True),
    # mcp servers
    "create_mcp_server": (
        lambda h: h.mcp_servers.create(name="docs", uri="https://mcp.example.com/sse"),
        _is(McpServer),
    ),
    "list_mcp_servers": (
        lambda h: h.mcp_servers.list(limit=5, order="asc", after=CUR),
        _page_of(McpServer),
    ),
    "get_mcp_server": (lambda h: h.mcp_servers.get(MCP), _is(McpServer)),
    "delete_mcp_server": (lambda h: h.mcp_servers.delete(MCP), _none),
    "list_session_mcp_servers": (lambda h: session(h).mcp_servers.list(), _list_of(McpServer)),
    "set_session_mcp_servers": (
        lambda h: session(h).mcp_servers.set([MCP]),
        _list_of(McpServer),
    ),
    # skills
    "list_skills": (lambda h: h.skills.list(limit=5, order="asc", after=CUR), _page_of(Skill)),
    "put_skill": (
        lambda h: h.skills.put("summarize", "Summarize briefly.", description="d"),
        _is(Skill),
    ),
    "get_skill": (lambda h: h.skills.get("summarize"), _is(Skill)),
    "delete_skill": (lambda h: h.skills.delete("summarize"), _none),
    # schedules
    "create_schedule": (
        lambda h: h.schedules.create(
            agent_id=AGT,
            input="daily report",
            cron="0 9 * * *",
            timezone="UTC",
            labels={"team": "a"},
        ),
        _is(Schedule),
    ),
    "list_schedules": (
        lambda h: h.schedules.list(limit=5, order="asc", after=CUR, labels={"team": "risk"}),
        _page_of(Schedule),
    ),
    "get_schedule": (lambda h: h.schedules.get(SCH), _is(Schedule)),
    "update_schedule": (
        lambda h: h.schedules.update(
            SCH,
            cron=None,
            interval_seconds=60,
            timezone="Europe/Paris",
            input="weekly report",
            labels={"team": "b"},
        ),
        _is(Schedule),
    ),
    "delete_schedule": (lambda h: h.schedules.delete(SCH), _none),
    "pause_schedule": (lambda h: h.schedules.pause(SCH), _is(Schedule)),
    "resume_schedule": (lambda h: h.schedules.resume(SCH), _is(Schedule)),
    "list_schedule_occurrences": (
        lambda h: h.schedules.occurrences(SCH, limit=5, order="asc", after=CUR),
        _page_of(ScheduleOccurrence),
    ),
    # config
    "get_config": (lambda h: h.config.get(), _is(ConfigEnvelope)),
    "replace_config": (
        lambda h: h.config.replace({"theme": "dark"}, generation=1),
        _is(ConfigEnvelope),
    ),
    "patch_config": (
        lambda h: h.config.patch({"theme": None}, generation=1),
        _is(ConfigEnvelope),
    ),
}

SPEC_OPERATIONS = sorted(op["operationId"] for _, _, op in operations())

#: more calls for keywords the main call cannot combine (run after it, checked the same way)
EXTRA_CALLS: dict[str, list[Call]] = {
    "create_schedule": [
        lambda h: h.schedules.create(agent_id=AGT, input="tick", interval_seconds=3600)
    ],
    "stream_events": [
        lambda h: _consume_stream(h, after_sequence_number=3, turn_id=TRN),
    ],
}

#: request fields the spec declares that the table's calls do not send, with the reason.
#: Each entry is an SDK keyword gap (reported) or a field the SDK sends by itself only in
#: situations Prism's static examples cannot produce. A stale entry fails the test.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    **{
        (op, "query:after"): "the method takes no `after`: only its pages send it (iter_pages)"
        for op in ("list_sessions", "list_turns", "list_events", "list_elicitations", "list_files")
    },
    **{
        (op, "query:order"): "SDK gap: the list method has no `order` keyword"
        for op in ("list_turns", "list_events", "list_elicitations", "list_files")
    },
}


def declared_fields(operation_id: str) -> frozenset[str]:
    """What a request of the operation may carry: query parameters, body fields (JSON
    properties, including every union member's, or multipart parts), If-Match and
    Idempotency-Key."""
    from . import resolve

    for _, _, op_id, op in ROUTES:
        if op_id != operation_id:
            continue
        names: set[str] = set()
        for p in op.get("parameters", []):
            p = resolve(p)
            if p["in"] == "query":
                names.add(f"query:{p['name']}")
            elif p["in"] == "header" and p["name"].lower() in ("if-match", "idempotency-key"):
                names.add(f"header:{p['name'].lower()}")
        body = resolve(op["requestBody"]) if "requestBody" in op else {}
        for media in (body.get("content") or {}).values():
            schema = resolve(media.get("schema") or {})
            members = [resolve(m) for m in [schema, *schema.get("oneOf", []),
                                            *schema.get("anyOf", [])]]  # fmt: skip
            if not any("properties" in m for m in members):
                names.add("body:*")  # a free-form object (a merge patch): any key
            for member in members:
                names |= {f"body:{k}" for k in member.get("properties") or {}}
        return frozenset(names)
    raise KeyError(operation_id)


def test_table_covers_every_operation() -> None:
    missing = sorted(set(SPEC_OPERATIONS) - set(OPERATIONS))
    unknown = sorted(set(OPERATIONS) - set(SPEC_OPERATIONS))
    assert not missing, f"operations with no SDK call in OPERATIONS: {', '.join(missing)}"
    assert not unknown, f"OPERATIONS entries not in the spec: {', '.join(unknown)}"


def _serialiser_failure(x: Exchange) -> bool:
    """Prism answering a REQUEST_ONLY operation 500 after it validated the request (with
    ``--errors`` an invalid request gets 4xx + ``sl-violations`` before any response is built):
    its SSE mock cannot serialise the per-event object schema as text."""
    return x.operation_id in REQUEST_ONLY and x.status == 500 and not x.violations


def field_coverage_problems(operation_id: str, hits: list[Exchange]) -> list[str]:
    """Every field the spec declares for the request was sent by some call of the operation
    (an SDK keyword that is misspelt, dropped or never exercised shows up here), and nothing
    undeclared was sent."""
    sent = frozenset().union(*(x.sent for x in hits))
    declared = declared_fields(operation_id)
    if "body:*" in declared:
        sent = frozenset(f for f in sent if not f.startswith("body:")) | {"body:*"}
    gaps = {f for (op, f) in KNOWN_GAPS if op == operation_id}
    problems = []
    if sent - declared:
        problems.append(f"{operation_id} sent undeclared fields: {sorted(sent - declared)}")
    if declared - sent - gaps:
        problems.append(f"{operation_id}: the table never sends {sorted(declared - sent - gaps)}")
    if gaps & sent:
        problems.append(
            f"{operation_id}: KNOWN_GAPS entries now sent, remove: {sorted(gaps & sent)}"
        )
    return problems


def _run(hub: Any, operation_id: str) -> Any:
    call, _ = OPERATIONS[operation_id]
    try:
        return call(hub)
    except AttributeError as exc:  # an SDK method / resource that does not exist (yet)
        pytest.fail(f"SDK gap for {operation_id}: {exc}")


def _explain(log: list[Exchange]) -> str:
    return "\n".join(
        f"  {x.method} {x.path} -> {x.status} [{x.operation_id}]"
        + (f" violations={x.violations}" if x.violations else "")
        for x in log
    )


@pytest.mark.parametrize("operation_id", SPEC_OPERATIONS)
def test_sdk_call_matches_spec(mock_hub: AgentHub, recorder: Recorder, operation_id: str) -> None:
    if operation_id not in OPERATIONS:
        pytest.fail(f"no SDK call for {operation_id} (see test_table_covers_every_operation)")
    recorder.reset()
    _, check = OPERATIONS[operation_id]
    error: Exception | None = None
    try:
        result = _run(mock_hub, operation_id)
    except APIStatusError as exc:
        error = exc
    except Exception as exc:
        if operation_id not in REQUEST_ONLY:
            raise
        error = exc
    for extra in EXTRA_CALLS.get(operation_id, []):
        try:
            extra(mock_hub)
        except Exception:
            if operation_id not in REQUEST_ONLY:
                raise
    log = list(recorder.log)
    bad = [
        x
        for x in log
        if (x.status >= 400 and not _serialiser_failure(x)) or x.violations or not x.operation_id
    ]
    assert not bad, f"Prism rejected requests of {operation_id}:\n{_explain(log)}"
    hits = [x for x in log if x.operation_id == operation_id]
    assert hits, f"{operation_id} never sent its request; sent:\n{_explain(log)}"
    problems = field_coverage_problems(operation_id, hits)
    assert not problems, "\n".join(problems)
    if operation_id in REQUEST_ONLY:
        return  # body not decodable from Prism's placeholder example (see REQUEST_ONLY)
    assert error is None, f"{operation_id} raised {error!r}"
    assert check(result), f"{operation_id} returned {result!r}"


# By design the SDK treats 404/405/406/501 on the SSE endpoint as "no streaming here" and falls
# back to polling list_events (agenthub._sync._transport.REFUSED_STREAM_STATUSES).
NOT_RAISED = {("stream_events", 404), ("stream_events", 406)}

ERROR_CASES = [
    (op_id, status)
    for op_id in SPEC_OPERATIONS
    for status in error_statuses(op_id)
    if (op_id, status) not in NOT_RAISED
]


@pytest.mark.parametrize(("operation_id", "status"), ERROR_CASES)
def test_sdk_maps_declared_error(
    mock_hub: AgentHub, recorder: Recorder, operation_id: str, status: int
) -> None:
    if operation_id not in OPERATIONS:
        pytest.fail(f"no SDK call for {operation_id}")
    recorder.reset(force={operation_id: status})
    expected = EXPECTED_ERROR.get(status, APIStatusError)
    with pytest.raises(APIStatusError) as info:
        _run(mock_hub, operation_id)
    exc = info.value
    assert type(exc) is expected, f"{operation_id} {status}: got {type(exc).__name__}"
    assert exc.status_code == status
    assert exc.code, "the problem+json `code` should be exposed"
    hits = [x for x in recorder.log if x.operation_id == operation_id]
    assert hits and hits[-1].status == status, _explain(recorder.log)


def test_with_options_headers_and_extra_headers_reach_the_server(mock_hub: AgentHub) -> None:
    """The SDK's own per-client / per-call header APIs drive Prism's error selection too."""
    # (Accept must name problem+json too: see Recorder.on_request)
    prefer_404 = {"Prefer": "code=404", "Accept": PROBLEM_ACCEPT}
    with pytest.raises(NotFoundError):
        mock_hub.with_options(headers=prefer_404).agents.get(AGT)
    with pytest.raises(ConflictError):
        mock_hub.agents.create(
            name="a", extra_headers={"Prefer": "code=409", "Accept": PROBLEM_ACCEPT}
        )
    with pytest.raises(PreconditionFailedError):
        mock_hub.config.patch(
            {"a": 1}, generation=3, extra_headers={"Prefer": "code=412", "Accept": PROBLEM_ACCEPT}
        )


# --------------------------------------------------------------------------------------------
# async client: a few calls


async def test_async_client_against_spec(prism_url: str, recorder: Recorder) -> None:
    recorder.reset()
    http = httpx.AsyncClient(
        event_hooks={"request": [recorder.aon_request], "response": [recorder.aon_response]}
    )
    try:
        async with AsyncAgentHub(
            api_key="test", base_url=prism_url, max_retries=0, http_client=http
        ) as ahub:
            agent = await ahub.agents.create(name="analyst", tools=["calculator"])
            assert isinstance(agent, Agent)
            page = await ahub.agents.list(limit=2)
            assert isinstance(page, AsyncCursorPage)
            assert all(isinstance(a, Agent) for a in page.data)
            assert isinstance(await ahub.config.get(), ConfigEnvelope)
            assert isinstance(await ahub.get_capabilities(refresh=True), Capabilities)
            with pytest.raises(UnprocessableEntityError):
                await ahub.with_options(
                    headers={"Prefer": "code=422", "Accept": PROBLEM_ACCEPT}
                ).agents.create(name="x")
    finally:
        await http.aclose()
    bad = [x for x in recorder.log if x.violations]
    assert not bad, _explain(recorder.log)


# --------------------------------------------------------------------------------------------
# drill 1: a wrong path / wrong body in the SDK is caught by Prism


def test_drill_wrong_path_is_rejected_by_prism(mock_hub: AgentHub) -> None:
    with pytest.raises(NotFoundError) as info:
        mock_hub.request("GET", "/v1/agent/" + AGT)  # typo: /v1/agent instead of /v1/agents
    assert info.value.status_code == 404
    assert "NO_PATH_MATCHED" in str(info.value.body), info.value.body


def test_drill_wrong_body_is_rejected_by_prism(mock_hub: AgentHub) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        mock_hub.request("POST", "/v1/agents", json={"name": 42, "model": "scripted"})
    assert info.value.response is not None
    violations = info.value.response.headers.get("sl-violations") or ""
    assert "name" in violations, violations


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ({"metadata": None}, "never sends ['body:metadata']"),  # a dropped keyword
        ({"labels": "lables"}, "sent undeclared fields: ['body:lables']"),  # a misspelt one
    ],
)
def test_drill_dropped_or_misspelt_body_field_is_named(
    prism_url: str, mistake: dict[str, str | None], expected: str
) -> None:
    """An SDK whose create_session request drops or misspells a body field fails the
    field-coverage check (simulated by rewriting the JSON body before it is sent)."""
    recorder = Recorder()

    def corrupt(request: httpx.Request) -> None:
        if operation_of(request.method, request.url.path) != "create_session":
            return
        body = json.loads(request.content)
        for old, new in mistake.items():
            value = body.pop(old)
            if new is not None:
                body[new] = value
        request._content = json.dumps(body).encode()
        request.stream = httpx.ByteStream(request._content)
        request.headers["content-length"] = str(len(request._content))

    http = httpx.Client(
        event_hooks={"request": [corrupt], "response": [recorder.on_response]}, timeout=10
    )
    # Prism may also refuse it (a misspelt field where extra fields are banned)
    with (
        AgentHub(api_key="test", base_url=prism_url, max_retries=0, http_client=http) as hub,
        contextlib.suppress(APIStatusError),
    ):
        OPERATIONS["create_session"][0](hub)
    http.close()
    hits = [x for x in recorder.log if x.operation_id == "create_session"]
    problems = field_coverage_problems("create_session", hits)
    assert any(expected in p for p in problems), problems
