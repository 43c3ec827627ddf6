"""``agenthub models``: the server's model catalog."""

from __future__ import annotations

from typing import Any

import typer

from ._common import NO_WRAP, state_of, sub_app, table, to_dict
from ._options import Limit

app = sub_app("Models an agent can use.")

_FIRST = ("id", "context_window", "description")


@app.command("list")
def models_list(ctx: typer.Context, limit: Limit = 20) -> None:
    """List the models (``scripted`` is the reference server's runnable one)."""

    def render(models: list[Any]) -> Any:
        rows = to_dict(models)
        # Any field the catalog adds (prices …) gets a column after the known ones.
        columns = (*_FIRST, *sorted({k for r in rows for k in r} - {*_FIRST, "object"}))
        t = table(**{c: NO_WRAP if c == "id" else {} for c in columns})
        for r in rows:
            t.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in columns))
        return t

    state = state_of(ctx)
    state.show_list(state.hub().models.list, limit, render)
