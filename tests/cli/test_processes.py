"""The ``agenthub`` CLI as a user runs it: a subprocess (``python -m agenthub.cli``), with
Ctrl-C, a terminal on stdin, a real ``agenthub serve``, and without the ``cli`` extra."""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import agenthub_openapi
import pytest

import agenthub
from agenthub import AgentHub

AGENTHUB = [sys.executable, "-m", "agenthub.cli"]
#: The sources under test (a worktree or the checkout), ahead of any installed copy.
PYTHONPATH = os.pathsep.join(
    str(Path(m.__file__).resolve().parents[1])  # type: ignore[arg-type]
    for m in (agenthub, agenthub_openapi)
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENTHUB_", "FORCE_COLOR"))}
    env.update(PYTHONPATH=PYTHONPATH, PYTHONUNBUFFERED="1", COLUMNS="200", **extra)
    return env


class _Reader:
    """Collects a pipe's text in a thread; ``wait_for(pattern)`` blocks until it shows up."""

    def __init__(self, stream: IO[str]) -> None:
        self.text = ""
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self._thread.start()

    def _run(self, stream: IO[str]) -> None:
        for chunk in iter(lambda: stream.read(1), ""):
            with self._lock:
                self.text += chunk
                self._lock.notify_all()

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while (match := re.search(pattern, self.text)) is None:
                left = deadline - time.monotonic()
                assert left > 0, f"{pattern!r} not seen in {self.text!r}"
                self._lock.wait(left)
            return match

    def done(self) -> str:
        self._thread.join(10)
        return self.text


@pytest.fixture()
def spawn() -> Iterator[Any]:
    """``spawn(args, env=…, stdin=…)`` → (process, stdout reader, stderr reader); every
    process is killed at the end of the test if still running."""
    procs: list[subprocess.Popen[str]] = []

    def start(args: list[str], env: dict[str, str], stdin: Any = subprocess.DEVNULL) -> Any:
        proc = subprocess.Popen(
            [*AGENTHUB, *args],
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        procs.append(proc)
        assert proc.stdout is not None and proc.stderr is not None
        return proc, _Reader(proc.stdout), _Reader(proc.stderr)

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_ctrl_c_cancels_the_running_turn(server: Any, api_key: str, spawn: Any) -> None:
    env = _env(AGENTHUB_API_KEY=api_key, AGENTHUB_BASE_URL=server.base_url)
    proc, out, err = spawn(["run", "scripted", "/stream 2\n/sleep 30"], env)
    out.wait_for("tok1 ")  # text streamed, then the agent sleeps
    proc.send_signal(signal.SIGINT)
    assert proc.wait(20) == 130
    stderr = err.done()
    match = re.search(r"^interrupted: turn (trn_\w+) cancelled$", stderr, re.MULTILINE)
    assert match, stderr
    assert out.done() == "tok0 tok1 \n"  # the open line was closed before the message
    with AgentHub(api_key=api_key, base_url=server.base_url) as hub:
        (session,) = hub.sessions.list()
        assert session.turns.get(match[1]).status == "cancelled"


def test_approval_asked_on_a_terminal(server: Any, api_key: str, spawn: Any) -> None:
    env = _env(AGENTHUB_API_KEY=api_key, AGENTHUB_BASE_URL=server.base_url)
    master, slave = pty.openpty()
    try:
        prompt = 'Hi\n/tool calculator {"expression": "6*7"}'
        proc, out, err = spawn(
            ["run", "scripted", prompt, "--require-approval", "always"], env, stdin=slave
        )
        err.wait_for(r"Approve calculator .*\?")
        os.write(master, b"y\n")
        assert proc.wait(20) == 0, err.done()
    finally:
        os.close(master)
        os.close(slave)
    assert out.done() == "Hi\ncalculator: 42\n"
    assert "approved calculator" in err.done() and "warning" not in err.text


def test_serve_runs_a_real_server_until_ctrl_c(spawn: Any, tmp_path: Path) -> None:
    key = "ah_cli_serve_test_key"
    db = tmp_path / "hub.sqlite"
    server, out, _err = spawn(
        ["serve", "--port", "0", "--grpc-port", "0", "--api-key", key, "--db", str(db)], _env()
    )
    base_url = out.wait_for(r"listening on (http://\S+)")[1]
    grpc = out.wait_for(r"gRPC: (\S+)")[1]
    env = _env(AGENTHUB_API_KEY=key, AGENTHUB_BASE_URL=base_url)
    client, cout, cerr = spawn(["run", "scripted", "over grpc", "--transport", "grpc"], env)
    assert client.wait(60) == 0, cerr.done()
    assert cout.done() == "over grpc\n" and grpc != "disabled"
    server.send_signal(signal.SIGINT)
    assert server.wait(20) == 0
    assert db.exists()


def test_python_m_agenthub_server_still_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agenthub_server", "--help"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--grpc-port" in result.stdout


_NO_CLI_EXTRA = """
import sys
sys.modules["typer"] = None  # as if the cli extra were not installed
sys.modules["rich"] = None
from agenthub.cli import main
main(["agents", "list"])
"""


def test_without_the_cli_extra_it_says_how_to_install() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _NO_CLI_EXTRA],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "pip install 'agenthub[cli]'" in result.stderr
    assert "Traceback" not in result.stderr


_IMPORTS = """
import sys
import agenthub
before = set(sys.modules)
import agenthub.cli
added = set(sys.modules) - before
print(sorted(m for m in added if m.split(".")[0] in ("typer", "click", "rich")))
"""


def test_importing_the_entry_point_imports_no_cli_framework() -> None:
    # (httpx itself imports click and rich when they are installed, for its own CLI: so
    # this compares with ``import agenthub`` rather than with an empty interpreter)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS], env=_env(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_closed_pipe_ends_the_command_quietly(server: Any, api_key: str) -> None:
    """``agenthub --json run scripted '/stream 3000' | head -1``: no error line once the
    reader has gone (it printed '{"error": {"type": "BrokenPipeError", ...}}'); exit status
    141 as for SIGPIPE."""
    env = _env(AGENTHUB_API_KEY=api_key, AGENTHUB_BASE_URL=server.base_url)
    proc = subprocess.Popen(
        [*AGENTHUB, "--json", "run", "scripted", "/stream 3000"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"{")  # far more than a pipe buffer follows
    proc.stdout.close()  # the reader goes away
    assert proc.wait(60) == 141
    assert proc.stderr.read() == b""
