"""The SDK's CRUD resource modules are generated from the contract's ``x-sdk`` blocks: the
committed modules are what the generator renders, drift is reported, and a malformed block
is rejected with an error naming the operation and the key."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from . import GENERATED, ROOT, SPEC_PATH, load_generate_script, spec

gen = load_generate_script()
sdk = gen.render_sdk  # scripts/render_sdk.py, as generate.py imports it
RESOURCES = ROOT / "src" / "agenthub" / "_async" / "resources"
GENERATED_MODULES = {
    "agents", "config", "mcp_servers", "models", "schedules", "skills", "elicitations",
    "_sessions", "_files", "_session_mcp", "_events", "_turns", "_session", "_calls",
}  # fmt: skip


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The resource modules rendered from the committed contract (no full generation)."""
    out = tmp_path_factory.mktemp("sdk") / "resources"
    sdk.generate_sdk_resources(SPEC_PATH, GENERATED / "agenthub_openapi", out)
    return out


def test_committed_modules_are_the_rendered_ones(fresh: Path) -> None:
    assert {p.stem for p in fresh.glob("*.py")} == GENERATED_MODULES
    for name in GENERATED_MODULES:
        text = (RESOURCES / f"{name}.py").read_text(encoding="utf-8")
        assert text.startswith(sdk.SDK_HEADER), name
    assert sdk.compare_sdk(fresh, RESOURCES) == []
    # handwritten modules (sessions, turns...) carry no header and are never touched
    assert "sessions.py" not in sdk._generated_sdk_files(RESOURCES)


def test_every_declared_resource_is_attached_to_both_clients() -> None:
    """The client attachments stay handwritten (one ``cached_property`` each): a resource the
    contract declares must be reachable as ``hub.<name>`` with its generated class (private
    bases and session-scoped resources are not attached to the clients)."""
    import functools

    import agenthub

    hubs = [agenthub.AsyncAgentHub, agenthub.AgentHub]
    for name, block in spec()["x-sdk-resources"].items():
        if name.startswith("_") or "scope" in block:
            continue
        for client, cls in zip(hubs, (f"Async{block['class']}", block["class"]), strict=True):
            assert isinstance(client.__dict__.get(name), functools.cached_property), name
            hub = client(api_key="k", base_url="http://unused.test")
            assert type(getattr(hub, name)).__name__ == cls, f"{client.__name__}.{name}"


def test_drift_is_reported_and_generate_repairs_it(fresh: Path, tmp_path: Path) -> None:
    committed = tmp_path / "resources"
    shutil.copytree(RESOURCES, committed, ignore=shutil.ignore_patterns("__pycache__"))
    edited = committed / "skills.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (committed / "models.py").unlink()
    stale = sdk.SDK_HEADER + '"""A resource removed from the spec."""\n'
    (committed / "stale.py").write_text(stale, encoding="utf-8")
    (committed / "handwritten.py").write_text('"""Not generated: left alone."""\n')
    rel = committed.as_posix()
    assert sdk.compare_sdk(fresh, committed) == [
        f"added: {rel}/models.py",
        f"changed: {rel}/skills.py",
        f"removed: {rel}/stale.py",
    ]
    sdk.install_sdk(fresh, committed)
    assert sdk.compare_sdk(fresh, committed) == []
    assert not (committed / "stale.py").exists()
    assert (committed / "handwritten.py").exists()
    assert not list(committed.glob(".*.new"))  # no staging file left behind


def _op(doc: dict[str, Any], op_id: str) -> dict[str, Any]:
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == op_id:
                return op
    raise KeyError(op_id)


def _sdk(op_id: str, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        block = _op(doc, op_id)["x-sdk"]
        for key, value in changes.items():
            if value is None:
                block.pop(key, None)
            else:
                block[key] = value

    return edit


def _drop_resource(doc: dict[str, Any]) -> None:
    del doc["x-sdk-resources"]["skills"]


def _scope(name: str, scope: str) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        doc["x-sdk-resources"][f"_{name}"]["scope"] = scope

    return edit


def _unknown_call_ref(doc: dict[str, Any]) -> None:
    resource_block = _op(doc, "update_session")["x-sdk"][0]
    assert resource_block["resource"] == "_sessions"
    resource_block["call"] = "NoSuchCall"


def _resource_key(name: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        doc["x-sdk-resources"][name][key] = value

    return edit


def _transport_calls(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        doc["x-sdk-transport-calls"] = value

    return edit


def _if_match_removed(doc: dict[str, Any]) -> None:
    _op(doc, "update_agent")["x-sdk"].pop("if_match")


MALFORMED = [
    (_sdk("get_agent", methd="get"), r"get_agent x-sdk: unknown key\(s\) \['methd'\]"),
    (_sdk("get_agent", resource="agent"), r"get_agent x-sdk: resource 'agent' is not declared"),
    (_sdk("get_agent", method="Get-It"), r"get_agent x-sdk: method must be a lowercase"),
    (_sdk("get_agent", doc=None), r"get_agent x-sdk: needs a non-empty doc"),
    (_sdk("list_skills", method="put"), r"put_skill x-sdk: skills.put is declared twice"),
    (_drop_resource, r"list_skills x-sdk: resource 'skills' is not declared"),
    (_if_match_removed, r"update_agent x-sdk: the operation takes If-Match"),
    (_sdk("get_agent", if_match="if_revision"), r"if_match given but the operation takes no"),
    (_sdk("put_skill", args=["description"]), r"put_skill x-sdk: args/kwargs must be exactly"),
    (_sdk("put_skill", args=["contents"]), r"'contents' is not a property of SkillPut"),
    (_sdk("put_skill", call=None), r"put_skill x-sdk: keywords remain: declare call"),
    (_sdk("get_config", args=["config"]), r"get_config x-sdk: args given but the operation"),
    (_sdk("list_schedules", filters=None), r"query parameter 'label' has no x-sdk filter"),
    (_sdk("patch_config", body=None), r"patch_config x-sdk: the application/merge-patch\+json"),
    (_sdk("create_schedule", hooks={"inputs": "input_items"}), r"hooks: 'inputs' is not a"),
    (_sdk("get_agent", doc='ends with a quote"'), r"nor end with"),
    (_sdk("update_schedule", hooks={"input": "as_items"}), r"hook 'as_items' is not exported"),
    # session-scoped resources and the keys for them
    (_sdk("get_agent", transport=True), r"get_agent x-sdk: transport: true is for scoped and"),
    (_sdk("get_file", raw="fetch"), r"get_file x-sdk: a scoped resource has no with_raw"),
    (_sdk("list_agents", item={"parse": "_decoder", "type": "X"}), r"item is \{parse"),
    (_sdk("get_file", item={"parse": "_decoder", "type": "X"}), r"filters and item are for"),
    (_sdk("list_events", defaults={"turn_id": "x"}), r"list operation's defaults are for"),
    (_scope("files", "tenant"), r"x-sdk-resources._files: scope must be 'session'"),
    (_sdk("get_agent", wrap={"call": "_store", "type": "X"}), r"wrap is for scoped and Async"),
    (_unknown_call_ref, r"x-sdk-resources._sessions: no block declares call NoSuchCall"),
    # hub.sessions' handles, the handle's sub-resources and the transport calls
    (_resource_key("_sessions", "base", "NoSuchBase"), r"hook 'NoSuchBase' is not exported"),
    (_resource_key("_session", "attach", {"turns": "AsyncTurns"}), r"attach is \{attribute"),
    (_transport_calls(["get_sesion"]), r"x-sdk-transport-calls: no operation 'get_sesion'"),
    (_transport_calls(["delete_session"]), r"a transport call has a tag and answers a model"),
]


@pytest.mark.parametrize(("edit", "message"), MALFORMED)
def test_malformed_x_sdk_is_rejected(edit: Callable[[dict[str, Any]], None], message: str) -> None:
    doc = copy.deepcopy(spec())
    edit(doc)
    modules = sdk.model_modules(GENERATED / "agenthub_openapi")
    with pytest.raises(gen.GenerationError, match=message):
        sdk.render_sdk_resources(doc, modules)


@pytest.mark.slow  # a drill (one generation)
@pytest.mark.timeout(120)
def test_cli_reports_a_malformed_block_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    marker = "        resource: skills\n        method: put\n"
    assert marker in text
    bad = tmp_path / "agenthub.yaml"
    bad.write_text(text.replace(marker, marker + "        colour: blue\n", 1), encoding="utf-8")
    sdk_out = tmp_path / "resources"
    sdk_out.mkdir()
    rc = gen.main(["--spec", str(bad), "--out", str(tmp_path / "gen"), "--sdk-out", str(sdk_out)])
    assert rc == 2
    assert "put_skill x-sdk: unknown key(s) ['colour']" in capsys.readouterr().err
    assert list(sdk_out.iterdir()) == []
    assert not (tmp_path / "gen" / "agenthub_openapi").exists()
