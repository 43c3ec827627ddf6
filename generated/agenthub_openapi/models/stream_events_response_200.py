from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StreamEventsResponse200")


@_attrs_define
class StreamEventsResponse200:
    """One server-sent event (OpenAPI 3.1 tools such as schemathesis read a `text/event-stream` schema as the schema of
    each event; OpenAPI 3.2 names it `itemSchema`): `id` is the sequence number, `event` the type and `data` the Event
    as JSON. Heartbeat comments and the opening `retry:` carry no data.

        Attributes:
            data (str):
            id (str | Unset):
            event (str | Unset):
            retry (int | Unset):
    """

    data: str
    id: str | Unset = UNSET
    event: str | Unset = UNSET
    retry: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        id = self.id

        event = self.event

        retry = self.retry

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if event is not UNSET:
            field_dict["event"] = event
        if retry is not UNSET:
            field_dict["retry"] = retry

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        data = d.pop("data")

        id = d.pop("id", UNSET)

        event = d.pop("event", UNSET)

        retry = d.pop("retry", UNSET)

        stream_events_response_200 = cls(
            data=data,
            id=id,
            event=event,
            retry=retry,
        )

        stream_events_response_200.additional_properties = d
        return stream_events_response_200

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
