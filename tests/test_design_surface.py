"""The public API exactly as DESIGN.md §4 writes it, against the in-process reference server.

Written from DESIGN.md (§2 statuses/events, §4 the SDK, §5 the scripted model) and the README
only. Where the SDK deviates from that text the test is marked ``xfail(strict=True)`` with the
DESIGN wording and what the SDK does instead; the SDK is never bent to, nor edited.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import pathlib
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from agenthub import (
    AgentHub,
    AgentHubError,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncAgentHub,
    AuthenticationError,
    BadRequestError,
    CapabilityUnavailableError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PollTimeoutError,
    PreconditionFailedError,
    ProtocolError,
    RateLimitError,
    StreamError,
    TurnFailedError,
    UnknownEvent,
    UnprocessableEntityError,
)

KEY = "ah_design_surface_0123456789abcdef"
TRANSPORTS = ["sse", "grpc"]
ENV_VARS = (
    "AGENTHUB_API_KEY",
    "AGENTHUB_BASE_URL",
    "AGENTHUB_GRPC_TARGET",
    "AGENTHUB_PROFILE",
    "AGENTHUB_CONFIG_DIR",
)
TERMINAL = {"completed", "failed", "cancelled", "incomplete"}


@pytest.fixture(scope="module")
def hub() -> Iterator[AgentHub]:
    with AgentHub.local(api_key=KEY) as h:
        yield h


@pytest.fixture()
async def ahub() -> AsyncIterator[AsyncAgentHub]:
    async with AsyncAgentHub.local() as h:
        yield h


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> pathlib.Path:
    """No credentials in the environment and an empty config directory."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    config_dir = tmp_path / "agenthub-config"
    config_dir.mkdir()
    monkeypatch.setenv("AGENTHUB_CONFIG_DIR", str(config_dir))
    return config_dir


def _sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wait_until(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(item in it for item in needle)


# --------------------------------------------------------------------------------------------
# The §4 code block, line by line (sync, both transports)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_section4_block_sync(hub: AgentHub, transport: str, tmp_path: pathlib.Path) -> None:
    # agent = hub.agents.create(name="analyst", model="scripted", tools=[...])
    agent = hub.agents.create(
        name="analyst",
        model="scripted",
        tools=["calculator", "write_file"],
        require_approval=["write_file"],
    )
    assert agent.id.startswith("agt_")
    assert agent.name == "analyst"
    assert agent.model == "scripted"
    assert list(agent.tools) == ["calculator", "write_file"]

    # session = hub.sessions.create(agent_id=agent.id, labels={"team": "risk"}, transport=...)
    session = hub.sessions.create(agent_id=agent.id, labels={"team": "risk"}, transport=transport)
    assert session.id.startswith("ses_")
    assert hub.sessions.get(session.id).labels["team"] == "risk"

    # turn = session.create_turn("Hello")  -- lazy: no request until stream()/wait()/state()
    turn = session.create_turn(
        'Hello\n/tool write_file {"filename": "a.txt", "content": "hi"}\n'
        '/tool calculator {"expression": "6*7"}'
    )
    stream_cm = turn.stream()  # still no request: it goes out on `with`
    assert list(session.turns.list()) == []
    assert hub.sessions.get(session.id).status == "idle"

    # with turn.stream() as events: ... event.type == "elicitation.requested": event.approve()
    types: list[str] = []
    sequence_numbers: list[int] = []
    deltas: list[str] = []
    with stream_cm as events:
        for event in events:
            types.append(event.type)
            sequence_numbers.append(event.sequence_number)
            if event.type == "message.delta":
                deltas.append(event.delta)
            if event.type == "elicitation.requested":
                assert event.elicitation.kind == "tool_approval"
                assert event.elicitation.tool_name == "write_file"
                event.approve()
    assert types.count("elicitation.requested") == 1
    assert "elicitation.resolved" in types
    assert "file.created" in types
    assert types[-1] == "turn.completed"
    assert sequence_numbers == sorted(set(sequence_numbers)), "exactly once, in order"

    # print(events.result.text)  -- TurnResult once the stream ended
    text = events.result.text
    assert text.startswith("Hello")
    assert "write_file: file_" in text
    assert "calculator: 42" in text
    assert "".join(deltas) == text
    assert events.result.usage.total_tokens == (
        events.result.usage.input_tokens + events.result.usage.output_tokens
    )
    assert turn.state().status == "completed"

    # session.prompt("Hi again").text  -- create_turn + wait
    assert session.prompt("Hi again").text == "Hi again"

    # session.files.upload("report.pdf", on_progress=cb); download(fid).write_to(path)
    source = tmp_path / "report.bin"
    source.write_bytes(bytes(range(256)) * 600)  # 150 KiB
    progress: list[tuple[int, int]] = []
    uploaded = session.files.upload(
        source, on_progress=lambda sent, total: progress.append((sent, total))
    )
    assert uploaded.id.startswith("file_")
    assert progress, "on_progress was never called"
    assert progress[-1][0] == source.stat().st_size
    target = tmp_path / "copy.bin"
    session.files.download(uploaded.id).write_to(target)
    assert _sha256(target) == _sha256(source) == uploaded.sha256

    # hub.with_options(timeout=5, max_retries=5).sessions.get(sid)
    again = hub.with_options(timeout=5, max_retries=5).sessions.get(session.id)
    assert again.id == session.id
    assert again.status == "idle"

    # hub.sessions.with_raw_response.get(sid)  -- headers, status, request id
    raw = hub.sessions.with_raw_response.get(session.id)
    assert raw.status_code == 200
    assert raw.request_id.startswith("req_")
    assert raw.headers["X-Request-Id"] == raw.request_id
    # like every other resource's, list has a raw form: the first page's response
    first = hub.sessions.with_raw_response.list(limit=1)
    assert first.status_code == 200
    assert len(first.parse().data) == 1


def test_status_callback_sees_running_then_idle(hub: AgentHub) -> None:
    agent = hub.agents.create(name="cb", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    seen: list[tuple[str, str]] = []

    def fn(session_id: str, status: str) -> None:
        seen.append((session_id, status))

    session.add_status_callback(fn)
    assert session.prompt("Hi").text == "Hi"
    assert _wait_until(lambda: bool(seen) and seen[-1][1] == "idle"), seen
    assert {sid for sid, _ in seen} == {session.id}
    statuses = [status for _, status in seen]
    assert _is_subsequence(["running", "idle"], statuses), statuses


def test_status_callback_while_streaming(hub: AgentHub) -> None:
    agent = hub.agents.create(
        name="cb2", model="scripted", tools=["calculator"], require_approval="always"
    )
    session = hub.sessions.create(agent_id=agent.id)
    seen: list[tuple[str, str]] = []
    session.add_status_callback(lambda sid, status: seen.append((sid, status)))
    with session.create_turn('/tool calculator {"expression": "1+1"}').stream() as events:
        for event in events:
            if event.type == "elicitation.requested":
                event.approve()
    assert events.result.text == "calculator: 2"
    assert _wait_until(lambda: bool(seen) and seen[-1][1] == "idle"), seen
    statuses = [status for _, status in seen]
    assert _is_subsequence(["running", "waiting", "running", "idle"], statuses), statuses


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_client_tool_register_named_after_function(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="helper", model="scripted", tools=["lookup", "fetch"])
    session = hub.sessions.create(agent_id=agent.id, transport=transport)

    def lookup(key: str) -> str:
        return f"value-of-{key}"

    def other(url: str) -> str:
        return f"got {url}"

    session.tools.register(lookup)  # named after fn.__name__
    session.tools.register(other, name="fetch", description="fetch a url")
    assert session.prompt('/tool lookup {"key": "k1"}').text == "lookup: value-of-k1"
    assert session.prompt('/tool fetch {"url": "u"}').text == "fetch: got u"


def test_sessions_list_filters_and_pages(hub: AgentHub) -> None:
    agent = hub.agents.create(name="lister", model="scripted")
    label = {"run": uuid.uuid4().hex}
    created = [hub.sessions.create(agent_id=agent.id, labels=label).id for _ in range(5)]
    busy = hub.sessions.create(agent_id=agent.id, labels=label)
    busy_turn = busy.create_turn("/sleep 5")
    busy_turn.start()
    try:
        assert _wait_until(lambda: hub.sessions.get(busy.id).status == "running")
        ids = [s.id for s in hub.sessions.list(status="idle", labels=label, limit=2)]
        assert sorted(ids) == sorted(created)  # every page; `limit` is the page size
        for s in hub.sessions.list(status="idle", labels=label):
            assert s.status == "idle"
        pages = list(hub.sessions.list(status="idle", labels=label, limit=2).iter_pages())
        assert [len(p.data) for p in pages] == [2, 2, 1]
        assert [p.has_more for p in pages] == [True, True, False]
        running = [s.id for s in hub.sessions.list(status="running", labels=label)]
        assert running == [busy.id]
        asc = [s.id for s in hub.sessions.list(labels=label, agent_id=agent.id, order="asc")]
        desc = [s.id for s in hub.sessions.list(labels=label, agent_id=agent.id, order="desc")]
        assert asc == list(reversed(desc))
    finally:
        busy_turn.cancel()


# --------------------------------------------------------------------------------------------
# Constructor and credential chain
# --------------------------------------------------------------------------------------------


def test_constructor_keywords(hub: AgentHub) -> None:
    params = inspect.signature(AgentHub).parameters
    for name in (
        "api_key",
        "access_token",
        "base_url",
        "grpc_target",
        "timeout",
        "max_retries",
        "default_headers",
        "http_client",
    ):
        assert name in params, name

    sent: list[httpx.Request] = []
    grpc_target = hub.get_capabilities().grpc_target
    with httpx.Client(event_hooks={"request": [sent.append]}) as http_client:
        client = AgentHub(
            api_key=KEY,
            base_url=hub.base_url,
            grpc_target=grpc_target,
            timeout=5,
            max_retries=1,
            default_headers={"X-Design-Surface": "yes"},
            http_client=http_client,
        )
        agent = client.agents.create(name="ctor", model="scripted")
        session = client.sessions.create(agent_id=agent.id, transport="grpc")
        assert session.prompt("via grpc").text == "via grpc"
        client.close()
    assert sent, "the given http_client was not used"
    assert all(r.headers["X-Design-Surface"] == "yes" for r in sent)
    assert all(r.headers["Authorization"] == f"Bearer {KEY}" for r in sent)


def test_access_token_callable_called_per_request(hub: AgentHub, clean_env: pathlib.Path) -> None:
    calls: list[int] = []

    def token() -> str:
        calls.append(1)
        return KEY

    client = AgentHub(access_token=token, base_url=hub.base_url)
    client.agents.create(name="token-1", model="scripted")
    list(client.agents.list())
    assert len(calls) >= 2
    client.close()


def test_no_credentials_raises_configuration_error(clean_env: pathlib.Path) -> None:
    with pytest.raises(ConfigurationError):
        AgentHub()
    assert issubclass(ConfigurationError, AgentHubError)


async def test_async_no_credentials_raises_configuration_error(clean_env: pathlib.Path) -> None:
    with pytest.raises(ConfigurationError):
        AsyncAgentHub()


def test_env_api_key_and_base_url(
    hub: AgentHub, clean_env: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTHUB_API_KEY", KEY)
    monkeypatch.setenv("AGENTHUB_BASE_URL", hub.base_url)
    client = AgentHub()
    agent = client.agents.create(name="from-env", model="scripted")
    assert hub.agents.get(agent.id).name == "from-env"
    client.close()


def test_api_key_argument_beats_env(
    hub: AgentHub, clean_env: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTHUB_API_KEY", "ah_wrong_key_000000000000")
    monkeypatch.setenv("AGENTHUB_BASE_URL", hub.base_url)
    with pytest.raises(AuthenticationError):
        list(AgentHub().agents.list())
    client = AgentHub(api_key=KEY)
    client.agents.create(name="arg-wins", model="scripted")
    client.close()


def test_profile_in_config_dir(
    hub: AgentHub, clean_env: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / "config.toml").write_text(
        f'[default]\napi_key = "ah_wrong_key_000000000000"\n\n'
        f'[work]\napi_key = "{KEY}"\nbase_url = "{hub.base_url}"\n'
    )
    monkeypatch.setenv("AGENTHUB_PROFILE", "work")
    client = AgentHub()
    client.agents.create(name="from-profile", model="scripted")
    client.close()


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def test_error_hierarchy() -> None:
    assert issubclass(ConfigurationError, AgentHubError)
    assert issubclass(APIError, AgentHubError)
    assert issubclass(APIConnectionError, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIStatusError, APIError)
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        PreconditionFailedError,
        PayloadTooLargeError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
    ):
        assert issubclass(cls, APIStatusError), cls
    for cls in (
        ProtocolError,
        StreamError,
        TurnFailedError,
        PollTimeoutError,
        CapabilityUnavailableError,
    ):
        assert issubclass(cls, AgentHubError), cls
    assert inspect.isclass(UnknownEvent)
    raw = {"type": "future.event", "sequence_number": 7, "extra": 1}
    unknown = UnknownEvent(type="future.event", raw=raw)
    assert unknown.type == "future.event"
    assert unknown.raw == raw


def test_not_found_attributes(hub: AgentHub) -> None:
    with pytest.raises(NotFoundError) as info:
        hub.sessions.get("ses_missing")
    err = info.value
    assert err.status_code == 404
    assert err.code == "not_found"
    assert err.request_id.startswith("req_")
    assert err.headers["X-Request-Id"] == err.request_id
    assert err.body is not None


def test_grpc_errors_map_to_same_classes(hub: AgentHub) -> None:
    with pytest.raises(NotFoundError) as info:
        hub.sessions.get("ses_missing", transport="grpc")
    assert info.value.status_code == 404
    assert info.value.code == "not_found"
    assert info.value.request_id.startswith("req_")


def test_unprocessable_entity_errors(hub: AgentHub) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        hub.agents.create(name="", model="scripted")
    err = info.value
    assert err.status_code == 422
    assert err.errors
    issue = err.errors[0]
    assert "name" in list(issue.loc)
    assert issue.msg
    assert issue.type


def test_stale_agent_revision_precondition_failed(hub: AgentHub) -> None:
    agent = hub.agents.create(name="v1", model="scripted")
    updated = hub.agents.update(agent.id, name="v2", if_revision=agent.revision)
    assert updated.revision > agent.revision
    with pytest.raises(PreconditionFailedError) as info:
        hub.agents.update(agent.id, name="v3", if_revision=agent.revision)
    assert info.value.status_code == 412
    assert hub.agents.get(agent.id).name == "v2"


def test_if_match_takes_the_etag_the_server_sent(hub: AgentHub) -> None:
    # DESIGN: updates take If-Match; the ETag from a response can be passed back as it is
    agent = hub.agents.create(name="e1", model="scripted")
    etag = hub.agents.with_raw_response.get(agent.id).headers["etag"]
    assert hub.agents.update(agent.id, name="e2", if_match=etag).name == "e2"
    with pytest.raises(PreconditionFailedError):
        hub.agents.update(agent.id, name="e3", if_match=etag)
    with pytest.raises(TypeError):
        hub.agents.update(agent.id, name="e3", if_match=etag, if_revision=1)
    assert hub.agents.get(agent.id).name == "e2"

    config = hub.config.with_raw_response.get()
    etag = config.headers["etag"]
    hub.config.patch({"e": 1}, if_match=etag)
    with pytest.raises(PreconditionFailedError):
        hub.config.replace({"e": 2}, if_match=etag)
    assert hub.config.get().config.to_dict() == {"e": 1}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_second_elicitation_resolve_conflicts(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(
        name="eli", model="scripted", tools=["calculator"], require_approval="always"
    )
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    requested = None
    with session.create_turn('/tool calculator {"expression": "3*3"}').stream() as events:
        for event in events:
            if event.type == "elicitation.requested":
                requested = event
                event.approve()
    assert events.result.text == "calculator: 9"
    assert requested is not None
    with pytest.raises(ConflictError) as info:
        requested.approve()
    assert info.value.status_code == 409


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_fail_directive_raises_turn_failed(hub: AgentHub, transport: str) -> None:
    agent = hub.agents.create(name="failer", model="scripted")
    session = hub.sessions.create(agent_id=agent.id, transport=transport)
    with pytest.raises(TurnFailedError) as info:
        session.prompt("/fail boom")
    assert "boom" in str(info.value)
    with pytest.raises(TurnFailedError):
        session.create_turn("/fail again").wait(timeout=10)


def test_wait_poll_timeout_last_state(hub: AgentHub) -> None:
    agent = hub.agents.create(name="sleeper", model="scripted")
    session = hub.sessions.create(agent_id=agent.id)
    turn = session.create_turn("/sleep 5")
    try:
        with pytest.raises(PollTimeoutError) as info:
            turn.wait(timeout=0.5, poll_interval=0.1)
        state = info.value.last_state
        assert state is not None
        assert state.id.startswith("trn_")
        assert state.status in {"queued", "running"}
    finally:
        turn.cancel()
    assert _wait_until(lambda: turn.state().status in TERMINAL)


# --------------------------------------------------------------------------------------------
# AsyncAgentHub mirrors every name
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_section4_block_async(
    ahub: AsyncAgentHub, transport: str, tmp_path: pathlib.Path
) -> None:
    hub = ahub
    agent = await hub.agents.create(
        name="analyst",
        model="scripted",
        tools=["calculator", "write_file"],
        require_approval=["write_file"],
    )
    session = await hub.sessions.create(
        agent_id=agent.id, labels={"team": "risk"}, transport=transport
    )
    assert session.id.startswith("ses_")

    seen: list[tuple[str, str]] = []
    registered = session.add_status_callback(lambda sid, st: seen.append((sid, st)))
    assert not inspect.isawaitable(registered), "add_status_callback makes no request"

    turn = session.create_turn(
        'Hello\n/tool write_file {"filename": "a.txt", "content": "hi"}\n'
        '/tool calculator {"expression": "6*7"}'
    )
    assert not inspect.isawaitable(turn), "create_turn is a plain call"
    stream_cm = turn.stream()
    assert not inspect.isawaitable(stream_cm), "turn.stream() is a plain call"
    assert [t async for t in session.turns.list()] == []

    types: list[str] = []
    async with stream_cm as events:
        async for event in events:
            types.append(event.type)
            if event.type == "elicitation.requested":
                await event.approve()
    assert "elicitation.requested" in types and types[-1] == "turn.completed"
    assert events.result.text.startswith("Hello")
    assert "write_file: file_" in events.result.text
    assert "calculator: 42" in events.result.text

    assert (await session.prompt("Hi again")).text == "Hi again"

    for _ in range(250):
        if seen and seen[-1][1] == "idle":
            break
        await asyncio.sleep(0.02)
    statuses = [st for _, st in seen]
    assert _is_subsequence(["running", "waiting", "running", "idle"], statuses), statuses
    assert {sid for sid, _ in seen} == {session.id}

    def lookup(key: str) -> str:
        return f"value-of-{key}"

    assert not inspect.isawaitable(session.tools.register(lookup))
    assert (await session.prompt('/tool lookup {"key": "k2"}')).text == "lookup: value-of-k2"

    source = tmp_path / "report.bin"
    source.write_bytes(b"agenthub-async-" * 5000)
    progress: list[tuple[int, int]] = []
    uploaded = await session.files.upload(
        source, on_progress=lambda sent, total: progress.append((sent, total))
    )
    assert progress and progress[-1][0] == source.stat().st_size
    target = tmp_path / "copy.bin"
    download = session.files.download(uploaded.id)
    if inspect.isawaitable(download):  # DESIGN does not say whether download() requests
        download = await download
    await download.write_to(target)
    assert _sha256(target) == _sha256(source)

    ids = [s.id async for s in hub.sessions.list(status="idle")]
    assert session.id in ids
    pages = [p async for p in hub.sessions.list(status="idle", limit=1).iter_pages()]
    assert [len(p.data) for p in pages] == [1] * len(ids)

    again = await hub.with_options(timeout=5, max_retries=5).sessions.get(session.id)
    assert again.id == session.id
    raw = await hub.sessions.with_raw_response.get(session.id)
    assert raw.status_code == 200
    assert raw.request_id.startswith("req_")
    assert raw.headers["X-Request-Id"] == raw.request_id
    first = await hub.sessions.with_raw_response.list(limit=1)
    assert first.status_code == 200
    assert len(first.parse().data) == 1


async def test_async_grpc_client_tool_clarification_file(
    ahub: AsyncAgentHub, tmp_path: pathlib.Path
) -> None:
    agent = await ahub.agents.create(name="grpc-async", model="scripted", tools=["lookup"])
    session = await ahub.sessions.create(agent_id=agent.id, transport="grpc")

    async def lookup(key: str) -> str:
        await asyncio.sleep(0)
        return f"value-of-{key}"

    session.tools.register(lookup)
    turn = session.create_turn(
        '/tool lookup {"key": "k1"}\n/ask What colour?\n/file notes.txt hello over grpc'
    )
    kinds: list[str] = []
    files: list[Any] = []
    async with turn.stream() as events:
        async for event in events:
            if event.type == "elicitation.requested":
                kinds.append(event.elicitation.kind)
                if event.elicitation.kind == "clarification":
                    assert event.elicitation.message == "What colour?"
                    await event.respond({"text": "blue"})
            elif event.type == "file.created":
                files.append(event.file)
    text = events.result.text
    assert "lookup: value-of-k1" in text
    assert "answer: blue" in text
    assert "clarification" in kinds
    assert [f.filename for f in files] == ["notes.txt"]
    target = tmp_path / "notes.txt"
    download = session.files.download(files[0].id)
    if inspect.isawaitable(download):
        download = await download
    await download.write_to(target)
    assert target.read_text() == "hello over grpc"


async def test_async_errors(ahub: AsyncAgentHub) -> None:
    with pytest.raises(NotFoundError) as info:
        await ahub.sessions.get("ses_missing", transport="grpc")
    assert info.value.code == "not_found"
    with pytest.raises(NotFoundError) as info:
        await ahub.sessions.get("ses_missing")
    assert info.value.status_code == 404 and info.value.request_id.startswith("req_")

    agent = await ahub.agents.create(name="async-errors", model="scripted")
    session = await ahub.sessions.create(agent_id=agent.id, transport="grpc")
    with pytest.raises(TurnFailedError):
        await session.prompt("/fail boom")
    turn = session.create_turn("/sleep 5")
    try:
        with pytest.raises(PollTimeoutError) as timeout_info:
            await turn.wait(timeout=0.5, poll_interval=0.1)
        assert timeout_info.value.last_state.status in {"queued", "running"}
    finally:
        await turn.cancel()


# --------------------------------------------------------------------------------------------
# Further §2/§4 promises: decline, event fields, retries, resume, connection errors, secrets
# --------------------------------------------------------------------------------------------


def test_decline_and_common_event_fields(hub: AgentHub) -> None:
    agent = hub.agents.create(
        name="decliner", model="scripted", tools=["calculator"], require_approval="always"
    )
    session = hub.sessions.create(agent_id=agent.id)
    turn = session.create_turn('/tool calculator {"expression": "1+1"}')
    with turn.stream() as events:
        for event in events:
            assert event.id.startswith("evt_")
            assert event.session_id == session.id
            assert event.created_at is not None
            if event.type == "elicitation.requested":
                assert event.turn_id.startswith("trn_")
                event.decline(reason="not today")
    assert events.result.text == "calculator: declined"
    assert isinstance(events.result.usage.total_tokens, int)


def test_stale_previous_turn_id_precondition_failed(hub: AgentHub) -> None:
    session = hub.sessions.create(agent_id=hub.agents.create(name="prev", model="scripted").id)
    session.prompt("first")
    with pytest.raises(PreconditionFailedError) as info:
        session.create_turn("second", previous_turn_id="trn_stale").wait(timeout=10)
    assert info.value.status_code == 412


def test_upload_above_limit_payload_too_large(tmp_path: pathlib.Path) -> None:
    with AgentHub.local(max_upload_bytes=1000) as small:
        session = small.sessions.create(
            agent_id=small.agents.create(name="big", model="scripted").id
        )
        big = tmp_path / "big.bin"
        big.write_bytes(b"x" * 5000)
        with pytest.raises(PayloadTooLargeError) as info:
            session.files.upload(big)
        assert info.value.status_code == 413


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_stream_resumes_after_drops_exactly_once(transport: str) -> None:
    with AgentHub.local(faults={"drop_stream_every": 3}) as flaky:
        session = flaky.sessions.create(
            agent_id=flaky.agents.create(name="flaky", model="scripted").id, transport=transport
        )
        seqs: list[int] = []
        deltas: list[str] = []
        with session.create_turn("/stream 40").stream() as events:
            for event in events:
                seqs.append(event.sequence_number)
                if event.type == "message.delta":
                    deltas.append(event.delta)
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "no gaps, no repeats"
        assert len(deltas) == 40
        assert "".join(deltas) == events.result.text


def test_retries_503_without_duplicates_and_timeout() -> None:
    with AgentHub.local(faults={"error_rate": 0.5, "retry_after_seconds": 0}) as hub:
        for i in range(4):
            hub.agents.create(name=f"a{i}", model="scripted")
        assert len(list(hub.agents.list())) == 4
        with pytest.raises(InternalServerError) as info:
            list(hub.with_options(max_retries=0).agents.list(limit=1))
            list(hub.with_options(max_retries=0).agents.list(limit=1))
        assert info.value.status_code == 503
    with (
        AgentHub.local(faults={"latency_seconds": 1.0}) as slow,
        pytest.raises(APITimeoutError),
    ):
        slow.agents.list(timeout=0.2, max_retries=0)


def test_rest_connection_error() -> None:
    client = AgentHub(api_key=KEY, base_url="http://127.0.0.1:1", max_retries=0)
    with pytest.raises(APIConnectionError):
        client.agents.get("agt_x")


def test_grpc_connection_error(hub: AgentHub) -> None:
    # one hierarchy: an unreachable gRPC target is a connection error, as over REST
    client = AgentHub(api_key=KEY, base_url=hub.base_url, grpc_target="127.0.0.1:1", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.sessions.get("ses_x", transport="grpc")
    assert not isinstance(info.value, APIStatusError)
    client.close()


def test_grpc_target_from_env(
    hub: AgentHub, clean_env: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTHUB_GRPC_TARGET", hub.get_capabilities().grpc_target)
    client = AgentHub(api_key=KEY, base_url=hub.base_url)
    session = client.sessions.create(
        agent_id=client.agents.create(name="env-grpc", model="scripted").id, transport="grpc"
    )
    assert session.prompt("over env target").text == "over env target"
    client.close()


def test_secrets_not_in_repr_or_errors(hub: AgentHub) -> None:
    client = AgentHub(api_key=KEY, base_url=hub.base_url)
    assert KEY not in repr(client)
    with pytest.raises(NotFoundError) as info:
        client.sessions.get("ses_missing")
    assert KEY not in str(info.value) and KEY not in repr(info.value)
    assert KEY not in str(info.value.headers)
    client.close()


async def test_async_access_token_callable(ahub: AsyncAgentHub, clean_env: pathlib.Path) -> None:
    calls: list[int] = []
    key = f"ah_async_{uuid.uuid4().hex}"
    async with AsyncAgentHub.local(api_key=key) as server_hub:

        async def token() -> str:
            calls.append(1)
            return key

        client = AsyncAgentHub(access_token=token, base_url=server_hub.base_url)
        await client.agents.create(name="tok", model="scripted")
        _ = [a async for a in client.agents.list()]
        assert len(calls) >= 2
        await client.close()
