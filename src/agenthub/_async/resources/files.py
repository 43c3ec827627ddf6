"""``session.files``: list/get/delete (generated), streamed upload, resumable download.

Uploads never read the whole file into memory: the multipart body is produced in 64 KiB
chunks with a precomputed ``Content-Length`` and replayed from the start by retries.
``on_progress(bytes_sent, total_bytes)`` gets increasing values ending at ``total_bytes``
(file bytes). 413 → ``PayloadTooLargeError``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx
from agenthub_openapi.api.files import download_file, get_file
from agenthub_openapi.models.file import File
from typing_extensions import Unpack

from ..._backends import AsyncBackend
from ..._exceptions import APIConnectionError, APIError, ProtocolError
from ..._http_errors import map_transport_error
from ..._multipart import CHUNK, FileInput, MultipartBody, ProgressCallback
from ..._retry import Pacer
from ..._types import CallOptions, RequestOptions
from .._transport import read_options
from ._files import AsyncFilesAPI

if TYPE_CHECKING:
    from .session import AsyncSession

__all__ = ["AsyncFileDownload", "AsyncFiles"]


class AsyncFiles(AsyncFilesAPI):
    """Files of a session (uploaded by the user or created by the agent)."""

    async def upload(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        on_progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> File:
        """Upload a path, ``bytes`` or a seekable binary file object → the File record.

        A retry (``max_retries``) re-sends the body from the start under the same
        ``Idempotency-Key`` (pass ``idempotency_key=`` to choose it)."""
        body = MultipartBody(file, filename, content_type, on_progress)
        spec = {
            "method": "post",
            "url": f"/v1/sessions/{self._session.id}/files",
            "content": AsyncBackend.upload_body(body),
            "headers": body.headers,
        }
        return await self._request(spec, File.from_dict, options)

    def download(
        self, file_id: str, *, max_resumes: int = 5, **options: Unpack[CallOptions]
    ) -> AsyncFileDownload:
        """A streamed download (no request until used), resumed with ``Range`` after a
        dropped connection (up to ``max_resumes`` consecutive failures, waiting as stream
        reconnects do). ``options`` apply to every request of the download (``timeout`` per
        connection, ``max_retries`` for error statuses before the body starts)."""
        return AsyncFileDownload(
            self._session,
            file_id,
            max_resumes=max_resumes,
            options=read_options(RequestOptions.from_call(options)),
        )


class AsyncFileDownload:
    """A file's content, streamed: ``iter_bytes()``, ``read()`` or ``write_to(path)``, once
    (``async with session.files.download(fid) as d`` or directly).

    The bytes are checked against the server's sha256 (``ETag``, else the File record);
    a mismatch raises ``ProtocolError``. ``size`` / ``sha256`` are known after the first
    response."""

    def __init__(
        self,
        session: AsyncSession,
        file_id: str,
        *,
        max_resumes: int = 5,
        options: RequestOptions | None = None,
    ) -> None:
        self._session = session
        self._options = options if options is not None else RequestOptions()
        self.file_id = file_id
        self.max_resumes = max_resumes
        self.size: int | None = None
        self.sha256: str | None = None
        self.resumes = 0

    async def __aenter__(self) -> AsyncFileDownload:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        return None

    async def iter_bytes(self, chunk_size: int = CHUNK) -> AsyncIterator[bytes]:
        """The content in chunks of about ``chunk_size`` bytes."""
        s = self._session
        offset = 0
        digest = hashlib.sha256()
        pacer = Pacer(limit=self.max_resumes, immediate=True)
        while True:
            # identity: byte offsets (Range) and the sha256 refer to the stored bytes
            headers: dict[str, str] = {"Accept": "*/*", "Accept-Encoding": "identity"}
            if offset:
                headers["Range"] = f"bytes={offset}-"
                if self.sha256:
                    headers["If-Range"] = f'"{self.sha256}"'
            spec = dict(download_file.build_request(s.id, self.file_id))
            spec["headers"] = {**(spec.get("headers") or {}), **headers}
            try:
                async with s._pipeline.stream(spec, self._options) as response:
                    self._note_size_and_sha256(response)
                    if offset and response.status_code != 206:
                        raise ProtocolError(
                            f"cannot resume {self.file_id}: the server ignored Range"
                        )
                    # re-chunk here rather than with aiter_bytes(chunk_size): after a drop the
                    # bytes already received still count, so the resume starts right after them
                    buf = bytearray()
                    dropped: APIError | None = None
                    try:
                        async for piece in response.aiter_bytes():
                            offset += len(piece)
                            digest.update(piece)
                            pacer.count = 0  # progress: the resume budget starts over
                            buf += piece
                            if len(buf) >= chunk_size:
                                yield bytes(buf)
                                buf.clear()
                    except httpx.TransportError as exc:
                        dropped = map_transport_error(exc, response.request)
                    if buf:
                        yield bytes(buf)
                    if dropped is not None:
                        raise dropped
                if self.size is None or offset >= self.size:
                    break
                error = APIConnectionError(f"download of {self.file_id} ended early")
            except APIConnectionError as exc:
                error = exc
            delay = pacer.next_delay()
            if pacer.exhausted:
                raise error
            self.resumes += 1
            await AsyncBackend.sleep(delay)
        if self.sha256 is None:
            spec = get_file.build_request(s.id, self.file_id)
            self.sha256 = (await s._pipeline.request(spec, File.from_dict, self._options)).sha256
        if digest.hexdigest() != self.sha256:
            raise ProtocolError(
                f"sha256 mismatch for {self.file_id}: got {digest.hexdigest()}, "
                f"expected {self.sha256}"
            )

    def _note_size_and_sha256(self, response: httpx.Response) -> None:
        """``sha256`` from a 64-hex ``ETag``, ``size`` from ``Content-Range`` (or a 200's
        ``Content-Length``), unless known."""
        etag = response.headers.get("etag", "").strip('"')
        if etag and len(etag) == 64 and self.sha256 is None:
            self.sha256 = etag
        if self.size is None:
            crange = response.headers.get("content-range", "")
            if "/" in crange and crange.rsplit("/", 1)[1].isdigit():
                self.size = int(crange.rsplit("/", 1)[1])
            elif response.status_code == 200:
                length = response.headers.get("content-length", "")
                self.size = int(length) if length.isdigit() else None

    async def read(self) -> bytes:
        """The whole content in memory."""
        return b"".join([chunk async for chunk in self.iter_bytes()])

    async def write_to(
        self, path: str | os.PathLike[str], *, on_progress: ProgressCallback | None = None
    ) -> int:
        """Stream to ``path`` → bytes written. ``on_progress(done, total)``."""
        written = 0
        with open(path, "wb") as f:
            async for chunk in self.iter_bytes():
                f.write(chunk)
                written += len(chunk)
                if on_progress is not None:
                    on_progress(written, self.size or written)
        return written
