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

from ..models.log_event_level import LogEventLevel, check_log_event_level

T = TypeVar("T", bound="LogEvent")


@_attrs_define
class LogEvent:
    """`log` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['log']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        level (LogEventLevel):
        message (str):
    """

    id: str
    type: Literal["log"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    level: LogEventLevel
    message: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        level: str = self.level

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "level": level,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["log"], d.pop("type"))
        if type_ != "log":
            raise ValueError(f"type must match const 'log', got '{type_}'")

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        level = check_log_event_level(d.pop("level"))

        message = d.pop("message")

        log_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            level=level,
            message=message,
        )

        return log_event
