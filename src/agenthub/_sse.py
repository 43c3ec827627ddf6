"""Server-Sent Events decoding (WHATWG "event stream interpretation") of what the event stream
needs: the events' ``data`` payloads (bytes, undecoded: the JSON parser takes bytes) and the
``retry`` hint. Lines end in ``\\r\\n``, ``\\n`` or ``\\r``; a leading BOM, comments
(heartbeats), ``event``, ``id`` and unknown fields are ignored (the payload carries its type,
streams resume by sequence number); ``data`` lines join with ``\\n``; an event with empty data,
and one unfinished at end of stream, are dropped. An unfinished line is kept as chunks and
joined once (linear cost); ``max_event_bytes`` bounds an event's ``data`` plus the line still
being received, above it ``EventTooLargeError`` (a :class:`~agenthub.ProtocolError`).
"""

from __future__ import annotations

import re

from ._exceptions import EventTooLargeError

_BOM = b"\xef\xbb\xbf"

#: One match per line that matters: ``data`` (name, value), ``retry`` (name, value) or a blank
#: line (all groups empty); the regex engine skips every other line.
_LINES = re.compile(rb"^(?:(data)(?::[ ]?(.*))?|(retry)(?::[ ]?(.*))?|)$", re.MULTILINE)

#: Largest event accepted by default, in bytes.
DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024


class SSEDecoder:
    """Incremental decoder: ``feed_data(chunk)`` returns the non-empty ``data`` payloads
    (undecoded) of the events that chunk completed; :attr:`retry` is the last valid ``retry``
    value in milliseconds. ``max_event_bytes``: ``None`` for no limit."""

    def __init__(self, max_event_bytes: int | None = DEFAULT_MAX_EVENT_BYTES) -> None:
        self._limit = max_event_bytes
        self._pending: list[bytes] = []  # the unfinished last line, joined once it ends
        self._pending_len = 0
        self._data: list[bytes] = []  # the current event's data lines
        self._data_len = 0
        self._cr = self._started = False
        self.retry: int | None = None

    def feed_data(self, chunk: bytes) -> list[bytes]:
        if self._cr and chunk:  # the last chunk ended in "\r": a "\n" here completes it
            self._cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if b"\r" in chunk:
            # normalising per chunk is exact: a pending line never ends in "\r"
            self._cr = chunk.endswith(b"\r")
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        pending = self._pending
        end = chunk.rfind(b"\n")
        if end < 0:
            if chunk:
                pending.append(chunk)
                self._pending_len += len(chunk)
                self._check_size(self._data_len + self._pending_len)
            return []
        text, rest = chunk[:end], chunk[end + 1 :]
        if pending:
            pending.append(text)
            text = b"".join(pending)
            pending.clear()
        if rest:
            pending.append(rest)
        self._pending_len = len(rest)
        if not self._started:
            self._started = True
            text = text.removeprefix(_BOM)
        out: list[bytes] = []
        data = self._data
        for name, value, retry, retry_value in _LINES.findall(text):
            if name:
                data.append(value)
            elif retry:
                if retry_value.isdigit():
                    self.retry = int(retry_value)
            elif data:  # a blank line: dispatch
                payload = data[0] if len(data) == 1 else b"\n".join(data)
                data.clear()
                self._check_size(len(payload) + 1)  # + its line end, as _data_len counts
                if payload:
                    out.append(payload)
        # the size of an event still open is checked once per chunk: its lines are in memory
        self._data_len = sum(map(len, data)) + len(data) if data else 0
        self._check_size(self._data_len + self._pending_len)
        return out

    def _check_size(self, size: int) -> None:
        if self._limit is not None and size > self._limit:
            raise EventTooLargeError(
                f"server-sent event larger than max_event_bytes={self._limit} bytes; raise the "
                "client's max_event_bytes if such events are expected",
                limit=self._limit,
            )
