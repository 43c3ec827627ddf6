"""Streamed, replayable ``multipart/form-data`` upload body (shared by both clients)."""

from __future__ import annotations

import io
import mimetypes
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["CHUNK", "FileInput", "MultipartBody", "ProgressCallback"]

CHUNK = 64 * 1024
#: ``on_progress(bytes_sent, total_bytes)``
ProgressCallback = Callable[[int, int], Any]
#: what ``files.upload`` accepts: a path, bytes, or a seekable binary file object
FileInput = str | os.PathLike[str] | bytes | IO[bytes]


class MultipartBody:
    """A replayable ``multipart/form-data`` body with one ``file`` part, streamed in chunks.

    Iterable both synchronously and asynchronously (httpx picks the one it needs)."""

    def __init__(
        self,
        source: FileInput,
        filename: str | None,
        content_type: str | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self._source = source
        if isinstance(source, bytes):
            size = len(source)
            default_name = "upload.bin"
        elif isinstance(source, str | os.PathLike):
            size = os.path.getsize(source)
            default_name = Path(source).name
        else:
            self._start = source.tell() if source.seekable() else 0
            if source.seekable():
                size = source.seek(0, io.SEEK_END) - self._start
                source.seek(self._start)
            else:
                raise TypeError("file objects must be seekable (or pass a path / bytes)")
            default_name = Path(str(getattr(source, "name", "upload.bin"))).name
        self.filename = filename or default_name
        self.content_type = (
            content_type or mimetypes.guess_type(self.filename)[0] or "application/octet-stream"
        )
        self.size = size
        boundary = uuid.uuid4().hex
        quoted = self.filename.replace("\\", "\\\\").replace('"', '\\"')
        self._head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{quoted}"\r\nContent-Type: {self.content_type}\r\n\r\n'
        ).encode()
        self._tail = f"\r\n--{boundary}--\r\n".encode()
        self.headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(self._head) + size + len(self._tail)),
        }
        self._on_progress = on_progress
        self._reported = 0

    def _progress(self, sent: int) -> None:
        if self._on_progress is not None and sent > self._reported:
            self._reported = sent
            self._on_progress(sent, self.size)

    def _chunks(self) -> Iterator[bytes]:
        yield self._head
        sent = 0
        if isinstance(self._source, bytes):
            view = memoryview(self._source)
            for i in range(0, len(view), CHUNK):
                chunk = bytes(view[i : i + CHUNK])
                yield chunk
                sent += len(chunk)
                self._progress(sent)
        elif isinstance(self._source, str | os.PathLike):
            with open(self._source, "rb") as f:
                while chunk := f.read(CHUNK):
                    yield chunk
                    sent += len(chunk)
                    self._progress(sent)
        else:
            self._source.seek(self._start)
            remaining = self.size
            while remaining > 0 and (chunk := self._source.read(min(CHUNK, remaining))):
                yield chunk
                remaining -= len(chunk)
                sent += len(chunk)
                self._progress(sent)
        if self.size == 0:
            self._progress(0)
        yield self._tail

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk
