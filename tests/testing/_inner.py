"""Run pytest in a subprocess on a throwaway project, as a user of agenthub.testing would.

The plugin is loaded through its ``pytest11`` entry point (the dev venv's editable install
registers it), not with ``-p``; the repo's own conftest is outside the project, so only the
plugin's fixtures exist there. Outcomes are read from a JUnit XML report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path


def write_project(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


def run_pytest(
    project: Path,
    *args: str,
    python: str = sys.executable,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run ``python -m pytest`` in ``project`` → (the process, {test name: outcome}) with
    outcome ``passed``, ``failed``, ``error`` or ``skipped``; names are the JUnit
    ``name`` attributes (function name plus ``[params]``)."""
    report = project / "_report.xml"
    proc = subprocess.run(
        [python, "-m", "pytest", "-p", "no:cacheprovider", "-rA", f"--junitxml={report}", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    outcomes: dict[str, str] = {}
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            outcome = "passed"
            for child in case:
                if child.tag in ("failure", "error", "skipped"):
                    outcome = "failed" if child.tag == "failure" else child.tag
            outcomes[case.attrib["name"]] = outcome
    return proc, outcomes
