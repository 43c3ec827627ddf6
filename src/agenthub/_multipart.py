"""Streamed, replayable ``multipart/form-data`` upload body (shared by both clients)."""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO, Any

CHUNK = 64 * 1024
#: ``on_progress(bytes_sent, total_bytes)``
ProgressCallback = Callable[[int, int], Any]
#: what ``files.upload`` accepts: a path, bytes, or a seekable binary file object
FileInput = str | os.PathLike[str] | bytes | IO[bytes]


class MultipartBody:
    """One ``file`` part streamed in chunks of :data:`CHUNK` bytes, iterable both ways (httpx
    picks the one it needs). ``headers``: ``Content-Type`` (with the boundary) and the exact
    ``Content-Length``. Raises ``TypeError`` for a file object that is not seekable."""

    def __init__(
        self,
        source: FileInput,
        filename: str | None,
        content_type: str | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self._source, self._start = source, 0
        if isinstance(source, bytes):
            size, default_name = len(source), "upload.bin"
        elif isinstance(source, str | os.PathLike):
            size, default_name = os.path.getsize(source), Path(source).name
        else:
            seekable = getattr(source, "seekable", None)
            if not callable(seekable) or not seekable():
                raise TypeError(
                    f"Cannot upload {type(source).__name__}: pass a path, bytes or a seekable "
                    "binary file object"
                )
            self._start = source.tell()
            size = source.seek(0, io.SEEK_END) - self._start
            default_name = Path(str(getattr(source, "name", "upload.bin"))).name
        self.filename = filename or default_name
        self.content_type = (
            content_type or mimetypes.guess_type(self.filename)[0] or "application/octet-stream"
        )
        self.size, boundary = size, uuid.uuid4().hex
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
        self._on_progress, self._reported = on_progress, 0

    def _open(self) -> contextlib.AbstractContextManager[IO[bytes]]:
        source = self._source
        if isinstance(source, bytes):
            return io.BytesIO(source)
        if isinstance(source, str | os.PathLike):
            return open(source, "rb")
        source.seek(self._start)  # a replay (retry) starts from the same place
        return contextlib.nullcontext(source)  # the caller's file: not ours to close

    def _chunks(self) -> Iterator[bytes]:
        yield self._head
        sent = 0
        with self._open() as f:
            while sent < self.size and (chunk := f.read(min(CHUNK, self.size - sent))):
                yield chunk
                sent += len(chunk)
                # monotone across replays (retries): resumes past the previous high mark
                if self._on_progress is not None and sent > self._reported:
                    self._reported = sent
                    self._on_progress(sent, self.size)
        yield self._tail

    __iter__ = _chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk
