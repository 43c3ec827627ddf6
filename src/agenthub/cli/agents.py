"""``agenthub agents``: list, create, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import NO_WRAP, plain, state_of, sub_app, table, to_dict
from ._options import Limit, OutputPath, RequireApproval, request_fields

app = sub_app("Agents: list, create, export, import.")


@app.command("list")
def agents_list(ctx: typer.Context, limit: Limit = 20) -> None:
    """List agents (newest first)."""

    def render(agents: list[Any]) -> Any:
        t = table(id=NO_WRAP, name={}, model={}, tools={}, approval={}, rev={})
        for a in agents:
            policy = a.require_approval
            policy = policy if isinstance(policy, str) else ",".join(policy)
            t.add_row(a.id, a.name, a.model, ",".join(a.tools), policy, str(a.revision))
        return t

    state = state_of(ctx)
    state.show_list(state.hub().agents.list, limit, render)


@app.command("create")
def agents_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Agent name.")],
    model: Annotated[str, typer.Option("--model", help="Model (agenthub models list).")] = (
        "scripted"
    ),
    tool: Annotated[list[str] | None, typer.Option("--tool", help="Tool (repeatable).")] = None,
    require_approval: RequireApproval = None,
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
        **request_fields(
            tools=tool or None,
            require_approval=require_approval,
            instructions=instructions,
            description=description,
        ),
    )
    state.emit(agent, f"created {agent.id} ({agent.name}, model {agent.model})")


@app.command("export")
def agents_export(
    ctx: typer.Context,
    agent_id: Annotated[str, typer.Argument(help="agt_…")],
    output: OutputPath = None,
) -> None:
    """Export an agent definition as JSON (to stdout, or to the --output file)."""
    state = state_of(ctx)
    text = json.dumps(to_dict(state.hub().agents.export(agent_id)), indent=2, default=str)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    state.emit({"agent_id": agent_id, "path": str(output)}, f"exported {agent_id} to {output}")


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
    result = state.hub().agents.import_(definition, dry_run=dry_run, **request_fields(name=name))
    agent = plain(getattr(result, "agent", None))
    lines = [f"imported {agent['id']} ({agent['name']})" if agent else "dry run: nothing saved"]
    for label, key in (("unresolved", "unresolved_references"), ("warning", "warnings")):
        lines += [f"  {label}: {item}" for item in plain(getattr(result, key, None)) or []]
    state.emit(result, "\n".join(lines))
