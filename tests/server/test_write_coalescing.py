"""The server's write coalescing: what uvicorn writes in one loop step leaves in one send."""

from __future__ import annotations

import asyncio
import socket

from agenthub_server.runner import LocalServer, _CoalescingTransport


class _Recorder(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0


async def test_writes_of_one_step_are_sent_together_and_large_ones_at_once() -> None:
    raw = _Recorder()
    t = _CoalescingTransport(raw, asyncio.get_running_loop())
    t.write(b"HTTP/1.1 200 OK\r\n\r\n")
    t.write(b"body")
    assert raw.writes == [] and t.get_write_buffer_size() == 23
    await asyncio.sleep(0)  # the end of this loop step
    assert raw.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
    big = b"x" * _CoalescingTransport._LIMIT
    t.write(b"a")
    t.write(big)  # past the limit: sent now, so flow control sees it, and not copied
    assert raw.writes[-2:] == [b"a", big] and raw.writes[-1] is big
    mutable = bytearray(b"reused")
    t.write(mutable)
    mutable[:] = b"XXXXXX"  # its owner reuses it: what was written is a copy
    await asyncio.sleep(0)
    assert raw.writes[-1] == b"reused"
    t.write(b"tail")
    t.close()  # close sends what is buffered first
    assert raw.writes[-1] == b"tail" and raw.closed
    await asyncio.sleep(0)
    assert raw.writes[-1] == b"tail"  # the scheduled flush finds nothing left


def test_a_json_answer_arrives_as_one_segment() -> None:
    # Head and body in one send: the first recv holds the whole response (a second segment
    # would need the server's next write, which never comes on a keep-alive connection).
    with LocalServer() as srv:
        host, port = srv.base_url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            data = sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        assert len(body) == length and body.startswith(b"{")
