"""CLI commands and behaviours of issue 16 (items 8 and 9), through typer's CliRunner against
the reference server. Subprocess tests (Ctrl-C, a terminal on stdin, ``agenthub serve``) are
in ``test_processes.py``."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from agenthub import AgentHub
from agenthub.cli._common import COUNT_CAP, take


def _json(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def _agent(cli: Any, *extra: str) -> str:
    return str(_json(cli("agents", "create", "--name", "a", *extra, "--json"))["id"])


# ----------------------------------------------------------------------------- item 8


def test_sessions_create_then_run_turns_in_it(cli: Any, hub: AgentHub) -> None:
    agent_id = _agent(cli)
    created = cli("sessions", "create", agent_id, "--name", "chat", "--label", "team=risk")
    assert created.exit_code == 0, created.output
    session_id = created.stdout.strip()
    assert session_id.startswith("ses_")  # the id alone: scriptable
    as_json = _json(cli("sessions", "create", agent_id, "--json"))
    assert as_json["agent_id"] == agent_id and as_json["status"] == "idle"

    first = cli("run", "--session", session_id, "first words", "--no-stream")
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "first words"
    second = _json(cli("run", "--session", session_id, "second turn", "--json", "--no-stream"))
    assert second["session_id"] == session_id and second["text"] == "second turn"
    streamed = cli("run", "--session", session_id, "third")
    assert streamed.exit_code == 0 and streamed.stdout == "third\n"

    session = hub.sessions.get(session_id)
    assert session.data.name == "chat" and session.data.labels.to_dict() == {"team": "risk"}
    assert len(list(session.turns.list())) == 3
    assert len(hub.sessions.list().data) == 2  # run --session opened no new session


def test_run_session_argument_errors(cli: Any) -> None:
    assert cli("run", "--session", "ses_x", "agt_x", "hi").exit_code == 2
    assert cli("run", "only-one-argument").exit_code == 2
    tool = cli("run", "--session", "ses_x", "hi", "--tool", "clock")
    assert tool.exit_code == 2 and "new session" in tool.stderr
    missing = cli("run", "--session", "ses_missing", "hi")
    assert missing.exit_code == 1 and "NotFoundError (404" in missing.stderr


def _pending(hub: AgentHub, session_id: str) -> list[Any]:
    session = hub.sessions.get(session_id)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pending = list(session.elicitations.list(status="pending"))
        if pending:
            return pending
        time.sleep(0.05)
    raise AssertionError("no pending elicitation")


def _start(hub: AgentHub, session_id: str, text: str) -> Any:
    return hub.sessions.get(session_id).create_turn(text).start()


def test_elicitations_list_and_approve(cli: Any, hub: AgentHub) -> None:
    session_id = _json(
        cli(
            "sessions",
            "create",
            _agent(cli, "--tool", "calculator"),
            "--require-approval",
            "always",
            "--json",
        )
    )["id"]
    turn = _start(hub, session_id, '/tool calculator {"expression": "6*7"}')
    (eli,) = _pending(hub, session_id)
    listed = _json(cli("elicitations", "list", session_id, "--json"))
    assert [e["id"] for e in listed] == [eli.id] and listed[0]["kind"] == "tool_approval"
    table = cli("elicitations", "list", session_id, "--status", "pending")
    assert table.exit_code == 0 and eli.id in table.stdout and "calculator" in table.stdout

    answered = cli("elicitations", "answer", session_id, eli.id, "--approve")
    assert answered.exit_code == 0, answered.output
    assert eli.id in answered.stdout and "resolved" in answered.stdout
    assert turn.wait(timeout=10).text == "calculator: 42"
    again = cli("elicitations", "answer", session_id, eli.id, "--approve")
    assert again.exit_code == 1 and "ConflictError (409" in again.stderr
    assert _json(cli("elicitations", "list", session_id, "--status", "pending", "--json")) == []


def test_elicitations_decline_with_reason_and_respond(cli: Any, hub: AgentHub) -> None:
    session_id = _json(
        cli(
            "sessions",
            "create",
            _agent(cli, "--tool", "calculator"),
            "--require-approval",
            "always",
            "--json",
        )
    )["id"]
    turn = _start(hub, session_id, '/tool calculator {"expression": "1+1"}')
    (eli,) = _pending(hub, session_id)
    declined = _json(
        cli("elicitations", "answer", session_id, eli.id, "--decline", "--reason", "no", "--json")
    )
    assert declined["action"] == "decline" and declined["reason"] == "no"
    assert turn.wait(timeout=10).text == "calculator: declined"

    turn = _start(hub, session_id, "/ask Favourite colour?")
    (eli,) = _pending(hub, session_id)
    response = cli("elicitations", "answer", session_id, eli.id, "--response", '{"text": "blue"}')
    assert response.exit_code == 0, response.output
    assert turn.wait(timeout=10).text == "answer: blue"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ([], "exactly one of"),
        (["--approve", "--decline"], "exactly one of"),
        (["--response", "not json"], "not JSON"),
        (["--response", "[1]"], "JSON object"),
        (["--approve", "--reason", "x"], "only with --decline"),
    ],
)
def test_elicitations_answer_usage_errors(cli: Any, flags: list[str], message: str) -> None:
    result = cli("elicitations", "answer", "ses_x", "eli_x", *flags)
    assert result.exit_code == 2 and message in result.stderr


def test_models_list(cli: Any) -> None:
    models = _json(cli("models", "list", "--json"))
    assert "scripted" in [m["id"] for m in models]
    table = cli("models", "list")
    assert table.exit_code == 0 and "scripted" in table.stdout and "context_window" in table.stdout


# ----------------------------------------------------------------------------- item 9


def test_json_accepted_after_the_command(cli: Any) -> None:
    agent_id = _agent(cli)  # "agents create … --json"
    assert [a["id"] for a in _json(cli("agents", "list", "--json"))] == [agent_id]
    assert _json(cli("--json", "agents", "list")) == _json(cli("agents", "list", "--json"))
    result = _json(cli("run", agent_id, "hello there", "--no-stream", "--json"))
    assert result["text"] == "hello there"
    err = cli("sessions", "show", "ses_missing", "--json")
    assert err.exit_code == 1 and json.loads(err.stderr)["error"]["status_code"] == 404


def test_connection_error_names_the_url(cli: Any) -> None:
    result = cli("--base-url", "http://127.0.0.1:9", "agents", "list")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: APIConnectionError") and "http://127.0.0.1:9" in line
    as_json = cli("--base-url", "http://127.0.0.1:9", "models", "list", "--json")
    assert json.loads(as_json.stderr)["error"]["url"].startswith("http://127.0.0.1:9")


def test_error_after_streamed_text_starts_on_a_new_line(cli: Any) -> None:
    result = cli("run", "scripted", "/stream 3\n/fail boom")
    assert result.exit_code == 1
    assert result.stdout == "tok0 tok1 tok2 \n"  # the open line was closed
    lines = result.output.splitlines()  # stdout and stderr as a terminal shows them
    assert lines[-1].startswith("error: TurnFailedError")
    assert not any("tok2" in line and "error" in line for line in lines)


def test_run_model_reuses_one_throwaway_agent(cli: Any) -> None:
    for text in ("one", "two"):
        assert _json(cli("run", "scripted", text, "--no-stream", "--json"))["text"] == text
    (agent,) = _json(cli("agents", "list", "--json"))
    assert agent["name"] == "cli-scripted" and agent["metadata"] == {"created_by": "agenthub run"}
    # other tools → another throwaway agent, itself reused
    for _ in range(2):
        assert cli("run", "scripted", "x", "--tool", "clock", "--no-stream").exit_code == 0
    agents = _json(cli("agents", "list", "--json"))
    assert sorted(tuple(a["tools"]) for a in agents) == [
        ("calculator", "clock", "read_file", "write_file"),
        ("clock",),
    ]
    # an agent someone else named the same is not taken over
    _json(cli("agents", "create", "--name", "cli-scripted", "--tool", "clock", "--json"))
    assert cli("run", "scripted", "y", "--tool", "clock", "--no-stream").exit_code == 0
    assert len(_json(cli("agents", "list", "--json"))) == 3


def test_reasoning_is_dimmed_on_stderr(cli: Any) -> None:
    result = cli(
        "run", "scripted", "/think pondering hard\nanswer", env_override={"FORCE_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "answer\n"  # stdout holds the answer only
    dim = "\x1b[2m"
    assert f"{dim}pondering" in result.stderr and "hard" in result.stderr


def test_cut_lists_say_how_many_more(cli: Any) -> None:
    for i in range(3):
        cli("agents", "create", "--name", f"a{i}")
    cut = cli("agents", "list", "--limit", "2")
    assert cut.exit_code == 0
    assert cut.stderr.strip() == "1 more (use --limit)"
    assert cut.stdout.count("agt_") == 2
    assert cli("agents", "list", "--limit", "3").stderr == ""
    as_json = cli("agents", "list", "--limit", "1", "--json")
    assert len(json.loads(as_json.stdout)) == 1 and as_json.stderr == ""  # stdout is data

    session_id = _json(cli("run", "scripted", "a b c d e", "--no-stream", "--json"))["session_id"]
    events = _json(cli("sessions", "events", session_id, "--json"))
    shown = cli("sessions", "events", session_id, "--limit", "2")
    assert shown.stderr.strip() == f"{len(events) - 2} more (use --limit)"


class _Page:
    def __init__(self, data: list[int], rest: list[list[int]]) -> None:
        self.data, self._rest = data, rest
        self.fetched = 0

    def iter_pages(self) -> Any:
        yield self
        for data in self._rest:
            self.fetched += 1
            yield _Page(data, [])


def test_take_counts_the_rest_up_to_a_cap() -> None:
    pages = _Page(list(range(100)), [list(range(100))] * 20)
    cut = take(pages, 5)
    assert cut.items == [0, 1, 2, 3, 4]
    assert (cut.more, cut.more_is_lower_bound) == (COUNT_CAP, True)
    assert pages.fetched < 20  # stopped counting at the cap
    exact = take(_Page([1, 2, 3], [[4, 5]]), 3)
    assert (exact.items, exact.more, exact.more_is_lower_bound) == ([1, 2, 3], 2, False)
    assert take(_Page([1, 2], []), 5).more == 0


def test_non_interactive_approval_declines_with_a_warning(cli: Any) -> None:
    prompt = 'Hello\n/tool calculator {"expression": "1+1"}'
    result = cli("run", "scripted", prompt, "--require-approval", "always")  # stdin: not a tty
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hello\ncalculator: declined\n"
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert "declined approval of calculator" in warning and "not a terminal" in warning
    no_stream = _json(
        cli("run", "scripted", prompt, "--require-approval", "always", "--no-stream", "--json")
    )
    assert no_stream["text"].endswith("calculator: declined")


def test_serve_has_help_for_every_flag() -> None:
    import typer
    from typer.testing import CliRunner

    from agenthub.cli._app import app

    serve = typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]
    for param in serve.params:
        if param.param_type_name == "option":
            assert param.help, f"--{param.name} has no help"
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--grpc-port", "--heartbeat", "--db", "--api-key", "--drop-stream-every"):
        assert flag in result.stdout
    assert "Fault injection" in result.stdout  # same rich help panels as the rest
    bad = CliRunner().invoke(app, ["serve", "--error-rate", "5"])
    assert bad.exit_code == 2 and "error_rate" in bad.stderr
    bad = CliRunner().invoke(app, ["serve", "--error-code", "teapot"])
    assert bad.exit_code == 2 and "error_code must be one of" in bad.stderr
