"""``agenthub files``: list, upload, download (with progress bars on stderr)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import (
    PAGE_SIZE,
    emit_json,
    err,
    fmt_time,
    out,
    state_of,
    sub_app,
    table,
    take,
    to_dict,
)

app = sub_app("Files of a session: list, upload, download.")


def progress(quiet: bool) -> Any:
    """A rich progress bar on stderr (disabled when ``quiet``)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err(),
        disable=quiet,
    )


def upload_one(session: Any, path: Path, *, quiet: bool) -> Any:
    """Upload ``path`` to ``session`` with a progress bar → the File record."""
    with progress(quiet) as bar:
        task = bar.add_task(f"↑ {path.name}", total=path.stat().st_size)
        return session.files.upload(
            path, on_progress=lambda sent, total: bar.update(task, completed=sent, total=total)
        )


@app.command("upload")
def files_upload(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, help="Files.")
    ],
) -> None:
    """Upload files to a session (with a progress bar)."""
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    uploaded = [upload_one(session, p, quiet=state.json) for p in paths]
    if state.json:
        emit_json([to_dict(f) for f in uploaded])
        return
    for f in uploaded:
        out().print(f"{f.id}  {f.filename}  {f.size_bytes} bytes  sha256 {f.sha256}", markup=False)


@app.command("download")
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
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    record = session.files.get(file_id)
    target = output or Path(Path(record.filename).name)
    if target.is_dir():
        target = target / Path(record.filename).name
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} exists (use --force)", param_hint="--output")
    with progress(state.json) as bar:
        task = bar.add_task(f"↓ {record.filename}", total=record.size_bytes)
        written = session.files.download(file_id).write_to(
            target, on_progress=lambda done, total: bar.update(task, completed=done)
        )
    if state.json:
        emit_json(
            {"file_id": file_id, "path": str(target), "bytes": written, "sha256": record.sha256}
        )
    else:
        out().print(f"{target}  {written} bytes  sha256 {record.sha256} (verified)", markup=False)


@app.command("list")
def files_list(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="ses_…")],
    limit: Annotated[int, typer.Option("--limit", help="Show at most N files.")] = 20,
) -> None:
    """List a session's files."""
    state = state_of(ctx)
    session = state.hub().sessions.get(session_id)
    cut = take(session.files.list(limit=PAGE_SIZE), limit)
    if state.json:
        emit_json([to_dict(f) for f in cut.items])
        return
    t = table("id", "filename", "bytes", "source", "created", id={"no_wrap": True})
    for f in cut.items:
        t.add_row(f.id, f.filename, str(f.size_bytes), str(f.source), fmt_time(f.created_at))
    out().print(t)
    cut.report(state)
