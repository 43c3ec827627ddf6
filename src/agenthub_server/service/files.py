"""Session files: records over the blob store (uploads, agent-made files, downloads)."""

from __future__ import annotations

from typing import Any

from ..util import new_id, now_iso
from .base import HubBase, ListParams, atomic


class FilesMixin(HubBase):
    def render_file(self, f: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in f.items() if not k.startswith("_")}

    @atomic
    def add_file_record(
        self, tenant: str, session_id: str, info: dict[str, Any], source: str
    ) -> dict[str, Any]:
        f = {
            "id": new_id("file"),
            "object": "file",
            "session_id": session_id,
            "filename": info["filename"],
            "content_type": info["content_type"],
            "size_bytes": info["size_bytes"],
            "sha256": info["sha256"],
            "source": source,
            "created_at": now_iso(),
            "_blob": info["blob_id"],
        }
        self.store.put("file", tenant, f["id"], f, parent=session_id)
        return self.render_file(f)

    @atomic
    def add_file(
        self,
        tenant: str,
        session_id: str,
        filename: str,
        content_type: str,
        data: bytes,
        source: str,
    ) -> dict[str, Any]:
        blob_id, size, sha = self.blobs.write_bytes(data)
        self.store.on_rollback(lambda: self.blobs.remove(blob_id))
        info = {
            "blob_id": blob_id,
            "filename": filename,
            "content_type": content_type,
            "size_bytes": size,
            "sha256": sha,
        }
        return self.add_file_record(tenant, session_id, info, source)

    def _file(self, tenant: str, session_id: str, file_id: str) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._child("file", tenant, session_id, file_id)

    def list_files(self, tenant: str, session_id: str, params: ListParams) -> dict[str, Any]:
        self._session_doc(tenant, session_id)
        return self._page(
            "file", tenant, params, parent=session_id, use_parent=True, render=self.render_file
        )

    def get_file(self, tenant: str, session_id: str, file_id: str) -> dict[str, Any]:
        return self.render_file(self._file(tenant, session_id, file_id))

    def file_blob(self, tenant: str, session_id: str, file_id: str) -> tuple[dict[str, Any], str]:
        f = self._file(tenant, session_id, file_id)
        return self.render_file(f), self.blobs.path(f["_blob"])

    def read_file_text(self, tenant: str, session_id: str, file_id: str) -> str:
        f = self._file(tenant, session_id, file_id)
        return self.blobs.read_bytes(f["_blob"]).decode("utf-8", "replace")

    @atomic
    def delete_file(self, tenant: str, session_id: str, file_id: str) -> None:
        f = self._file(tenant, session_id, file_id)
        self.store.delete("file", tenant, file_id)
        self.blobs.remove(f["_blob"])
