"""Cassette hygiene and conformance (no server needed).

- no cassette contains a credential (bearer tokens, ``ah_`` API keys, ``ik_`` idempotency keys,
  auth headers) — with a drill showing the scanner catches a planted one;
- every recorded response conforms to the OpenAPI spec (status declared for the operation,
  JSON body valid against its schema, errors are problem+json) — i.e. the reference server's
  real answers match the contract; drill: the same response minus a required field FAILS;
- replay catches SDK drift: a request the cassette does not hold is refused;
- every flow test has a cassette and every cassette a flow test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from _spec_conformance import check

from .conftest import CASSETTES, make_vcr

SECRET_PATTERNS = {
    "bearer token": re.compile(r"Bearer\s+\S+"),
    "API key (ah_)": re.compile(r"\bah_[A-Za-z0-9_]{6,}"),
    "idempotency key (ik_)": re.compile(r"\bik_[A-Za-z0-9-]{6,}"),
    "authorization header": re.compile(r"^\s*(authorization|x-api-key):", re.I | re.M),
}


def cassette_files() -> list[Path]:
    return sorted(CASSETTES.glob("*.yaml"))


def find_secrets(text: str) -> list[str]:
    return [
        f"{name}: {m.group(0)[:40]!r}"
        for name, rx in SECRET_PATTERNS.items()
        for m in rx.finditer(text)
    ]


def test_there_are_cassettes() -> None:
    assert cassette_files(), "no cassettes: run `make cassettes`"


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: p.name)
def test_cassette_has_no_credentials(path: Path) -> None:
    found = find_secrets(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} leaks credentials: {found}"


def test_drill_secret_scanner_catches_planted_keys() -> None:
    text = cassette_files()[0].read_text(encoding="utf-8")
    for planted in (
        "      authorization:\n      - Bearer ah_test_0123456789abcdef\n",
        '      x-api-key:\n      - "ah_live_abcdef"\n',
        "      idempotency-key:\n      - ik_6f1c2d3e-aaaa\n",
    ):
        assert find_secrets(text + planted), planted


# --------------------------------------------------------------------------------------------
# spec conformance of the recorded responses


def interactions(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["interactions"])


def _header(headers: dict[str, Any], name: str) -> str:
    for k, v in headers.items():
        if k.lower() == name:
            return v[0] if isinstance(v, list) else str(v)
    return ""


def _check(interaction: dict[str, Any], mutate: Any = None) -> None:
    req, resp = interaction["request"], interaction["response"]
    method = req["method"].lower()
    path = re.sub(r"^https?://[^/]+", "", req["uri"]).split("?")[0]
    body = resp["body"]["string"]
    if mutate is not None:
        data = json.loads(body)
        mutate(data)
        body = json.dumps(data)
    check(method, path, resp["status"]["code"], _header(resp["headers"], "content-type"), body)


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: p.name)
def test_recorded_responses_conform_to_spec(path: Path) -> None:
    for i, interaction in enumerate(interactions(path)):
        try:
            _check(interaction)
        except (AssertionError, jsonschema.ValidationError) as exc:
            raise AssertionError(f"{path.name} interaction #{i}: {exc}") from None


def test_drill_response_missing_required_field_fails_validation() -> None:
    (create,) = [
        x
        for x in interactions(CASSETTES / "test_create_agent.yaml")
        if x["request"]["method"] == "POST" and x["request"]["uri"].endswith("/v1/agents")
    ]
    _check(create)  # the real response is valid
    with pytest.raises(jsonschema.ValidationError, match="'revision' is a required property"):
        _check(create, mutate=lambda body: body.pop("revision"))
    with pytest.raises(jsonschema.ValidationError):
        _check(create, mutate=lambda body: body.update(revision="1"))  # wrong type


# --------------------------------------------------------------------------------------------
# replay catches drift


def test_drill_replay_refuses_a_request_the_cassette_does_not_hold() -> None:
    from vcr.errors import CannotOverwriteExistingCassetteException

    from agenthub import AgentHub, APIConnectionError

    from .conftest import CANONICAL_BASE_URL, RECORD

    if RECORD:
        pytest.skip("replay-only drill")
    v = make_vcr("unused", None)
    with (
        v.use_cassette("test_create_agent.yaml", allow_playback_repeats=False),
        AgentHub(api_key="x", base_url=CANONICAL_BASE_URL, max_retries=0) as hub,
        pytest.raises((CannotOverwriteExistingCassetteException, APIConnectionError)),
    ):
        # same endpoint, different body than recorded -> no match -> refused
        hub.agents.create(name="someone-else", instructions="Be brief.")


@pytest.mark.parametrize("header", ["if-match", "idempotency-key", "accept"])
def test_drill_replay_refuses_a_request_missing_a_matched_header(header: str) -> None:
    """An SDK that drops ``If-Match`` (the update's precondition), the ``Idempotency-Key`` of
    a create, or changes ``Accept`` no longer matches the recorded request."""
    from vcr.errors import CannotOverwriteExistingCassetteException

    from agenthub import AgentHub, APIConnectionError

    from .conftest import CANONICAL_BASE_URL, RECORD

    if RECORD:
        pytest.skip("replay-only drill")

    def drop(request: Any) -> None:
        request.headers.pop(header, None)

    v = make_vcr("unused", None)
    with (
        v.use_cassette("test_create_agent.yaml", allow_playback_repeats=False),
        AgentHub(api_key="x", base_url=CANONICAL_BASE_URL, max_retries=0) as hub,
        pytest.raises((CannotOverwriteExistingCassetteException, APIConnectionError)),
    ):
        client = hub._pipeline.http_client
        client.event_hooks = {**client.event_hooks, "request": [drop]}
        agent = hub.agents.create(
            name="analyst",
            instructions="Be brief.",
            tools=["calculator"],
            metadata={"team": "research"},
        )
        hub.agents.update(agent.id, description="numbers", if_revision=1)


def test_every_flow_has_a_cassette_and_vice_versa() -> None:
    source = (Path(__file__).parent / "test_flows.py").read_text(encoding="utf-8")
    tests = set(re.findall(r"^def (test_\w+)\(cassette_hub", source, re.M))
    recorded = {p.stem for p in cassette_files()}
    assert tests == recorded, f"without cassette: {tests - recorded}; orphaned: {recorded - tests}"


@pytest.mark.slow  # records twice against the reference server
def test_recording_is_deterministic(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording the same flow twice gives byte-identical cassettes (seeded server ids, frozen
    clock, fixed boundaries and Date), so a re-record diff shows only real changes."""
    import uuid

    import httpx

    from agenthub import AgentHub

    from .conftest import deterministic_recording
    from .test_flows import test_create_agent, test_file_upload_download

    texts = []
    for run in ("a", "b"):
        library = tmp_path / run
        for flow in (test_create_agent, test_file_upload_download):
            api_key = f"ah_test_{uuid.uuid4().hex}"
            r = httpx.post(f"{server.base_url}/v1/_test/api-keys", json={"api_key": api_key},
                           headers={"Authorization": f"Bearer {server.api_key}"})  # fmt: skip
            assert r.status_code == 201, r.text
            with monkeypatch.context() as m:
                deterministic_recording(m, flow.__name__)
                v = make_vcr(api_key, server.base_url, library=library, record=True)
                with (
                    v.use_cassette(f"{flow.__name__}.yaml"),
                    AgentHub(api_key=api_key, base_url=server.base_url, max_retries=0) as hub,
                ):
                    flow(hub)
        texts.append({p.name: p.read_text(encoding="utf-8") for p in sorted(library.iterdir())})
    assert len(texts[0]) == 2
    assert texts[0] == texts[1]
