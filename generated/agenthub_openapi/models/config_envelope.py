from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConfigEnvelope")


@_attrs_define
class ConfigEnvelope:
    """Tenant configuration document.

    Attributes:
        config (JsonObject): An arbitrary JSON object.
        generation (int): +1 per change. Also the `ETag`.
    """

    config: JsonObject
    generation: int

    def to_dict(self) -> dict[str, Any]:
        config = self.config.to_dict()

        generation = self.generation

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "config": config,
                "generation": generation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        config = JsonObject.from_dict(d.pop("config"))

        generation = d.pop("generation")

        config_envelope = cls(
            config=config,
            generation=generation,
        )

        return config_envelope


from ..models.json_object import JsonObject
