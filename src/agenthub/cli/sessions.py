"""``agenthub sessions``: create, list, show, events, cancel."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ._common import (
    PAGE_SIZE,
    emit_json,
    emit_json_line,
    given,
    label_map,
    opt,
    out,
    parse_policy,
    state_of,
    sub_app,
    table,
    take,
    to_dict,
)

app = sub_app("Sessions: create, list, show, events, cancel.")


@app.command("create")
def sessions_create(
    ctx: typer.Context,
    agent_id: Annotated[str, typer.Argument(help="The agent (agt_…) the session runs.")],
    name: Annotated[str | None, typer.Option("--name", help="Session name.")] = None,
    label: Annotated[
        list[str] | None, typer.Option("--label", help="KEY=VALUE (repeatable).")
    ] = None,
    require_approval: Annotated[
        str | None,
        typer.Option(
            "--require-approval",
            help="always, never or tool names (a,b); overrides the agent's policy.",
        ),
    ] = None,
) -> None:
    """Open a session on an agent; prints its id (send turns with `run --session ID`)."""
    state = state_of(ctx)
    session = state.hub().sessions.create(
        agent_id=agent_id,
        **given(
            name=name, labels=label_map(label), require_approval=parse_policy(require_approval)
        ),
    )
    if state.json:
        emit_json(to_dict(session))
    else:
        out().print(session.id, markup=False)


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
    label: Annotated[
        list[str] | None, typer.Option("--label", help="KEY=VALUE (repeatable; all must match).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N sessions.")] = 20,
) -> None:
    """List sessions (newest first)."""
    state = state_of(ctx)
    pages = state.hub().sessions.list(
        limit=PAGE_SIZE, **given(agent_id=agent_id, status=status, labels=label_map(label))
    )
    cut = take(pages, limit)
    if state.json:
        emit_json([to_dict(s) for s in cut.items])
        return
    t = table(
        "id",
        "status",
        "tokens",
        "agent",
        "name",
        id={"no_wrap": True, "min_width": 28},
        status={"min_width": 9},
        tokens={"justify": "right", "min_width": 6},
        agent={"no_wrap": True, "overflow": "ellipsis", "max_width": 28},
        name={"overflow": "ellipsis", "no_wrap": True, "max_width": 20},
    )
    for s in cut.items:
        d = s.data
        t.add_row(s.id, s.status, str(d.usage.total_tokens), d.agent_id, opt(d.name))
    out().print(t)
    cut.report(state)


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
def sessions_show(
    ctx: typer.Context, session_id: Annotated[str, typer.Argument(help="ses_…")]
) -> None:
    """Show a session snapshot."""
    state = state_of(ctx)
    data = to_dict(state.hub().sessions.get(session_id))
    if state.json:
        emit_json(data)
        return
    from rich.table import Table

    t = Table(show_header=False, show_edge=False, box=None)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for key in _SHOWN:
        if key in data and data[key] not in (None, [], {}):
            value = data[key]
            if isinstance(value, dict | list):
                value = json.dumps(value, default=str)
            t.add_row(key, str(value))
    out().print(t)


@app.command("events")
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
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    if follow:
        with session.events.stream(after_sequence_number=after, turn_id=turn_id) as stream:
            for event in stream:
                if state.json:
                    emit_json_line(to_dict(event))
                else:
                    out().print(event_line(event), markup=False)
        return
    cut = take(
        session.events.list(
            limit=PAGE_SIZE, **given(after_sequence_number=after or None, turn_id=turn_id)
        ),
        limit,
    )
    if state.json:
        emit_json([to_dict(e) for e in cut.items])
        return
    t = table(
        "seq",
        "type",
        "detail",
        seq={"justify": "right", "no_wrap": True, "min_width": 3},
        type={"no_wrap": True, "min_width": 21},
        detail={"overflow": "ellipsis", "no_wrap": True, "max_width": 48},
    )
    for e in cut.items:
        seq, kind, detail = event_fields(e)
        t.add_row(seq, kind, detail)
    out().print(t)
    cut.report(state)


def event_fields(event: Any) -> tuple[str, str, str]:
    """``(sequence number, type, one-line detail)`` of an event."""
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
    return str(d.get("sequence_number", "")), str(d.get("type", "")), " ".join(detail.split())


def event_line(event: Any) -> str:
    """An event as one line of ``sessions events --follow``."""
    seq, kind, detail = event_fields(event)
    return f"{seq:>5} {kind:<22} {detail[:60]}"


@app.command("cancel")
def sessions_cancel(
    ctx: typer.Context, session_id: Annotated[str, typer.Argument(help="ses_…")]
) -> None:
    """Cancel a session (and its active turn)."""
    state = state_of(ctx)
    data = state.hub().sessions.cancel(session_id)
    if state.json:
        emit_json(to_dict(data))
    else:
        out().print(f"{data.id} {data.status}", markup=False)
