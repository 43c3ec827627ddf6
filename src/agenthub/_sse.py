"""Server-Sent Events decoding (WHATWG HTML "event stream interpretation"), as the event
stream needs it: the ``data`` payloads of the events, and the server's ``retry`` hint.

The decoder works on raw bytes so that it can split lines with ``bytes.split`` (cheap) and
hands back each payload undecoded (the JSON parser takes bytes). It follows the
interpretation algorithm for what it keeps:

* lines end in ``\\r\\n``, ``\\n`` or ``\\r`` (a lone ``\\r`` split across two chunks included);
* a leading UTF-8 byte order mark is ignored;
* ``:comment`` lines (heartbeats), ``event``, ``id`` and unknown fields are ignored (the
  payload carries its type; streams resume by sequence number);
* ``data`` lines accumulate, joined with ``\\n``; an event with empty data is not returned;
* ``retry`` sets the reconnection time in milliseconds (ignored unless all ASCII digits);
* a field name without a colon takes the empty string as its value; one leading space after
  the colon is dropped;
* an incomplete event at end of stream is discarded.

Cost is linear in the input: an unfinished line is kept as a list of chunks and joined once
when its line end arrives (one 50 MB event arriving in 64 KiB chunks is one join, not 800
ever-growing copies). ``max_event_bytes`` bounds memory: an event whose ``data`` (plus the
line still being received) exceeds it raises :class:`~agenthub.ProtocolError`
(``EventTooLargeError``) instead of buffering without end.
"""

from __future__ import annotations

import re

from ._exceptions import EventTooLargeError

__all__ = ["DEFAULT_MAX_EVENT_BYTES", "SSEDecoder"]

_BOM = b"\xef\xbb\xbf"

#: The lines that matter, one match each: ``data`` (field name, value: the value after the
#: colon and one optional space, empty without a colon), ``retry`` (name, value), or a blank
#: line (all four groups empty). Other lines (``id``, ``event``, comments, unknown fields)
#: do not match and are skipped by the regex engine.
_LINES = re.compile(rb"^(?:(data)(?::[ ]?(.*))?|(retry)(?::[ ]?(.*))?|)$", re.MULTILINE)

#: Largest event accepted by default: 64 MiB of ``data`` (plus its unfinished line), in bytes.
DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024


class SSEDecoder:
    """Incremental decoder: ``feed_data(chunk)`` returns the ``data`` payloads of the events
    completed by that chunk; :attr:`retry` is the last valid ``retry`` value (milliseconds).

    ``max_event_bytes`` (bytes; ``None``: no limit): the largest event accepted, counting its
    ``data`` lines and the line still being received; more raises
    :class:`~agenthub._exceptions.EventTooLargeError` (a :class:`~agenthub.ProtocolError`)."""

    __slots__ = (
        "_cr",
        "_data",
        "_data_len",
        "_limit",
        "_pending",
        "_pending_len",
        "_started",
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
        self._started = False
        #: the last valid ``retry`` value in milliseconds
        self.retry: int | None = None

    def feed_data(self, chunk: bytes) -> list[bytes]:
        """Decode one chunk of bytes → the non-empty ``data`` payloads (undecoded) of the
        events it completed (often none)."""
        text = self._complete_lines(chunk)
        if text is None:
            return []
        out: list[bytes] = []
        data = self._data
        limit = self._limit
        # Only data, retry and blank lines matter; the regex finds them (in C) and skips the
        # rest (id, event, comments, unknown fields). The size limit is checked when an event
        # is dispatched and, for an event still open, once per chunk (below): the lines of
        # one chunk are in memory anyway.
        for name, value, retry, retry_value in _LINES.findall(text):
            if name:
                data.append(value)
            elif retry:
                if retry_value.isdigit():
                    self.retry = int(retry_value)
            elif data:  # a blank line: dispatch
                payload = data[0] if len(data) == 1 else b"\n".join(data)
                data.clear()
                if limit is not None and len(payload) >= limit:
                    self._data_len = len(payload) + 1
                    if self._data_len > limit:
                        self._too_large()
                if payload:
                    out.append(payload)
        if data:  # an event still open at the end of the chunk: bound what it holds
            self._data_len = sum(map(len, data)) + len(data)
            if limit is not None and self._data_len + self._pending_len > limit:
                self._too_large()
        else:
            self._data_len = 0
        return out

    def _complete_lines(self, chunk: bytes) -> bytes | None:
        """The complete lines of ``chunk`` (plus what was pending) as one bytes object
        without its final line end, or ``None`` when no line was completed."""
        if not chunk:
            return None
        if self._cr:
            # the previous chunk ended in "\r" (already a line end): drop a following "\n"
            self._cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
                if not chunk:
                    return None
        pending = self._pending
        if not self._started:
            if pending:  # at most 2 bytes: a possible start of the byte order mark
                chunk = b"".join(pending) + chunk
                pending.clear()
                self._pending_len = 0
            if len(chunk) < 3 and _BOM.startswith(chunk):
                pending.append(chunk)
                self._pending_len = len(chunk)
                return None
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if b"\r" in chunk:
            # a "\r" ending this chunk is a line end; normalising per chunk is exact because
            # a pending line never ends in "\r"
            self._cr = chunk.endswith(b"\r")
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        end = chunk.rfind(b"\n")
        if end < 0:
            if chunk:
                pending.append(chunk)
                self._pending_len += len(chunk)
                if self._limit is not None and self._pending_len + self._data_len > self._limit:
                    self._too_large()
            return None
        text = chunk[:end]
        rest = chunk[end + 1 :]
        if pending:
            pending.append(text)
            text = b"".join(pending)
            pending.clear()
        self._pending_len = len(rest)
        if rest:
            pending.append(rest)
            if self._limit is not None and self._pending_len > self._limit:
                self._too_large()
        return text

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
