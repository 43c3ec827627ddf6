"""The committed generated/ tree imports, is fresh, and the freshness check catches drift."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import GENERATED, ROOT, SPEC_PATH, load_generate_script

gen = load_generate_script()


@pytest.mark.parametrize(
    "module",
    [
        "agenthub_openapi",
        "agenthub_openapi.client",
        "agenthub_openapi.models",
        "agenthub_openapi.api.turns.create_turn",
        "agenthub_openapi.api.events.stream_events",
        "agenthub_proto.v1.common_pb2",
        "agenthub_proto.v1.events_pb2",
        "agenthub_proto.v1.session_service_pb2",
        "agenthub_proto.v1.session_service_pb2_grpc",
    ],
)
def test_generated_packages_import(module: str) -> None:
    importlib.import_module(module)


def test_every_event_and_resource_model_is_generated() -> None:
    models = importlib.import_module("agenthub_openapi.models")
    from . import event_schemas, spec

    wanted = [name for name, s in spec()["components"]["schemas"].items() if "properties" in s]
    for name in wanted:
        assert hasattr(models, name), f"no generated model for {name}"
    for event_type, schema in event_schemas().items():
        cls_name = next(n for n, s in spec()["components"]["schemas"].items() if s is schema)
        cls = getattr(models, cls_name)
        assert cls.__attrs_attrs__.type is not None, event_type


@pytest.mark.timeout(60)
def test_committed_tree_is_fresh() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def fresh_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gen.generate_into(tmp_path_factory.mktemp("fresh"))


@pytest.mark.slow  # a drill (two generations); the freshness gate above stays in the fast suite
@pytest.mark.timeout(60)
def test_check_reports_hand_edits(fresh_tree: Path, tmp_path: Path) -> None:
    committed = tmp_path / "generated"
    shutil.copytree(GENERATED, committed, ignore=shutil.ignore_patterns("__pycache__"))
    assert gen.compare_trees(fresh_tree, committed) == []

    edited = committed / "agenthub_openapi" / "models" / "session.py"
    edited.write_text(edited.read_text() + "\n# hand edit\n")
    (committed / "agenthub_proto" / "v1" / "stray.py").write_text("")
    (committed / "agenthub_openapi" / "models" / "turn.py").unlink()

    assert sorted(gen.compare_trees(fresh_tree, committed)) == [
        "added: agenthub_openapi/models/turn.py",
        "changed: agenthub_openapi/models/session.py",
        "removed: agenthub_proto/v1/stray.py",
    ]
    rc = gen.main(["--check", "--out", str(committed)])
    assert rc == 1


@pytest.mark.slow  # a drill (one generation)
@pytest.mark.timeout(60)
def test_check_reports_spec_edit_not_regenerated(tmp_path: Path) -> None:
    spec = tmp_path / "agenthub.yaml"
    text = SPEC_PATH.read_text(encoding="utf-8")
    marker = "    Health:\n"
    assert marker in text
    spec.write_text(text.replace(marker, marker + "      title: HealthReport\n", 1))
    diffs = gen.check(spec=spec, out=GENERATED)
    assert diffs, "a spec change that was not regenerated must be reported"
    assert any("agenthub_openapi/models/" in line for line in diffs)
