"""examples/sample_project's tests, run as its users run them.

* ``test_sample_project_passes``: ``pytest`` in (a copy of) the project directory with this
  venv (the plugin comes from the editable install's entry point; the project's
  pyproject.toml asks for both transports). docs/testing.md's example test file is added to
  the copy, so the documented example runs too;
* ``test_sample_project_in_a_fresh_venv`` (slow): the issue's acceptance check — a new venv
  with only ``pip install '<wheel>[server]' pytest`` (pinned by requirements-dev.lock) runs a
  copy of the project.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ._inner import run_pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_project"
DOCS = ROOT / "docs" / "testing.md"


def _docs_example() -> str:
    """The ```python block that follows the ``docs-example`` marker in docs/testing.md."""
    text = DOCS.read_text(encoding="utf-8")
    after = text[text.index("<!-- docs-example") :]
    start = after.index("```python\n") + len("```python\n")
    return after[start : after.index("\n```", start)] + "\n"


def _copy_sample(dest: Path) -> Path:
    project = dest / "sample_project"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    (project / "tests" / "test_docs_example.py").write_text(_docs_example())
    return project


def _check(outcomes: dict[str, str], output: str) -> None:
    assert outcomes, output[-3000:]
    assert set(outcomes.values()) == {"passed"}, output[-5000:]
    names = set(outcomes)
    for transport in ("sse", "grpc"):  # sync, async and fault tests, each over both
        assert f"test_reply_streams_text[{transport}]" in names
        assert f"test_async_reply[asyncio-{transport}]" in names
        assert f"test_reply_survives_dropped_streams[{transport}]" in names
        assert f"test_survives_dropped_streams[{transport}]" in names  # docs/testing.md


def test_sample_project_passes(tmp_path: Path) -> None:
    project = _copy_sample(tmp_path)  # a copy: the run leaves nothing in the checkout
    proc, outcomes = run_pytest(project)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-5000:]
    _check(outcomes, out)


@pytest.mark.slow
def test_sample_project_in_a_fresh_venv(tmp_path: Path) -> None:
    wheels = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(wheels)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = wheels.glob("agenthub-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
         "--disable-pip-version-check", "-c", str(ROOT / "requirements-dev.lock"),
         f"{wheel}[server]", "pytest"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    project = _copy_sample(tmp_path)
    proc, outcomes = run_pytest(project, python=str(python))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-5000:]
    _check(outcomes, out)
