"""Network faults the reference server cannot inject itself (test helpers, no tests here).

- :class:`CuttingProxy`: a raw loopback TCP proxy in front of the server that closes the
  connection after ``cut_after`` body bytes of the first ``cuts`` file downloads (a real
  mid-transfer drop: the client sees a short body on a keep-alive socket) and records the
  ``Range`` / ``If-Range`` headers of every download request.
- :func:`refusing_transport` / :func:`async_refusing_transport`: httpx transports that forward
  to the real server but answer ``/events/stream`` with a refusal status and/or rewrite
  ``GET /v1/capabilities`` so a capability reads ``unavailable``.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from typing import Any

import httpx

_DOWNLOAD = re.compile(rb"^GET /v1/sessions/[^/ ]+/files/[^/ ]+/content[ ?]")
_REQUEST_LINE = re.compile(rb"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /")


class CuttingProxy:
    def __init__(self, upstream: str, *, cut_after: int, cuts: int = 1) -> None:
        url = httpx.URL(upstream)
        self._upstream = (url.host, url.port or 80)
        self.cut_after = cut_after
        self.cuts_left = cuts
        self.downloads: list[dict[str, str]] = []  # headers of each download request
        self.cut_count = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._closed = False
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        for s in list(self._socks):
            _close(s)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._upstream)
            self._socks += [client, upstream]
            state: dict[str, Any] = {"cut": False, "request": 0}
            threading.Thread(target=self._up, args=(client, upstream, state), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client, state), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket, state: dict[str, Any]) -> None:
        """client → server; spots download requests (httpx does not pipeline)."""
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                data = b""
            if not data:
                _close(upstream)
                return
            if _REQUEST_LINE.match(data):  # a new request on this connection
                state["cut"] = False
                state["request"] += 1
            if _DOWNLOAD.match(data):
                head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
                headers = {
                    k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head)
                }
                with self._lock:
                    self.downloads.append(headers)
                    if self.cuts_left > 0:
                        self.cuts_left -= 1
                        state["cut"] = True
            try:
                upstream.sendall(data)
            except OSError:
                _close(client)
                return

    def _down(self, upstream: socket.socket, client: socket.socket, state: dict[str, Any]) -> None:
        """server → client; when cutting, forwards headers + ``cut_after`` body bytes, then
        closes both sockets."""
        buf = b""
        body_sent = -1  # -1: still in the response head
        request = 0
        while True:
            try:
                data = upstream.recv(65536)
            except OSError:
                data = b""
            if not data:
                _close(client)
                return
            if state["request"] != request:  # the response to a newer request
                request, buf, body_sent = state["request"], b"", -1
            if not state["cut"]:
                try:
                    client.sendall(data)
                except OSError:
                    _close(upstream)
                    return
                continue
            if body_sent < 0:
                buf += data
                if b"\r\n\r\n" not in buf:
                    continue
                head, _, rest = buf.partition(b"\r\n\r\n")
                client.sendall(head + b"\r\n\r\n")
                body_sent, data = 0, rest
            take = data[: max(0, self.cut_after - body_sent)]
            client.sendall(take)
            body_sent += len(take)
            if body_sent >= self.cut_after:
                with self._lock:
                    self.cut_count += 1
                _close(client)
                _close(upstream)
                return


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


class _Rules:
    """Shared request handling of the sync and async refusing transports."""

    def __init__(self, stream_status: int | None, unavailable: tuple[str, ...]) -> None:
        self.stream_status = stream_status
        self.unavailable = unavailable
        self.stream_requests = 0
        self.list_requests = 0

    def before(self, request: httpx.Request) -> httpx.Response | None:
        path = request.url.path
        if path.endswith("/events/stream"):
            self.stream_requests += 1
            if self.stream_status is not None:
                return httpx.Response(
                    self.stream_status,
                    json={"code": "not_acceptable", "message": "no streaming here"},
                    headers={"content-type": "application/problem+json"},
                    request=request,
                )
        elif path.endswith("/events"):
            self.list_requests += 1
        return None

    def after(self, request: httpx.Request, body: bytes) -> bytes:
        if request.url.path == "/v1/capabilities" and self.unavailable:
            data = json.loads(body)
            for cap in data["capabilities"]:
                if cap["id"] in self.unavailable:
                    cap["status"] = "unavailable"
            return json.dumps(data).encode()
        return body


class RefusingTransport(httpx.BaseTransport):
    def __init__(self, stream_status: int | None = 406, unavailable: tuple[str, ...] = ()) -> None:
        self.rules = _Rules(stream_status, unavailable)
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        refused = self.rules.before(request)
        if refused is not None:
            return refused
        response = self._inner.handle_request(request)
        if request.url.path != "/v1/capabilities":
            return response
        body = response.read()
        headers = [(k, v) for k, v in response.headers.items() if k != "content-length"]
        return httpx.Response(
            response.status_code, headers=headers, content=self.rules.after(request, body)
        )

    def close(self) -> None:
        self._inner.close()


class AsyncRefusingTransport(httpx.AsyncBaseTransport):
    def __init__(self, stream_status: int | None = 406, unavailable: tuple[str, ...] = ()) -> None:
        self.rules = _Rules(stream_status, unavailable)
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        refused = self.rules.before(request)
        if refused is not None:
            return refused
        response = await self._inner.handle_async_request(request)
        if request.url.path != "/v1/capabilities":
            return response
        body = await response.aread()
        headers = [(k, v) for k, v in response.headers.items() if k != "content-length"]
        return httpx.Response(
            response.status_code, headers=headers, content=self.rules.after(request, body)
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
