from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InjectContextRequest")


@_attrs_define
class InjectContextRequest:
    """Body of `inject_context`.

    Attributes:
        text (str):
        source (str | Unset): Default `user`. Default: 'user'.
    """

    text: str
    source: str | Unset = "user"

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        text = d.pop("text")

        source = d.pop("source", UNSET)

        inject_context_request = cls(
            text=text,
            source=source,
        )

        return inject_context_request
