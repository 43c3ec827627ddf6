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

T = TypeVar("T", bound="TextPart")


@_attrs_define
class TextPart:
    """Text content part.

    Attributes:
        type (Literal['text']):
        text (str):
    """

    type: Literal["text"]
    text: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["text"], d.pop("type"))
        if type_ != "text":
            raise ValueError(f"type must match const 'text', got '{type_}'")

        text = d.pop("text")

        text_part = cls(
            type=type_,
            text=text,
        )

        return text_part
