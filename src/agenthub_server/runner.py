"""Run REST (uvicorn) and gRPC (grpc.aio) on one event loop; embed it in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import threading
from typing import Any

import uvicorn

from .app import build_app
from .config import ServerConfig
from .faults import Faults
from .scheduler import run_scheduler
from .service import Hub

log = logging.getLogger("agenthub_server")


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_DropFilter())


class ServerRuntime:
    """Everything that runs inside one event loop."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.hub: Hub | None = None
        self.faults = Faults(config.faults)
        self.http_server: uvicorn.Server | None = None
        self.grpc_server: Any = None
        self.port: int | None = None
        self.grpc_port: int | None = None
        self._tasks: list[asyncio.Task[Any]] = []

    async def start(self) -> None:
        cfg = self.config
        self.hub = hub = Hub(cfg)
        if cfg.grpc:
            from .grpc_service import start_grpc_server

            self.grpc_server, self.grpc_port = await start_grpc_server(
                hub, self.faults, cfg.host, cfg.grpc_port
            )
            hub.grpc_target = f"{_fmt_host(cfg.host)}:{self.grpc_port}"
        sock = socket.socket(
            socket.AF_INET6 if ":" in cfg.host else socket.AF_INET, socket.SOCK_STREAM
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((cfg.host, cfg.port))
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        app = build_app(hub, self.faults, test_endpoints=cfg.test_endpoints)
        ucfg = uvicorn.Config(
            app,
            log_level=cfg.log_level,
            lifespan="off",
            timeout_graceful_shutdown=2,
            access_log=False,
            h11_max_incomplete_event_size=64 * 1024,
        )
        self.http_server = uvicorn.Server(ucfg)
        self._tasks.append(asyncio.ensure_future(self.http_server.serve(sockets=[sock])))
        self._tasks.append(asyncio.ensure_future(run_scheduler(hub, cfg.scheduler_interval)))
        while not self.http_server.started:
            if self._tasks[0].done():
                self._tasks[0].result()
                raise RuntimeError("HTTP server exited during startup")
            await asyncio.sleep(0.01)

    async def wait(self) -> None:
        await asyncio.gather(*self._tasks[:1])

    async def stop(self) -> None:
        hub = self.hub
        if hub is not None:
            await hub.aclose()
        if self.http_server is not None:
            self.http_server.should_exit = True
        if self.grpc_server is not None:
            await self.grpc_server.stop(grace=0.5)
        for t in self._tasks:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(t), timeout=5)
        for t in self._tasks:
            if not t.done():
                t.cancel()
        if hub is not None:
            hub.close()

    @property
    def base_url(self) -> str:
        return f"http://{_fmt_host(self.config.host)}:{self.port}"


def _fmt_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class LocalServer:
    """The reference server in a background thread (used by ``AgentHub.local()`` and tests).

    >>> with LocalServer(ServerConfig()) as srv:
    ...     print(srv.base_url, srv.grpc_target, srv.api_key)
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self.config.resolved_api_keys()
        self._runtime: ServerRuntime | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None

    # lifecycle
    def start(self) -> LocalServer:
        if self._thread is not None:
            return self
        ready = threading.Event()
        error: list[BaseException] = []

        def main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._main(ready, error))
            finally:
                with contextlib.suppress(Exception):
                    loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()
                ready.set()

        self._thread = threading.Thread(target=main, name="agenthub-server", daemon=True)
        self._thread.start()
        ready.wait()
        if error:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError(f"agenthub server failed to start: {error[0]!r}") from error[0]
        return self

    async def _main(self, ready: threading.Event, error: list[BaseException]) -> None:
        self._stop = asyncio.Event()
        runtime = ServerRuntime(self.config)
        try:
            await runtime.start()
        except BaseException as exc:
            error.append(exc)
            with contextlib.suppress(Exception):
                await runtime.stop()
            ready.set()
            return
        self._runtime = runtime
        ready.set()
        await self._stop.wait()
        await runtime.stop()

    def stop(self) -> None:
        if self._thread is None:
            return
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        self._thread.join(timeout=15)
        self._thread = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # addresses
    @property
    def base_url(self) -> str:
        if self._runtime is None:
            raise RuntimeError("server is not running")
        return self._runtime.base_url

    @property
    def grpc_target(self) -> str | None:
        if self._runtime is None:
            raise RuntimeError("server is not running")
        return self._runtime.hub.grpc_target if self._runtime.hub else None

    @property
    def api_key(self) -> str:
        return self.config.api_keys[0]

    @property
    def api_keys(self) -> list[str]:
        return list(self.config.api_keys)

    @property
    def hub(self) -> Hub:
        assert self._runtime is not None and self._runtime.hub is not None
        return self._runtime.hub

    def call(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(*args)`` on the server loop (thread-safe); returns its result."""
        assert self._loop is not None

        async def run() -> Any:
            res = fn(*args)
            if asyncio.iscoroutine(res):
                res = await res
            return res

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)


async def serve(config: ServerConfig) -> None:
    """Run the server in the current event loop until cancelled; prints addresses and the key."""
    keys = config.resolved_api_keys()
    runtime = ServerRuntime(config)
    await runtime.start()
    hub = runtime.hub
    assert hub is not None
    out = sys.stdout
    print(f"agenthub reference server listening on {runtime.base_url}", file=out)
    print(f"  gRPC: {hub.grpc_target or 'disabled'}", file=out)
    print(f"  database: {config.db}", file=out)
    print(
        f"  API key: {keys[0]}" + (f" (+{len(keys) - 1} more)" if len(keys) > 1 else ""), file=out
    )
    print(
        f"  export AGENTHUB_BASE_URL={runtime.base_url} AGENTHUB_API_KEY={keys[0]}",
        file=out,
        flush=True,
    )
    try:
        await runtime.wait()
    finally:
        await runtime.stop()
