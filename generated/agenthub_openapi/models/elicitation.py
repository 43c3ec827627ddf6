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

from ..models.elicitation_action import ElicitationAction, check_elicitation_action
from ..models.elicitation_kind import ElicitationKind, check_elicitation_kind
from ..models.elicitation_status import ElicitationStatus, check_elicitation_status

T = TypeVar("T", bound="Elicitation")


@_attrs_define
class Elicitation:
    """A question from the agent that pauses the turn until resolved.

    Attributes:
        id (str): Elicitation id (prefix `eli_`).
        object (Literal['elicitation']):
        session_id (str):
        turn_id (str):
        kind (ElicitationKind):
        status (ElicitationStatus):
        message (str): Question shown to the user.
        tool_name (None | str):
        call_id (None | str):
        arguments (JsonObject | None):
        requested_schema (JsonObject | None):
        action (ElicitationAction | None):
        content (JsonObject | None):
        reason (None | str):
        created_at (datetime.datetime):
        resolved_at (datetime.datetime | None):
    """

    id: str
    object: Literal["elicitation"]
    session_id: str
    turn_id: str
    kind: ElicitationKind
    status: ElicitationStatus
    message: str
    tool_name: None | str
    call_id: None | str
    arguments: JsonObject | None
    requested_schema: JsonObject | None
    action: ElicitationAction | None
    content: JsonObject | None
    reason: None | str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        session_id = self.session_id

        turn_id = self.turn_id

        kind: str = self.kind

        status: str = self.status

        message = self.message

        tool_name: None | str
        tool_name = self.tool_name

        call_id: None | str
        call_id = self.call_id

        arguments: dict[str, Any] | None
        if isinstance(self.arguments, JsonObject):
            arguments = self.arguments.to_dict()
        else:
            arguments = self.arguments

        requested_schema: dict[str, Any] | None
        if isinstance(self.requested_schema, JsonObject):
            requested_schema = self.requested_schema.to_dict()
        else:
            requested_schema = self.requested_schema

        action: None | str
        if isinstance(self.action, str):
            action = self.action
        else:
            action = self.action

        content: dict[str, Any] | None
        if isinstance(self.content, JsonObject):
            content = self.content.to_dict()
        else:
            content = self.content

        reason: None | str
        reason = self.reason

        created_at = self.created_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "session_id": session_id,
                "turn_id": turn_id,
                "kind": kind,
                "status": status,
                "message": message,
                "tool_name": tool_name,
                "call_id": call_id,
                "arguments": arguments,
                "requested_schema": requested_schema,
                "action": action,
                "content": content,
                "reason": reason,
                "created_at": created_at,
                "resolved_at": resolved_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["elicitation"], d.pop("object"))
        if object_ != "elicitation":
            raise ValueError(f"object must match const 'elicitation', got '{object_}'")

        session_id = d.pop("session_id")

        turn_id = d.pop("turn_id")

        kind = check_elicitation_kind(d.pop("kind"))

        status = check_elicitation_status(d.pop("status"))

        message = d.pop("message")

        def _parse_tool_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tool_name = _parse_tool_name(d.pop("tool_name"))

        def _parse_call_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        call_id = _parse_call_id(d.pop("call_id"))

        def _parse_arguments(data: object) -> JsonObject | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                arguments_type_0 = JsonObject.from_dict(data)

                return arguments_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | None, data)

        arguments = _parse_arguments(d.pop("arguments"))

        def _parse_requested_schema(data: object) -> JsonObject | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                requested_schema_type_0 = JsonObject.from_dict(data)

                return requested_schema_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | None, data)

        requested_schema = _parse_requested_schema(d.pop("requested_schema"))

        def _parse_action(data: object) -> ElicitationAction | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_0 = check_elicitation_action(data)

                return action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ElicitationAction | None, data)

        action = _parse_action(d.pop("action"))

        def _parse_content(data: object) -> JsonObject | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_0 = JsonObject.from_dict(data)

                return content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | None, data)

        content = _parse_content(d.pop("content"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        elicitation = cls(
            id=id,
            object=object_,
            session_id=session_id,
            turn_id=turn_id,
            kind=kind,
            status=status,
            message=message,
            tool_name=tool_name,
            call_id=call_id,
            arguments=arguments,
            requested_schema=requested_schema,
            action=action,
            content=content,
            reason=reason,
            created_at=created_at,
            resolved_at=resolved_at,
        )

        return elicitation


from ..models.json_object import JsonObject
