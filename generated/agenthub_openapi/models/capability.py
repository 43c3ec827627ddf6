from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.capability_status import CapabilityStatus, check_capability_status

T = TypeVar("T", bound="Capability")


@_attrs_define
class Capability:
    """
    Attributes:
        id (str): agents, agents.import_export, sessions, turns, events.sse, events.grpc, elicitations, client_tools,
            files, files.range, mcp_servers, skills, schedules, config, models.
        status (CapabilityStatus):
    """

    id: str
    status: CapabilityStatus

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        status = check_capability_status(d.pop("status"))

        capability = cls(
            id=id,
            status=status,
        )

        return capability
