from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduleUpdate")


@_attrs_define
class ScheduleUpdate:
    """Body of `update_schedule`.

    Attributes:
        cron (None | str | Unset): 5-field cron (whitespace-separated).
        interval_seconds (int | None | Unset):
        timezone (str | Unset):
        input (list[UserContextInput | UserMessageInput] | Unset):
        labels (Labels | Unset): Labels used for filtering (`label=key:value` on list endpoints). String→string map (at
            most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
    """

    cron: None | str | Unset = UNSET
    interval_seconds: int | None | Unset = UNSET
    timezone: str | Unset = UNSET
    input: list[UserContextInput | UserMessageInput] | Unset = UNSET
    labels: Labels | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cron: None | str | Unset
        if isinstance(self.cron, Unset):
            cron = UNSET
        else:
            cron = self.cron

        interval_seconds: int | None | Unset
        if isinstance(self.interval_seconds, Unset):
            interval_seconds = UNSET
        else:
            interval_seconds = self.interval_seconds

        timezone = self.timezone

        input_: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.input, Unset):
            input_ = []
            for input_item_data in self.input:
                input_item: dict[str, Any]
                if isinstance(input_item_data, UserMessageInput):
                    input_item = input_item_data.to_dict()
                else:
                    input_item = input_item_data.to_dict()

                input_.append(input_item)

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cron is not UNSET:
            field_dict["cron"] = cron
        if interval_seconds is not UNSET:
            field_dict["interval_seconds"] = interval_seconds
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if input_ is not UNSET:
            field_dict["input"] = input_
        if labels is not UNSET:
            field_dict["labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_cron(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cron = _parse_cron(d.pop("cron", UNSET))

        def _parse_interval_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        interval_seconds = _parse_interval_seconds(d.pop("interval_seconds", UNSET))

        timezone = d.pop("timezone", UNSET)

        _input_ = d.pop("input", UNSET)
        input_: list[UserContextInput | UserMessageInput] | Unset = UNSET
        if _input_ is not UNSET:
            input_ = []
            for input_item_data in _input_:

                def _parse_input_item(
                    data: object,
                ) -> UserContextInput | UserMessageInput:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_input_item_type_0 = (
                            UserMessageInput.from_dict(data)
                        )

                        return componentsschemas_input_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_input_item_type_1 = UserContextInput.from_dict(
                        data
                    )

                    return componentsschemas_input_item_type_1

                input_item = _parse_input_item(input_item_data)

                input_.append(input_item)

        _labels = d.pop("labels", UNSET)
        labels: Labels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = Labels.from_dict(_labels)

        schedule_update = cls(
            cron=cron,
            interval_seconds=interval_seconds,
            timezone=timezone,
            input=input_,
            labels=labels,
        )

        return schedule_update


from ..models.labels import Labels
from ..models.user_context_input import UserContextInput
from ..models.user_message_input import UserMessageInput
