"""``agenthub files``: list, upload, download (with progress bars on stderr)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import NO_WRAP, emit_json, err, fmt_time, out, state_of, sub_app, table
from ._options import Limit, OutputPath, SessionId

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
    session_id: SessionId,
    paths: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, readable=True, help="Files.")
    ],
) -> None:
    """Upload files to a session (with a progress bar)."""
    state = state_of(ctx)
    session = state.session(session_id)
    uploaded = [upload_one(session, p, quiet=state.json) for p in paths]
    if state.json:
        emit_json([f.to_dict() for f in uploaded])
        return
    for f in uploaded:
        out().print(f"{f.id}  {f.filename}  {f.size_bytes} bytes  sha256 {f.sha256}", markup=False)


@app.command("download")
def files_download(
    ctx: typer.Context,
    session_id: SessionId,
    file_id: Annotated[str, typer.Argument(help="file_…")],
    output: OutputPath = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Download a file (verified against its sha256, with a progress bar) to --output, a
    directory or path (default: the file's name)."""
    state = state_of(ctx)
    session = state.session(session_id)
    record = session.files.get(file_id)
    name = Path(record.filename).name
    target = output or Path(name)
    if target.is_dir():
        target = target / name
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} exists (use --force)", param_hint="--output")
    with progress(state.json) as bar:
        task = bar.add_task(f"↓ {record.filename}", total=record.size_bytes)
        written = session.files.download(file_id).write_to(
            target, on_progress=lambda done, total: bar.update(task, completed=done)
        )
    state.emit(
        {"file_id": file_id, "path": str(target), "bytes": written, "sha256": record.sha256},
        f"{target}  {written} bytes  sha256 {record.sha256} (verified)",
    )


@app.command("list")
def files_list(ctx: typer.Context, session_id: SessionId, limit: Limit = 20) -> None:
    """List a session's files."""

    def render(files: list[Any]) -> Any:
        t = table(id=NO_WRAP, filename={}, bytes={}, source={}, created={})
        for f in files:
            t.add_row(f.id, f.filename, str(f.size_bytes), str(f.source), fmt_time(f.created_at))
        return t

    state = state_of(ctx)
    state.show_list(state.session(session_id).files.list, limit, render)
