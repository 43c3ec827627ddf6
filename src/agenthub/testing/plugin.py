"""The pytest plugin ``agenthub.testing`` (entry point ``agenthub`` in the ``pytest11`` group).

Fixtures (see docs/testing.md):

* ``agenthub_server`` (session): the reference server (``agenthub_server.LocalServer``)
  in-process on free loopback ports, in-memory, test endpoints on; stopped at session end.
  Customise it by overriding ``agenthub_server_config`` (session) in your ``conftest.py``.
* ``agenthub_api_key`` (function): a fresh API key = a fresh, empty tenant for each test.
* ``hub`` / ``async_hub`` (function): ``AgentHub`` / ``AsyncAgentHub`` on that server with
  that key; their sessions default to ``agenthub_transport``.
* ``agenthub_transport`` (function): ``"sse"`` or ``"grpc"``, from ``--agenthub-transport``
  (``both`` runs each test that uses it once per transport) or the ``agenthub_transport``
  marker.
* ``agenthub_faults`` (function): a :class:`~agenthub.testing.FaultInjector`; faults are
  reset after the test.

The plugin loads with the core package, but its server needs the ``server`` extra: without
it, tests that use these fixtures are skipped with a message saying what to install, and
nothing else changes. Fixtures your own ``conftest.py`` defines with the same names win.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from ._faults import FaultInjector, post_test_endpoint

if TYPE_CHECKING:
    from agenthub import AgentHub, AsyncAgentHub
    from agenthub_server import LocalServer, ServerConfig

TRANSPORTS = ("sse", "grpc")
_INSTALL_HINT = "agenthub.testing needs the reference server: pip install 'agenthub[server]'"
#: Session methods whose ``transport=`` defaults to the fixture's transport.
_TRANSPORT_METHODS = ("create", "get", "list", "cancel")

C = TypeVar("C")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("agenthub", "agenthub testing plugin")
    group.addoption(
        "--agenthub-transport",
        choices=(*TRANSPORTS, "both"),
        default=None,
        help="transport of sessions made through the hub / async_hub fixtures: sse, grpc, "
        "or both (each such test runs once per transport). Default: the "
        "agenthub_transport ini value, else sse.",
    )
    parser.addini(
        "agenthub_transport", "default for --agenthub-transport (sse, grpc, both)", default="sse"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "agenthub_transport(*names): run this test over these transports ('sse', 'grpc'), "
        "whatever --agenthub-transport says",
    )


def _transport_option(config: pytest.Config) -> str:
    value = config.getoption("--agenthub-transport") or config.getini("agenthub_transport")
    if value not in (*TRANSPORTS, "both"):
        raise pytest.UsageError(f"agenthub_transport must be sse, grpc or both, not {value!r}")
    return str(value)


def _server_extra_installed() -> bool:
    # agenthub_server itself ships in every wheel; its third-party imports need the extra.
    return all(importlib.util.find_spec(m) is not None for m in ("uvicorn", "starlette", "grpc"))


def pytest_report_header(config: pytest.Config) -> str:
    installed = _server_extra_installed()
    extra = "server extra installed" if installed else "server extra NOT installed"
    return f"agenthub: transport={_transport_option(config)}, {extra}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Only tests whose fixture closure reaches ``agenthub_transport`` (the plugin's hub /
    # async_hub, or the fixture itself); a conftest ``hub`` of the same name never does.
    if "agenthub_transport" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if "agenthub_transport" in names:
            return  # the test parametrises it itself
    marker = metafunc.definition.get_closest_marker("agenthub_transport")
    if marker is not None:
        values = list(marker.args)
        bad = [v for v in values if v not in TRANSPORTS]
        if not values or bad:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid}: agenthub_transport marker takes 'sse' and/or "
                f"'grpc', not {values!r}"
            )
    else:
        option = _transport_option(metafunc.config)
        values = list(TRANSPORTS) if option == "both" else [option]
    metafunc.parametrize("agenthub_transport", values, indirect=True, ids=values)


def _import_server() -> Any:
    try:
        import agenthub_server
    except ImportError as exc:
        pytest.skip(f"{_INSTALL_HINT} ({exc})")
    return agenthub_server


@pytest.fixture(scope="session")
def agenthub_server_config() -> ServerConfig:
    """The ``ServerConfig`` of ``agenthub_server`` (override it in your conftest.py to set
    e.g. ``max_upload_bytes`` or ``heartbeat_interval``). Host, free ports, in-memory
    database and test endpoints are defaults here; ``test_endpoints`` is forced on."""
    server = _import_server()
    config: ServerConfig = server.ServerConfig(
        host="127.0.0.1", port=0, grpc_port=0, db=":memory:", test_endpoints=True
    )
    return config


@pytest.fixture(scope="session")
def agenthub_server(agenthub_server_config: ServerConfig) -> Iterator[LocalServer]:
    """The reference server for the whole test session (``base_url``, ``grpc_target``)."""
    server_mod = _import_server()
    config = dataclasses.replace(agenthub_server_config, test_endpoints=True)
    server: LocalServer = server_mod.LocalServer(config)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def agenthub_api_key(agenthub_server: LocalServer) -> str:
    """A key registered just for this test: a new, empty tenant (tests never see each
    other's agents, sessions or files). ``hub`` and ``async_hub`` of one test share it."""
    key = f"ah_test_{uuid.uuid4().hex}"
    # registered with the server's own key
    base_url, server_key = agenthub_server.base_url, agenthub_server.api_key
    response = post_test_endpoint(base_url, server_key, "api-keys", {"api_key": key})
    if response.status_code != 201:
        raise RuntimeError(f"could not register a test API key: {response.text}")
    return key


@pytest.fixture()
def agenthub_transport(request: pytest.FixtureRequest) -> str:
    """``"sse"`` or ``"grpc"``: the transport the ``hub`` fixtures' sessions default to."""
    param = getattr(request, "param", None)
    if param is not None:
        return str(param)
    option = _transport_option(request.config)
    return "sse" if option == "both" else option


def bind_transport(client: C, transport: str) -> C:
    """Make ``client.sessions.create/get/list/cancel`` (and those of ``with_options`` copies)
    default to ``transport``; an explicit ``transport=`` still wins. Returns ``client``.

    Done per instance with ``functools.partial`` because the SDK has no client-wide default
    transport option; the class and other clients are untouched."""
    sessions: Any = client.sessions  # type: ignore[attr-defined]
    for name in _TRANSPORT_METHODS:
        setattr(sessions, name, functools.partial(getattr(sessions, name), transport=transport))
    original = client.with_options  # type: ignore[attr-defined]

    def with_options(**options: Any) -> Any:
        return bind_transport(original(**options), transport)

    client.with_options = with_options  # type: ignore[attr-defined]
    return client


def _client_options(server: LocalServer, api_key: str) -> dict[str, Any]:
    return {"api_key": api_key, "base_url": server.base_url, "grpc_target": server.grpc_target}


@pytest.fixture()
def hub(
    agenthub_server: LocalServer, agenthub_api_key: str, agenthub_transport: str
) -> Iterator[AgentHub]:
    """An ``AgentHub`` on ``agenthub_server`` with this test's own tenant; closed after."""
    from agenthub import AgentHub

    with AgentHub(**_client_options(agenthub_server, agenthub_api_key)) as client:
        yield bind_transport(client, agenthub_transport)


@pytest.fixture()
async def async_hub(
    agenthub_server: LocalServer, agenthub_api_key: str, agenthub_transport: str
) -> AsyncIterator[AsyncAgentHub]:
    """An ``AsyncAgentHub`` like ``hub``. Async fixtures need a runner: mark the test
    ``@pytest.mark.anyio`` (anyio comes with httpx) or use pytest-asyncio's auto mode
    (one of the two, not both)."""
    from agenthub import AsyncAgentHub

    async with AsyncAgentHub(**_client_options(agenthub_server, agenthub_api_key)) as client:
        yield bind_transport(client, agenthub_transport)


@pytest.fixture()
def agenthub_faults(agenthub_server: LocalServer) -> Iterator[FaultInjector]:
    """Fault injection for this test: ``agenthub_faults.set(drop_stream_every=3)``,
    ``set(error_rate=0.5)``, ``set(latency_seconds=0.2)``; everything is reset after."""
    injector = FaultInjector(agenthub_server.base_url, agenthub_server.api_key)
    injector.reset()  # a crashed earlier test must not leak faults into this one
    try:
        yield injector
    finally:
        injector.reset()
