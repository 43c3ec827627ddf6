"""Ids, timestamps, cursors and compact JSON encoding."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

from .errors import ApiError

try:  # the `speedups` extra: ~10x faster encoding of events, documents and answers
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the installed extras
    _orjson = None  # type: ignore[assignment]

_ENCODE_UTF8 = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ENCODE_ASCII = json.JSONEncoder(separators=(",", ":")).encode


def dumps(value: Any, *, escape: bool = False) -> str:
    """Compact JSON text of ``value`` (no spaces, non-ASCII characters kept). Uses orjson when
    installed; what orjson refuses (integers beyond 64 bits, lone surrogates, non-string keys)
    gets the standard library's answer, error or text - with ``escape``, ``\\u``-escaped
    ASCII, so that even a lone surrogate can be stored. The two encoders may spell a float
    differently (``1e-05`` / ``0.00001``), never its value."""
    if _orjson is not None:
        try:
            return _orjson.dumps(value).decode()
        except TypeError:  # orjson.JSONEncodeError is one
            pass
    return _ENCODE_ASCII(value) if escape else _ENCODE_UTF8(value)


# digits -> "0", any other byte -> " ": a run of 19 zeros is a run of 19 digits, maybe an
# integer orjson cannot hold exactly (it would read it as a float). ~10x faster than a regex.
_DIGITS_ONLY = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_RUN = b"0" * 19


def loads(text: str) -> Any:
    """``json.loads(text)``, by orjson when installed and the answer is the same (~3x
    faster): text with a 19-digit run of digits, or that orjson refuses (NaN, an escaped lone
    surrogate), is read by the standard library."""
    if _orjson is not None:
        raw = text.encode("utf-8", "surrogatepass")
        if _LONG_RUN not in raw.translate(_DIGITS_ONLY):
            try:
                return _orjson.loads(raw)
            except ValueError:  # orjson.JSONDecodeError is one
                pass
    return json.loads(text)


def dumps_bytes(value: Any) -> bytes:
    """``dumps(value)`` as UTF-8 bytes (an answer's body); a lone surrogate, which has no
    UTF-8 form, is ``\\u``-escaped instead of failing."""
    if _orjson is not None:
        try:
            return _orjson.dumps(value)
        except TypeError:
            pass
    try:
        return _ENCODE_UTF8(value).encode("utf-8")
    except UnicodeEncodeError:
        return _ENCODE_ASCII(value).encode("ascii")


_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


# random bytes -> base-36 characters, unbiased: the 252 lowest byte values (7 x 36) map to
# ALPHABET[b % 36], the 4 highest are dropped
_ID_TABLE = bytes(ord(_ALPHABET[b % 36]) for b in range(252)) + bytes(4)
_ID_DROP = bytes(range(252, 256))


class _IdChars:
    """Random base-36 characters drawn from one 4 KiB ``secrets.token_bytes`` read at a time
    (a system call per id cost as much as the rest of an event append). Thread-safe; a forked
    child starts a fresh pool, so it never repeats its parent's ids."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._source: object = None
        self._chars = ""
        self._at = 0

    def take(self, n: int) -> str:
        with self._lock:
            at = self._at
            # ``secrets`` is looked up on each call: a stand-in (seeded, for recordings) is
            # used from its first id on
            if self._source is not secrets or at + n > len(self._chars):
                self._source = secrets
                chars = ""
                while len(chars) < n:  # ~63 of 64 bytes are kept: one read, in practice
                    raw = secrets.token_bytes(4096).translate(_ID_TABLE, _ID_DROP)
                    chars += raw.decode("ascii")
                self._chars, at = chars, 0
            self._at = at + n
            return self._chars[at : at + n]


_ID_CHARS = _IdChars()


def new_id(prefix: str) -> str:
    """``<prefix>_`` + 24 random base-36 characters (~124 bits)."""
    return prefix + "_" + _ID_CHARS.take(24)


def now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


_DATETIME = datetime  # ``datetime`` as imported (recordings swap in a frozen clock)
# the formatted second of the last ``now_iso`` call: formatting is most of its cost, and a
# turn stamps a dozen events within the same second (one tuple, replaced whole: thread-safe)
_LAST_SECOND: tuple[int, str] = (-1, "")


def now_iso() -> str:
    """The current UTC time as ``iso`` writes it (millisecond precision, ``Z``)."""
    global _LAST_SECOND
    if datetime is not _DATETIME:  # a stand-in clock: take its time
        return iso(now())
    ms = time.time_ns() // 1_000_000  # the clock ``datetime.now`` reads, without a datetime
    second, milli = divmod(ms, 1000)
    cached = _LAST_SECOND
    if cached[0] != second:
        cached = _LAST_SECOND = (second, time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(second)))
    return f"{cached[1]}{milli:03d}Z"


def parse_time(value: str) -> datetime:
    """Parse an RFC 3339 timestamp (raises ValueError)."""
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+00:00"
    if "T" not in v and "t" not in v:
        raise ValueError("not a date-time")
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        raise ValueError("timestamp needs a UTC offset")
    return dt.astimezone(UTC)


MAX_SEQUENCE = 2**63 - 1  # SQLite INTEGER range: anything larger cannot name a row
MAX_JSON_DEPTH = 100
MAX_CURSOR_LENGTH = 512
_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(raw: bytes | str, what: str = "JSON body") -> Any:
    """Strict JSON: no NaN/Infinity, at most ``MAX_JSON_DEPTH`` levels of nesting and no lone
    UTF-16 surrogates (``"\\ud800"`` is valid JSON syntax but not text: it could be stored yet
    never encoded back as UTF-8). Raises ``ApiError`` 400 naming the problem."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ApiError("bad_request", f"{what} is nested more than {MAX_JSON_DEPTH} deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError("bad_request", f"Malformed {what}: {exc}") from None
    check_json_value(value, what)
    return value


def check_json_value(value: Any, what: str = "JSON body") -> None:
    """Iteratively check nesting depth and strings (keys too) for lone surrogates."""
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(value, 0, ())]
    while stack:
        item, depth, loc = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _surrogate_error(what, loc)
            continue
        if isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise ApiError("bad_request", f"{what} is nested more than {MAX_JSON_DEPTH} deep")
            if isinstance(item, dict):
                for k, v in item.items():
                    if _SURROGATE.search(k):
                        raise _surrogate_error(what, (*loc, k))
                    if isinstance(v, str | dict | list):
                        stack.append((v, depth + 1, (*loc, k)))
            else:
                for i, v in enumerate(item):
                    if isinstance(v, str | dict | list):
                        stack.append((v, depth + 1, (*loc, i)))


def _surrogate_error(what: str, loc: tuple[Any, ...]) -> ApiError:
    where = "/".join(str(p) for p in loc).encode("ascii", "backslashreplace").decode() or "(root)"
    return ApiError(
        "bad_request",
        f"{what} contains a lone UTF-16 surrogate (\\ud800-\\udfff) at {where}: not valid text",
    )


def encode_cursor(value: Any) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The JSON value inside a cursor from ``encode_cursor``; anything else (too long, not
    base64, not JSON, nested) is ``ApiError`` 400. Callers still check the value's shape."""
    bad = ApiError("bad_request", "Malformed cursor in 'after'")
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise bad
    try:
        pad = "=" * (-len(cursor) % 4)
        return parse_json(base64.urlsafe_b64decode(cursor + pad), "cursor")
    except (binascii.Error, ValueError, ApiError):
        raise bad from None


def cursor_int(cursor: Any, key: str) -> int:
    """``cursor[key]`` as a row position/sequence number within SQLite's range, else 400."""
    value = cursor.get(key) if isinstance(cursor, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEQUENCE:
        raise ApiError("bad_request", "Malformed cursor in 'after'")
    return value
