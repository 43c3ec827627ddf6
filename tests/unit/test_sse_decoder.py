"""WHATWG event-stream interpretation, as implemented by agenthub._sse.SSEDecoder (the data
payloads of the events and the ``retry`` hint; ``event``/``id`` fields are not needed)."""

from __future__ import annotations

import pytest

from agenthub._sse import SSEDecoder


def decode(*chunks: bytes) -> list[bytes]:
    dec = SSEDecoder()
    return [payload for c in chunks for payload in dec.feed_data(c)]


def bytewise(data: bytes) -> list[bytes]:
    return decode(*(data[i : i + 1] for i in range(len(data))))


def test_event_and_id_fields_do_not_change_the_payload() -> None:
    assert decode(b'id: 7\nevent: message.delta\ndata: {"a": 1}\n\n') == [b'{"a": 1}']


def test_multiline_data_joined_with_newline() -> None:
    assert decode(b"data: first\ndata: second\ndata:\ndata: fourth\n\n") == [
        b"first\nsecond\n\nfourth"
    ]


@pytest.mark.parametrize("eol", [b"\r\n", b"\r", b"\n"])
def test_all_line_endings(eol: bytes) -> None:
    raw = b"id: 1" + eol + b"event: x" + eol + b"data: a" + eol + b"data: b" + eol + eol
    raw += b"data: c" + eol + eol
    assert decode(raw) == [b"a\nb", b"c"]
    assert bytewise(raw) == [b"a\nb", b"c"]


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    assert decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n") == [b"a", b"b"]


def test_comments_are_ignored() -> None:
    assert decode(b": heartbeat\n\n:another\ndata: x\n\n: heartbeat\n\n") == [b"x"]


def test_retry_field() -> None:
    dec = SSEDecoder()
    out = dec.feed_data(b"retry: 1000\n\nretry: soon\ndata: a\n\n")
    assert (out, dec.retry) == ([b"a"], 1000)
    assert (dec.feed_data(b"retry: 250\ndata: b\n\n"), dec.retry) == ([b"b"], 250)


def test_event_without_data_is_not_dispatched() -> None:
    assert decode(b"event: lonely\n\ndata: x\n\n") == [b"x"]


def test_field_without_colon_and_space_handling() -> None:
    raw = b"data\n\ndata:no-space\n\ndata:  two-spaces\n\nunknown: field\ndata: y\n\n"
    # a bare "data" line is an event with empty data: nothing to decode, so not returned
    assert decode(raw) == [b"no-space", b" two-spaces", b"y"]


def test_unterminated_event_is_discarded() -> None:
    assert decode(b"data: complete\n\ndata: partial") == [b"complete"]


def test_bom_stripped_even_when_split() -> None:
    raw = b"\xef\xbb\xbfdata: x\n\n"
    assert decode(raw) == [b"x"]
    assert bytewise(raw) == [b"x"]


def test_utf8_split_inside_multibyte_sequence() -> None:
    raw = 'data: {"t": "h\u00e9llo \u2713"}\n\n'.encode()
    assert bytewise(raw) == ['{"t": "h\u00e9llo \u2713"}'.encode()]


def test_unicode_line_separators_are_not_line_ends() -> None:
    raw = "data: a\u2028b\x0bc\x1cd\n\n".encode()
    assert decode(raw) == ["a\u2028b\x0bc\x1cd".encode()]


# -- issue 14 item 13: linear time, bounded memory ----------------------------------------------

CHUNK = 65536  # what httpx yields per read at most


def _chunks(data: bytes, size: int = CHUNK) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.slow
def test_one_48mb_event_decodes_in_linear_time() -> None:
    import time

    payload = b'{"delta": "' + b"x" * (48 * 1024 * 1024) + b'"}'
    raw = b"id: 1\nevent: message.delta\ndata: " + payload + b"\r\n\r\n"
    chunks = _chunks(raw)
    dec = SSEDecoder()
    started = time.perf_counter()
    out = [ev for chunk in chunks for ev in dec.feed_data(chunk)]
    elapsed = time.perf_counter() - started
    assert out == [payload]
    assert elapsed < 3.0, elapsed  # ~0.2-0.4 s; the quadratic decoder took ~50 s


def test_60mb_line_without_newline_is_linear() -> None:
    import time

    dec = SSEDecoder(max_event_bytes=None)
    chunks = _chunks(b"data: " + b"y" * (60 * 1000 * 1000))
    started = time.perf_counter()
    for chunk in chunks:
        assert dec.feed_data(chunk) == []
    assert time.perf_counter() - started < 3.0  # ~0.2 s; minutes before


def test_max_event_bytes() -> None:
    from agenthub import ProtocolError
    from agenthub._exceptions import EventTooLargeError

    # within the limit: fine, also when the event arrives as many lines and many chunks
    feed = SSEDecoder(max_event_bytes=1000).feed_data
    small = b"".join(b"data: " + b"a" * 90 + b"\n" for _ in range(10)) + b"\n"
    assert len([ev for c in _chunks(small, 7) for ev in feed(c)]) == 1
    # one long line still arriving
    feed = SSEDecoder(max_event_bytes=1000).feed_data
    with pytest.raises(ProtocolError) as info:
        for c in _chunks(b"data: " + b"b" * 5000, 100):
            feed(c)
    assert isinstance(info.value, EventTooLargeError) and info.value.limit == 1000
    assert "max_event_bytes=1000" in str(info.value)
    # many data lines adding up
    feed = SSEDecoder(max_event_bytes=1000).feed_data
    with pytest.raises(EventTooLargeError):
        feed(b"".join(b"data: " + b"c" * 200 + b"\n" for _ in range(6)))
    # one big complete line in one chunk
    with pytest.raises(EventTooLargeError):
        SSEDecoder(max_event_bytes=1000).feed_data(b"data: " + b"d" * 2000 + b"\n\n")


def test_limit_counts_one_event_at_a_time() -> None:
    dec = SSEDecoder(max_event_bytes=100)
    stream = b"".join(b"data: " + b"e" * 80 + b"\n\n" for _ in range(100))
    assert len([p for c in _chunks(stream, 33) for p in dec.feed_data(c)]) == 100


def test_default_limit_is_64_mib() -> None:
    from agenthub._sse import DEFAULT_MAX_EVENT_BYTES

    assert DEFAULT_MAX_EVENT_BYTES == 64 * 1024 * 1024
    assert SSEDecoder()._limit == DEFAULT_MAX_EVENT_BYTES


def _reference(stream: bytes) -> tuple[list[bytes], int | None]:
    """The WHATWG interpretation, line by line, on the whole stream at once."""
    if stream.startswith(b"\xef\xbb\xbf"):
        stream = stream[3:]
    lines = stream.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    lines.pop()  # the unterminated last line (or b"") is never processed
    out: list[bytes] = []
    data: list[bytes] = []
    retry = None
    for line in lines:
        if not line:
            payload = b"\n".join(data)
            data = []
            if payload:
                out.append(payload)
            continue
        if line.startswith(b":"):
            continue
        field, sep, value = line.partition(b":")
        if sep and value.startswith(b" "):
            value = value[1:]
        if field == b"data":
            data.append(value)
        elif field == b"retry" and value.isdigit():
            retry = int(value)
    return out, retry


def test_random_streams_match_the_reference_in_any_chunking() -> None:
    import random

    rng = random.Random(15)
    pieces = [
        b"data: x", b"data:y", b"data", b"data:", b"data:  two", b"datum: n", b"data : n",
        b"id: 1", b"event: e", b": c", b"retry: 250", b"retry:x", b"retry", b"id", b"",
        b"dataretry: 1", b" data: z", b"\xc3\xa9data: \xc3\xa9",
    ]  # fmt: skip
    for _ in range(400):
        eol = rng.choice([b"\n", b"\r\n", b"\r"])
        stream = (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + b"".join(
            rng.choice(pieces) + (eol if rng.random() < 0.9 else rng.choice([b"\n", b"\r"]))
            for _ in range(rng.randint(0, 30))
        )
        want = _reference(stream)
        decoder = SSEDecoder()
        got: list[bytes] = []
        i = 0
        while i < len(stream):
            step = rng.randint(1, 12)
            got += decoder.feed_data(stream[i : i + step])
            i += step
        assert (got, decoder.retry) == want, stream
