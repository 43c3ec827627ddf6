"""The ``agenthub`` CLI against the embedded reference server (typer's CliRunner).

Each test gets its own tenant (``api_key`` fixture) and passes the address through the
environment (the SDK's chain) or ``--base-url/--api-key``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agenthub.cli._app import app

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "examples" / "data" / "quarterly.csv"


def _json(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("serve", "demo", "run", "agents", "sessions", "files"):
        assert name in result.stdout


def test_not_found_is_one_line_exit_1(cli: Any) -> None:
    result = cli("sessions", "show", "ses_missing")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: NotFoundError (404 not_found): ")
    assert "ses_missing" in lines[0] and "[request_id=req_" in lines[0]
    assert "Traceback" not in result.output


def test_json_error_is_one_json_line(cli: Any) -> None:
    result = cli("--json", "sessions", "show", "ses_missing")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    err = json.loads(line)["error"]
    assert err["type"] == "NotFoundError" and err["status_code"] == 404
    assert err["code"] == "not_found" and err["request_id"].startswith("req_")


def test_bad_api_key_is_authentication_error(cli: Any) -> None:
    result = cli("agents", "list", env_override={"AGENTHUB_API_KEY": "ah_wrong_key_000000"})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: AuthenticationError (401")
    assert "ah_wrong_key" not in result.stderr  # never echo secrets


def test_missing_credentials_exit_2(cli: Any) -> None:
    result = cli("agents", "list", env_override={"AGENTHUB_API_KEY": None})
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ConfigurationError")
    assert len(result.stderr.strip().splitlines()) == 1


def test_connection_error_one_line(cli: Any) -> None:
    result = cli(
        "--base-url",
        "http://127.0.0.1:9",
        "agents",
        "list",
        env_override={"AGENTHUB_BASE_URL": None},
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: APIConnectionError")
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_error_exit_2(cli: Any) -> None:
    result = cli("sessions", "show")
    assert result.exit_code == 2


def test_global_flags_instead_of_env(
    server: Any, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AGENTHUB_API_KEY", raising=False)
    monkeypatch.delenv("AGENTHUB_BASE_URL", raising=False)
    result = CliRunner().invoke(
        app, ["--api-key", api_key, "--base-url", server.base_url, "--json", "agents", "list"]
    )
    assert _json(result) == []


def test_agents_create_list_export_import(cli: Any, tmp_path: Path) -> None:
    created = _json(
        cli(
            "--json",
            "agents",
            "create",
            "--name",
            "analyst",
            "--tool",
            "calculator",
            "--tool",
            "write_file",
            "--require-approval",
            "write_file",
        )
    )
    assert created["id"].startswith("agt_")
    assert created["tools"] == ["calculator", "write_file"]
    assert created["require_approval"] == ["write_file"]

    listed = _json(cli("--json", "agents", "list"))
    assert [a["id"] for a in listed] == [created["id"]]
    table = cli("agents", "list")
    assert table.exit_code == 0 and created["id"] in table.stdout

    exported = tmp_path / "agent.json"
    assert cli("agents", "export", created["id"], "-o", str(exported)).exit_code == 0
    definition = json.loads(exported.read_text())
    assert definition["name"] == "analyst"
    to_stdout = _json(cli("agents", "export", created["id"]))
    assert to_stdout == definition

    dry = _json(cli("--json", "agents", "import", str(exported), "--dry-run"))
    assert not dry.get("agent")
    imported = _json(cli("--json", "agents", "import", str(exported), "--name", "copy"))
    assert imported["agent"]["name"] == "copy"
    assert len(_json(cli("--json", "agents", "list"))) == 2


def test_run_streams_and_approves_all(cli: Any) -> None:
    prompt = 'Hello\n/tool calculator {"expression": "6*7"}\nbye'
    result = cli("run", "scripted", prompt, "--require-approval", "calculator", "--approve-all")
    assert result.exit_code == 0, result.output
    assert "Hello" in result.stdout and "calculator: 42" in result.stdout
    assert "approved calculator (--approve-all)" in result.stderr


def test_run_declined_approval(cli: Any) -> None:
    prompt = '/tool calculator {"expression": "1+1"}'
    result = cli("run", "scripted", prompt, "--require-approval", "always", input="n\n")
    assert result.exit_code == 0, result.output
    assert "calculator: declined" in result.stdout


@pytest.mark.parametrize("transport", ["sse", "grpc"])
def test_run_approve_all_with_file_json(cli: Any, transport: str) -> None:
    prompt = '/tool read_file {"file_id": "{file0}"}'
    result = cli(
        "--json",
        "run",
        "scripted",
        prompt,
        "--file",
        str(CSV),
        "--approve-all",
        "--require-approval",
        "always",
        "--transport",
        transport,
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["type"] == "turn.created"
    assert lines[-1]["type"] == "result"
    assert "read_file: quarter,region" in lines[-1]["text"]
    assert any(e["type"] == "elicitation.requested" for e in lines)


def test_run_no_stream_existing_agent(cli: Any) -> None:
    agent = _json(cli("--json", "agents", "create", "--name", "a"))
    result = cli("run", agent["id"], "plain words only", "--no-stream")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "plain words only"
    as_json = _json(cli("--json", "run", agent["id"], "again", "--no-stream"))
    assert as_json["text"] == "again" and as_json["usage"]["total_tokens"] > 0


def test_run_failed_turn_exit_1(cli: Any) -> None:
    result = cli("run", "scripted", "/fail boom")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: TurnFailedError")


def test_run_unknown_agent(cli: Any) -> None:
    result = cli("run", "agt_doesnotexist", "hi")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: NotFoundError (404 not_found)")


def test_sessions_list_show_events_cancel(cli: Any) -> None:
    run = cli("--json", "run", "scripted", "one two three", "--no-stream")
    session_id = _json(run)["session_id"]

    sessions = _json(cli("--json", "sessions", "list"))
    assert [s["id"] for s in sessions] == [session_id]
    assert session_id in cli("sessions", "list").stdout

    shown = _json(cli("--json", "sessions", "show", session_id))
    assert shown["status"] == "idle" and shown["labels"] == {"source": "cli"}
    assert "idle" in cli("sessions", "show", session_id).stdout

    events = _json(cli("--json", "sessions", "events", session_id))
    seqs = [e["sequence_number"] for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    assert events[0]["type"] == "turn.created"
    limited = _json(cli("--json", "sessions", "events", session_id, "--limit", "3", "--after", "2"))
    assert [e["sequence_number"] for e in limited] == [3, 4, 5]
    table = cli("sessions", "events", session_id)
    assert table.exit_code == 0 and "message.delta" in table.stdout

    cancelled = _json(cli("--json", "sessions", "cancel", session_id))
    assert cancelled["status"] == "cancelled"
    filtered = _json(cli("--json", "sessions", "list", "--status", "idle"))
    assert filtered == []


def test_files_upload_list_download(cli: Any, tmp_path: Path) -> None:
    session_id = _json(cli("--json", "run", "scripted", "hi", "--no-stream"))["session_id"]
    uploaded = _json(cli("--json", "files", "upload", session_id, str(CSV)))
    (record,) = uploaded
    data = CSV.read_bytes()
    assert record["sha256"] == hashlib.sha256(data).hexdigest()

    listed = _json(cli("--json", "files", "list", session_id))
    assert [f["id"] for f in listed] == [record["id"]]

    target = tmp_path / "copy.csv"
    result = cli("files", "download", session_id, record["id"], "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == data and "verified" in result.stdout
    again = cli("files", "download", session_id, record["id"], "-o", str(target))
    assert again.exit_code == 2  # exists, no --force
    forced = _json(
        cli("--json", "files", "download", session_id, record["id"], "-o", str(target), "--force")
    )
    assert forced["bytes"] == len(data)

    missing = cli("files", "download", session_id, "file_missing", "-o", str(tmp_path / "x"))
    assert missing.exit_code == 1 and "NotFoundError" in missing.stderr


def test_serve_help_delegates() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--grpc-port" in result.stdout and "--heartbeat" in result.stdout


def test_demo_exits_zero() -> None:
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "demo OK" in result.stdout
    assert "FAIL" not in result.stdout


def test_demo_reports_failures_and_exits_1() -> None:
    import io

    from rich.console import Console

    from agenthub.cli.demo import Demo

    buffer = io.StringIO()
    code = Demo(Console(file=buffer, width=100), transports=("carrier-pigeon",)).run()
    assert code == 1
    text = buffer.getvalue()
    assert "demo FAILED" in text and "carrier-pigeon" in text
