"""``make npm-tools`` must not rewrite ``tools/package-lock.json``.

npm rewrites a lock that lacks other platforms' optional packages (buf ships one binary package
per platform), which left the tree dirty after every install. The committed lock is complete,
so npm's own resolution (``--package-lock-only``: no download of the tools themselves) leaves
it byte-identical. ``make check-npm-lock`` runs the full install twice and ``git diff``s tools/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from . import ROOT

pytestmark = [pytest.mark.npm, pytest.mark.timeout(120)]

TOOLS = ROOT / "tools"


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("CI must check the npm lock but npm is not installed")
        pytest.skip("npm not installed")
    return npm


def _resolve(lock: bytes, tmp: Path) -> bytes:
    """The lock after ``npm install --package-lock-only`` in a copy of tools/."""
    shutil.copy(TOOLS / "package.json", tmp / "package.json")
    (tmp / "package-lock.json").write_bytes(lock)
    proc = subprocess.run(
        [_npm(), "install", "--package-lock-only", "--no-audit", "--no-fund", "--prefer-offline",
         "--loglevel=error"],
        cwd=tmp, capture_output=True, text=True, timeout=100,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.skip(f"npm could not resolve (offline?): {proc.stderr[-500:]}")
    return (tmp / "package-lock.json").read_bytes()


def test_npm_install_leaves_the_committed_lock_unchanged(tmp_path: Path) -> None:
    lock = (TOOLS / "package-lock.json").read_bytes()
    assert _resolve(lock, tmp_path) == lock, "npm rewrites tools/package-lock.json: re-lock it"


@pytest.mark.slow  # a drill (a second npm resolution)
def test_drill_a_lock_missing_platform_binaries_is_rewritten(tmp_path: Path) -> None:
    """The old lock (linux-only buf binaries) is what npm rewrote: the check above notices."""
    data = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    for key in [k for k in data["packages"] if k.startswith("node_modules/@bufbuild/buf-darwin")]:
        del data["packages"][key]
    partial = (json.dumps(data, indent=2) + "\n").encode()
    assert _resolve(partial, tmp_path) != partial
