"""WHATWG event-stream interpretation, as implemented by agenthub._async._sse.SSEDecoder."""

from __future__ import annotations

import pytest

from agenthub._async._sse import ServerSentEvent, SSEDecoder
from agenthub._async._sse import iter_sse_events as aiter_sse
from agenthub._sync._sse import SSEDecoder as SyncSSEDecoder
from agenthub._sync._sse import iter_sse_events as iter_sse


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


async def test_async_iterator_helper() -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b"id: 1\ndata: a\n"
        yield b"\n: hb\n\nid: 2\ndata: b\n\n"

    out = [e async for e in aiter_sse(chunks())]
    assert [(e.id, e.data) for e in out] == [("1", "a"), ("2", "b")]


def test_sync_twin_matches() -> None:
    out = list(iter_sse(iter([b"id: 1\ndata: a\n\n", b"data: b\n\n"])))
    assert [(e.id, e.data) for e in out] == [("1", "a"), ("1", "b")]
    assert SyncSSEDecoder().feed(b"data: z\n\n")[0].data == "z"
