"""Breaking-change gates for both contracts (scripts/check_breaking.py), against the last
release tag — and drills: each breaking-change class, applied to a copy of the spec or the
protos, must fail with a message naming it; additive changes must pass.

The OpenAPI rules are our own (no published diff tool reads OpenAPI 3.1 and installs from
PyPI/npm; see the script's docstring); the proto gate is ``buf breaking``.
"""

from __future__ import annotations

import copy
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from . import ROOT, SPEC_PATH, node_tool, spec

pytestmark = pytest.mark.timeout(120)

PROTOS = ROOT / "protos"
SCRIPT = ROOT / "scripts" / "check_breaking.py"


def _load() -> ModuleType:
    name = "agenthub_check_breaking"
    if name not in sys.modules:
        spec_ = importlib.util.spec_from_file_location(name, SCRIPT)
        assert spec_ is not None and spec_.loader is not None
        module = importlib.util.module_from_spec(spec_)
        sys.modules[name] = module
        spec_.loader.exec_module(module)
    return sys.modules[name]


cb = _load()


def _git(*args: str, cwd: Path = ROOT) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _in_git() -> bool:
    return (ROOT / ".git").exists()


# --------------------------------------------------------------------------------------------
# the real gates


def test_baseline_is_the_release_tag_merge_base_never_head_parent() -> None:
    if not _in_git():
        pytest.skip("not a git checkout")
    ref = cb.release_ref()
    tag_commit = _git("rev-parse", f"{ref}^{{commit}}")
    assert cb.baseline_commit(ref) == _git("merge-base", "HEAD", tag_commit)
    recorded_tag, recorded_commit = cb.recorded_release()
    # the recorded fallback (clones without tags) names a real release
    assert _git("rev-parse", f"{recorded_commit}^{{commit}}") == recorded_commit
    if _git("tag", "--list", recorded_tag):
        assert _git("rev-parse", f"{recorded_tag}^{{commit}}") == recorded_commit


def test_a_clone_without_tags_falls_back_to_the_recorded_release(tmp_path: Path) -> None:
    # CI clones main without tags: the baseline must come from scripts/release-baseline
    if not _in_git():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    _git("clone", "-q", "--no-tags", str(ROOT), str(clone))
    assert _git("tag", "--list", cwd=clone) == ""
    tag, commit = cb.recorded_release()
    assert tag.startswith("v") and len(commit) == 40
    assert cb.release_ref(cwd=clone) == commit
    assert cb.baseline_commit(commit, cwd=clone) == _git("merge-base", "HEAD", commit, cwd=clone)


def test_openapi_has_no_breaking_change_since_the_release() -> None:
    if not _in_git():
        pytest.skip("not a git checkout")
    ref = cb.release_ref()
    problems = cb.check_openapi(cb.baseline_commit(ref))
    assert problems == [], f"breaking OpenAPI changes since {ref}:\n" + "\n".join(problems)


@pytest.mark.npm
def test_protos_have_no_breaking_change_since_the_release() -> None:
    if not _in_git():
        pytest.skip("not a git checkout")
    ref = cb.release_ref()
    ok, out = cb.check_protos(cb.baseline_commit(ref), buf=node_tool("buf"))
    assert ok, f"breaking proto changes since {ref} (buf breaking):\n{out}"


# --------------------------------------------------------------------------------------------
# OpenAPI drills: one mutation per class


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def _rename_response_field(doc: dict[str, Any]) -> None:
    props = _schemas(doc)["Session"]["properties"]
    props["display_name"] = props.pop("name")
    req = _schemas(doc)["Session"]["required"]
    req[req.index("name")] = "display_name"


def _remove_response_field(doc: dict[str, Any]) -> None:
    del _schemas(doc)["Turn"]["properties"]["completed_at"]
    _schemas(doc)["Turn"]["required"].remove("completed_at")


def _retype_response_field(doc: dict[str, Any]) -> None:
    _schemas(doc)["Session"]["properties"]["last_sequence_number"] = {"type": "string"}


def _retype_request_field(doc: dict[str, Any]) -> None:
    _schemas(doc)["SessionCreate"]["properties"]["labels"] = {"type": "string"}


def _rename_request_field(doc: dict[str, Any]) -> None:
    props = _schemas(doc)["SessionCreate"]["properties"]
    props["agent"] = props.pop("agent_id")
    req = _schemas(doc)["SessionCreate"]["required"]
    req[req.index("agent_id")] = "agent"


def _remove_request_enum_value(doc: dict[str, Any]) -> None:
    _schemas(doc)["ElicitationAction"]["enum"].remove("decline")


def _add_response_enum_value(doc: dict[str, Any]) -> None:
    _schemas(doc)["SessionStatus"]["enum"].append("archived")


def _add_required_request_field(doc: dict[str, Any]) -> None:
    create = _schemas(doc)["SessionCreate"]
    create["properties"]["priority"] = {"type": "integer"}
    create["required"].append("priority")


def _remove_operation(doc: dict[str, Any]) -> None:
    del doc["paths"]["/v1/sessions/{session_id}/pause"]["post"]


def _rename_operation(doc: dict[str, Any]) -> None:
    doc["paths"]["/v1/sessions"]["get"]["operationId"] = "list_all_sessions"


def _remove_query_parameter(doc: dict[str, Any]) -> None:
    op = doc["paths"]["/v1/sessions"]["get"]
    op["parameters"] = [p for p in op["parameters"] if p.get("name") != "created_before"]


def _make_field_nullable(doc: dict[str, Any]) -> None:
    _schemas(doc)["Turn"]["properties"]["created_at"] = {"type": ["string", "null"]}


def _widen_response_integer(doc: dict[str, Any]) -> None:
    _schemas(doc)["Usage"]["properties"]["total_tokens"] = {"type": "number"}


def _tighten_request_constraint(doc: dict[str, Any]) -> None:
    _schemas(doc)["SessionCreate"]["properties"]["name"]["maxLength"] = 3


DRILLS = {
    # class named in the message, (mutation, text that must appear in the same message)
    "rename response field": (_rename_response_field, "response property removed", ".name"),
    "remove response field": (_remove_response_field, "response property removed", "completed_at"),
    "retype response field": (_retype_response_field, "type changed", "last_sequence_number"),
    "retype request field": (_retype_request_field, "type changed", ".labels"),
    "rename request field": (_rename_request_field, "request property removed", ".agent_id"),
    "remove request enum value": (_remove_request_enum_value, "request enum value removed",
                                  '"decline"'),
    "add response enum value": (_add_response_enum_value, "response enum value added",
                                '"archived"'),
    "add required request field": (_add_required_request_field,
                                   "required request property added", ".priority"),
    "remove operation": (_remove_operation, "operation removed", "pause_session"),
    "rename operation": (_rename_operation, "operation renamed", "list_all_sessions"),
    "remove parameter": (_remove_query_parameter, "parameter removed", "created_before"),
    "response field may be null": (_make_field_nullable, "type changed", "may now be null"),
    "response integer becomes number": (_widen_response_integer, "type changed",
                                        "total_tokens: integer -> number"),
    "tighten request constraint": (_tighten_request_constraint, "constraint tightened",
                                   "maxLength"),
}  # fmt: skip


@pytest.mark.parametrize("drill", sorted(DRILLS))
def test_openapi_drill_each_breaking_class_is_named(drill: str) -> None:
    mutate, kind, detail = DRILLS[drill]
    new = copy.deepcopy(spec())
    mutate(new)
    problems = cb.openapi_breaking(spec(), new)
    named = [p for p in problems if p.startswith(f"{kind}:") and detail in p]
    assert named, f"{drill}: no '{kind}' naming {detail!r} in:\n" + "\n".join(problems)


def test_openapi_additive_changes_pass() -> None:
    new = copy.deepcopy(spec())
    schemas = _schemas(new)
    # a new optional request field and a new response field (the issue's `priority`)
    schemas["SessionCreate"]["properties"]["priority"] = {"type": "integer", "minimum": 0}
    schemas["Session"]["properties"]["priority"] = {"type": ["integer", "null"]}
    # a new value of a request-only enum (a shared one would be a response enum value added)
    schemas["SortOrder"]["enum"].append("relevance")
    # a new event type in the discriminated response union
    mapping = schemas["Event"]["discriminator"]["mapping"]
    schemas["NoteEvent"] = copy.deepcopy(schemas["SkillLoadedEvent"])
    schemas["NoteEvent"]["properties"]["type"] = {"type": "string", "const": "note"}
    mapping["note"] = "#/components/schemas/NoteEvent"
    schemas["Event"]["oneOf"].append({"$ref": "#/components/schemas/NoteEvent"})
    # a request field widened (integer -> number), a request constraint relaxed
    schemas["SessionCreate"]["properties"]["name"].pop("maxLength", None)
    limit = next(p for p in new["components"]["parameters"].values() if p["name"] == "limit")
    limit["schema"]["maximum"] = 1000
    # a new operation
    new["paths"]["/v1/notes"] = copy.deepcopy(new["paths"]["/v1/models"])
    new["paths"]["/v1/notes"]["get"]["operationId"] = "list_notes"
    assert cb.openapi_breaking(spec(), new) == []


def test_openapi_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = copy.deepcopy(spec())
    _add_response_enum_value(broken)
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    assert cb.main(["--openapi-only", str(SPEC_PATH), str(SPEC_PATH)]) == 0
    assert cb.main(["--openapi-only", str(SPEC_PATH), str(path)]) == 1
    assert "response enum value added" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# proto drills (buf breaking, the rules of buf.yaml)


@pytest.mark.npm
def test_buf_breaking_drill_each_class_is_named(tmp_path: Path) -> None:
    buf = node_tool("buf")
    changed = tmp_path / "changed"
    shutil.copytree(PROTOS, changed)
    v1 = changed / "agenthub_proto" / "v1"
    edits = {
        "events.proto": [
            ("    SkillLoadedPayload skill_loaded = 39;\n", ""),  # removed oneof member
            ("  string delta = 2;\n", "  string text_delta = 2;\n"),  # renamed field
        ],
        "common.proto": [("  int64 size_bytes = 6;\n", "  string size_bytes = 6;\n")],  # retyped
        "session_service.proto": [
            ("  rpc CancelTurn(CancelTurnRequest) returns (Turn);\n", "")  # removed RPC
        ],
    }
    for name, pairs in edits.items():
        text = (v1 / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"drill anchor moved in {name}: {old!r}"
            text = text.replace(old, new, 1)
        (v1 / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "buf.yaml", tmp_path / "buf.yaml")
    proc = subprocess.run(
        [str(buf), "breaking", str(changed), "--against", str(PROTOS),
         "--config", (ROOT / "buf.yaml").read_text(encoding="utf-8").replace("protos", ".")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    for expected in ('"skill_loaded"', '"delta"', '"size_bytes"', '"CancelTurn"'):
        assert expected in out, f"buf did not name {expected}:\n{out}"


@pytest.mark.npm
def test_gate_catches_a_break_followed_by_another_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's hole: a breaking change, then one more commit, must still fail (the
    baseline is the release tag's merge-base, not ``HEAD~1``)."""
    node_tool("buf")
    repo = tmp_path / "repo"
    (repo / "openapi").mkdir(parents=True)
    shutil.copy(SPEC_PATH, repo / "openapi" / "agenthub.yaml")
    shutil.copytree(PROTOS, repo / "protos")
    shutil.copy(ROOT / "buf.yaml", repo / "buf.yaml")
    git = ["-c", "user.name=drill", "-c", "user.email=drill@example.invalid"]
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", ".", cwd=repo)
    _git(*git, "commit", "-q", "-m", "release", cwd=repo)
    _git(*git, "tag", "-a", "v9.0.0", "-m", "release", cwd=repo)
    events = repo / "protos" / "agenthub_proto" / "v1" / "events.proto"
    events.write_text(
        events.read_text(encoding="utf-8").replace("string delta = 2;", "string chunk = 2;"),
        encoding="utf-8",
    )
    doc = yaml.safe_load((repo / "openapi" / "agenthub.yaml").read_text(encoding="utf-8"))
    _add_response_enum_value(doc)
    (repo / "openapi" / "agenthub.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    _git(*git, "commit", "-q", "-am", "break both contracts", cwd=repo)
    (repo / "NOTES").write_text("unrelated\n", encoding="utf-8")
    _git("add", "NOTES", cwd=repo)
    _git(*git, "commit", "-q", "-m", "one more commit", cwd=repo)
    monkeypatch.delenv("AGENTHUB_CONTRACT_BASELINE", raising=False)
    assert cb.main(["--root", str(repo)]) == 1
    out = capsys.readouterr().out
    assert "since v9.0.0" in out
    assert "response enum value added" in out and '"archived"' in out
    assert "buf breaking" in out and '"delta"' in out, out


def test_accepted_breaks_are_narrow_patterns() -> None:
    """Accepting a break names its class and place; it never silences another break."""
    patterns = cb.accepted_patterns()
    for pattern in patterns:
        kind, _, rest = pattern.partition(": ")
        assert kind and rest and not rest.startswith("*: "), f"too broad: {pattern!r}"
    new = copy.deepcopy(spec())
    _rename_response_field(new)
    _add_response_enum_value(new)
    problems = cb.openapi_breaking(spec(), new)
    kept, accepted = cb.split_accepted(problems, patterns)
    assert accepted == [] and kept == problems
    only_enum = ['response enum value added: * $.status: "archived"']
    kept, accepted = cb.split_accepted(problems, only_enum)
    assert accepted and all("archived" in p for p in accepted)
    assert any("display_name" in p or ".name" in p for p in kept)
