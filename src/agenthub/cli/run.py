"""``agenthub run``: one turn, streamed, with approvals asked at the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import typer

from ._common import (
    PAGE_SIZE,
    Command,
    arguments_json,
    emit_json,
    emit_json_line,
    end_open_line,
    err,
    note,
    out,
    plain,
    short,
    state_of,
    to_dict,
    warn,
    write_stream,
)
from ._options import RequireApproval, Transport, one_of, request_fields
from .files import upload_one

#: ``metadata`` that marks the agents ``run MODEL …`` creates, so the next call reuses one.
THROWAWAY_MARK = {"created_by": "agenthub run"}
DEFAULT_TOOLS = ["calculator", "clock", "read_file", "write_file"]


def register(app: typer.Typer) -> None:
    app.command("run", cls=Command)(run)


def run(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[AGENT_OR_MODEL] PROMPT",
            help="An agent id (agt_…) or a model name (then a reusable throwaway agent for "
            "that model), and the turn's text ('-' reads stdin). With --session: only PROMPT.",
            show_default=False,
        ),
    ],
    session_id: Annotated[
        str | None,
        typer.Option("--session", help="Send the turn to this existing session (ses_…)."),
    ] = None,
    stream: Annotated[
        bool, typer.Option("--stream/--no-stream", help="Stream events, or wait for the result.")
    ] = True,
    file: Annotated[
        list[Path] | None,
        typer.Option(
            "--file",
            "-f",
            exists=True,
            dir_okay=False,
            readable=True,
            help="Upload and attach a file (repeatable). {file0}, {file1}… in the "
            "prompt become their ids.",
        ),
    ] = None,
    approve_all: Annotated[
        bool, typer.Option("--approve-all", help="Approve every tool call without asking.")
    ] = False,
    transport: Transport = "sse",
    tool: Annotated[
        list[str] | None,
        typer.Option(
            "--tool",
            help="Tools of a throwaway agent (repeatable; default: "
            "calculator, clock, read_file, write_file).",
        ),
    ] = None,
    require_approval: RequireApproval = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="With --no-stream: give up after SECONDS.")
    ] = None,
) -> None:
    """Run one turn: stream the answer to stdout, ask y/n for approvals on the terminal.

    No terminal on stdin: approvals are declined, with a warning on stderr. Ctrl-C cancels.
    --tool and --require-approval configure a new session (not one given with --session).
    """
    from agenthub import input as ah_input

    state = state_of(ctx)
    via = cast('Literal["sse", "grpc"]', one_of(transport, ("sse", "grpc"), "--transport"))
    wanted = 1 if session_id else 2
    if len(args) != wanted:
        hint = "PROMPT (with --session)" if session_id else "AGENT_OR_MODEL PROMPT"
        raise typer.BadParameter(f"expected {hint}, got {len(args)} argument(s)")
    if session_id and (tool or require_approval):
        raise typer.BadParameter(
            "only for a new session", param_hint="'--tool' / '--require-approval'"
        )
    prompt = args[-1]
    if prompt == "-":
        prompt = sys.stdin.read()
    hub = state.hub()
    if session_id:
        session = state.session(session_id, transport=via)
        where = f"session {session.id}"
    else:
        target = args[0]
        if target.startswith("agt_"):
            agent = hub.agents.get(target)
        else:
            agent = throwaway_agent(hub, target, tool or DEFAULT_TOOLS)
        session = hub.sessions.create(
            agent_id=agent.id,
            transport=via,
            labels={"source": "cli"},
            **request_fields(require_approval=require_approval),
        )
        where = f"agent {agent.id} · session {session.id}"
    if not state.json:
        err().print(f"[dim]{where} · {transport}[/]")
    file_ids = [upload_one(session, path, quiet=state.json).id for path in file or []]
    for i, fid in enumerate(file_ids):
        prompt = prompt.replace(f"{{file{i}}}", fid)
    turn_input: Any = prompt
    if file_ids:
        turn_input = [ah_input.text(prompt), *(ah_input.file_id(f) for f in file_ids)]
    turn = session.create_turn(turn_input).start()  # started now: Ctrl-C can cancel it by id
    answer = Answerer(approve_all=approve_all, quiet=state.json, interactive=_interactive())
    try:
        if stream:
            result = _stream(turn, answer, json_lines=state.json)
        else:
            result = turn.wait(timeout=timeout, on_elicitation=answer)
    except KeyboardInterrupt:
        end_open_line()
        turn.cancel()
        typer.echo(f"interrupted: turn {turn.id} cancelled", err=True)
        raise typer.Exit(130) from None
    if state.json:
        if stream:
            emit_json_line({"type": "result", **result_dict(result)})
        else:
            emit_json(result_dict(result))
        return
    if not stream:
        out().print(result.text, markup=False)
    usage = result.usage
    err().print(
        f"[dim]turn {result.turn_id} completed · {usage.input_tokens} in / "
        f"{usage.output_tokens} out tokens · {len(result.tool_calls)} tool calls[/]"
    )


def ask(question: str) -> str | None:
    """Ask on stderr, read one line from the terminal; ``None`` at end of input.

    (click's prompts write a space to stdout, which must hold only the answer.)"""
    end_open_line()
    sys.stderr.write(question)
    sys.stderr.flush()
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdin
        return False


def _stream(turn: Any, answer: Answerer, *, json_lines: bool) -> Any:
    printer = EventPrinter()
    try:
        with turn.stream() as events:
            for event in events:
                if json_lines:
                    emit_json_line(to_dict(event))
                else:
                    printer(event)
                if str(event.type) == "elicitation.requested":
                    answer(event)
            return events.result
    finally:
        printer.finish()


def throwaway_agent(hub: Any, model: str, tools: list[str]) -> Any:
    """The agent ``run MODEL`` uses: one made earlier by ``run`` for the same model and tools
    (found by its :data:`THROWAWAY_MARK` metadata), else a new one."""
    for agent in hub.agents.list(limit=PAGE_SIZE):
        metadata = plain(agent.metadata) or {}
        if (
            all(metadata.get(k) == v for k, v in THROWAWAY_MARK.items())
            and agent.model == model
            and list(agent.tools) == list(tools)
        ):
            return agent
    return hub.agents.create(
        name=f"cli-{model}", model=model, tools=list(tools), metadata=THROWAWAY_MARK
    )


def result_dict(result: Any) -> dict[str, Any]:
    """A :class:`~agenthub.TurnResult` as JSON data."""
    return {
        "session_id": result.session_id,
        "turn_id": result.turn_id,
        "text": result.text,
        "usage": to_dict(result.usage),
        "tool_calls": [to_dict(c) for c in result.tool_calls],
        "structured_output": result.structured_output,
    }


class Answerer:
    """Answers elicitations: approvals (y/n or --approve-all), clarifications, client tools.

    Without a terminal to ask on, each is declined with a warning on stderr."""

    def __init__(self, *, approve_all: bool, quiet: bool, interactive: bool) -> None:
        self.approve_all = approve_all
        self.quiet = quiet
        self.interactive = interactive
        self.done: set[str] = set()

    def __call__(self, event: Any) -> None:
        eli = event.elicitation
        if eli.id in self.done or str(getattr(eli, "status", "pending")) != "pending":
            return
        self.done.add(eli.id)
        kind = str(eli.kind)
        args = arguments_json(eli.arguments)
        if kind == "tool_approval" and self.approve_all:
            event.approve()
            self._note(f"[green]approved[/] {eli.tool_name} (--approve-all)")
            return
        if not self.interactive:
            what = f"approval of {eli.tool_name}" if kind == "tool_approval" else kind
            event.decline(reason="the agenthub CLI had no terminal to ask on")
            warn(
                f"declined {what} ({eli.id}): stdin is not a terminal "
                "(use --approve-all, or `agenthub elicitations answer`)"
            )
            return
        if kind == "tool_approval":
            ok = (ask(f"Approve {eli.tool_name} {args}? [y/N]: ") or "").lower() in ("y", "yes")
            if ok:
                event.approve()
                self._note(f"[green]approved[/] {eli.tool_name}")
            else:
                event.decline(reason="declined at the agenthub CLI")
                self._note(f"[red]declined[/] {eli.tool_name}")
            return
        label = eli.message if kind == "clarification" else f"Output of {eli.tool_name} {args}"
        text = ask(f"{label}: ")
        if text is None:
            event.cancel()
            self._note(f"[red]cancelled[/] {kind}")
            return
        event.respond(text)

    def _note(self, markup: str) -> None:
        if not self.quiet:
            err().print(f"  {markup}")


class EventPrinter:
    """Streams text to stdout, reasoning dimmed to stderr, and annotates tool calls,
    approvals and status changes on stderr."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.reasoning_open = False

    def _end_reasoning(self) -> None:
        if self.reasoning_open:
            err().print()
            self.reasoning_open = False

    def note(self, markup: str) -> None:
        self._end_reasoning()
        note(markup)

    def __call__(self, event: Any) -> None:
        t = str(event.type)
        if t == "reasoning.delta":
            end_open_line()
            err().print(str(event.delta), style="dim", end="", markup=False)
            self.reasoning_open = True
            return
        if t == "message.delta":
            self._end_reasoning()
            write_stream(str(event.delta))
        elif t == "tool_call.started":
            self.names[event.call_id] = event.tool_name
            self.note(f"⚙ {event.tool_name} {short(arguments_json(event.arguments))}")
        elif t == "tool_call.completed":
            self.note(
                f"↳ {self.names.get(event.call_id, '?')} → {short(str(event.output))}"
                + (" (error)" if event.is_error else "")
            )
        elif t == "elicitation.requested":
            eli = event.elicitation
            self.note(f"? {eli.kind}: {short(str(eli.tool_name or eli.message))}")
        elif t == "session.status":
            self.note(f"· {event.previous_status} → {event.status}")
        elif t == "file.created":
            self.note(f"+ file {event.file.filename} ({event.file.id}, {event.file.size_bytes} B)")
        elif t in ("turn.failed", "error"):
            detail = getattr(event, "error", None) or event
            self.note(f"✘ {t}: {short(str(getattr(detail, 'message', detail)))}")

    def finish(self) -> None:
        self._end_reasoning()
        end_open_line()
