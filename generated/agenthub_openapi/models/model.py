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

from ..types import UNSET, Unset

T = TypeVar("T", bound="Model")


@_attrs_define
class Model:
    """A model.

    Attributes:
        id (str):
        object (Literal['model']):
        description (str):
        context_window (int): Context window in tokens.
        pricing (ModelPricing | Unset): Prices in US dollars per million tokens (what `Usage.cost_usd` is computed
            from).
    """

    id: str
    object: Literal["model"]
    description: str
    context_window: int
    pricing: ModelPricing | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        description = self.description

        context_window = self.context_window

        pricing: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pricing, Unset):
            pricing = self.pricing.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "description": description,
                "context_window": context_window,
            }
        )
        if pricing is not UNSET:
            field_dict["pricing"] = pricing

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["model"], d.pop("object"))
        if object_ != "model":
            raise ValueError(f"object must match const 'model', got '{object_}'")

        description = d.pop("description")

        context_window = d.pop("context_window")

        _pricing = d.pop("pricing", UNSET)
        pricing: ModelPricing | Unset
        if isinstance(_pricing, Unset):
            pricing = UNSET
        else:
            pricing = ModelPricing.from_dict(_pricing)

        model = cls(
            id=id,
            object=object_,
            description=description,
            context_window=context_window,
            pricing=pricing,
        )

        return model


from ..models.model_pricing import ModelPricing
