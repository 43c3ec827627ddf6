"""``agenthub elicitations``: list a session's questions and answer one."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import typer

from ._common import NO_WRAP, arguments_json, state_of, sub_app, table
from ._options import Limit, SessionId, one_of, request_fields

app = sub_app("Elicitations (approvals, client tools, clarifications): list, answer.")


@app.command("list")
def elicitations_list(
    ctx: typer.Context,
    session_id: SessionId,
    status: Annotated[
        str | None, typer.Option("--status", help="Only pending or resolved ones.")
    ] = None,
    limit: Limit = 20,
) -> None:
    """List a session's elicitations."""
    if status is not None:
        one_of(status, ("pending", "resolved"), "--status")

    def render(elicitations: list[Any]) -> Any:
        t = table(
            id={**NO_WRAP, "min_width": 28},
            kind={**NO_WRAP, "min_width": 13},
            status={**NO_WRAP, "min_width": 8},
            question={"overflow": "fold"},
        )
        for e in elicitations:
            question = f"{e.tool_name} {arguments_json(e.arguments)}" if e.tool_name else e.message
            t.add_row(e.id, str(e.kind), str(e.status), question)
        return t

    state = state_of(ctx)
    list_method = state.session(session_id).elicitations.list
    state.show_list(list_method, limit, render, **request_fields(status=status))


@app.command("answer")
def elicitations_answer(
    ctx: typer.Context,
    session_id: SessionId,
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
    flags = {"--approve": approve, "--decline": decline, "--cancel": cancel}
    chosen = [n for n, on in {**flags, "--response": response is not None}.items() if on]
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
    resolved = state.session(session_id).elicitations.resolve(
        elicitation_id, action=action, **request_fields(content=content, reason=reason)
    )
    state.emit(resolved, f"{resolved.id} {resolved.status} ({action})")
