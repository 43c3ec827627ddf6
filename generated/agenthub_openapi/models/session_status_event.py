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

from ..models.session_status import SessionStatus, check_session_status

T = TypeVar("T", bound="SessionStatusEvent")


@_attrs_define
class SessionStatusEvent:
    """`session.status` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['session.status']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        status (SessionStatus): Session status. `cancelled` is terminal.
        previous_status (None | SessionStatus):
    """

    id: str
    type: Literal["session.status"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    status: SessionStatus
    previous_status: None | SessionStatus

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        status: str = self.status

        previous_status: None | str
        if isinstance(self.previous_status, str):
            previous_status = self.previous_status
        else:
            previous_status = self.previous_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "status": status,
                "previous_status": previous_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["session.status"], d.pop("type"))
        if type_ != "session.status":
            raise ValueError(f"type must match const 'session.status', got '{type_}'")

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        status = check_session_status(d.pop("status"))

        def _parse_previous_status(data: object) -> None | SessionStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = check_session_status(data)

                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionStatus, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))

        session_status_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            status=status,
            previous_status=previous_status,
        )

        return session_status_event
