"""Builders for turn input: ``session.create_turn([input.text("Summarise"), input.file(path)])``
(a list of parts becomes one ``user.message``). :func:`file` inlines the bytes as a base64
``data:`` URI; for large files upload first and use :func:`file_id`."""

from __future__ import annotations

import base64
import mimetypes
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["context", "file", "file_id", "message", "text"]


def text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": value}


def file_id(value: str) -> dict[str, Any]:
    return {"type": "file", "file_id": value}


def file(
    source: str | os.PathLike[str] | bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
) -> dict[str, Any]:
    if isinstance(source, bytes):
        data, name = source, filename or "file.bin"
    else:
        data, name = Path(source).read_bytes(), filename or Path(source).name
    mime = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return {"type": "file_data", "filename": name, "data": uri}


def message(*parts: str | dict[str, Any] | Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A ``user.message`` from strings (text parts) and part dicts."""
    content: list[dict[str, Any]] = []
    for p in parts:
        if isinstance(p, str):
            content.append(text(p))
        elif isinstance(p, dict):
            content.append(p)
        else:
            content.extend(p)
    return {"type": "user.message", "content": content}


def context(value: str, *, source: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "user.context", "text": value}
    if source is not None:
        item["source"] = source
    return item
