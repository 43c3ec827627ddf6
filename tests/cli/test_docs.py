"""Docs that are generated or must match the code: the API reference builds without pdoc
warnings, docs/events.md is fresh, the README's status-code table is what the SDK raises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import agenthub
from agenthub import AgentHub

ROOT = Path(__file__).absolute().parents[2]  # (not resolved: a symlinked checkout stays itself)
SCRIPTS = ROOT / "scripts"


@pytest.mark.slow
def test_api_reference_builds_without_warnings(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import build_docs
    finally:
        sys.path.remove(str(SCRIPTS))
    modules = build_docs.modules()
    assert "agenthub" in modules and "agenthub.types" in modules
    assert not any(m.startswith("agenthub.cli") or "._" in m for m in modules)
    problems = build_docs.build_api(tmp_path)
    assert problems == [], "\n".join(problems)
    page = (tmp_path / "agenthub.html").read_text(encoding="utf-8")
    for name in ("AgentHub", "AsyncAgentHub", "NotFoundError", "TurnResult"):
        assert name in page


def test_events_catalogue_is_fresh() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "gen_events_doc.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + " (run `make docs`)"


def test_events_catalogue_lists_every_type_of_the_contract() -> None:
    import yaml

    spec = yaml.safe_load((ROOT / "openapi" / "agenthub.yaml").read_text(encoding="utf-8"))
    mapping = spec["components"]["schemas"]["Event"]["discriminator"]["mapping"]
    text = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)$", text, re.MULTILINE)
    assert [h for h in headings if h in mapping] == list(mapping)


def _readme_rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Errors") :]
    section = section[: section.index("\n## ", 1)]
    rows = re.findall(r"^\| ([^|]+?) \| `(\w+)`[^|]*\| (yes|no) \|", section, re.MULTILINE)
    assert rows, "no status table in the README's Errors section"
    return rows


def _raised(status: int) -> tuple[type[BaseException], int]:
    """What a call raises when the server answers ``status``, and how many requests it made
    (``max_retries=1``: 2 means it was retried)."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        body = {"type": "about:blank", "title": "t", "status": status, "detail": "d", "code": "c"}
        return httpx.Response(
            status,
            json=body,
            headers={"Retry-After": "0", "Content-Type": "application/problem+json"},
        )

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with (
        AgentHub(api_key="k", base_url="http://hub.test", http_client=client, max_retries=1) as hub,
        pytest.raises(agenthub.AgentHubError) as info,
    ):
        hub.agents.get("agt_x")
    return type(info.value), len(calls)


def test_readme_status_table_matches_the_sdk() -> None:
    rows = _readme_rows()
    statuses = {"other 4xx": 418, "≥ 500": 500}
    seen = set()
    for status_text, name, retried in rows:
        if status_text == "no response":
            continue
        status = statuses.get(status_text) or int(status_text)
        cls, calls = _raised(status)
        assert cls is getattr(agenthub, name), (status, cls, name)
        assert calls == (2 if retried == "yes" else 1), (status, calls)
        seen.add(name)
    assert _raised(503)[0] is agenthub.InternalServerError
    # every status class the SDK exports is in the table
    exported = {
        n
        for n in agenthub.__all__
        if isinstance(getattr(agenthub, n), type)
        and issubclass(getattr(agenthub, n), agenthub.APIStatusError)
    }
    assert exported <= seen, exported - seen
