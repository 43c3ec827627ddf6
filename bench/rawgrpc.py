"""A raw ``grpc.aio`` server for ``agenthub.v1.SessionService``, so the *client* is measured.

The gRPC counterpart of :mod:`bench.rawserver`: it serves prebuilt ``agenthub.v1`` messages
as fast as grpc.aio can send them. Messages are serialized once (``response_serializer`` is
``None``, so grpc sends the cached bytes as they are); nothing is stored, nothing is looked up.

* ``GetSession`` → a canned ``Session`` for any id (``last_sequence_number`` 0).
* ``StreamEvents(turn_id="trn_n{N}")`` → N ``message.delta`` events, then
  ``message.completed`` and ``turn.completed`` (N + 2 events, like the raw HTTP server's SSE
  body); ``after_sequence_number`` skips the events up to it (a resume works).

Run: ``python -m bench.rawgrpc`` → prints ``PORT <n>`` and serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import grpc
from agenthub_proto.v1 import common_pb2, events_pb2
from agenthub_proto.v1 import session_service_pb2 as pb2
from google.protobuf import struct_pb2

TS = "2026-01-01T00:00:00.000Z"
MID = "msg_bench0000000000000000000"
CACHE_EVENTS = 300_000
_cache: dict[tuple[str, str], list[bytes]] = {}


def build_events(sid: str, tid: str, n: int) -> list[bytes]:
    """The serialized events of a ``trn_n{N}`` turn (same content as the SSE raw server)."""

    def event(seq: int, type_: str, **payload: Any) -> events_pb2.Event:
        return events_pb2.Event(
            id=f"evt_{seq:024d}",
            type=type_,
            sequence_number=seq,
            session_id=sid,
            turn_id=tid,
            created_at=TS,
            **payload,
        )

    out: list[bytes] = []
    ev = event(0, "message.delta")
    for i in range(n):  # one message reused: building 10^5 fresh ones would be slow
        ev.id = f"evt_{i + 1:024d}"
        ev.sequence_number = i + 1
        ev.message_delta.message_id = MID
        ev.message_delta.delta = f"tok{i} "
        out.append(ev.SerializeToString())
    text = f"{n} deltas"
    done = events_pb2.MessageCompletedPayload(message_id=MID, role="assistant", text=text)
    out.append(event(n + 1, "message.completed", message_completed=done).SerializeToString())
    result = common_pb2.TurnResult(
        text=text, usage=common_pb2.Usage(input_tokens=2, output_tokens=n, total_tokens=n + 2)
    )
    result.structured_output.null_value = struct_pb2.NULL_VALUE
    end = events_pb2.TurnCompletedPayload(result=result)
    out.append(event(n + 2, "turn.completed", turn_completed=end).SerializeToString())
    return out


def session_bytes(sid: str) -> bytes:
    return common_pb2.Session(
        id=sid,
        object="session",
        agent_id="agt_bench00000000000000000000",
        name="bench session",
        status="idle",
        labels={"team": "bench"},
        metadata={"k": "v"},
        usage=common_pb2.Usage(input_tokens=2, output_tokens=5, total_tokens=7),
        last_sequence_number=0,
        turn_count=1,
        last_turn_id="trn_bench00000000000000000000",
        created_at=TS,
        updated_at=TS,
    ).SerializeToString()


def _count(tid: str) -> int:
    rest = tid[len("trn_n") :].split("_")[0] if tid.startswith("trn_n") else ""
    return int(rest) if rest.isdigit() else 10


async def get_session(request: Any, context: Any) -> bytes:
    return session_bytes(request.session_id)


async def stream_events(request: Any, context: Any) -> AsyncIterator[bytes]:
    sid, tid = request.session_id, request.turn_id or "trn_n10"
    msgs = _cache.get((sid, tid))
    if msgs is None:
        msgs = build_events(sid, tid, _count(tid))
        if len(msgs) <= CACHE_EVENTS:
            _cache[(sid, tid)] = msgs
    start = max(0, int(request.after_sequence_number))
    for i in range(start, len(msgs)):
        yield msgs[i]


def handler() -> grpc.GenericRpcHandler:
    return grpc.method_handlers_generic_handler(
        "agenthub.v1.SessionService",
        {
            "GetSession": grpc.unary_unary_rpc_method_handler(
                get_session,
                request_deserializer=pb2.GetSessionRequest.FromString,
                response_serializer=None,
            ),
            "StreamEvents": grpc.unary_stream_rpc_method_handler(
                stream_events,
                request_deserializer=pb2.StreamEventsRequest.FromString,
                response_serializer=None,
            ),
        },
    )


async def serve(port: int = 0) -> None:
    server = grpc.aio.server(
        options=[("grpc.max_send_message_length", 64 * 1024 * 1024), ("grpc.so_reuseport", 0)]
    )
    server.add_generic_rpc_handlers((handler(),))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    print(f"PORT {bound}", flush=True)
    try:
        # stop when the parent closes our stdin (or dies)
        await asyncio.to_thread(sys.stdin.buffer.read)
    finally:
        await server.stop(0)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
