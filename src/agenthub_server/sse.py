"""Server-Sent Events response (ASGI) with heartbeats, disconnect detection and drop faults."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from starlette.types import Receive, Scope, Send

from .events import StoredEvent
from .streaming import HEARTBEAT, follow


def frame(e: StoredEvent) -> str:
    return f"id: {e.seq}\nevent: {e.type}\ndata: {e.data}\n\n"


@dataclass
class SSEResponse:
    """An ASGI response streaming ``session_id``'s events after ``after`` (one turn's, with
    ``turn_id``), with heartbeats, ending on disconnect, shutdown or the turn's end."""

    hub: Any
    session_id: str
    after: int
    turn_id: str | None
    turn_terminal: bool
    headers: dict[str, str]
    drop_every: int | None
    dropped: bool = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The events are written by this task itself (a second task would cost the first
        # event a loop step, in which a running agent takes a step of its own); a watcher
        # task cancels it when the client disconnects.
        task = asyncio.current_task()
        assert task is not None
        state = {"writing": True, "disconnected": False}

        def on_watcher_done(watcher: asyncio.Task[None]) -> None:
            if watcher.cancelled():
                return
            watcher.exception()  # retrieved: a failed receive is a disconnect, not an error
            if not state["writing"]:
                return
            state["disconnected"] = True  # disconnected, or receiving failed: stop either way
            task.cancel()

        watcher = asyncio.ensure_future(self._wait_disconnect(receive))
        watcher.add_done_callback(on_watcher_done)
        try:
            await self._write(send)
        except asyncio.CancelledError:
            if not state["disconnected"]:
                raise  # cancelled from outside (server shutdown): not ours to swallow
            task.uncancel()
            return
        except OSError:
            return
        finally:
            state["writing"] = False
            if not watcher.done():
                watcher.cancel()
                with contextlib.suppress(BaseException):
                    await watcher
        if not self.dropped:
            with contextlib.suppress(OSError):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _wait_disconnect(self, receive: Receive) -> None:
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return

    async def _write(self, send: Send) -> None:
        async def put(text: str) -> None:
            await send({"type": "http.response.body", "body": text.encode(), "more_body": True})

        # the head goes out in the same loop step as the retry hint and the replayed events,
        # so the server's write coalescing sends them together
        raw_headers = [
            (b"content-type", b"text/event-stream; charset=utf-8"),
            (b"cache-control", b"no-cache"),
            (b"x-accel-buffering", b"no"),
        ] + [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
        await put("retry: 1000\n\n")
        sent = 0
        hb = self.hub.config.heartbeat_interval
        async for item in follow(
            self.hub.bus,
            self.session_id,
            self.after,
            self.turn_id,
            heartbeat=hb if hb and hb > 0 else None,
            shutdown=self.hub.shutdown,
            turn_terminal=self.turn_terminal,
        ):
            if item is HEARTBEAT:
                await put(": heartbeat\n\n")
                continue
            assert isinstance(item, list)
            drop = self.drop_every
            if drop:
                take = drop - sent
                if len(item) >= take:
                    await put("".join(frame(e) for e in item[:take]))
                    self.dropped = True
                    return  # leave without finishing the body: the server cuts the connection
                sent += len(item)
            # send in chunks so one huge replay batch does not build one huge string
            for i in range(0, len(item), 200):
                await put("".join(frame(e) for e in item[i : i + 200]))
