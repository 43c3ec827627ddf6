from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="FilePart")


@_attrs_define
class FilePart:
    """Reference to an uploaded file.

    Attributes:
        type (Literal['file']):
        file_id (str): Id of an uploaded file (`file_`).
    """

    type: Literal["file"]
    file_id: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type

        file_id = self.file_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "file_id": file_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["file"], d.pop("type"))
        if type_ != "file":
            raise ValueError(f"type must match const 'file', got '{type_}'")

        file_id = d.pop("file_id")

        file_part = cls(
            type=type_,
            file_id=file_id,
        )

        return file_part
