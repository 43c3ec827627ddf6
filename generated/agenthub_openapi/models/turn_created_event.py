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

T = TypeVar("T", bound="TurnCreatedEvent")


@_attrs_define
class TurnCreatedEvent:
    """`turn.created` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['turn.created']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        turn (Turn): One exchange: user input and the agent's work on it.
    """

    id: str
    type: Literal["turn.created"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    turn: Turn

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        turn = self.turn.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "turn": turn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["turn.created"], d.pop("type"))
        if type_ != "turn.created":
            raise ValueError(f"type must match const 'turn.created', got '{type_}'")

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        turn = Turn.from_dict(d.pop("turn"))

        turn_created_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            turn=turn,
        )

        return turn_created_event


from ..models.turn import Turn
