"""Fixtures of the CLI tests: ``cli(...)`` runs ``agenthub`` in-process (typer's CliRunner)
against the session's reference server, each test in its own tenant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agenthub.cli._app import app


@pytest.fixture()
def cli_env(server: Any, api_key: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The environment pointing the CLI at the test server and this test's tenant."""
    for name in ("AGENTHUB_PROFILE", "AGENTHUB_GRPC_TARGET", "AGENTHUB_LOG", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AGENTHUB_CONFIG_DIR", str(tmp_path / "config"))
    return {"AGENTHUB_API_KEY": api_key, "AGENTHUB_BASE_URL": server.base_url}


@pytest.fixture()
def cli(cli_env: dict[str, str]) -> Any:
    """``cli("agents", "list")`` → click Result (``stdout``, ``stderr``, ``exit_code``)."""
    runner = CliRunner()

    def invoke(
        *args: str, input: str | None = None, env_override: dict[str, Any] | None = None
    ) -> Any:
        return runner.invoke(app, list(args), input=input, env={**cli_env, **(env_override or {})})

    return invoke
