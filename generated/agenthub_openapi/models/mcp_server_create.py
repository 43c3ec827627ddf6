from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="McpServerCreate")


@_attrs_define
class McpServerCreate:
    """Body of `create_mcp_server`.

    Attributes:
        name (str): Unique per tenant (409 otherwise).
        uri (str): http(s):// or stdio: URI.
    """

    name: str
    uri: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        uri = self.uri

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "uri": uri,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        uri = d.pop("uri")

        mcp_server_create = cls(
            name=name,
            uri=uri,
        )

        return mcp_server_create
