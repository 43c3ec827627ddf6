"""Validate real HTTP responses against openapi/agenthub.yaml (JSON Schema 2020-12).

Used in two places:
- ``tests/conftest.py``'s ``hub`` / ``async_hub`` fixtures install :class:`SpecConformance`'s
  httpx response hooks, so every live response the fast server tests see is checked — status
  declared for the operation, content type declared, JSON body valid (an extra field where the
  schema forbids one, an integer sent as a string, a missing required field...). Violations
  are collected (a hook that raised would be retried/mapped by the SDK) and the fixture fails
  the test at teardown.
- ``tests/cassettes/test_hygiene.py`` checks the recorded responses with :func:`check`.

Routes not in the spec (``/v1/_test/*``) and non-JSON bodies (SSE streams, downloads — the
SSE events are checked by the parity and event tests) are skipped.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[1]
SPEC_URI = "urn:agenthub:openapi"
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


@cache
def spec() -> dict[str, Any]:
    with (ROOT / "openapi" / "agenthub.yaml").open(encoding="utf-8") as fh:
        # libyaml's safe loader when present (~10x faster on this document)
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


@cache
def registry() -> Registry:
    return Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT202012)
    )


def pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def _routes() -> list[tuple[int, re.Pattern[str], str]]:
    out = []
    for template in spec()["paths"]:
        rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        out.append((template.count("{"), re.compile(rx), template))
    # literal segments win over parameters (/agents/import before /agents/{agent_id})
    return sorted(out, key=lambda r: (r[0], r[2]))


def route(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """(path template, operation) for a request, or None when the spec has no such route."""
    for _, rx, template in _routes():
        item = spec()["paths"][template]
        if method in item and rx.match(path):
            return template, item[method]
    return None


def schema_validator(ref: str) -> jsonschema.Draft202012Validator:
    """A validator for the schema at ``ref`` (a JSON pointer into the spec)."""
    return _validator(ref)


@cache
def _validator(ref: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": f"{SPEC_URI}#{ref}"}, registry=registry())


def response_validator(
    method: str, path: str, status: int, content_type: str
) -> jsonschema.Draft202012Validator | None:
    """The validator of the spec's response schema, or None (no JSON body to check).
    Raises AssertionError for an undeclared route, status or content type."""
    found = route(method, path)
    assert found is not None, f"{method.upper()} {path} is not in the spec"
    template, op = found
    responses = op["responses"]
    assert str(status) in responses, f"{op['operationId']}: status {status} is not declared"
    response = responses[str(status)]
    if "$ref" in response:
        base = response["$ref"].removeprefix("#")
        response = spec()
        for part in base.strip("/").split("/"):
            response = response[part.replace("~1", "/").replace("~0", "~")]
    else:
        base = pointer("paths", template, method, "responses", str(status))
    content = response.get("content") or {}
    media = content_type.split(";")[0].strip()
    if media not in content and "*/*" in content:
        media = "*/*"
    assert not content or media in content, (
        f"{op['operationId']} {status}: content type {media!r} not in {sorted(content)}"
    )
    if media not in content or "schema" not in content[media] or "json" not in media:
        return None
    return _validator(f"{base}{pointer('content', media, 'schema')}")


def check(method: str, path: str, status: int, content_type: str, body: bytes | str) -> None:
    """Raise AssertionError / jsonschema.ValidationError if the response strays from the spec."""
    validator = response_validator(method, path, status, content_type)
    if status >= 400:
        assert content_type.startswith("application/problem+json"), (
            f"{method.upper()} {path} {status}: {content_type}"
        )
    if validator is not None:
        validator.validate(json.loads(body))


def problems_of(response: httpx.Response) -> list[str]:
    """What is wrong with a live (already read) response; [] when it conforms or is out of
    scope."""
    request = response.request
    method, path = request.method.lower(), request.url.path
    if route(method, path) is None and path.startswith("/v1/_test/"):
        return []
    ctype = response.headers.get("content-type", "")
    if ctype.startswith(("text/event-stream", "application/octet-stream")):
        return []
    try:
        check(method, path, response.status_code, ctype, response.content)
    except (AssertionError, jsonschema.ValidationError, ValueError) as exc:
        message = exc.message if isinstance(exc, jsonschema.ValidationError) else str(exc)
        where = ""
        if isinstance(exc, jsonschema.ValidationError):
            where = " at $" + "".join(f"[{p!r}]" for p in exc.absolute_path)
        return [f"{request.method} {path} -> {response.status_code}{where}: {message}"]
    return []


def _streams_body(response: httpx.Response) -> bool:
    ctype = response.headers.get("content-type", "")
    return ctype.startswith(("text/event-stream", "application/octet-stream")) or (
        route(response.request.method.lower(), response.request.url.path) is None
    )


class SpecConformance:
    """httpx response hooks recording every response that strays from the spec."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.checked = 0  # responses validated (so a test can prove the hook ran)

    # A hook must never raise: the SDK would treat it as a transport error (and retry).

    def hook(self, response: httpx.Response) -> None:
        try:
            if not _streams_body(response):
                response.read()
                self.checked += 1
                self.violations.extend(problems_of(response))
        except Exception as exc:
            self.violations.append(f"{response.request.url.path}: hook failed: {exc!r}")

    async def ahook(self, response: httpx.Response) -> None:
        try:
            if not _streams_body(response):
                await response.aread()
                self.checked += 1
                self.violations.extend(problems_of(response))
        except Exception as exc:
            self.violations.append(f"{response.request.url.path}: hook failed: {exc!r}")

    def install(self, client: httpx.Client | httpx.AsyncClient) -> None:
        hooks = client.event_hooks
        hooks["response"] = [
            *hooks.get("response", []),
            self.ahook if isinstance(client, httpx.AsyncClient) else self.hook,
        ]
        client.event_hooks = hooks

    def assert_clean(self) -> None:
        assert not self.violations, "responses that stray from openapi/agenthub.yaml:\n" + (
            "\n".join(f"  {v}" for v in dict.fromkeys(self.violations))
        )
