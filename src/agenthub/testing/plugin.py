"""The pytest plugin (entry point ``agenthub`` in ``pytest11``): fixtures, option and marker as
docs/testing.md describes them. Without the ``server`` extra, tests using the fixtures skip."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from . import FaultInjector, _post_test_endpoint

if TYPE_CHECKING:
    from agenthub import AgentHub, AsyncAgentHub
    from agenthub_server import LocalServer, ServerConfig

TRANSPORTS = ("sse", "grpc")
_INSTALL_HINT = "agenthub.testing needs the reference server: pip install 'agenthub[server]'"
C = TypeVar("C")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("agenthub", "agenthub testing plugin")
    group.addoption(
        "--agenthub-transport",
        choices=(*TRANSPORTS, "both"),
        help="transport of the hub / async_hub fixtures' sessions; both = run each such test "
        "once per transport. Default: the agenthub_transport ini value, else sse.",
    )
    parser.addini("agenthub_transport", "default for --agenthub-transport", default="sse")


def pytest_configure(config: pytest.Config) -> None:
    marker = "agenthub_transport(*names): run over these ('sse', 'grpc'), whatever the option says"
    config.addinivalue_line("markers", marker)


def _transport_option(config: pytest.Config) -> str:
    value = config.getoption("--agenthub-transport") or config.getini("agenthub_transport")
    if value not in (*TRANSPORTS, "both"):
        raise pytest.UsageError(f"agenthub_transport must be sse, grpc or both, not {value!r}")
    return str(value)


def pytest_report_header(config: pytest.Config) -> str:
    # agenthub_server ships in every wheel; its third-party imports need the extra.
    installed = all(importlib.util.find_spec(m) for m in ("uvicorn", "starlette", "grpc"))
    extra = "server extra installed" if installed else "server extra NOT installed"
    return f"agenthub: transport={_transport_option(config)}, {extra}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A conftest ``hub`` overriding the plugin's does not reach ``agenthub_transport``.
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
        if not values or any(v not in TRANSPORTS for v in values):
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
    """``agenthub_server``'s config: loopback, free ports, in-memory; override it in conftest."""
    config: ServerConfig = _import_server().ServerConfig(
        host="127.0.0.1", port=0, grpc_port=0, db=":memory:", test_endpoints=True
    )
    return config


@pytest.fixture(scope="session")
def agenthub_server(agenthub_server_config: ServerConfig) -> Iterator[LocalServer]:
    """The reference server for the whole session; ``test_endpoints`` is forced on."""
    config = dataclasses.replace(agenthub_server_config, test_endpoints=True)
    server: LocalServer = _import_server().LocalServer(config)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def agenthub_api_key(agenthub_server: LocalServer) -> str:
    """A key registered (with the server's own key) just for this test: a new, empty tenant."""
    key = f"ah_test_{uuid.uuid4().hex}"
    response = _post_test_endpoint(
        agenthub_server.base_url, agenthub_server.api_key, "api-keys", {"api_key": key}
    )
    if response.status_code != 201:
        raise RuntimeError(f"could not register a test API key: {response.text}")
    return key


@pytest.fixture()
def agenthub_transport(request: pytest.FixtureRequest) -> str:
    """``"sse"`` or ``"grpc"``: the transport the ``hub`` fixtures' sessions default to."""
    option = _transport_option(request.config)  # used without a param by getfixturevalue()
    return str(getattr(request, "param", "sse" if option == "both" else option))


def bind_transport(client: C, transport: str) -> C:
    """Make ``client.sessions.create/get/list/cancel`` (also of ``with_options`` copies) default
    to ``transport`` (an explicit ``transport=`` wins), per instance: the SDK has no client-wide
    default transport."""
    c: Any = client  # AgentHub or AsyncAgentHub
    for name in ("create", "get", "list", "cancel"):
        setattr(c.sessions, name, functools.partial(getattr(c.sessions, name), transport=transport))
    original = c.with_options
    c.with_options = lambda **options: bind_transport(original(**options), transport)
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
    """An ``AsyncAgentHub`` like ``hub``; needs an async runner (docs/testing.md)."""
    from agenthub import AsyncAgentHub

    async with AsyncAgentHub(**_client_options(agenthub_server, agenthub_api_key)) as client:
        yield bind_transport(client, agenthub_transport)


@pytest.fixture()
def agenthub_faults(agenthub_server: LocalServer) -> Iterator[FaultInjector]:
    """A ``FaultInjector``; faults are reset after the test."""
    injector = FaultInjector(agenthub_server.base_url, agenthub_server.api_key)
    injector.reset()  # a crashed earlier test must not leak faults into this one
    try:
        yield injector
    finally:
        injector.reset()
