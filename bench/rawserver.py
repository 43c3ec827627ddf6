"""A minimal raw HTTP/1.1 server on plain asyncio, so the *client* is what gets measured.

It is stateless: what to serve is encoded in the request path, so one process serves every
benchmark size.

* ``GET /v1/sessions/{sid}`` → a canned Session JSON (``Content-Length``, keep-alive).
* ``GET /v1/sessions?agent_id=agt_total_{N}&limit=L&after=C`` → synthetic Session pages in the
  cursor envelope ``{object, data, has_more, next_cursor}``; N items in all.
* ``GET /v1/sessions/{sid}/events/stream?turn_id=trn_n{N}`` → ``text/event-stream`` (chunked):
  N ``message.delta`` events followed by ``message.completed`` and ``turn.completed`` for that
  turn (N + 2 events); a ``_w{MS}`` suffix (``trn_n100_w2000``) holds the stream open MS
  milliseconds after its first events. Bodies up to ``CACHE_EVENTS`` are built once and
  cached; larger ones are generated chunk by chunk (the server's memory stays flat).
* ``GET /v1/sessions/{sid}/files/file_n{SIZE}/content`` → SIZE zero bytes with
  ``Content-Length`` and ``ETag: "<sha256>"`` (the SDK verifies it).
* ``GET /v1/files/file_n{SIZE}`` / ``GET /v1/sessions/{sid}/files/{fid}`` → a File JSON.
* ``GET /v1/sessions/{sid}/events/stream?turn_id=trn_b{BYTES}`` → ONE ``message.delta`` whose
  ``delta`` is BYTES characters long, then ``message.completed`` and ``turn.completed`` (3
  events): the large-event decode benchmark. The body is written in one piece; the client
  reads it in whatever pieces its socket gives it.
* ``POST /v1/chat/completions`` with ``"model": "n{N}"`` → openai's wire format for the same
  number of events: N + 2 ``chat.completion.chunk`` SSE events (a role chunk, N content
  deltas, a finish chunk), then ``data: [DONE]`` — what openai-python's typed stream reads.

Run: ``python -m bench.rawserver`` → prints ``PORT <n>`` and serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

CHUNK_EVENTS = 50  # events per chunked-encoding chunk (~17 KB)
CACHE_EVENTS = 300_000
ZERO_CHUNK = b"\0" * (1 << 20)
TS = "2026-01-01T00:00:00.000Z"


def session_json(sid: str, i: int = 0) -> dict[str, object]:
    return {
        "id": sid,
        "object": "session",
        "agent_id": "agt_bench00000000000000000000",
        "name": f"bench session {i}",
        "status": "idle",
        "labels": {"team": "bench"},
        "require_approval": None,
        "metadata": {"k": "v"},
        "usage": {"input_tokens": 2, "output_tokens": 5, "total_tokens": 7},
        "active_turn_id": None,
        "turn_count": 1,
        "last_turn_id": "trn_bench00000000000000000000",
        "created_at": TS,
        "updated_at": TS,
        "last_sequence_number": 12,
        "pending_elicitations": [],
    }


def _event(seq: int, sid: str, tid: str, type_: str, extra: str) -> bytes:
    return (
        f'id: {seq}\nevent: {type_}\ndata: {{"id":"evt_{seq:024d}","type":"{type_}",'
        f'"sequence_number":{seq},"session_id":"{sid}","turn_id":"{tid}",'
        f'"created_at":"{TS}"{extra}}}\n\n'
    ).encode()


def sse_chunks(sid: str, tid: str, n: int) -> Iterator[bytes]:
    """Yield the SSE body in chunks of CHUNK_EVENTS events."""
    mid = "msg_bench0000000000000000000"
    yield b"retry: 1000\n\n"
    parts: list[bytes] = []
    for i in range(n):
        parts.append(
            _event(i + 1, sid, tid, "message.delta", f',"message_id":"{mid}","delta":"tok{i} "')
        )
        if len(parts) == CHUNK_EVENTS:
            yield b"".join(parts)
            parts = []
    text = json.dumps(f"{n} deltas")  # short on purpose (a real turn would repeat the text)
    parts.append(
        _event(
            n + 1,
            sid,
            tid,
            "message.completed",
            f',"message_id":"{mid}","role":"assistant","text":{text}',
        )
    )
    parts.append(
        _event(
            n + 2,
            sid,
            tid,
            "turn.completed",
            f',"result":{{"text":{text},"usage":{{"input_tokens":2,"output_tokens":{n},'
            f'"total_tokens":{n + 2}}},"tool_calls":[],"structured_output":null}}',
        )
    )
    yield b"".join(parts)


def big_event_body(sid: str, tid: str, size: int) -> bytes:
    """One ``message.delta`` of ``size`` characters, then the turn's two closing events."""
    mid = "msg_bench0000000000000000000"
    text = json.dumps(f"{size} bytes")
    return b"".join(
        [
            _event(1, sid, tid, "message.delta", f',"message_id":"{mid}","delta":"')[:-3]
            + b"x" * size
            + b'"}\n\n',
            _event(
                2,
                sid,
                tid,
                "message.completed",
                f',"message_id":"{mid}","role":"assistant","text":{text}',
            ),
            _event(
                3,
                sid,
                tid,
                "turn.completed",
                f',"result":{{"text":{text},"usage":{{"input_tokens":2,"output_tokens":1,'
                f'"total_tokens":3}},"tool_calls":[],"structured_output":null}}',
            ),
        ]
    )


def _openai_chunk(delta: str, finish: str | None = None) -> bytes:
    fin = "null" if finish is None else f'"{finish}"'
    return (
        'data: {"id":"chatcmpl-bench0000000000000000","object":"chat.completion.chunk",'
        '"created":1767225600,"model":"bench","system_fingerprint":null,"choices":[{"index":0,'
        f'"delta":{delta},"logprobs":null,"finish_reason":{fin}}}]}}\n\n'
    ).encode()


def _openai_chunks(n: int) -> list[bytes]:
    """openai's ``chat.completion.chunk`` stream with n + 2 events, CHUNK_EVENTS per chunk."""
    key = ("openai", "", n)
    if key in _sse_cache:
        return _sse_cache[key]
    parts = [_openai_chunk('{"role":"assistant","content":""}')]
    parts += [_openai_chunk(f'{{"content":"tok{i} "}}') for i in range(n)]
    parts.append(_openai_chunk("{}", "stop"))
    parts.append(b"data: [DONE]\n\n")
    chunks = [b"".join(parts[i : i + CHUNK_EVENTS]) for i in range(0, len(parts), CHUNK_EVENTS)]
    if n <= CACHE_EVENTS:
        _sse_cache[key] = chunks
    return chunks


async def _send_chunks(
    writer: asyncio.StreamWriter, chunks: Iterable[bytes], hold_ms: int | None = None
) -> None:
    """A ``text/event-stream`` response in chunked transfer encoding; with ``hold_ms``, the
    stream stays open that long after its first events."""
    writer.write(_head("200 OK", "text/event-stream", None, "cache-control: no-cache\r\n"))
    for i, chunk in enumerate(chunks):
        writer.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
        await writer.drain()
        if i == 1 and hold_ms:
            await asyncio.sleep(hold_ms / 1000.0)
    writer.write(b"0\r\n\r\n")
    await writer.drain()


_sse_cache: dict[tuple[str, str, int], list[bytes]] = {}
_sha_cache: dict[int, str] = {}


def zeros_sha256(size: int) -> str:
    if size not in _sha_cache:
        h = hashlib.sha256()
        left = size
        while left:
            n = min(left, len(ZERO_CHUNK))
            h.update(memoryview(ZERO_CHUNK)[:n])
            left -= n
        _sha_cache[size] = h.hexdigest()
    return _sha_cache[size]


def _num(text: str, prefix: str) -> int | None:
    if text.startswith(prefix) and text[len(prefix) :].split("_")[0].isdigit():
        return int(text[len(prefix) :].split("_")[0])
    return None


def _head(status: str, ctype: str, length: int | None, extra: str = "") -> bytes:
    h = f"HTTP/1.1 {status}\r\ncontent-type: {ctype}\r\nx-request-id: req_bench\r\n{extra}"
    h += "transfer-encoding: chunked\r\n" if length is None else f"content-length: {length}\r\n"
    return (h + "\r\n").encode()


def _json(status: str, obj: object) -> bytes:
    body = json.dumps(obj, separators=(",", ":")).encode()
    return _head(status, "application/json", len(body)) + body


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            length = 0
            for line in lines[1:]:
                if line[:15].lower() == "content-length:":
                    length = int(line[15:].strip())
            body = await reader.readexactly(length) if length else b""
            await route(method, target, writer, body)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def route(method: str, target: str, writer: asyncio.StreamWriter, body: bytes) -> None:
    url = urlsplit(target)
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    parts = url.path.strip("/").split("/")
    if method == "POST" and parts == ["v1", "chat", "completions"]:
        model = str(json.loads(body or b"{}").get("model", "n10"))
        await _send_chunks(writer, _openai_chunks(_num(model, "n") or 10))
        return
    if method != "GET":
        writer.write(_json("405 Method Not Allowed", {"status": 405, "title": "no"}))
        return
    # /v1/sessions (list)
    if parts == ["v1", "sessions"]:
        total = _num(q.get("agent_id", ""), "agt_total_") or 0
        limit = int(q.get("limit", "20"))
        start = int(q.get("after", "c0")[1:])
        end = min(total, start + limit)
        data = [session_json(f"ses_{i:024d}", i) for i in range(start, end)]
        page = {
            "object": "list",
            "data": data,
            "has_more": end < total,
            "next_cursor": f"c{end}" if end < total else None,
        }
        writer.write(_json("200 OK", page))
        await writer.drain()
        return
    if len(parts) == 3 and parts[:2] == ["v1", "sessions"]:
        writer.write(_json("200 OK", session_json(parts[2])))
        await writer.drain()
        return
    if len(parts) == 5 and parts[3] == "events" and parts[4] == "stream":
        sid, tid = parts[2], q.get("turn_id", "trn_n10")
        big = _num(tid, "trn_b")
        if big is not None:
            await _send_chunks(writer, [big_event_body(sid, tid, big)])
            return
        n = _num(tid, "trn_n") or 10
        key = (sid, tid, n)
        chunks: Iterable[bytes] | None = _sse_cache.get(key)
        if chunks is None:
            if n <= CACHE_EVENTS:
                chunks = _sse_cache[key] = list(sse_chunks(sid, tid, n))
            else:
                chunks = sse_chunks(sid, tid, n)
        hold = _num(tid.rsplit("_", 1)[-1], "w") if "_w" in tid else None
        await _send_chunks(writer, chunks, hold)
        return
    if len(parts) >= 5 and parts[3] == "files":
        size = _num(parts[4], "file_n") or 0
        sha = zeros_sha256(size)
        if len(parts) == 6 and parts[5] == "content":
            writer.write(
                _head(
                    "200 OK",
                    "application/octet-stream",
                    size,
                    f'etag: "{sha}"\r\naccept-ranges: bytes\r\n',
                )
            )
            left = size
            view = memoryview(ZERO_CHUNK)
            while left:
                n = min(left, len(ZERO_CHUNK))
                writer.write(view[:n])
                left -= n
                await writer.drain()
            return
        writer.write(
            _json(
                "200 OK",
                {
                    "id": parts[4],
                    "object": "file",
                    "session_id": parts[2],
                    "filename": "zeros.bin",
                    "size_bytes": size,
                    "sha256": sha,
                    "content_type": "application/octet-stream",
                    "source": "user",
                    "created_at": TS,
                },
            )
        )
        await writer.drain()
        return
    writer.write(_json("404 Not Found", {"status": 404, "title": "Not Found", "code": "not_found"}))
    await writer.drain()


async def serve(port: int = 0) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=2048, limit=1 << 20)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        # stop when the parent closes our stdin (or dies)
        await asyncio.to_thread(sys.stdin.buffer.read)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
