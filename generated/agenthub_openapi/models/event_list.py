from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="EventList")


@_attrs_define
class EventList:
    """A page of Event objects.

    Attributes:
        object (Literal['list']):
        data (list[ContextInjectedEvent | ElicitationRequestedEvent | ElicitationResolvedEvent | ErrorEvent |
            FileCreatedEvent | LogEvent | MessageCompletedEvent | MessageDeltaEvent | ReasoningDeltaEvent | RetryEvent |
            SessionRenamedEvent | SessionStatusEvent | SessionUsageEvent | SkillLoadedEvent | ToolCallCompletedEvent |
            ToolCallStartedEvent | TurnCancelledEvent | TurnCompletedEvent | TurnCreatedEvent | TurnFailedEvent |
            TurnIncompleteEvent | TurnStartedEvent | TurnWaitingEvent]):
        has_more (bool):
        next_cursor (None | str): Pass as `after` for the next page; null iff has_more is false.
    """

    object: Literal["list"]
    data: list[
        ContextInjectedEvent
        | ElicitationRequestedEvent
        | ElicitationResolvedEvent
        | ErrorEvent
        | FileCreatedEvent
        | LogEvent
        | MessageCompletedEvent
        | MessageDeltaEvent
        | ReasoningDeltaEvent
        | RetryEvent
        | SessionRenamedEvent
        | SessionStatusEvent
        | SessionUsageEvent
        | SkillLoadedEvent
        | ToolCallCompletedEvent
        | ToolCallStartedEvent
        | TurnCancelledEvent
        | TurnCompletedEvent
        | TurnCreatedEvent
        | TurnFailedEvent
        | TurnIncompleteEvent
        | TurnStartedEvent
        | TurnWaitingEvent
    ]
    has_more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object

        data = []
        for data_item_data in self.data:
            data_item: dict[str, Any]
            if (
                isinstance(data_item_data, SessionStatusEvent)
                or isinstance(data_item_data, SessionRenamedEvent)
                or isinstance(data_item_data, SessionUsageEvent)
                or isinstance(data_item_data, TurnCreatedEvent)
                or isinstance(data_item_data, TurnStartedEvent)
                or isinstance(data_item_data, TurnWaitingEvent)
                or isinstance(data_item_data, TurnCompletedEvent)
                or isinstance(data_item_data, TurnFailedEvent)
                or isinstance(data_item_data, TurnCancelledEvent)
                or isinstance(data_item_data, TurnIncompleteEvent)
                or isinstance(data_item_data, MessageDeltaEvent)
                or isinstance(data_item_data, MessageCompletedEvent)
                or isinstance(data_item_data, ReasoningDeltaEvent)
                or isinstance(data_item_data, ToolCallStartedEvent)
                or isinstance(data_item_data, ToolCallCompletedEvent)
                or isinstance(data_item_data, ElicitationRequestedEvent)
                or isinstance(data_item_data, ElicitationResolvedEvent)
                or isinstance(data_item_data, FileCreatedEvent)
                or isinstance(data_item_data, ContextInjectedEvent)
                or isinstance(data_item_data, SkillLoadedEvent)
                or isinstance(data_item_data, LogEvent)
                or isinstance(data_item_data, RetryEvent)
            ):
                data_item = data_item_data.to_dict()
            else:
                data_item = data_item_data.to_dict()

            data.append(data_item)

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "data": data,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        object_ = cast(Literal["list"], d.pop("object"))
        if object_ != "list":
            raise ValueError(f"object must match const 'list', got '{object_}'")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:

            def _parse_data_item(
                data: object,
            ) -> (
                ContextInjectedEvent
                | ElicitationRequestedEvent
                | ElicitationResolvedEvent
                | ErrorEvent
                | FileCreatedEvent
                | LogEvent
                | MessageCompletedEvent
                | MessageDeltaEvent
                | ReasoningDeltaEvent
                | RetryEvent
                | SessionRenamedEvent
                | SessionStatusEvent
                | SessionUsageEvent
                | SkillLoadedEvent
                | ToolCallCompletedEvent
                | ToolCallStartedEvent
                | TurnCancelledEvent
                | TurnCompletedEvent
                | TurnCreatedEvent
                | TurnFailedEvent
                | TurnIncompleteEvent
                | TurnStartedEvent
                | TurnWaitingEvent
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_0 = SessionStatusEvent.from_dict(data)

                    return componentsschemas_event_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_1 = SessionRenamedEvent.from_dict(data)

                    return componentsschemas_event_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_2 = SessionUsageEvent.from_dict(data)

                    return componentsschemas_event_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_3 = TurnCreatedEvent.from_dict(data)

                    return componentsschemas_event_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_4 = TurnStartedEvent.from_dict(data)

                    return componentsschemas_event_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_5 = TurnWaitingEvent.from_dict(data)

                    return componentsschemas_event_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_6 = TurnCompletedEvent.from_dict(data)

                    return componentsschemas_event_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_7 = TurnFailedEvent.from_dict(data)

                    return componentsschemas_event_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_8 = TurnCancelledEvent.from_dict(data)

                    return componentsschemas_event_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_9 = TurnIncompleteEvent.from_dict(data)

                    return componentsschemas_event_type_9
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_10 = MessageDeltaEvent.from_dict(data)

                    return componentsschemas_event_type_10
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_11 = MessageCompletedEvent.from_dict(
                        data
                    )

                    return componentsschemas_event_type_11
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_12 = ReasoningDeltaEvent.from_dict(
                        data
                    )

                    return componentsschemas_event_type_12
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_13 = ToolCallStartedEvent.from_dict(
                        data
                    )

                    return componentsschemas_event_type_13
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_14 = ToolCallCompletedEvent.from_dict(
                        data
                    )

                    return componentsschemas_event_type_14
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_15 = (
                        ElicitationRequestedEvent.from_dict(data)
                    )

                    return componentsschemas_event_type_15
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_16 = (
                        ElicitationResolvedEvent.from_dict(data)
                    )

                    return componentsschemas_event_type_16
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_17 = FileCreatedEvent.from_dict(data)

                    return componentsschemas_event_type_17
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_18 = ContextInjectedEvent.from_dict(
                        data
                    )

                    return componentsschemas_event_type_18
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_19 = SkillLoadedEvent.from_dict(data)

                    return componentsschemas_event_type_19
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_20 = LogEvent.from_dict(data)

                    return componentsschemas_event_type_20
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_type_21 = RetryEvent.from_dict(data)

                    return componentsschemas_event_type_21
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_type_22 = ErrorEvent.from_dict(data)

                return componentsschemas_event_type_22

            data_item = _parse_data_item(data_item_data)

            data.append(data_item)

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        event_list = cls(
            object=object_,
            data=data,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return event_list


from ..models.context_injected_event import ContextInjectedEvent
from ..models.elicitation_requested_event import ElicitationRequestedEvent
from ..models.elicitation_resolved_event import ElicitationResolvedEvent
from ..models.error_event import ErrorEvent
from ..models.file_created_event import FileCreatedEvent
from ..models.log_event import LogEvent
from ..models.message_completed_event import MessageCompletedEvent
from ..models.message_delta_event import MessageDeltaEvent
from ..models.reasoning_delta_event import ReasoningDeltaEvent
from ..models.retry_event import RetryEvent
from ..models.session_renamed_event import SessionRenamedEvent
from ..models.session_status_event import SessionStatusEvent
from ..models.session_usage_event import SessionUsageEvent
from ..models.skill_loaded_event import SkillLoadedEvent
from ..models.tool_call_completed_event import ToolCallCompletedEvent
from ..models.tool_call_started_event import ToolCallStartedEvent
from ..models.turn_cancelled_event import TurnCancelledEvent
from ..models.turn_completed_event import TurnCompletedEvent
from ..models.turn_created_event import TurnCreatedEvent
from ..models.turn_failed_event import TurnFailedEvent
from ..models.turn_incomplete_event import TurnIncompleteEvent
from ..models.turn_started_event import TurnStartedEvent
from ..models.turn_waiting_event import TurnWaitingEvent
