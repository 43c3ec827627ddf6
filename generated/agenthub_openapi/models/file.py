from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.file_source import FileSource, check_file_source

T = TypeVar("T", bound="File")


@_attrs_define
class File:
    """A file stored in a session.

    Attributes:
        id (str): File id (prefix `file_`).
        object (Literal['file']):
        session_id (str):
        filename (str):
        content_type (str):
        size_bytes (int): Size in bytes.
        sha256 (str): Hex SHA-256 of the content.
        source (FileSource):
        created_at (datetime.datetime):
    """

    id: str
    object: Literal["file"]
    session_id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    source: FileSource
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        session_id = self.session_id

        filename = self.filename

        content_type = self.content_type

        size_bytes = self.size_bytes

        sha256 = self.sha256

        source: str = self.source

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "session_id": session_id,
                "filename": filename,
                "content_type": content_type,
                "size_bytes": size_bytes,
                "sha256": sha256,
                "source": source,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["file"], d.pop("object"))
        if object_ != "file":
            raise ValueError(f"object must match const 'file', got '{object_}'")

        session_id = d.pop("session_id")

        filename = d.pop("filename")

        content_type = d.pop("content_type")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        source = check_file_source(d.pop("source"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        file = cls(
            id=id,
            object=object_,
            session_id=session_id,
            filename=filename,
            content_type=content_type,
            size_bytes=size_bytes,
            sha256=sha256,
            source=source,
            created_at=created_at,
        )

        return file
