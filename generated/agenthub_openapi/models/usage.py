from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """Token usage. The `scripted` model counts 1 token per whitespace-separated word.

    Attributes:
        input_tokens (int): Input tokens.
        output_tokens (int): Output tokens.
        total_tokens (int): input_tokens + output_tokens.
        cost_usd (float | Unset): Cost in US dollars, from the model's `pricing` (`GET /v1/models`).
        context_window (int | Unset): The model's context window in tokens.
    """

    input_tokens: int
    output_tokens: int
    total_tokens: int
    cost_usd: float | Unset = UNSET
    context_window: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        total_tokens = self.total_tokens

        cost_usd = self.cost_usd

        context_window = self.context_window

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "total_tokens": total_tokens,
            }
        )
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if context_window is not UNSET:
            field_dict["context_window"] = context_window

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        input_tokens = d.pop("input_tokens")

        output_tokens = d.pop("output_tokens")

        total_tokens = d.pop("total_tokens")

        cost_usd = d.pop("cost_usd", UNSET)

        context_window = d.pop("context_window", UNSET)

        usage = cls(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=total_tokens,
            cost_usd=cost_usd,
            context_window=context_window,
        )

        return usage
