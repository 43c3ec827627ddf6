"""Cassette fixtures.

Replay (default, CI): ``record_mode="none"``, NO server: every request the SDK makes must match a
recorded one (method + path + query + body) and every recorded interaction must be played, so
a change in what the SDK sends (or in how it reacts to responses) fails the test.

Record: ``make cassettes`` (``AGENTHUB_RECORD=1 pytest tests/cassettes``) starts the reference
server (``server`` fixture of tests/conftest.py), gives each test a fresh API key and re-records
every cassette from scratch (``record_mode="all"``). Before saving, credentials are removed
(``Authorization``/``X-API-Key``; ``Idempotency-Key`` values are replaced), the API key is
scrubbed from bodies and the server's random port is rewritten to ``CANONICAL_BASE_URL``.

Replay matches method, path, query, body (JSON as JSON, multipart without its boundary) and the
``Accept``, ``If-Match`` and ``Idempotency-Key`` headers (the key's presence: its value is
filtered), so an SDK that drops a precondition or an idempotency key fails replay.

Recording is deterministic: the server's ids come from a generator seeded with the test's name,
its clock is frozen at 2026-01-01T00:00:00Z, multipart boundaries
and the ``Date`` header are fixed, so re-recording changes a cassette only where behaviour
changed. Polling sleeps are made instant on replay (the number of polls is whatever was
recorded).
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

vcr = pytest.importorskip("vcr")

from agenthub import AgentHub  # noqa: E402

RECORD = os.environ.get("AGENTHUB_RECORD") == "1"
CASSETTES = Path(__file__).parent / "cassettes"
CANONICAL_BASE_URL = "http://127.0.0.1:8080"
REPLAY_API_KEY = "replay-only-not-a-key"
FILTERED = "<filtered>"


def _content_type(request: Any) -> str:
    for k, v in request.headers.items():
        if k.lower() == "content-type":
            return v if isinstance(v, str) else v[0]
    return ""


def _normalized_body(request: Any) -> Any:
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    ctype = _content_type(request)
    if "json" in ctype and body:
        return json.loads(body)
    m = re.search(r"boundary=([^;\s]+)", ctype)
    if m:  # multipart boundaries are random per request
        body = body.replace(m.group(1).strip('"').encode(), b"BOUNDARY")
    return body


def body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: JSON bodies compare as JSON; multipart ignores the boundary."""
    a, b = _normalized_body(r1), _normalized_body(r2)
    assert a == b, f"body differs: {a!r} != {b!r}"


def _header(request: Any, name: str) -> str | None:
    for k, v in request.headers.items():
        if k.lower() == name:
            return v if isinstance(v, str) else v[0]
    return None


def _header_matcher(name: str) -> Any:
    """vcrpy matcher: the header is sent on both or neither, with the same value (an
    ``Idempotency-Key`` is recorded as ``<filtered>``, so only its presence must match)."""

    def match(r1: Any, r2: Any) -> None:
        a, b = _header(r1, name), _header(r2, name)
        if FILTERED in (a, b):
            assert a is not None and b is not None, f"{name}: {a!r} != {b!r}"
            return
        assert a == b, f"{name} differs: {a!r} != {b!r}"

    return match


#: headers a replayed request must carry exactly as recorded (besides method, path, query, body)
MATCHED_HEADERS = ("accept", "if-match", "idempotency-key")
#: response headers whose recorded value is fixed (they carry the wall clock)
FIXED_RESPONSE_HEADERS = {"date": "Thu, 01 Jan 2026 00:00:00 GMT"}


def make_vcr(
    api_key: str,
    server_base_url: str | None,
    *,
    library: Path = CASSETTES,
    record: bool = RECORD,
) -> Any:
    def before_record_request(request: Any) -> Any:
        if server_base_url and request.uri.startswith(server_base_url):
            request.uri = CANONICAL_BASE_URL + request.uri[len(server_base_url) :]
            for k in list(request.headers):
                if k.lower() == "host":
                    request.headers[k] = httpx.URL(CANONICAL_BASE_URL).netloc.decode()
        return request

    def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers") or {}
        for k in list(headers):
            if k.lower() in FIXED_RESPONSE_HEADERS:
                headers[k] = [FIXED_RESPONSE_HEADERS[k.lower()]]
        body = response.get("content") or response.get("body", {}).get("string")
        if isinstance(body, (bytes, str)) and api_key:
            key = api_key.encode() if isinstance(body, bytes) else api_key
            if key in body:
                scrubbed = body.replace(
                    key, FILTERED.encode() if isinstance(body, bytes) else FILTERED
                )
                if "content" in response:
                    response["content"] = scrubbed
                else:
                    response["body"]["string"] = scrubbed
        return response

    v = vcr.VCR(
        cassette_library_dir=str(library),
        record_mode="all" if record else "none",
        match_on=["method", "path", "query", "body_json", *MATCHED_HEADERS],
        filter_headers=[
            ("authorization", None),
            ("x-api-key", None),
            ("idempotency-key", FILTERED),
        ],
        before_record_request=before_record_request,
        before_record_response=before_record_response,
        decode_compressed_response=True,
    )
    v.register_matcher("body_json", body_matcher)
    for name in MATCHED_HEADERS:
        v.register_matcher(name, _header_matcher(name))
    return v


class _SeededSecrets:
    """Stands in for ``secrets`` in the server's id generator while recording: fixed ids."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)

    def choice(self, seq: Any) -> Any:
        return self._random.choice(seq)

    def token_bytes(self, nbytes: int | None = None) -> bytes:
        return self._random.randbytes(32 if nbytes is None else nbytes)

    def token_hex(self, nbytes: int | None = None) -> str:
        return self.token_bytes(nbytes).hex()

    def randbelow(self, n: int) -> int:
        return self._random.randrange(n)


#: the server's wall clock while recording: frozen (lists are ordered by insertion, not by
#: time; a clock that moved would make timestamps depend on how a turn races the requests)
RECORDING_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class _FrozenClock(datetime.datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _FrozenClock:  # type: ignore[override]
        return cls.fromtimestamp(RECORDING_TIME.timestamp(), tz or datetime.UTC)


def deterministic_recording(monkeypatch: pytest.MonkeyPatch, seed: str) -> None:
    """Fixed server ids and clock, and fixed multipart boundaries, so that re-recording a
    cassette changes it only where behaviour changed."""
    import agenthub._multipart as multipart
    import agenthub_server.util as server_util

    monkeypatch.setattr(server_util, "secrets", _SeededSecrets(seed))
    monkeypatch.setattr(server_util, "datetime", _FrozenClock)
    counter = itertools.count(1)
    monkeypatch.setattr(
        multipart, "uuid", types.SimpleNamespace(uuid4=lambda: uuid.UUID(int=next(counter)))
    )


@pytest.fixture()
def cassette_hub(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AgentHub]:
    """An ``AgentHub`` inside the cassette named after the test (recording or replaying)."""
    name = f"{request.node.name}.yaml"
    path = CASSETTES / name
    if RECORD:
        server = request.getfixturevalue("server")
        api_key = f"ah_test_{uuid.uuid4().hex}"
        r = httpx.post(
            f"{server.base_url}/v1/_test/api-keys",
            json={"api_key": api_key},
            headers={"Authorization": f"Bearer {server.api_key}"},  # test routes need a key
        )
        assert r.status_code == 201, r.text
        base_url = server.base_url
        deterministic_recording(monkeypatch, request.node.name)
        if path.exists():
            path.unlink()
    else:
        if not path.exists():
            pytest.fail(f"cassette {path.name} missing: run `make cassettes` to record it")
        api_key, base_url = REPLAY_API_KEY, CANONICAL_BASE_URL
        from agenthub._backends import SyncBackend

        monkeypatch.setattr(SyncBackend, "sleep", staticmethod(lambda _s: None))
    v = make_vcr(api_key, base_url if RECORD else None)
    with v.use_cassette(name, allow_playback_repeats=False) as cassette:
        with AgentHub(api_key=api_key, base_url=base_url, max_retries=0) as hub:
            yield hub
        if not RECORD:
            unplayed = len(cassette.data) - cassette.play_count
            assert cassette.all_played, (
                f"{unplayed} recorded interaction(s) of {name} were not requested on replay: "
                "the SDK now sends fewer/other requests "
                "(re-record with `make cassettes` if intended)"
            )
