"""``agenthub sessions``: create, list, show, events, cancel."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ._common import NO_WRAP, emit_json_line, out, state_of, sub_app, table, to_dict
from ._options import Labels, Limit, RequireApproval, SessionId, request_fields

app = sub_app("Sessions: create, list, show, events, cancel.")


@app.command("create")
def sessions_create(
    ctx: typer.Context,
    agent_id: Annotated[str, typer.Argument(help="The agent (agt_…) the session runs.")],
    name: Annotated[str | None, typer.Option("--name", help="Session name.")] = None,
    label: Labels = None,
    require_approval: RequireApproval = None,
) -> None:
    """Open a session on an agent; prints its id (send turns with `run --session ID`).
    --require-approval overrides the agent's policy."""
    state = state_of(ctx)
    session = state.hub().sessions.create(
        agent_id=agent_id,
        **request_fields(name=name, labels=label, require_approval=require_approval),
    )
    state.emit(session, session.id)


@app.command("list")
def sessions_list(
    ctx: typer.Context,
    agent_id: Annotated[str | None, typer.Option("--agent-id", help="Only this agent's.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Only this status: idle, running, waiting, paused, failed, cancelled."
        ),
    ] = None,
    label: Labels = None,
    limit: Limit = 20,
) -> None:
    """List sessions (newest first); with several --label, all must match."""

    def render(sessions: list[Any]) -> Any:
        t = table(
            id={**NO_WRAP, "min_width": 28},
            status={"min_width": 9},
            tokens={"justify": "right", "min_width": 6},
            agent={**NO_WRAP, "overflow": "ellipsis", "max_width": 28},
            name={**NO_WRAP, "overflow": "ellipsis", "max_width": 20},
        )
        for s in sessions:
            d = s.data
            t.add_row(s.id, s.status, str(d.usage.total_tokens), d.agent_id, d.name or "")
        return t

    state = state_of(ctx)
    filters = request_fields(agent_id=agent_id, status=status, labels=label)
    state.show_list(state.hub().sessions.list, limit, render, **filters)


_SHOWN = (
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
)


@app.command("show")
def sessions_show(ctx: typer.Context, session_id: SessionId) -> None:
    """Show a session snapshot."""
    from rich.table import Table

    state = state_of(ctx)
    data = to_dict(state.session(session_id))
    t = Table(show_header=False, show_edge=False, box=None)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for key in _SHOWN:
        value = data.get(key)
        if isinstance(value, dict | list):
            value = json.dumps(value, default=str) if value else None
        if value is not None:
            t.add_row(key, str(value))
    state.emit(data, t)


@app.command("events")
def sessions_events(
    ctx: typer.Context,
    session_id: SessionId,
    after: Annotated[int, typer.Option("--after", help="After this sequence number.")] = 0,
    turn_id: Annotated[str | None, typer.Option("--turn-id", help="Only this turn.")] = None,
    limit: Limit = 100,
    follow: Annotated[
        bool, typer.Option("--follow", "-F", help="Keep streaming new events (Ctrl-C stops).")
    ] = False,
) -> None:
    """List a session's events (oldest first), or follow them live."""
    state = state_of(ctx)
    session = state.session(session_id)
    if follow:
        with session.events.stream(after_sequence_number=after, turn_id=turn_id) as stream:
            for event in stream:
                if state.json:
                    emit_json_line(to_dict(event))
                else:
                    out().print(event_line(event), markup=False)
        return

    def render(events: list[Any]) -> Any:
        t = table(
            seq={**NO_WRAP, "justify": "right", "min_width": 3},
            type={**NO_WRAP, "min_width": 21},
            detail={**NO_WRAP, "overflow": "ellipsis", "max_width": 48},
        )
        for e in events:
            t.add_row(*event_fields(e))
        return t

    filters = request_fields(after_sequence_number=after or None, turn_id=turn_id)
    state.show_list(session.events.list, limit, render, **filters)


_COMMON_FIELDS = {"id", "type", "sequence_number", "session_id", "turn_id", "created_at", "object"}


def event_fields(event: Any) -> tuple[str, str, str]:
    """``(sequence number, type, one-line detail)`` of an event."""
    d = to_dict(event)
    rest = {k: v for k, v in d.items() if k not in _COMMON_FIELDS}
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
    return str(d.get("sequence_number", "")), str(d.get("type", "")), " ".join(detail.split())


def event_line(event: Any) -> str:
    """An event as one line of ``sessions events --follow``."""
    seq, kind, detail = event_fields(event)
    return f"{seq:>5} {kind:<22} {detail[:60]}"


@app.command("cancel")
def sessions_cancel(ctx: typer.Context, session_id: SessionId) -> None:
    """Cancel a session (and its active turn)."""
    state = state_of(ctx)
    data = state.hub().sessions.cancel(session_id)
    state.emit(data, f"{data.id} {data.status}")
