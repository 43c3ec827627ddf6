"""Server-Sent Events decoding (WHATWG HTML "event stream interpretation").

The decoder works on raw bytes so that it can split lines with ``bytes.split`` (cheap) and
only decode what it keeps. It implements the whole interpretation algorithm:

* lines end in ``\\r\\n``, ``\\n`` or ``\\r`` (a lone ``\\r`` split across two chunks included);
* a leading UTF-8 byte order mark is ignored;
* ``:comment`` lines are ignored (heartbeats; counted in :attr:`SSEDecoder.comments`);
* ``data`` lines accumulate, joined with ``\\n``; an event with no data is not dispatched;
* ``event`` sets the type for the next dispatch (default ``"message"``);
* ``id`` sets the last event id, which persists across events (ignored if it contains NUL);
* ``retry`` sets the reconnection time in milliseconds (ignored unless all ASCII digits);
* a field name without a colon takes the empty string as its value; one leading space after
  the colon is dropped; unknown fields are ignored;
* an incomplete event at end of stream is discarded.

Cost is linear in the input: an unfinished line is kept as a list of chunks and joined once
when its line end arrives (one 50 MB event arriving in 64 KiB chunks is one join, not 800
ever-growing copies). ``max_event_bytes`` bounds memory: an event whose ``data`` (plus the
line still being received) exceeds it raises :class:`~agenthub.ProtocolError`
(``EventTooLargeError``) instead of buffering without end.
"""

from __future__ import annotations

import attrs

from ._exceptions import EventTooLargeError

__all__ = ["DEFAULT_MAX_EVENT_BYTES", "SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"

#: Largest event accepted by default: 64 MiB of ``data`` (plus its unfinished line), in bytes.
DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024


@attrs.define(slots=True)
class ServerSentEvent:
    """One dispatched event: ``event`` type, ``data`` (str), ``id`` (last event id or None),
    ``retry`` (milliseconds, or None if the event carried no valid ``retry`` field)."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Incremental decoder: ``feed(chunk)`` returns the events completed by that chunk.

    ``max_event_bytes`` (bytes; ``None``: no limit): the largest event accepted, counting its
    ``data`` lines and the line still being received; more raises
    :class:`~agenthub._exceptions.EventTooLargeError` (a :class:`~agenthub.ProtocolError`)."""

    __slots__ = (
        "_cr",
        "_data",
        "_data_len",
        "_event",
        "_last_id",
        "_limit",
        "_pending",
        "_pending_len",
        "_retry",
        "_started",
        "comments",
        "retry",
    )

    def __init__(self, max_event_bytes: int | None = DEFAULT_MAX_EVENT_BYTES) -> None:
        self._limit = max_event_bytes
        #: the unfinished last line, as received (joined once its line end arrives)
        self._pending: list[bytes] = []
        self._pending_len = 0
        self._cr = False
        self._data: list[bytes] = []
        #: bytes of ``data`` accumulated for the current event
        self._data_len = 0
        self._event: bytes | None = None
        self._retry: int | None = None
        self._started = False
        #: number of comment lines seen (heartbeats)
        self.comments = 0
        #: the last event id, undecoded (see :attr:`last_event_id`)
        self._last_id: bytes | None = None
        #: the last valid ``retry`` value in milliseconds
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one chunk of bytes; returns the events it completed (often none)."""
        lines = self._split(chunk)
        return self._lines(lines) if lines else []

    def feed_data(self, chunk: bytes) -> list[bytes]:
        """Like :meth:`feed`, but returns only the non-empty ``data`` payloads (undecoded
        bytes) of the events that chunk completed — the hot path of the event stream.

        ``id``, ``retry`` and comments are tracked exactly as :meth:`feed` tracks them; the
        ``event`` field is ignored (the payload carries its type) and no
        :class:`ServerSentEvent` is allocated. Use either this or :meth:`feed` on one
        decoder, not both."""
        lines = self._split(chunk)
        if not lines:
            return []
        out: list[bytes] = []
        data = self._data
        for line in lines:
            if not line:
                # dispatch
                self._retry = None
                self._event = None
                if data:
                    payload = data[0] if len(data) == 1 else b"\n".join(data)
                    data.clear()
                    self._data_len = 0
                    if payload:
                        out.append(payload)
                continue
            first = line[0]
            if first == 100 and line[:5] == b"data:":  # "d"
                value = line[6:] if line[5:6] == b" " else line[5:]
                data.append(value)
                self._data_len += len(value) + 1
                if self._limit is not None and self._data_len > self._limit:
                    self._too_large()
            elif first == 105 and line[:4] == b"id: ":  # "i"
                if b"\x00" not in line:
                    self._last_id = line[4:]
            elif first != 101 or line[:6] != b"event:":  # "e": the type is in the payload
                self._lines([line])  # comments, retry, unusual spellings: the general path
        return out

    def _split(self, chunk: bytes) -> list[bytes]:
        """The complete lines of ``chunk`` (plus what was pending), without line ends."""
        if not chunk:
            return []
        if self._cr:
            # the previous chunk ended in "\r" (already a line end): drop a following "\n"
            self._cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
                if not chunk:
                    return []
        pending = self._pending
        if not self._started:
            if pending:  # at most 2 bytes: a possible start of the byte order mark
                chunk = b"".join(pending) + chunk
                pending.clear()
                self._pending_len = 0
            if len(chunk) < 3 and _BOM.startswith(chunk):
                pending.append(chunk)
                self._pending_len = len(chunk)
                return []
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if b"\r" in chunk:
            # a "\r" ending this chunk is a line end; normalising per chunk is exact because
            # a pending line never ends in "\r"
            self._cr = chunk.endswith(b"\r")
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if b"\n" not in chunk:
            if chunk:
                pending.append(chunk)
                self._pending_len += len(chunk)
                if self._limit is not None and self._pending_len + self._data_len > self._limit:
                    self._too_large()
            return []
        lines = chunk.split(b"\n")
        if pending:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending.clear()
        rest = lines.pop()
        self._pending_len = len(rest)
        if rest:
            pending.append(rest)
            if self._limit is not None and self._pending_len > self._limit:
                self._too_large()
        return lines

    def _too_large(self) -> None:
        limit = self._limit
        self._pending.clear()
        self._pending_len = 0
        self._data.clear()
        self._data_len = 0
        raise EventTooLargeError(
            f"server-sent event larger than max_event_bytes={limit} bytes; raise the "
            "client's max_event_bytes if such events are expected",
            limit=limit or 0,
        )

    @property
    def last_event_id(self) -> str | None:
        """The last event id (persists across events, as the spec says); kept as bytes and
        decoded only when asked for."""
        v = self._last_id
        return None if v is None else v.decode("utf-8", "replace")

    @last_event_id.setter
    def last_event_id(self, value: str | None) -> None:
        self._last_id = None if value is None else value.encode("utf-8")

    def _lines(self, lines: list[bytes]) -> list[ServerSentEvent]:
        out: list[ServerSentEvent] = []
        for line in lines:
            if not line:
                ev = self._dispatch()
                if ev is not None:
                    out.append(ev)
                continue
            if line[0] == 58:  # b":"
                self.comments += 1
                continue
            field, sep, value = line.partition(b":")
            if sep and value[:1] == b" ":
                value = value[1:]
            if field == b"data":
                self._data.append(value)
                self._data_len += len(value) + 1
                if self._limit is not None and self._data_len > self._limit:
                    self._too_large()
            elif field == b"event":
                self._event = value
            elif field == b"id":
                if b"\x00" not in value:
                    self._last_id = value
            elif field == b"retry" and value.isdigit():
                self.retry = self._retry = int(value)
        return out

    def _dispatch(self) -> ServerSentEvent | None:
        retry, self._retry = self._retry, None
        if not self._data:
            self._event = None
            return None
        data = self._data[0] if len(self._data) == 1 else b"\n".join(self._data)
        event = self._event.decode("utf-8", "replace") if self._event else "message"
        self._data.clear()  # cleared in place: feed_data holds on to this list
        self._data_len = 0
        self._event = None
        return ServerSentEvent(event, data.decode("utf-8", "replace"), self.last_event_id, retry)

    def flush(self) -> list[ServerSentEvent]:
        """End of stream: per the spec an unterminated event is discarded."""
        self._pending.clear()
        self._pending_len = 0
        self._data.clear()
        self._data_len = 0
        self._event = None
        return []
