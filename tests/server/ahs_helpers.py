from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for sub in ("src", "generated"):
    p = os.path.join(ROOT, sub)
    if p not in sys.path:
        sys.path.insert(0, p)

from agenthub_server import LocalServer, ServerConfig  # noqa: E402

KEY_A = "ah_test_tenant_a_0123456789"
KEY_B = "ah_test_tenant_b_0123456789"
# /v1/_test/* needs a valid key like every other route
TEST_AUTH = {"Authorization": f"Bearer {KEY_A}"}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    cfg = ServerConfig(
        api_keys=[KEY_A, KEY_B],
        heartbeat_interval=0.2,
        test_endpoints=True,
        max_upload_bytes=64 * 1024,
        scheduler_interval=0.1,
    )
    with LocalServer(cfg) as srv:
        yield srv


@pytest.fixture()
def client(server: LocalServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {KEY_A}"}, timeout=20
    ) as c:
        yield c


@pytest.fixture()
def client_b(server: LocalServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers={"X-API-Key": KEY_B}, timeout=20) as c:
        yield c


def make_agent(c: httpx.Client, **kw: Any) -> dict[str, Any]:
    body = {"name": "agent", "tools": ["calculator", "clock", "read_file", "write_file"], **kw}
    r = c.post("/v1/agents", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def make_session(c: httpx.Client, agent_id: str | None = None, **kw: Any) -> dict[str, Any]:
    if agent_id is None:
        agent_id = make_agent(c)["id"]
    r = c.post("/v1/sessions", json={"agent_id": agent_id, **kw})
    assert r.status_code == 201, r.text
    return r.json()


def start_turn(c: httpx.Client, sid: str, text: Any, **kw: Any) -> dict[str, Any]:
    r = c.post(
        f"/v1/sessions/{sid}/turns",
        json={"input": [{"type": "user.message", "content": text}], **kw},
    )
    assert r.status_code == 201, r.text
    return r.json()


def wait_turn(
    c: httpx.Client,
    sid: str,
    tid: str,
    statuses: tuple[str, ...] = ("completed", "failed", "cancelled", "incomplete"),
    timeout: float = 15,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        t = c.get(f"/v1/sessions/{sid}/turns/{tid}").json()
        if t["status"] in statuses:
            return t
        if time.monotonic() > deadline:
            raise AssertionError(f"turn stuck in {t['status']}")
        time.sleep(0.02)


def parse_sse(lines: list[str]) -> list[dict[str, Any]]:
    """Parse raw SSE lines into frames {id, event, data, comment}."""
    frames, cur = [], {}
    for line in lines:
        if line == "":
            if cur:
                frames.append(cur)
            cur = {}
            continue
        if line.startswith(":"):
            frames.append({"comment": line[1:].strip()})
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        cur[field] = cur.get(field, "") + value if field == "data" and field in cur else value
    if cur:
        frames.append(cur)
    return frames
