"""``agenthub elicitations``: list a session's questions and answer one."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import typer

from ._common import (
    PAGE_SIZE,
    emit_json,
    given,
    out,
    plain,
    state_of,
    sub_app,
    table,
    take,
    to_dict,
)

app = sub_app("Elicitations (approvals, client tools, clarifications): list, answer.")


@app.command("list")
def elicitations_list(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    status: Annotated[
        str | None, typer.Option("--status", help="Only pending or resolved ones.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N elicitations.")] = 20,
) -> None:
    """List a session's elicitations."""
    wanted: Literal["pending", "resolved"] | None = None
    if status == "pending":
        wanted = "pending"
    elif status == "resolved":
        wanted = "resolved"
    elif status is not None:
        raise typer.BadParameter("must be pending or resolved", param_hint="--status")
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    cut = take(session.elicitations.list(limit=PAGE_SIZE, **given(status=wanted)), limit)
    if state.json:
        emit_json([to_dict(e) for e in cut.items])
        return
    t = table(
        "id",
        "kind",
        "status",
        "question",
        id={"no_wrap": True, "min_width": 28},
        kind={"no_wrap": True, "min_width": 13},
        status={"no_wrap": True, "min_width": 8},
        question={"overflow": "fold"},
    )
    for e in cut.items:
        question = e.message
        if e.tool_name:
            question = f"{e.tool_name} {json.dumps(plain(e.arguments) or {})}"
        t.add_row(e.id, str(e.kind), str(e.status), question)
    out().print(t)
    cut.report(state)


@app.command("answer")
def elicitations_answer(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    elicitation_id: Annotated[str, typer.Argument(help="eli_…")],
    approve: Annotated[
        bool, typer.Option("--approve", help="Accept (approve a tool call).")
    ] = False,
    decline: Annotated[bool, typer.Option("--decline", help="Decline.")] = False,
    cancel: Annotated[bool, typer.Option("--cancel", help="Cancel the question.")] = False,
    response: Annotated[
        str | None,
        typer.Option(
            "--response",
            help='Accept with this JSON object as content: {"output": …} for a client '
            'tool, {"text": …} for a clarification.',
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (with --decline or --cancel).")
    ] = None,
) -> None:
    """Answer an elicitation: exactly one of --approve, --decline, --cancel, --response."""
    chosen = [
        n
        for n, on in (
            ("--approve", approve),
            ("--decline", decline),
            ("--cancel", cancel),
            ("--response", response is not None),
        )
        if on
    ]
    if len(chosen) != 1:
        raise typer.BadParameter(
            "give exactly one of --approve, --decline, --cancel, --response"
            + (f" (got {', '.join(chosen)})" if chosen else ""),
            param_hint="'--approve' / '--decline' / '--cancel' / '--response'",
        )
    if reason is not None and not (decline or cancel):
        raise typer.BadParameter("only with --decline or --cancel", param_hint="--reason")
    content: dict[str, Any] | None = None
    if response is not None:
        try:
            content = json.loads(response)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"not JSON: {exc}", param_hint="--response") from None
        if not isinstance(content, dict):
            raise typer.BadParameter("must be a JSON object", param_hint="--response")
    action: Literal["accept", "decline", "cancel"] = (
        "decline" if decline else "cancel" if cancel else "accept"
    )
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    resolved = session.elicitations.resolve(
        elicitation_id, action=action, **given(content=content, reason=reason)
    )
    if state.json:
        emit_json(to_dict(resolved))
    else:
        out().print(f"{resolved.id} {resolved.status} ({action})", markup=False)
