from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Capabilities")


@_attrs_define
class Capabilities:
    """What this server supports.

    Attributes:
        contract_version (str): Version of this contract (`info.version`).
        capabilities (list[Capability]):
        grpc_target (None | str): host:port of the gRPC endpoint, null if none.
    """

    contract_version: str
    capabilities: list[Capability]
    grpc_target: None | str

    def to_dict(self) -> dict[str, Any]:
        contract_version = self.contract_version

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)

        grpc_target: None | str
        grpc_target = self.grpc_target

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contract_version": contract_version,
                "capabilities": capabilities,
                "grpc_target": grpc_target,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        contract_version = d.pop("contract_version")

        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = Capability.from_dict(capabilities_item_data)

            capabilities.append(capabilities_item)

        def _parse_grpc_target(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        grpc_target = _parse_grpc_target(d.pop("grpc_target"))

        capabilities = cls(
            contract_version=contract_version,
            capabilities=capabilities,
            grpc_target=grpc_target,
        )

        return capabilities


from ..models.capability import Capability
