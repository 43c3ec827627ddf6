from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TurnResult")


@_attrs_define
class TurnResult:
    """Outcome of a completed turn.

    Attributes:
        text (str): The assistant's final text.
        usage (Usage): Token usage. The `scripted` model counts 1 token per whitespace-separated word.
        tool_calls (list[ToolCall]):
        structured_output (Any): The final answer parsed as JSON when the turn was created with `output_schema` (it
            matched that schema); null otherwise.
    """

    text: str
    usage: Usage
    tool_calls: list[ToolCall]
    structured_output: Any

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        usage = self.usage.to_dict()

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        structured_output = self.structured_output

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
                "usage": usage,
                "tool_calls": tool_calls,
                "structured_output": structured_output,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        text = d.pop("text")

        usage = Usage.from_dict(d.pop("usage"))

        tool_calls = []
        _tool_calls = d.pop("tool_calls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCall.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        structured_output = d.pop("structured_output")

        turn_result = cls(
            text=text,
            usage=usage,
            tool_calls=tool_calls,
            structured_output=structured_output,
        )

        return turn_result


from ..models.tool_call import ToolCall
from ..models.usage import Usage
