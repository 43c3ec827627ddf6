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

from ..models.schedule_occurrence_status import (
    ScheduleOccurrenceStatus,
    check_schedule_occurrence_status,
)

T = TypeVar("T", bound="ScheduleOccurrence")


@_attrs_define
class ScheduleOccurrence:
    """One firing of a schedule.

    Attributes:
        id (str): Occurrence id (prefix `occ_`).
        object (Literal['schedule_occurrence']):
        schedule_id (str):
        scheduled_for (datetime.datetime):
        fired_at (datetime.datetime):
        session_id (None | str):
        turn_id (None | str):
        status (ScheduleOccurrenceStatus):
        error (None | str):
    """

    id: str
    object: Literal["schedule_occurrence"]
    schedule_id: str
    scheduled_for: datetime.datetime
    fired_at: datetime.datetime
    session_id: None | str
    turn_id: None | str
    status: ScheduleOccurrenceStatus
    error: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        schedule_id = self.schedule_id

        scheduled_for = self.scheduled_for.isoformat()

        fired_at = self.fired_at.isoformat()

        session_id: None | str
        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        status: str = self.status

        error: None | str
        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "schedule_id": schedule_id,
                "scheduled_for": scheduled_for,
                "fired_at": fired_at,
                "session_id": session_id,
                "turn_id": turn_id,
                "status": status,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["schedule_occurrence"], d.pop("object"))
        if object_ != "schedule_occurrence":
            raise ValueError(
                f"object must match const 'schedule_occurrence', got '{object_}'"
            )

        schedule_id = d.pop("schedule_id")

        scheduled_for = datetime.datetime.fromisoformat(d.pop("scheduled_for"))

        fired_at = datetime.datetime.fromisoformat(d.pop("fired_at"))

        def _parse_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session_id = _parse_session_id(d.pop("session_id"))

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        status = check_schedule_occurrence_status(d.pop("status"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        schedule_occurrence = cls(
            id=id,
            object=object_,
            schedule_id=schedule_id,
            scheduled_for=scheduled_for,
            fired_at=fired_at,
            session_id=session_id,
            turn_id=turn_id,
            status=status,
            error=error,
        )

        return schedule_occurrence
