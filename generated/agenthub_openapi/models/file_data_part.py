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

T = TypeVar("T", bound="FileDataPart")


@_attrs_define
class FileDataPart:
    """Inline file as a data URL.

    Attributes:
        type (Literal['file_data']):
        filename (str):
        data (str): Data URL: `data:<mime>;base64,<data>`.
    """

    type: Literal["file_data"]
    filename: str
    data: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type

        filename = self.filename

        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "filename": filename,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["file_data"], d.pop("type"))
        if type_ != "file_data":
            raise ValueError(f"type must match const 'file_data', got '{type_}'")

        filename = d.pop("filename")

        data = d.pop("data")

        file_data_part = cls(
            type=type_,
            filename=filename,
            data=data,
        )

        return file_data_part
