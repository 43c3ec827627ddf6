"""Options and arguments several commands share (typer ``Annotated`` aliases), and the
parsing of their values."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

SessionId = Annotated[str, typer.Argument(help="ses_…")]
Limit = Annotated[int, typer.Option("--limit", help="Show at most N (stderr counts the rest).")]
Labels = Annotated[list[str] | None, typer.Option("--label", help="KEY=VALUE (repeatable).")]
RequireApproval = Annotated[
    str | None, typer.Option("--require-approval", help="always, never or tool names (a,b).")
]
OutputPath = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this path.")]
Transport = Annotated[str, typer.Option("--transport", help="sse or grpc.", show_default=True)]


def one_of(value: str, allowed: tuple[str, ...], param_hint: str) -> str:
    """``value`` if it is one of ``allowed``; else ``BadParameter`` (exit status 2)."""
    if value not in allowed:
        choices = f"{', '.join(allowed[:-1])} or {allowed[-1]}"
        raise typer.BadParameter(f"must be {choices}", param_hint=param_hint)
    return value


def request_fields(
    *, labels: list[str] | None = None, require_approval: str | None = None, **fields: Any
) -> dict[str, Any]:
    """The request keywords the user gave, for an SDK call: ``None`` values are left out
    (not sent as ``None``, whatever the method's defaults), ``--label`` values become a
    mapping (:func:`label_map`) and ``--require-approval`` the SDK's policy
    (:func:`parse_policy`)."""
    fields.update(labels=label_map(labels), require_approval=parse_policy(require_approval))
    return {k: v for k, v in fields.items() if v is not None}


def parse_policy(value: str | None) -> Any:
    """``always`` / ``never`` / ``a,b`` → the SDK's ``require_approval`` value."""
    if value is None or value in ("always", "never"):
        return value
    return [v.strip() for v in value.split(",") if v.strip()]


def label_map(labels: list[str] | None) -> dict[str, str] | None:
    """``["k=v", "a:b"]`` → ``{"k": "v", "a": "b"}``; raises ``BadParameter``."""
    if not labels:
        return None
    result = {}
    for item in labels:
        key, found, value = item.partition("=" if "=" in item else ":")
        if not key or not found:
            raise typer.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--label")
        result[key] = value
    return result
