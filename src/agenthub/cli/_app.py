"""The ``agenthub`` command tree (typer). See ``docs/cli.md``.

Conventions:

* global options ``--api-key``, ``--base-url``, ``--grpc-target`` and ``--json`` come before
  the command; without them the SDK's chain applies (``AGENTHUB_API_KEY``,
  ``AGENTHUB_BASE_URL``, ``AGENTHUB_GRPC_TARGET``, the ``AGENTHUB_PROFILE`` profile …);
* results go to stdout (tables, or JSON with ``--json``); progress bars, event annotations
  and errors go to stderr;
* an error is ONE line on stderr — ``error: NotFoundError (404 not_found): … [request_id=…]``
  (a JSON object with ``--json``) — and the exit status is 1 for API/runtime errors, 2 for
  usage and configuration errors, 130 on Ctrl-C.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

    from agenthub import AgentHub

__all__ = ["app"]


# ----------------------------------------------------------------------------- errors


def describe_error(exc: BaseException) -> dict[str, Any]:
    """The fields of the one-line error report."""
    info: dict[str, Any] = {"type": type(exc).__name__}
    for attr in ("status_code", "code", "request_id"):
        value = getattr(exc, attr, None)
        if value is not None and value != "":
            info[attr] = value
    body = getattr(exc, "body", None)
    message = None
    if isinstance(body, dict):
        message = body.get("detail") or body.get("title")
    message = message or getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())
    rid = info.get("request_id")
    if rid and message.endswith(f"[request_id={rid}]"):
        message = message[: -len(f"[request_id={rid}]")].rstrip()
    info["message"] = message
    return info


def format_error(info: dict[str, Any]) -> str:
    head = info["type"]
    status = " ".join(str(info[k]) for k in ("status_code", "code") if k in info)
    if status:
        head += f" ({status})"
    line = f"error: {head}: {info['message']}"
    if "request_id" in info:
        line += f" [request_id={info['request_id']}]"
    return line


def _report(ctx: typer.Context, exc: BaseException, code: int) -> typer.Exit:
    info = describe_error(exc)
    state = ctx.find_object(State)
    if state is not None and state.json:
        typer.echo(json.dumps({"error": info}), err=True)
    else:
        typer.echo(format_error(info), err=True)
    return typer.Exit(code)


#: click's own control-flow exceptions (usage errors, Exit, Abort) pass through untouched
#: (typer vendors click, so they are found through typer's public names).
_CLICK_EXCEPTIONS: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)


class _Group(TyperGroup):
    """Root group: turns SDK errors into one line on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        from agenthub._errors import AgentHubError, ConfigurationError

        try:
            return super().invoke(ctx)
        except ConfigurationError as exc:
            raise _report(ctx, exc, 2) from None
        except AgentHubError as exc:
            raise _report(ctx, exc, 1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except _CLICK_EXCEPTIONS:
            raise
        except Exception as exc:  # a bug or an OS error: still one line (traceback on debug)
            if os.environ.get("AGENTHUB_LOG", "").lower() == "debug":
                raise
            raise _report(ctx, exc, 1) from None


# ----------------------------------------------------------------------------- state


@dataclass
class State:
    api_key: str | None = None
    base_url: str | None = None
    grpc_target: str | None = None
    json: bool = False
    ctx: Any = None
    _hub: Any = None

    def hub(self) -> AgentHub:
        """The client (built once per command; the SDK's chain fills what is not given)."""
        if self._hub is None:
            from agenthub import AgentHub

            self._hub = AgentHub(
                api_key=self.api_key, base_url=self.base_url, grpc_target=self.grpc_target
            )
            if self.ctx is not None:
                self.ctx.call_on_close(self._hub.close)
        return self._hub  # type: ignore[no-any-return]


def _state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    from rich.console import Console

    global _out
    if _out is None or _out.file is not sys.stdout:
        _out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _out


def err() -> Console:
    from rich.console import Console

    global _err
    if _err is None or _err.file is not sys.stderr:
        _err = Console(file=sys.stderr, highlight=False)
    return _err


def emit_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, default=str))


def to_dict(obj: Any) -> Any:
    """A model, session handle or list of them as plain JSON data."""
    if isinstance(obj, list | tuple):
        return [to_dict(o) for o in obj]
    data = getattr(obj, "data", None)
    if data is not None and hasattr(data, "to_dict") and not hasattr(obj, "to_dict"):
        return data.to_dict()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return obj


def sessions_of(hub: Any) -> Any:
    """``hub.sessions`` (built directly if this client version does not attach it yet)."""
    if hasattr(type(hub), "sessions"):
        return hub.sessions
    from agenthub._sync.resources.sessions import Sessions

    return Sessions(hub)


def _take(items: Iterable[Any], n: int) -> Iterator[Any]:
    for i, item in enumerate(items):
        if i >= n:
            return
        yield item


def _fmt_time(value: Any) -> str:
    if value is None or type(value).__name__ == "Unset":
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("+00:00", "Z")[:19] + "Z" if "T" in text else text


def _plain(value: Any) -> Any:
    if value is None or type(value).__name__ == "Unset":
        return None
    return value.to_dict() if hasattr(value, "to_dict") else value


# ----------------------------------------------------------------------------- app

app = typer.Typer(
    cls=_Group,
    name="agenthub",
    help="agenthub: run agents, stream sessions, move files — against any agenthub server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from agenthub._version import __version__

        typer.echo(f"agenthub {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="API key (else $AGENTHUB_API_KEY / profile).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Server URL (else $AGENTHUB_BASE_URL / profile)."),
    ] = None,
    grpc_target: Annotated[
        str | None,
        typer.Option(
            "--grpc-target",
            help="gRPC host:port (else $AGENTHUB_GRPC_TARGET / "
            "profile / advertised by the server).",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Machine-readable JSON output.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = State(
        api_key=api_key, base_url=base_url, grpc_target=grpc_target, json=json_output, ctx=ctx
    )


# ----------------------------------------------------------------------------- serve / demo


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def serve(ctx: typer.Context) -> None:
    """Run the reference server: REST+SSE and gRPC (see agenthub serve --help)."""
    try:
        from agenthub_server import main as server_main
    except ImportError as exc:
        from agenthub._errors import ConfigurationError

        raise ConfigurationError(
            f"the reference server is not installed (pip install 'agenthub[server]'): {exc}"
        ) from None
    try:
        code = server_main(list(ctx.args))
    except SystemExit as exc:  # argparse --help / usage errors
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    raise typer.Exit(code or 0)


@app.command()
def demo(
    transport: Annotated[
        str, typer.Option("--transport", help="sse, grpc or both.", show_default=True)
    ] = "both",
) -> None:
    """Start an embedded server and run a full, checked session (SSE, then gRPC)."""
    from agenthub.demo import run_demo

    choices = {"both": ("sse", "grpc"), "sse": ("sse",), "grpc": ("grpc",)}
    if transport not in choices:
        raise typer.BadParameter("must be sse, grpc or both", param_hint="--transport")
    raise typer.Exit(run_demo(out(), transports=choices[transport]))


# ----------------------------------------------------------------------------- run


def _resolve_policy(value: str | None) -> Any:
    if value is None:
        return None
    if value in ("always", "never"):
        return value
    return [v.strip() for v in value.split(",") if v.strip()]


@app.command()
def run(
    ctx: typer.Context,
    agent_or_model: Annotated[
        str, typer.Argument(help="An agent id (agt_…) or a model name (a throwaway agent).")
    ],
    prompt: Annotated[str, typer.Argument(help="The turn's text ('-' reads stdin).")],
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
    transport: Annotated[
        str, typer.Option("--transport", help="sse or grpc.", show_default=True)
    ] = "sse",
    tool: Annotated[
        list[str] | None,
        typer.Option(
            "--tool",
            help="Tools of a throwaway agent (repeatable; default: "
            "calculator, clock, read_file, write_file).",
        ),
    ] = None,
    require_approval: Annotated[
        str | None,
        typer.Option(
            "--require-approval", help="Session approval policy: always, never or tool names (a,b)."
        ),
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Give up after SECONDS.")
    ] = None,
) -> None:
    """Run one turn: stream the answer, ask y/n for approvals (unless --approve-all)."""
    from agenthub import input as ah_input

    state = _state(ctx)
    if transport not in ("sse", "grpc"):
        raise typer.BadParameter("must be sse or grpc", param_hint="--transport")
    if prompt == "-":
        prompt = sys.stdin.read()
    hub = state.hub()
    if agent_or_model.startswith("agt_"):
        agent = hub.agents.get(agent_or_model)
    else:
        agent = hub.agents.create(
            name=f"cli-{agent_or_model}",
            model=agent_or_model,
            tools=tool if tool else ["calculator", "clock", "read_file", "write_file"],
            metadata={"created_by": "agenthub run"},
        )
    session = sessions_of(hub).create(
        agent_id=agent.id,
        transport=transport,
        labels={"source": "cli"},
        require_approval=_resolve_policy(require_approval),
    )
    note = err()
    if not state.json:
        note.print(f"[dim]agent {agent.id} · session {session.id} · {transport}[/]")
    file_ids = [_upload_one(session, path, quiet=state.json).id for path in file or []]
    for i, fid in enumerate(file_ids):
        prompt = prompt.replace(f"{{file{i}}}", fid)
    turn_input: Any = prompt
    if file_ids:
        turn_input = [ah_input.text(prompt), *(ah_input.file_id(f) for f in file_ids)]
    turn = session.create_turn(turn_input)
    answer = _Answerer(approve_all=approve_all, quiet=state.json)

    if stream:
        printer = _EventPrinter(quiet=state.json)
        with turn.stream() as events:
            for event in events:
                if state.json:
                    typer.echo(json.dumps(to_dict(event), default=str))
                else:
                    printer(event)
                if str(event.type) == "elicitation.requested":
                    answer(event)
            printer.finish()
            result = events.result
    else:
        result = turn.wait(timeout=timeout, on_elicitation=answer)
        if state.json:
            emit_json(_result_dict(result))
        else:
            out().print(result.text, markup=False)
    if not state.json:
        usage = result.usage
        note.print(
            f"[dim]turn {result.turn_id} completed · {usage.input_tokens} in / "
            f"{usage.output_tokens} out tokens · {len(result.tool_calls)} tool calls[/]"
        )
    elif stream:
        typer.echo(json.dumps({"type": "result", **_result_dict(result)}, default=str))


def _result_dict(result: Any) -> dict[str, Any]:
    return {
        "session_id": result.session_id,
        "turn_id": result.turn_id,
        "text": result.text,
        "usage": to_dict(result.usage),
        "tool_calls": [to_dict(c) for c in result.tool_calls],
        "structured_output": result.structured_output,
    }


class _Answerer:
    """Answers elicitations: approvals (y/n or --approve-all), clarifications, client tools."""

    def __init__(self, *, approve_all: bool, quiet: bool) -> None:
        self.approve_all = approve_all
        self.quiet = quiet
        self.done: set[str] = set()

    def __call__(self, event: Any) -> None:
        eli = event.elicitation
        if eli.id in self.done or str(getattr(eli, "status", "pending")) != "pending":
            return
        self.done.add(eli.id)
        kind = str(eli.kind)
        args = json.dumps(_plain(eli.arguments) or {})
        if kind == "tool_approval":
            if self.approve_all:
                event.approve()
                self._note(f"[green]approved[/] {eli.tool_name} (--approve-all)")
                return
            try:
                ok = typer.confirm(f"Approve {eli.tool_name} {args}?", default=False, err=True)
            except typer.Abort:
                ok = False
            if ok:
                event.approve()
                self._note(f"[green]approved[/] {eli.tool_name}")
            else:
                event.decline(reason="declined at the agenthub CLI")
                self._note(f"[red]declined[/] {eli.tool_name}")
            return
        label = eli.message if kind == "clarification" else f"Output of {eli.tool_name} {args}"
        try:
            text = typer.prompt(label, err=True)
        except typer.Abort:
            event.cancel()
            self._note(f"[red]cancelled[/] {kind}")
            return
        event.respond(text)

    def _note(self, markup: str) -> None:
        if not self.quiet:
            err().print(f"  {markup}")


class _EventPrinter:
    """Streams text to stdout and annotates tool calls / approvals / status on stderr."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self.names: dict[str, str] = {}
        self.open_line = False

    def _break(self) -> None:
        if self.open_line:
            sys.stdout.write("\n")
            sys.stdout.flush()
            self.open_line = False

    def note(self, markup: str) -> None:
        self._break()
        err().print(f"  [dim]{markup}[/]")

    def __call__(self, event: Any) -> None:
        if self.quiet:
            return
        t = str(event.type)
        if t == "message.delta":
            sys.stdout.write(str(event.delta))
            sys.stdout.flush()
            self.open_line = not str(event.delta).endswith("\n")
        elif t == "reasoning.delta":
            return
        elif t == "tool_call.started":
            self.names[event.call_id] = event.tool_name
            args = json.dumps(_plain(event.arguments) or {})
            self.note(f"⚙ {event.tool_name} {_short(args)}")
        elif t == "tool_call.completed":
            self.note(
                f"↳ {self.names.get(event.call_id, '?')} → {_short(str(event.output))}"
                + (" (error)" if event.is_error else "")
            )
        elif t == "elicitation.requested":
            eli = event.elicitation
            self.note(f"? {eli.kind}: {eli.tool_name or eli.message}")
        elif t == "session.status":
            self.note(f"· {event.previous_status} → {event.status}")
        elif t == "file.created":
            self.note(f"+ file {event.file.filename} ({event.file.id}, {event.file.size_bytes} B)")
        elif t in ("turn.failed", "error"):
            detail = getattr(event, "error", None) or event
            self.note(f"✘ {t}: {_short(str(getattr(detail, 'message', detail)))}")

    def finish(self) -> None:
        self._break()


def _short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    from rich.markup import escape

    return escape(one if len(one) <= width else one[: width - 1] + "…")


# ----------------------------------------------------------------------------- agents

agents_app = typer.Typer(help="Agents: list, create, export, import.", no_args_is_help=True)
app.add_typer(agents_app, name="agents")


@agents_app.command("list")
def agents_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N agents.")] = 20,
) -> None:
    """List agents (newest first)."""
    state = _state(ctx)
    hub = state.hub()
    items = list(_take(hub.agents.list(limit=min(max(limit, 1), 100)), limit))
    if state.json:
        emit_json([to_dict(a) for a in items])
        return
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    for col in ("name", "model", "tools", "approval", "rev"):
        table.add_column(col, overflow="fold")
    for a in items:
        policy = a.require_approval
        table.add_row(
            a.id,
            a.name,
            a.model,
            ",".join(a.tools),
            policy if isinstance(policy, str) else ",".join(policy),
            str(a.revision),
        )
    out().print(table)


@agents_app.command("create")
def agents_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Agent name.")],
    model: Annotated[str, typer.Option("--model", help="Model name.")] = "scripted",
    tool: Annotated[list[str] | None, typer.Option("--tool", help="Tool (repeatable).")] = None,
    require_approval: Annotated[
        str | None,
        typer.Option("--require-approval", help="always, never or tool names (a,b)."),
    ] = None,
    instructions: Annotated[str | None, typer.Option("--instructions")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
) -> None:
    """Create an agent."""
    state = _state(ctx)
    agent = state.hub().agents.create(
        name=name,
        model=model,
        tools=tool or None,
        require_approval=_resolve_policy(require_approval),
        instructions=instructions,
        description=description,
    )
    if state.json:
        emit_json(to_dict(agent))
    else:
        out().print(f"created {agent.id} ({agent.name}, model {agent.model})")


@agents_app.command("export")
def agents_export(
    ctx: typer.Context,
    agent_id: Annotated[str, typer.Argument(help="agt_…")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
) -> None:
    """Export an agent definition as JSON."""
    state = _state(ctx)
    definition = to_dict(state.hub().agents.export(agent_id))
    text = json.dumps(definition, indent=2, default=str)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        if state.json:
            emit_json({"agent_id": agent_id, "path": str(output)})
        else:
            out().print(f"exported {agent_id} to {output}")


@agents_app.command("import")
def agents_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSON definition.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report problems; save nothing.")
    ] = False,
    name: Annotated[str | None, typer.Option("--name", help="Override the name.")] = None,
) -> None:
    """Import an agent definition (from `agents export`)."""
    state = _state(ctx)
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"{path} is not JSON: {exc}", param_hint="PATH") from None
    result = state.hub().agents.import_(definition, dry_run=dry_run, name=name)
    if state.json:
        emit_json(to_dict(result))
        return
    agent = _plain(getattr(result, "agent", None))
    console = out()
    if agent:
        console.print(f"imported {agent['id']} ({agent['name']})")
    else:
        console.print("dry run: nothing saved")
    for ref in _plain(getattr(result, "unresolved_references", None)) or []:
        console.print(f"  unresolved: {ref}")
    for warning in _plain(getattr(result, "warnings", None)) or []:
        console.print(f"  warning: {warning}")


# ----------------------------------------------------------------------------- sessions

sessions_app = typer.Typer(help="Sessions: list, show, events, cancel.", no_args_is_help=True)
app.add_typer(sessions_app, name="sessions")


def _label_map(labels: list[str] | None) -> dict[str, str] | None:
    if not labels:
        return None
    result = {}
    for item in labels:
        sep = "=" if "=" in item else ":"
        key, _, value = item.partition(sep)
        if not key or not _:
            raise typer.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--label")
        result[key] = value
    return result


@sessions_app.command("list")
def sessions_list(
    ctx: typer.Context,
    agent_id: Annotated[str | None, typer.Option("--agent-id")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    label: Annotated[
        list[str] | None, typer.Option("--label", help="KEY=VALUE (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N sessions.")] = 20,
) -> None:
    """List sessions (newest first)."""
    state = _state(ctx)
    pages = sessions_of(state.hub()).list(
        agent_id=agent_id, status=status, labels=_label_map(label), limit=min(max(limit, 1), 100)
    )
    items = list(_take(pages, limit))
    if state.json:
        emit_json([to_dict(s) for s in items])
        return
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True, min_width=28)
    table.add_column("status", min_width=9)
    table.add_column("tokens", justify="right", min_width=6)
    table.add_column("agent", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("name", overflow="ellipsis", no_wrap=True, max_width=20)
    for s in items:
        d = s.data
        table.add_row(s.id, s.status, str(d.usage.total_tokens), d.agent_id, _opt(d.name))
    out().print(table)


def _opt(value: Any) -> str:
    return "" if value is None or type(value).__name__ == "Unset" else str(value)


@sessions_app.command("show")
def sessions_show(
    ctx: typer.Context, session_id: Annotated[str, typer.Argument(help="ses_…")]
) -> None:
    """Show a session snapshot."""
    state = _state(ctx)
    session = sessions_of(state.hub()).get(session_id)
    data = to_dict(session)
    if state.json:
        emit_json(data)
        return
    from rich.table import Table

    table = Table(show_header=False, show_edge=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key in (
        "id",
        "status",
        "agent_id",
        "name",
        "labels",
        "require_approval",
        "usage",
        "last_sequence_number",
        "active_turn_id",
        "pending_elicitations",
        "created_at",
        "updated_at",
    ):
        if key in data and data[key] not in (None, [], {}):
            value = data[key]
            if isinstance(value, dict | list):
                value = json.dumps(value, default=str)
            table.add_row(key, str(value))
    out().print(table)


@sessions_app.command("events")
def sessions_events(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    after: Annotated[int, typer.Option("--after", help="After this sequence number.")] = 0,
    turn_id: Annotated[str | None, typer.Option("--turn-id", help="Only this turn.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N events.")] = 100,
    follow: Annotated[
        bool, typer.Option("--follow", "-F", help="Keep streaming new events (Ctrl-C stops).")
    ] = False,
) -> None:
    """List a session's events (oldest first), or follow them live."""
    state = _state(ctx)
    session = sessions_of(state.hub()).get(session_id)
    if follow:
        source: Any = session.events.stream(after_sequence_number=after, turn_id=turn_id)
    else:
        source = session.events.list(
            after_sequence_number=after or None, turn_id=turn_id, limit=min(max(limit, 1), 100)
        )
    rows = []
    try:
        for i, event in enumerate(source):
            if not follow and i >= limit:
                break
            if state.json:
                if follow:
                    typer.echo(json.dumps(to_dict(event), default=str))
                else:
                    rows.append(to_dict(event))
            elif follow:
                out().print(_event_line(event), markup=False)
            else:
                rows.append(event)
    finally:
        if follow:
            source.close()
    if state.json:
        if not follow:
            emit_json(rows)
        return
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    table.add_column("seq", justify="right", no_wrap=True, min_width=3)
    table.add_column("type", no_wrap=True, min_width=21)
    table.add_column("detail", overflow="ellipsis", no_wrap=True, max_width=48)
    for e in rows:
        seq, t, _turn, detail = _event_fields(e)
        table.add_row(seq, t, detail)
    out().print(table)


def _event_fields(event: Any) -> tuple[str, str, str, str]:
    d = to_dict(event)
    common = {"id", "type", "sequence_number", "session_id", "turn_id", "created_at", "object"}
    rest = {k: v for k, v in d.items() if k not in common}
    if "delta" in rest:
        detail = repr(rest["delta"])
    elif "elicitation" in rest:
        e = rest["elicitation"]
        detail = f"{e.get('kind')} {e.get('tool_name') or e.get('message', '')}"
    elif "file" in rest:
        detail = f"{rest['file'].get('filename')} {rest['file'].get('id')}"
    elif "turn" in rest:
        detail = str(rest["turn"].get("status", ""))
    else:
        detail = json.dumps(rest, default=str) if rest else ""
    return (
        str(d.get("sequence_number", "")),
        str(d.get("type", "")),
        str(d.get("turn_id") or ""),
        " ".join(detail.split()),
    )


def _event_line(event: Any) -> str:
    seq, t, _turn, detail = _event_fields(event)
    return f"{seq:>5} {t:<22} {detail[:60]}"


@sessions_app.command("cancel")
def sessions_cancel(
    ctx: typer.Context, session_id: Annotated[str, typer.Argument(help="ses_…")]
) -> None:
    """Cancel a session (and its active turn)."""
    state = _state(ctx)
    data = sessions_of(state.hub()).cancel(session_id)
    if state.json:
        emit_json(to_dict(data))
    else:
        out().print(f"{data.id} {data.status}")


# ----------------------------------------------------------------------------- files

files_app = typer.Typer(help="Files of a session: list, upload, download.", no_args_is_help=True)
app.add_typer(files_app, name="files")


def _progress(quiet: bool) -> Any:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err(),
        disable=quiet,
    )


def _upload_one(session: Any, path: Path, *, quiet: bool) -> Any:
    with _progress(quiet) as progress:
        task = progress.add_task(f"↑ {path.name}", total=path.stat().st_size)
        return session.files.upload(
            path, on_progress=lambda sent, total: progress.update(task, completed=sent, total=total)
        )


@files_app.command("upload")
def files_upload(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, help="Files.")
    ],
) -> None:
    """Upload files to a session (with a progress bar)."""
    state = _state(ctx)
    session = sessions_of(state.hub()).get(session_id)
    uploaded = [_upload_one(session, p, quiet=state.json) for p in paths]
    if state.json:
        emit_json([to_dict(f) for f in uploaded])
        return
    for f in uploaded:
        out().print(f"{f.id}  {f.filename}  {f.size_bytes} bytes  sha256 {f.sha256}")


@files_app.command("download")
def files_download(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    file_id: Annotated[str, typer.Argument(help="file_…")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Path (default: the file's name).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Download a file (verified against its sha256, with a progress bar)."""
    state = _state(ctx)
    session = sessions_of(state.hub()).get(session_id)
    record = session.files.get(file_id)
    target = output or Path(Path(record.filename).name)
    if target.is_dir():
        target = target / Path(record.filename).name
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} exists (use --force)", param_hint="--output")
    with _progress(state.json) as progress:
        task = progress.add_task(f"↓ {record.filename}", total=record.size_bytes)
        written = session.files.download(file_id).write_to(
            target, on_progress=lambda done, total: progress.update(task, completed=done)
        )
    if state.json:
        emit_json(
            {"file_id": file_id, "path": str(target), "bytes": written, "sha256": record.sha256}
        )
    else:
        out().print(f"{target}  {written} bytes  sha256 {record.sha256} (verified)")


@files_app.command("list")
def files_list(
    ctx: typer.Context, session_id: Annotated[str, typer.Argument(help="ses_…")]
) -> None:
    """List a session's files."""
    state = _state(ctx)
    session = sessions_of(state.hub()).get(session_id)
    items = list(session.files.list())
    if state.json:
        emit_json([to_dict(f) for f in items])
        return
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    for col in ("filename", "bytes", "source", "created"):
        table.add_column(col, overflow="fold")
    for f in items:
        table.add_row(f.id, f.filename, str(f.size_bytes), str(f.source), _fmt_time(f.created_at))
    out().print(table)
