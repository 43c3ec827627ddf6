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

T = TypeVar("T", bound="McpServer")


@_attrs_define
class McpServer:
    """A registered MCP server.

    Attributes:
        id (str): MCP server id (prefix `mcp_`).
        object (Literal['mcp_server']):
        name (str):
        uri (str):
        created_at (datetime.datetime):
    """

    id: str
    object: Literal["mcp_server"]
    name: str
    uri: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        name = self.name

        uri = self.uri

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "name": name,
                "uri": uri,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["mcp_server"], d.pop("object"))
        if object_ != "mcp_server":
            raise ValueError(f"object must match const 'mcp_server', got '{object_}'")

        name = d.pop("name")

        uri = d.pop("uri")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        mcp_server = cls(
            id=id,
            object=object_,
            name=name,
            uri=uri,
            created_at=created_at,
        )

        return mcp_server
