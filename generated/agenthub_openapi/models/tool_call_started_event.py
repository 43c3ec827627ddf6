from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="ToolCallStartedEvent")


@_attrs_define
class ToolCallStartedEvent:
    """`tool_call.started` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['tool_call.started']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        call_id (str):
        tool_name (str):
        arguments (JsonObject): An arbitrary JSON object.
    """

    id: str
    type: Literal["tool_call.started"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    call_id: str
    tool_name: str
    arguments: JsonObject

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        call_id = self.call_id

        tool_name = self.tool_name

        arguments = self.arguments.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "call_id": call_id,
                "tool_name": tool_name,
                "arguments": arguments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["tool_call.started"], d.pop("type"))
        if type_ != "tool_call.started":
            raise ValueError(
                f"type must match const 'tool_call.started', got '{type_}'"
            )

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        call_id = d.pop("call_id")

        tool_name = d.pop("tool_name")

        arguments = JsonObject.from_dict(d.pop("arguments"))

        tool_call_started_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            call_id=call_id,
            tool_name=tool_name,
            arguments=arguments,
        )

        return tool_call_started_event


from ..models.json_object import JsonObject
