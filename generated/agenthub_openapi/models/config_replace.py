from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConfigReplace")


@_attrs_define
class ConfigReplace:
    """Body of `replace_config`.

    Attributes:
        config (JsonObject): An arbitrary JSON object.
    """

    config: JsonObject

    def to_dict(self) -> dict[str, Any]:
        config = self.config.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "config": config,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        config = JsonObject.from_dict(d.pop("config"))

        config_replace = cls(
            config=config,
        )

        return config_replace


from ..models.json_object import JsonObject
