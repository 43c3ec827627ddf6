from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ToolCall")


@_attrs_define
class ToolCall:
    """A tool call made during a turn.

    Attributes:
        call_id (str):
        tool_name (str):
        arguments (JsonObject): An arbitrary JSON object.
        output (None | str):
        is_error (bool):
    """

    call_id: str
    tool_name: str
    arguments: JsonObject
    output: None | str
    is_error: bool

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        tool_name = self.tool_name

        arguments = self.arguments.to_dict()

        output: None | str
        output = self.output

        is_error = self.is_error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "call_id": call_id,
                "tool_name": tool_name,
                "arguments": arguments,
                "output": output,
                "is_error": is_error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        tool_name = d.pop("tool_name")

        arguments = JsonObject.from_dict(d.pop("arguments"))

        def _parse_output(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        output = _parse_output(d.pop("output"))

        is_error = d.pop("is_error")

        tool_call = cls(
            call_id=call_id,
            tool_name=tool_name,
            arguments=arguments,
            output=output,
            is_error=is_error,
        )

        return tool_call


from ..models.json_object import JsonObject
