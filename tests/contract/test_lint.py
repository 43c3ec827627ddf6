"""Spec and proto lint, as CI runs it (shelling out to the pinned tools).

- ``openapi-spec-validator`` (CLI) on openapi/agenthub.yaml;
- ``spectral lint`` with the repo ruleset ``.spectral.yaml`` (spectral:oas + agenthub rules:
  operationId/tags/description, problem+json errors, Idempotency-Key on every POST, ...);
- ``buf lint`` (buf.yaml: module ``protos``, STANDARD minus three documented exceptions);
- breaking-change gates (OpenAPI diff and ``buf breaking`` against the last release tag) live in
  test_breaking.py.

Each tool also gets a drill: a deliberately broken copy must FAIL, so a check that silently
passes everything is caught. Node tools missing: skip locally, fail when ``CI`` is set.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import ROOT, SPEC_PATH, node_tool

pytestmark = [pytest.mark.npm, pytest.mark.timeout(120)]

RULESET = ROOT / ".spectral.yaml"
BUF_YAML = ROOT / "buf.yaml"
PROTOS = ROOT / "protos"

CUSTOM_RULES = {
    "agenthub-operation-has-id-tags-description",
    "agenthub-errors-are-problem-json",
    "agenthub-post-accepts-idempotency-key",
    "agenthub-operation-id-snake-case",
    "agenthub-responses-carry-request-id",
}


def run(
    cmd: list[str | Path], cwd: Path = ROOT, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"


# --------------------------------------------------------------------------------------------
# OpenAPI


def test_openapi_spec_validator_cli() -> None:
    exe = Path(sys.executable).parent / "openapi-spec-validator"
    cmd: list[str | Path] = (
        [exe] if exe.exists() else [sys.executable, "-m", "openapi_spec_validator"]
    )
    proc = run([*cmd, SPEC_PATH])
    assert proc.returncode == 0, output(proc)


def _broken_spec() -> dict[str, Any]:
    """The spec with one violation per custom spectral rule."""
    with SPEC_PATH.open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    create = doc["paths"]["/v1/agents"]["post"]
    del create["description"]  # -> operation has description
    create["parameters"] = []  # -> POST accepts Idempotency-Key
    create["responses"]["409"] = {  # -> errors are problem+json
        "description": "Conflict.",
        "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    listing = doc["paths"]["/v1/agents"]["get"]
    listing["operationId"] = "listAgents"  # -> snake_case operationId
    del listing["responses"]["200"]["headers"]  # -> X-Request-Id on every response
    return doc


@pytest.fixture(scope="module")
def spectral_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """ONE spectral run over the real spec and the broken copy (node start-up and ruleset
    loading dominate: ~5 s for one file, ~6 s for both). Findings are split by ``source``."""
    exe = node_tool("spectral")
    tmp = tmp_path_factory.mktemp("spectral")
    broken = tmp / "agenthub.yaml"
    broken.write_text(yaml.safe_dump(_broken_spec(), sort_keys=False), encoding="utf-8")
    proc = run(
        [exe, "lint", SPEC_PATH, broken, "--ruleset", RULESET, "--format", "json",
         "--fail-severity", "warn", "--quiet"],
    )  # fmt: skip
    try:
        findings: list[dict[str, Any]] = json.loads(proc.stdout) if proc.stdout.strip() else []
    except json.JSONDecodeError:
        pytest.fail(f"spectral printed no JSON:\n{output(proc)}")
    by_source: dict[str, list[dict[str, Any]]] = {"real": [], "broken": []}
    for f in findings:
        source = Path(f.get("source", "")).resolve()
        by_source["broken" if source == broken.resolve() else "real"].append(f)
    return {"rc": proc.returncode, **by_source, "raw": output(proc)}


def _fmt(findings: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {f['code']} ({f['severity']}) {'.'.join(map(str, f['path']))}: {f['message']}"
        for f in findings
    )


def test_spectral_ruleset_passes_on_the_spec(spectral_runs: dict[str, Any]) -> None:
    real = spectral_runs["real"]
    assert real == [], f"spectral findings on openapi/agenthub.yaml:\n{_fmt(real)}"


def test_spectral_drill_each_custom_rule_fires(spectral_runs: dict[str, Any]) -> None:
    assert spectral_runs["rc"] != 0, "spectral accepted a broken spec"
    fired = {f["code"] for f in spectral_runs["broken"]}
    assert fired >= CUSTOM_RULES, f"rules that did not fire: {CUSTOM_RULES - fired}"
    # and the built-in oas rules are active too (extends: spectral:oas)
    assert "operation-description" in fired


def test_ruleset_declares_the_custom_rules() -> None:
    ruleset = yaml.safe_load(RULESET.read_text(encoding="utf-8"))
    assert "spectral:oas" in ruleset["extends"]
    assert set(ruleset["rules"]) >= CUSTOM_RULES


# --------------------------------------------------------------------------------------------
# protos


def test_buf_yaml_module_root_is_protos() -> None:
    config = yaml.safe_load(BUF_YAML.read_text(encoding="utf-8"))
    assert config["version"] == "v2"
    assert config["modules"] == [{"path": "protos"}]
    assert config["lint"]["use"] == ["STANDARD"]


def test_buf_lint() -> None:
    proc = run([node_tool("buf"), "lint"])
    assert proc.returncode == 0, output(proc)


def test_buf_lint_drill_bad_proto_fails(tmp_path: Path) -> None:
    buf = node_tool("buf")
    shutil.copy(BUF_YAML, tmp_path / "buf.yaml")
    shutil.copytree(PROTOS, tmp_path / "protos")
    events = tmp_path / "protos" / "agenthub_proto" / "v1" / "events.proto"
    events.write_text(
        events.read_text(encoding="utf-8")
        + "\nmessage bad_message_name {\n  string BadField = 1;\n}\n",
        encoding="utf-8",
    )
    proc = run([buf, "lint"], cwd=tmp_path)
    assert proc.returncode != 0, output(proc)
    assert "bad_message_name" in proc.stdout and "BadField" in proc.stdout, output(proc)


# `buf breaking` against the last release tag, with its drills: tests/contract/test_breaking.py
