"""Type-check what users write: every ```python block of README.md and docs/**/*.md, and the
typed-usage modules (``usage_sync.py``, ``usage_async.py``), with ``mypy --strict`` and pyright
(strict mode, pinned in requirements-dev.lock). Both must report 0 errors.

Each block is written to its own module (named after its file and line) in a temporary
directory; errors are reported with the block's origin. A block without imports is a fragment
of a session (docs use ``hub`` and ``session`` as the README defines them): it is checked as the
body of a function taking ``hub: AgentHub`` and ``session: Session``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
#: import roots of the checked code: the SDK, the generated packages and the sample project
#: that docs/testing.md's example runs in
PATHS = [ROOT / "src", ROOT / "generated", ROOT / "examples" / "sample_project" / "src"]
_FENCE = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.S | re.M)

pytestmark = pytest.mark.timeout(600)


def _doc_blocks() -> dict[str, str]:
    """module name → code, for every python block of README.md and docs/**/*.md."""
    out: dict[str, str] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        stem = re.sub(r"\W", "_", doc.relative_to(ROOT).with_suffix("").as_posix()).lower()
        for match in _FENCE.finditer(text):
            line = text[: match.start()].count("\n") + 1
            out[f"{stem}_l{line}"] = _module(match.group(2))
    return out


_FRAGMENT = """from agenthub import AgentHub, Session


def fragment(hub: AgentHub, session: Session) -> None:
{body}
"""


def _module(code: str) -> str:
    if re.search(r"^(import|from) ", code, re.M):
        return code
    return _FRAGMENT.format(body="\n".join("    " + line for line in code.splitlines()))


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A directory with every block and usage module; returns (dir, module → origin)."""
    work = tmp_path_factory.mktemp("typecheck")
    origin: dict[str, str] = {}
    for name, code in _doc_blocks().items():
        (work / f"{name}.py").write_text(code, encoding="utf-8")
        origin[f"{name}.py"] = name
    for usage in sorted(HERE.glob("usage_*.py")):
        shutil.copy(usage, work / usage.name)
        origin[usage.name] = str(usage.relative_to(ROOT))
    assert len(origin) >= 10, origin
    return work, origin


def _files(work: Path) -> list[str]:
    return sorted(str(p) for p in work.glob("*.py"))


def test_mypy_strict(sources: tuple[Path, dict[str, str]]) -> None:
    work, _ = sources
    env = dict(os.environ, MYPYPATH=os.pathsep.join(str(p) for p in PATHS))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *_files(work),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout, proc.stdout


def test_pyright_strict(sources: tuple[Path, dict[str, str]]) -> None:
    work, _ = sources
    pyright = Path(sys.executable).parent / "pyright"
    assert pyright.exists(), "pyright is pinned in requirements-dev.lock: run `make install`"
    config = {
        "pythonVersion": "3.11",
        "typeCheckingMode": "strict",
        "extraPaths": [str(p) for p in PATHS],
        "reportMissingModuleSource": False,
    }
    (work / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run(
        [
            str(pyright),
            "--pythonpath",
            sys.executable,
            "-p",
            str(work / "pyrightconfig.json"),
            "--outputjson",
            *_files(work),
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"pyright did not run:\n{proc.stdout}\n{proc.stderr}")
    problems = [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert not problems, "\n".join(problems)
    assert report["summary"]["filesAnalyzed"] >= 10
