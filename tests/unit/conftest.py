from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

BASE = "http://agenthub.test"
KEY = "ak_unit_SECRET_0123456789"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No AGENTHUB_* variable or ~/.agenthub profile leaks into unit tests."""
    for name in (
        "AGENTHUB_API_KEY",
        "AGENTHUB_BASE_URL",
        "AGENTHUB_GRPC_TARGET",
        "AGENTHUB_PROFILE",
        "AGENTHUB_LOG",
    ):
        monkeypatch.delenv(name, raising=False)
    config_dir = tmp_path / "agenthub-config"
    config_dir.mkdir()
    monkeypatch.setenv("AGENTHUB_CONFIG_DIR", str(config_dir))
    yield config_dir
