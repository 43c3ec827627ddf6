"""``agenthub models``: the server's model catalog."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import PAGE_SIZE, emit_json, out, state_of, sub_app, table, take, to_dict

app = sub_app("Models an agent can use.")

_FIRST = ("id", "context_window", "description")


@app.command("list")
def models_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="Show at most N models.")] = 20,
) -> None:
    """List the models (``scripted`` is the reference server's runnable one)."""
    state = state_of(ctx)
    cut = take(state.hub().models.list(limit=PAGE_SIZE), limit)
    rows = [to_dict(m) for m in cut.items]
    if state.json:
        emit_json(rows)
        return
    # Any field the catalog adds (prices …) gets a column after the known ones.
    extra = sorted({k for r in rows for k in r} - set(_FIRST) - {"object"})
    t = table(*_FIRST, *extra, id={"no_wrap": True})
    for r in rows:
        t.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in (*_FIRST, *extra)))
    out().print(t)
    cut.report(state)
