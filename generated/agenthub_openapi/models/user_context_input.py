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

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserContextInput")


@_attrs_define
class UserContextInput:
    """Extra context for the agent (not a message).

    Attributes:
        type (Literal['user.context']):
        text (str):
        source (None | str | Unset): Where the context came from.
    """

    type: Literal["user.context"]
    text: str
    source: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type

        text = self.text

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["user.context"], d.pop("type"))
        if type_ != "user.context":
            raise ValueError(f"type must match const 'user.context', got '{type_}'")

        text = d.pop("text")

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        user_context_input = cls(
            type=type_,
            text=text,
            source=source,
        )

        return user_context_input
