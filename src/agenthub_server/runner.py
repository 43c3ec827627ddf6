"""Run REST (uvicorn) and gRPC (grpc.aio) on one event loop; embed it in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import threading
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

try:  # the C parser (llhttp): a keep-alive request costs ~0.5 ms less server CPU than with h11
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is a dependency of the `server` extra
    httptools = None  # type: ignore[assignment]

from .app import build_app
from .config import ServerConfig, _env_keys
from .contract import contract
from .faults import Faults
from .scheduler import run_scheduler
from .service import Hub

log = logging.getLogger("agenthub_server")


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_DropFilter())


class _CoalescingTransport:
    """An asyncio transport whose small writes made in one event-loop step leave in one send.

    uvicorn writes a response's status line and headers, then each body chunk, as separate
    ``transport.write`` calls: a JSON answer goes out as two TCP segments and an SSE stream's
    head, ``retry:`` hint and first events as three or more, each waking the client. Here they
    are buffered and flushed by a ``call_soon`` callback, i.e. before the loop next waits for
    I/O, so no write is delayed; a buffer past ``_LIMIT`` is flushed at once (large bodies keep
    the real transport's flow control). In-process (``AgentHub.local()``) every send also hands
    the GIL to the client thread and back, so fewer sends are a large share of a turn's latency.
    """

    _LIMIT = 64 * 1024

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._buf: list[bytes] = []
        self._size = 0

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if len(data) >= self._LIMIT:
            # a large piece (a download's 64 KiB chunks) goes out as it is: what is buffered
            # first, then this, without joining (copying) the two
            self._flush()
            if not self._transport.is_closing():
                self._transport.write(data)
            return
        if not self._buf:
            self._loop.call_soon(self._flush)
        # bytes are kept as they are; a mutable buffer is copied (its owner may reuse it)
        self._buf.append(data if type(data) is bytes else bytes(data))
        self._size += len(data)
        if self._size >= self._LIMIT:
            self._flush()

    def _flush(self) -> None:
        if not self._buf:
            return
        data = self._buf[0] if len(self._buf) == 1 else b"".join(self._buf)
        self._buf.clear()
        self._size = 0
        if not self._transport.is_closing():
            self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        return self._size + self._transport.get_write_buffer_size()

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def abort(self) -> None:
        self._buf.clear()
        self._size = 0
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _HeadTimer:
    """The request-head deadline both protocol guards share: a timer that closes the
    connection when a request head has not arrived within ``header_timeout`` seconds."""

    _head_timer: asyncio.TimerHandle | None
    transport: asyncio.Transport

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()


class _GuardedH11Protocol(_HeadTimer, H11Protocol):
    """uvicorn's h11 protocol with ``TCP_NODELAY`` and a deadline for the request head.

    uvicorn only times out *idle* keep-alive connections; a client that opens a connection
    and never sends, or sends half a header block and stalls, would hold it forever
    (slowloris). Here a client has ``header_timeout`` seconds from the connection (or from the
    first byte of its next request) to deliver the whole head; otherwise it is disconnected.
    """

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        _nodelay(transport)
        super().connection_made(_CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        waiting_for_head = self.conn.their_state is h11.IDLE and (
            self.cycle is None or self.cycle.response_complete
        )
        if not waiting_for_head or self.transport.is_closing():
            self._cancel_head_timer()
        elif self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)


#: seconds running responses get to finish when the server stops
_GRACEFUL_SHUTDOWN = 2
#: the longest request head (request line + headers) either protocol accepts
MAX_HEAD_BYTES = 64 * 1024


def _nodelay(transport: asyncio.Transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # Nagle + delayed ACK would add ~40 ms to every keep-alive request/response.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


if httptools is not None:

    class _GuardedHttpToolsProtocol(_HeadTimer, HttpToolsProtocol):
        """uvicorn's httptools protocol with the guards of :class:`_GuardedH11Protocol`:
        ``TCP_NODELAY``, coalesced writes, a deadline for the request head (from the
        connection, or from the first byte of each next request) and a 64 KiB head limit
        (a longer head is a 400 and the connection closes, as h11's limit answers)."""

        header_timeout = 10.0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            _nodelay(transport)
            super().connection_made(_CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]
            self._head_timer: asyncio.TimerHandle | None = None
            self._head_pending = True  # waiting for (the rest of) a request head
            self._head_bytes = 0
            self._arm_head_timer()

        def data_received(self, data: bytes) -> None:
            if self.transport.is_closing():
                return
            super().data_received(data)
            if self._head_pending and not self.transport.is_closing():
                # bytes read while a head is still incomplete all belong to that head; the
                # deadline runs from the first of them (a head read whole arms no timer)
                self._head_bytes += len(data)
                if self._head_bytes > MAX_HEAD_BYTES:
                    self._cancel_head_timer()
                    self.send_400_response("Invalid HTTP request received.")
                else:
                    self._arm_head_timer()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._head_pending = True
            self._head_bytes = 0

        def on_headers_complete(self) -> None:
            self._head_pending = False
            self._cancel_head_timer()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            super().connection_lost(exc)

        def _arm_head_timer(self) -> None:
            if self._head_timer is None and not self.transport.is_closing():
                self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)


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
        # read the contract now: the first request stays fast, and a server without its spec
        # fails at startup rather than on the first POST
        contract()
        self.hub = hub = Hub(cfg)
        if cfg.grpc:
            from .grpc_service import start_grpc_server

            self.grpc_server, self.grpc_port = await start_grpc_server(
                hub, self.faults, cfg.host, cfg.grpc_port
            )
            hub.grpc_target = f"{_fmt_host(cfg.host)}:{self.grpc_port}"
        # proto=IPPROTO_TCP (not 0): asyncio sets TCP_NODELAY on accepted sockets only when
        # the socket says it is TCP; without it every keep-alive request waits ~40 ms.
        sock = socket.socket(
            socket.AF_INET6 if ":" in cfg.host else socket.AF_INET,
            socket.SOCK_STREAM,
            socket.IPPROTO_TCP,
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((cfg.host, cfg.port))
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        app = build_app(hub, self.faults, test_endpoints=cfg.test_endpoints)
        if cfg.test_endpoints:
            log.warning(
                "test endpoints /v1/_test/* are enabled (fault and API-key injection by any "
                "authenticated caller): never use --test-endpoints in production"
            )
        base: type[Any] = _GuardedH11Protocol if httptools is None else _GuardedHttpToolsProtocol
        protocol = type(base.__name__, (base,), {"header_timeout": cfg.header_timeout})
        ucfg = uvicorn.Config(
            app,
            http=protocol,
            log_level=cfg.log_level,
            lifespan="off",
            timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN,
            timeout_keep_alive=cfg.keep_alive_timeout,  # type: ignore[arg-type]
            access_log=False,
            # the app never reads the client's address or scheme: no X-Forwarded-* rewriting
            # layer around every request
            proxy_headers=False,
            # the request head (request line + headers) may not exceed 64 KiB
            h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        )
        self.http_server = uvicorn.Server(ucfg)
        self._tasks.append(asyncio.ensure_future(self.http_server.serve(sockets=[sock])))
        self._tasks.append(asyncio.ensure_future(run_scheduler(hub, cfg.scheduler_interval)))
        while not self.http_server.started:
            if self._tasks[0].done():
                self._tasks[0].result()
                raise RuntimeError("HTTP server exited during startup")
            # uvicorn has no "started" event to wait on; its startup takes a few loop steps,
            # so a short poll keeps AgentHub.local() from idling ~10 ms per start
            await asyncio.sleep(0.001)

    async def wait(self) -> None:
        await asyncio.gather(*self._tasks[:1])

    async def stop(self) -> None:
        hub = self.hub
        if hub is not None:
            await hub.aclose()
        if self.http_server is not None:
            self.http_server.should_exit = True
        stops = [self._stop_http()]
        if self.grpc_server is not None:
            stops.append(self.grpc_server.stop(grace=0.5))
        await asyncio.gather(*stops)
        for t in self._tasks:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(t), timeout=5)
        for t in self._tasks:
            if not t.done():
                t.cancel()
        if hub is not None:
            hub.close()

    async def _stop_http(self) -> None:
        """uvicorn's own shutdown, without its fixed waits: its serve loop looks at
        ``should_exit`` every 0.1 s and then sleeps 0.1 s more after asking connections to
        close (~200 ms per ``LocalServer.stop()``). Here: stop listening, ask every connection
        to close (idle ones at once, busy ones after their response), wait - polling every
        5 ms - up to the same 2 s grace for them and their tasks, cancel what is left, and
        cancel the serve loop, whose shutdown would now find nothing to do."""
        server, serving = self.http_server, self._tasks[0] if self._tasks else None
        if server is None or serving is None or serving.done():
            return  # not started, or already shut down by uvicorn itself (signals)
        for listener in server.servers:
            listener.close()
        state = server.server_state
        for connection in list(state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _GRACEFUL_SHUTDOWN
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in list(state.tasks):
            task.cancel()
        serving.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await serving

    @property
    def base_url(self) -> str:
        return f"http://{_fmt_host(self.config.host)}:{self.port}"


def mask_key(key: str) -> str:
    """``ah_live_...`` - enough to tell keys apart, not enough to use one (ASCII: any console)."""
    return key[: min(8, len(key) // 3)] + "..."


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
    """Run the server in the current event loop until cancelled; prints the addresses and the
    key (a generated dev key in full, a supplied key masked to its prefix)."""
    generated = not config.api_keys and not _env_keys()
    keys = config.resolved_api_keys()
    runtime = ServerRuntime(config)
    await runtime.start()
    hub = runtime.hub
    assert hub is not None
    out = sys.stdout
    print(f"agenthub reference server listening on {runtime.base_url}", file=out)
    print(f"  gRPC: {hub.grpc_target or 'disabled'}", file=out)
    print(f"  database: {config.db}", file=out)
    more = f" (+{len(keys) - 1} more)" if len(keys) > 1 else ""
    if generated:
        # a throwaway key made for this run: the banner is the only way to learn it
        print(f"  API key (generated for this run): {keys[0]}", file=out)
        print(
            f"  export AGENTHUB_BASE_URL={runtime.base_url} AGENTHUB_API_KEY={keys[0]}",
            file=out,
        )
    else:
        # keys the operator supplied are never echoed in full (logs outlive terminals)
        print(f"  API key: {mask_key(keys[0])}{more}", file=out)
        print(f"  export AGENTHUB_BASE_URL={runtime.base_url}", file=out)
    if config.test_endpoints:
        print(
            "  WARNING: --test-endpoints is on: /v1/_test/* lets any authenticated caller add "
            "API keys and inject faults. Never use it in production.",
            file=out,
        )
    out.flush()
    try:
        await runtime.wait()
    finally:
        await runtime.stop()
