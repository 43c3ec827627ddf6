"""``agenthub agents``: list, create, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    PAGE_SIZE,
    emit_json,
    given,
    out,
    parse_policy,
    plain,
    state_of,
    sub_app,
    table,
    take,
    to_dict,
)

app = sub_app("Agents: list, create, export, import.")


@app.command("list")
def agents_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N agents.")] = 20,
) -> None:
    """List agents (newest first)."""
    state = state_of(ctx)
    cut = take(state.hub().agents.list(limit=PAGE_SIZE), limit)
    if state.json:
        emit_json([to_dict(a) for a in cut.items])
        return
    t = table("id", "name", "model", "tools", "approval", "rev", id={"no_wrap": True})
    for a in cut.items:
        policy = a.require_approval
        t.add_row(
            a.id,
            a.name,
            a.model,
            ",".join(a.tools),
            policy if isinstance(policy, str) else ",".join(policy),
            str(a.revision),
        )
    out().print(t)
    cut.report(state)


@app.command("create")
def agents_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Agent name.")],
    model: Annotated[str, typer.Option("--model", help="Model name (agenthub models list).")] = (
        "scripted"
    ),
    tool: Annotated[list[str] | None, typer.Option("--tool", help="Tool (repeatable).")] = None,
    require_approval: Annotated[
        str | None,
        typer.Option("--require-approval", help="always, never or tool names (a,b)."),
    ] = None,
    instructions: Annotated[
        str | None, typer.Option("--instructions", help="System instructions.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Free-text description.")
    ] = None,
) -> None:
    """Create an agent."""
    state = state_of(ctx)
    agent = state.hub().agents.create(
        name=name,
        model=model,
        **given(
            tools=tool or None,
            require_approval=parse_policy(require_approval),
            instructions=instructions,
            description=description,
        ),
    )
    if state.json:
        emit_json(to_dict(agent))
    else:
        out().print(f"created {agent.id} ({agent.name}, model {agent.model})", markup=False)


@app.command("export")
def agents_export(
    ctx: typer.Context,
    agent_id: Annotated[str, typer.Argument(help="agt_…")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
) -> None:
    """Export an agent definition as JSON."""
    state = state_of(ctx)
    definition = to_dict(state.hub().agents.export(agent_id))
    text = json.dumps(definition, indent=2, default=str)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        if state.json:
            emit_json({"agent_id": agent_id, "path": str(output)})
        else:
            out().print(f"exported {agent_id} to {output}", markup=False)


@app.command("import")
def agents_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSON definition.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report problems; save nothing.")
    ] = False,
    name: Annotated[str | None, typer.Option("--name", help="Override the name.")] = None,
) -> None:
    """Import an agent definition (from `agents export`)."""
    state = state_of(ctx)
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"{path} is not JSON: {exc}", param_hint="PATH") from None
    result = state.hub().agents.import_(definition, dry_run=dry_run, **given(name=name))
    if state.json:
        emit_json(to_dict(result))
        return
    agent = plain(getattr(result, "agent", None))
    console = out()
    if agent:
        console.print(f"imported {agent['id']} ({agent['name']})", markup=False)
    else:
        console.print("dry run: nothing saved")
    for ref in plain(getattr(result, "unresolved_references", None)) or []:
        console.print(f"  unresolved: {ref}", markup=False)
    for warning in plain(getattr(result, "warnings", None)) or []:
        console.print(f"  warning: {warning}", markup=False)
