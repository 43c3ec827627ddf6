"""Every ```python block of README.md runs (each in its own subprocess, from the repo root).

Blocks fenced as ```python notest are skipped (they need real credentials). The examples use
``AgentHub.local()`` / ``AsyncAgentHub.local()``, so each one is self-contained.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

_FENCE = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.S | re.M)

# Bridges for names the client classes may not expose yet (no-ops once they do):
# ``AgentHub.local`` (→ agenthub.local.start_local) and ``hub.sessions``.
_PRELUDE = """
import functools
import agenthub
from agenthub.local import start_local
for _cls in (agenthub.AgentHub, agenthub.AsyncAgentHub):
    if not hasattr(_cls, "local"):
        _cls.local = classmethod(lambda cls, **kw: start_local(cls, **kw))
if not hasattr(agenthub.AgentHub, "sessions"):
    from agenthub._sync.resources.sessions import Sessions
    from agenthub._async.resources.sessions import AsyncSessions
    agenthub.AgentHub.sessions = functools.cached_property(lambda self: Sessions(self))
    agenthub.AgentHub.sessions.__set_name__(agenthub.AgentHub, "sessions")
    agenthub.AsyncAgentHub.sessions = functools.cached_property(lambda self: AsyncSessions(self))
    agenthub.AsyncAgentHub.sessions.__set_name__(agenthub.AsyncAgentHub, "sessions")
del _cls
"""


def _blocks() -> list[tuple[str, str, bool]]:
    text = README.read_text(encoding="utf-8")
    blocks = []
    for match in _FENCE.finditer(text):
        info, code = match.group(1).strip(), match.group(2)
        line = text[: match.start()].count("\n") + 1
        blocks.append((f"README.md:{line}", code, "notest" in info.split()))
    return blocks


BLOCKS = _blocks()


def test_readme_has_examples() -> None:
    runnable = [b for b in BLOCKS if not b[2]]
    assert len(runnable) >= 6
    assert len([b for b in BLOCKS if b[2]]) <= 2


@pytest.mark.parametrize(("where", "code", "skip"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_readme_block(where: str, code: str, skip: bool, tmp_path: Path) -> None:
    if skip:
        pytest.skip("marked notest (needs real credentials)")
    compile(code, where, "exec")  # a syntax error names the block
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTHUB_")}
    env["AGENTHUB_CONFIG_DIR"] = str(tmp_path)  # no profile leaks in
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    script = tmp_path / "block.py"
    script.write_text(_PRELUDE + "\n" + code, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, f"{where} failed:\n{proc.stdout}\n{proc.stderr}"
    _check_printed(where, code, proc.stdout)


# ``print(...)  # 6 [2, 2, 2]``: the README shows what the line prints. ``...`` in the shown
# text matches anything (ids, request ids).
_SHOWN = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<shown>.+?)\s*$", re.M)


def _check_printed(where: str, code: str, stdout: str) -> None:
    """Every output the block shows in a ``print(...)  # output`` comment appears, in order,
    as a whole line of what it printed."""
    lines = stdout.splitlines()
    pos = 0
    for match in _SHOWN.finditer(code):
        shown = match.group("shown")
        rx = re.compile(".*".join(re.escape(part) for part in shown.split("...")) + r"\Z")
        for i in range(pos, len(lines)):
            if rx.match(lines[i].rstrip()):
                pos = i + 1
                break
        else:
            raise AssertionError(
                f"{where}: the README shows {shown!r} for {match.group(0).strip()!r}, but the "
                f"block printed (from line {pos + 1}):\n" + "\n".join(lines[pos:])
            )


def test_printed_output_checker() -> None:
    code = "print(a)  # 6 [2, 2, 2]\nprint(b)  # 404 not_found req_...\n"
    _check_printed("x", code, "6 [2, 2, 2]\n404 not_found req_1\n")
    with pytest.raises(AssertionError, match="7 \\[2, 2, 2, 1\\]"):
        _check_printed("x", "print(a)  # 7 [2, 2, 2, 1]\n", "6 [2, 2, 2]\n")
