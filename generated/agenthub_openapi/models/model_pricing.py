from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ModelPricing")


@_attrs_define
class ModelPricing:
    """Prices in US dollars per million tokens (what `Usage.cost_usd` is computed from).

    Attributes:
        input_per_million_tokens (float):
        output_per_million_tokens (float):
    """

    input_per_million_tokens: float
    output_per_million_tokens: float

    def to_dict(self) -> dict[str, Any]:
        input_per_million_tokens = self.input_per_million_tokens

        output_per_million_tokens = self.output_per_million_tokens

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input_per_million_tokens": input_per_million_tokens,
                "output_per_million_tokens": output_per_million_tokens,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        input_per_million_tokens = d.pop("input_per_million_tokens")

        output_per_million_tokens = d.pop("output_per_million_tokens")

        model_pricing = cls(
            input_per_million_tokens=input_per_million_tokens,
            output_per_million_tokens=output_per_million_tokens,
        )

        return model_pricing
