"""File blobs on disk, streaming multipart parsing with a size limit, byte ranges."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header

from .errors import ApiError
from .util import new_id


class BlobStore:
    def __init__(self, db_path: str) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if db_path == ":memory:" or not db_path:
            self._tmp = tempfile.TemporaryDirectory(prefix="agenthub-files-")
            self.root = self._tmp.name
        else:
            self.root = os.path.abspath(db_path) + ".files"
            os.makedirs(self.root, exist_ok=True)

    def path(self, blob_id: str) -> str:
        if not re.fullmatch(r"[a-z0-9_]+", blob_id):
            raise ApiError("not_found", "file content not found")
        return os.path.join(self.root, blob_id)

    def new_blob(self) -> tuple[str, str]:
        blob_id = new_id("blob")
        return blob_id, self.path(blob_id)

    def write_bytes(self, data: bytes) -> tuple[str, int, str]:
        blob_id, path = self.new_blob()
        with open(path, "wb") as fh:
            fh.write(data)
        return blob_id, len(data), hashlib.sha256(data).hexdigest()

    def read_bytes(self, blob_id: str, limit: int | None = None) -> bytes:
        try:
            with open(self.path(blob_id), "rb") as fh:
                return fh.read() if limit is None else fh.read(limit)
        except FileNotFoundError:
            return b""

    def remove(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError, ApiError):
            os.unlink(self.path(blob_id))

    def remove_unreferenced(self, live: set[str | None]) -> int:
        """Delete every blob file whose id is not in ``live``; returns how many."""
        removed = 0
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.is_file() and entry.name.startswith("blob_") and entry.name not in live:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
        return removed

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~-]+"
_MEDIA_TYPE = re.compile(rf'{_TOKEN}/{_TOKEN}(?:\s*;\s*{_TOKEN}=(?:{_TOKEN}|"[^"\\\r\n]*"))*')


class _Upload:
    def __init__(self, blobs: BlobStore, limit: int) -> None:
        self.blobs = blobs
        self.limit = limit
        self.size = 0
        self.sha = hashlib.sha256()
        self.filename: str | None = None
        self.content_type: str | None = None
        self.blob_id: str | None = None
        self.fh: Any = None
        self.done = False
        self.too_large = False
        # per-part state
        self._hdr_field = b""
        self._hdr_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._in_file = False

    # callbacks
    def on_part_begin(self) -> None:
        self._headers = {}
        self._in_file = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._hdr_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._hdr_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._hdr_field.lower()] = self._hdr_value
        self._hdr_field = b""
        self._hdr_value = b""

    def on_headers_finished(self) -> None:
        _disp, opts = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = opts.get(b"name", b"").decode("utf-8", "replace")
        if name == "file" and self.blob_id is None and b"filename" in opts:
            self._in_file = True
            self.filename = opts[b"filename"].decode("utf-8", "replace") or "upload.bin"
            ctype = self._headers.get(b"content-type", b"").decode("latin-1").strip()
            # served back as the download's Content-Type: only a well-formed media type
            self.content_type = (
                ctype if _MEDIA_TYPE.fullmatch(ctype) else "application/octet-stream"
            )
            self.blob_id, path = self.blobs.new_blob()
            self.fh = open(path, "wb")  # noqa: SIM115

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self._in_file or self.too_large:
            return
        chunk = data[start:end]
        self.size += len(chunk)
        if self.size > self.limit:
            self.too_large = True
            return
        self.sha.update(chunk)
        self.fh.write(chunk)

    def on_part_end(self) -> None:
        if self._in_file:
            self._in_file = False
            self.done = True

    def cleanup(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
        if self.blob_id is not None:
            self.blobs.remove(self.blob_id)
            self.blob_id = None


async def receive_upload(
    blobs: BlobStore, content_type: str, stream: AsyncIterator[bytes], limit: int
) -> dict[str, Any]:
    """Parse a multipart body chunk by chunk, writing the ``file`` part straight to disk."""
    ctype, opts = parse_options_header(content_type.encode("latin-1", "replace"))
    if ctype != b"multipart/form-data":
        raise ApiError(
            "unsupported_media_type", "Upload must be multipart/form-data with a 'file' part"
        )
    boundary = opts.get(b"boundary")
    if not boundary:
        raise ApiError("bad_request", "multipart/form-data without a boundary")
    up = _Upload(blobs, limit)
    callbacks = {
        "on_part_begin": up.on_part_begin,
        "on_header_field": up.on_header_field,
        "on_header_value": up.on_header_value,
        "on_header_end": up.on_header_end,
        "on_headers_finished": up.on_headers_finished,
        "on_part_data": up.on_part_data,
        "on_part_end": up.on_part_end,
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in stream:
            if chunk:
                parser.write(chunk)
            if up.too_large:
                raise ApiError(
                    "payload_too_large", f"File exceeds the upload limit of {limit} bytes"
                )
        parser.finalize()
    except ApiError:
        up.cleanup()
        raise
    except Exception as exc:
        up.cleanup()
        raise ApiError("bad_request", f"Malformed multipart body: {exc}") from None
    if up.fh is not None:
        up.fh.close()
        up.fh = None
    if up.blob_id is None or not up.done:
        up.cleanup()
        raise ApiError(
            "validation_error",
            "Multipart body needs a 'file' part with a filename",
            errors=[{"loc": ["body", "file"], "msg": "Field required", "type": "missing"}],
        )
    return {
        "blob_id": up.blob_id,
        "filename": up.filename,
        "content_type": up.content_type,
        "size_bytes": up.size,
        "sha256": up.sha.hexdigest(),
    }


_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Return (start, end_inclusive) or None for a full response; raise 416 when unsatisfiable."""
    if not header:
        return None
    if "," in header:
        return None  # multiple ranges: answer with the whole representation
    m = _RANGE.match(header)
    if not m:
        return None  # not a byte range we understand: ignore (RFC 9110 §14.2)
    first, last = m.group(1), m.group(2)
    if first == "" and last == "":
        return None
    if first == "":
        n = int(last)
        if n == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(0, size - n), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or (last and end < start):
        raise _unsatisfiable(size)
    return start, min(end, size - 1)


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(
        "range_not_satisfiable",
        f"Requested range not satisfiable (size {size})",
        headers={"Content-Range": f"bytes */{size}"},
    )


async def iter_file(
    path: str, start: int, length: int, chunk: int = 64 * 1024
) -> AsyncIterator[bytes]:
    with open(path, "rb") as fh:
        fh.seek(start)
        remaining = length
        while remaining > 0:
            data = fh.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
