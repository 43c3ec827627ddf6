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

T = TypeVar("T", bound="McpServerList")


@_attrs_define
class McpServerList:
    """A page of McpServer objects.

    Attributes:
        object (Literal['list']):
        data (list[McpServer]):
        has_more (bool):
        next_cursor (None | str): Pass as `after` for the next page; null iff has_more is false.
    """

    object: Literal["list"]
    data: list[McpServer]
    has_more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "data": data,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        object_ = cast(Literal["list"], d.pop("object"))
        if object_ != "list":
            raise ValueError(f"object must match const 'list', got '{object_}'")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = McpServer.from_dict(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        mcp_server_list = cls(
            object=object_,
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return mcp_server_list


from ..models.mcp_server import McpServer
