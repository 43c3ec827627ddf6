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

T = TypeVar("T", bound="MessageDeltaEvent")


@_attrs_define
class MessageDeltaEvent:
    """`message.delta` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['message.delta']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        message_id (str):
        delta (str): Text to append (with its leading whitespace).
    """

    id: str
    type: Literal["message.delta"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    message_id: str
    delta: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        message_id = self.message_id

        delta = self.delta

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "message_id": message_id,
                "delta": delta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["message.delta"], d.pop("type"))
        if type_ != "message.delta":
            raise ValueError(f"type must match const 'message.delta', got '{type_}'")

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        message_id = d.pop("message_id")

        delta = d.pop("delta")

        message_delta_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            message_id=message_id,
            delta=delta,
        )

        return message_delta_event
