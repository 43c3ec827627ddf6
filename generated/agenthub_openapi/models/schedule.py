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

from ..models.schedule_status import ScheduleStatus, check_schedule_status

T = TypeVar("T", bound="Schedule")


@_attrs_define
class Schedule:
    """Runs a turn in a new session on a cron or an interval.

    Attributes:
        id (str): Schedule id (prefix `sch_`).
        object (Literal['schedule']):
        agent_id (str):
        cron (None | str): 5-field cron expression.
        interval_seconds (int | None): Interval in seconds.
        timezone (str): IANA timezone (default UTC).
        input (list[UserContextInput | UserMessageInput]):
        labels (Labels): Labels used for filtering (`label=key:value` on list endpoints). String→string map (at most 64
            keys; keys ≤ 64 chars, values ≤ 512 chars).
        status (ScheduleStatus):
        next_run_at (datetime.datetime | None):
        last_run_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    object: Literal["schedule"]
    agent_id: str
    cron: None | str
    interval_seconds: int | None
    timezone: str
    input: list[UserContextInput | UserMessageInput]
    labels: Labels
    status: ScheduleStatus
    next_run_at: datetime.datetime | None
    last_run_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        agent_id = self.agent_id

        cron: None | str
        cron = self.cron

        interval_seconds: int | None
        interval_seconds = self.interval_seconds

        timezone = self.timezone

        input_ = []
        for input_item_data in self.input:
            input_item: dict[str, Any]
            if isinstance(input_item_data, UserMessageInput):
                input_item = input_item_data.to_dict()
            else:
                input_item = input_item_data.to_dict()

            input_.append(input_item)

        labels = self.labels.to_dict()

        status: str = self.status

        next_run_at: None | str
        if isinstance(self.next_run_at, datetime.datetime):
            next_run_at = self.next_run_at.isoformat()
        else:
            next_run_at = self.next_run_at

        last_run_at: None | str
        if isinstance(self.last_run_at, datetime.datetime):
            last_run_at = self.last_run_at.isoformat()
        else:
            last_run_at = self.last_run_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "agent_id": agent_id,
                "cron": cron,
                "interval_seconds": interval_seconds,
                "timezone": timezone,
                "input": input_,
                "labels": labels,
                "status": status,
                "next_run_at": next_run_at,
                "last_run_at": last_run_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["schedule"], d.pop("object"))
        if object_ != "schedule":
            raise ValueError(f"object must match const 'schedule', got '{object_}'")

        agent_id = d.pop("agent_id")

        def _parse_cron(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cron = _parse_cron(d.pop("cron"))

        def _parse_interval_seconds(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        interval_seconds = _parse_interval_seconds(d.pop("interval_seconds"))

        timezone = d.pop("timezone")

        input_ = []
        _input_ = d.pop("input")
        for input_item_data in _input_:

            def _parse_input_item(data: object) -> UserContextInput | UserMessageInput:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_input_item_type_0 = UserMessageInput.from_dict(
                        data
                    )

                    return componentsschemas_input_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_input_item_type_1 = UserContextInput.from_dict(data)

                return componentsschemas_input_item_type_1

            input_item = _parse_input_item(input_item_data)

            input_.append(input_item)

        labels = Labels.from_dict(d.pop("labels"))

        status = check_schedule_status(d.pop("status"))

        def _parse_next_run_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_run_at = _parse_next_run_at(d.pop("next_run_at"))

        def _parse_last_run_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_run_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_run_at = _parse_last_run_at(d.pop("last_run_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        schedule = cls(
            id=id,
            object=object_,
            agent_id=agent_id,
            cron=cron,
            interval_seconds=interval_seconds,
            timezone=timezone,
            input=input_,
            labels=labels,
            status=status,
            next_run_at=next_run_at,
            last_run_at=last_run_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        return schedule


from ..models.labels import Labels
from ..models.user_context_input import UserContextInput
from ..models.user_message_input import UserMessageInput
