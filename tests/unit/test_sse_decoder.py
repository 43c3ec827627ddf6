"""WHATWG event-stream interpretation, as implemented by agenthub._sse.SSEDecoder."""

from __future__ import annotations

import pytest

from agenthub._sse import ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    dec = SSEDecoder()
    out: list[ServerSentEvent] = []
    for c in chunks:
        out.extend(dec.feed(c))
    out.extend(dec.flush())
    return out


def bytewise(data: bytes) -> list[ServerSentEvent]:
    return decode(*(data[i : i + 1] for i in range(len(data))))


def test_basic_event_with_id_and_type() -> None:
    evs = decode(b'id: 7\nevent: message.delta\ndata: {"a": 1}\n\n')
    assert evs == [ServerSentEvent("message.delta", '{"a": 1}', "7", None)]


def test_multiline_data_joined_with_newline() -> None:
    evs = decode(b"data: first\ndata: second\ndata:\ndata: fourth\n\n")
    assert [e.data for e in evs] == ["first\nsecond\n\nfourth"]
    assert evs[0].event == "message"


@pytest.mark.parametrize("eol", [b"\r\n", b"\r", b"\n"])
def test_all_line_endings(eol: bytes) -> None:
    raw = b"id: 1" + eol + b"event: x" + eol + b"data: a" + eol + b"data: b" + eol + eol
    raw += b"data: c" + eol + eol
    assert [(e.event, e.data, e.id) for e in decode(raw)] == [
        ("x", "a\nb", "1"),
        ("message", "c", "1"),
    ]
    assert [(e.event, e.data, e.id) for e in bytewise(raw)] == [
        ("x", "a\nb", "1"),
        ("message", "c", "1"),
    ]


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    evs = decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n")
    assert [e.data for e in evs] == ["a", "b"]


def test_comments_are_ignored_and_counted() -> None:
    dec = SSEDecoder()
    evs = dec.feed(b": heartbeat\n\n:another\ndata: x\n\n: heartbeat\n\n")
    assert [e.data for e in evs] == ["x"]
    assert dec.comments == 3


def test_id_persists_and_nul_id_ignored() -> None:
    evs = decode(b"id: 5\ndata: a\n\ndata: b\n\nid: bad\x00id\ndata: c\n\nid\ndata: d\n\n")
    assert [e.id for e in evs] == ["5", "5", "5", ""]


def test_retry_field() -> None:
    dec = SSEDecoder()
    evs = dec.feed(b"retry: 1000\n\nretry: soon\ndata: a\n\nretry: 250\ndata: b\n\n")
    assert dec.retry == 250
    assert [(e.data, e.retry) for e in evs] == [("a", None), ("b", 250)]


def test_event_without_data_is_not_dispatched_and_type_resets() -> None:
    evs = decode(b"event: lonely\n\ndata: x\n\n")
    assert [(e.event, e.data) for e in evs] == [("message", "x")]


def test_field_without_colon_and_space_handling() -> None:
    evs = decode(b"data\n\ndata:no-space\n\ndata:  two-spaces\n\nunknown: field\ndata: y\n\n")
    # a bare "data" line makes the data buffer "\n" (not empty) → dispatched with data ""
    assert [e.data for e in evs] == ["", "no-space", " two-spaces", "y"]


def test_unterminated_event_is_discarded() -> None:
    assert decode(b"data: complete\n\ndata: partial") == [ServerSentEvent("message", "complete")]


def test_bom_stripped_even_when_split() -> None:
    raw = b"\xef\xbb\xbfdata: x\n\n"
    assert [e.data for e in decode(raw)] == ["x"]
    assert [e.data for e in bytewise(raw)] == ["x"]


def test_utf8_split_inside_multibyte_sequence() -> None:
    raw = 'data: {"t": "h\u00e9llo \u2713"}\n\n'.encode()
    assert [e.data for e in bytewise(raw)] == ['{"t": "h\u00e9llo \u2713"}']


def test_unicode_line_separators_are_not_line_ends() -> None:
    raw = "data: a\u2028b\x0bc\x1cd\n\n".encode()
    assert [e.data for e in decode(raw)] == ["a\u2028b\x0bc\x1cd"]


# -- issue 14 item 13: linear time, bounded memory ----------------------------------------------

CHUNK = 65536  # what httpx yields per read at most


def _chunks(data: bytes, size: int = CHUNK) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.slow
@pytest.mark.parametrize("path", ["feed", "feed_data"])
def test_one_48mb_event_decodes_in_linear_time(path: str) -> None:
    import time

    payload = b'{"delta": "' + b"x" * (48 * 1024 * 1024) + b'"}'
    raw = b"id: 1\nevent: message.delta\ndata: " + payload + b"\r\n\r\n"
    chunks = _chunks(raw)
    dec = SSEDecoder()
    feed = getattr(dec, path)
    started = time.perf_counter()
    out = [ev for chunk in chunks for ev in feed(chunk)]
    elapsed = time.perf_counter() - started
    assert len(out) == 1
    data = out[0] if path == "feed_data" else out[0].data.encode()
    assert data == payload
    assert elapsed < 3.0, elapsed  # ~0.2-0.4 s; the quadratic decoder took ~50 s


def test_60mb_line_without_newline_is_linear() -> None:
    import time

    dec = SSEDecoder(max_event_bytes=None)
    chunks = _chunks(b"data: " + b"y" * (60 * 1000 * 1000))
    started = time.perf_counter()
    for chunk in chunks:
        assert dec.feed_data(chunk) == []
    assert time.perf_counter() - started < 3.0  # ~0.2 s; minutes before
    assert dec.flush() == []  # unterminated: discarded


@pytest.mark.parametrize("path", ["feed", "feed_data"])
def test_max_event_bytes(path: str) -> None:
    from agenthub import ProtocolError
    from agenthub._exceptions import EventTooLargeError

    cls = SSEDecoder
    # within the limit: fine, also when the event arrives as many lines and many chunks
    dec = cls(max_event_bytes=1000)
    feed = getattr(dec, path)
    small = b"".join(b"data: " + b"a" * 90 + b"\n" for _ in range(10)) + b"\n"
    assert len([ev for c in _chunks(small, 7) for ev in feed(c)]) == 1
    # one long line still arriving
    dec = cls(max_event_bytes=1000)
    feed = getattr(dec, path)
    with pytest.raises(ProtocolError) as info:
        for c in _chunks(b"data: " + b"b" * 5000, 100):
            feed(c)
    assert isinstance(info.value, EventTooLargeError) and info.value.limit == 1000
    assert "max_event_bytes=1000" in str(info.value)
    # many data lines adding up
    dec = cls(max_event_bytes=1000)
    feed = getattr(dec, path)
    with pytest.raises(EventTooLargeError):
        feed(b"".join(b"data: " + b"c" * 200 + b"\n" for _ in range(6)))
    # one big complete line in one chunk
    dec = cls(max_event_bytes=1000)
    with pytest.raises(EventTooLargeError):
        getattr(dec, path)(b"data: " + b"d" * 2000 + b"\n\n")


def test_limit_counts_one_event_at_a_time() -> None:
    dec = SSEDecoder(max_event_bytes=100)
    stream = b"".join(b"data: " + b"e" * 80 + b"\n\n" for _ in range(100))
    assert len([p for c in _chunks(stream, 33) for p in dec.feed_data(c)]) == 100


def test_default_limit_is_64_mib() -> None:
    from agenthub._sse import DEFAULT_MAX_EVENT_BYTES

    assert DEFAULT_MAX_EVENT_BYTES == 64 * 1024 * 1024
    assert SSEDecoder()._limit == DEFAULT_MAX_EVENT_BYTES
