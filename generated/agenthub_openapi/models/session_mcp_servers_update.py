from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SessionMcpServersUpdate")


@_attrs_define
class SessionMcpServersUpdate:
    """Body of `set_session_mcp_servers` (unknown id → 404).

    Attributes:
        mcp_server_ids (list[str]):
    """

    mcp_server_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        mcp_server_ids = self.mcp_server_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mcp_server_ids": mcp_server_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mcp_server_ids = cast(list[str], d.pop("mcp_server_ids"))

        session_mcp_servers_update = cls(
            mcp_server_ids=mcp_server_ids,
        )

        return session_mcp_servers_update
