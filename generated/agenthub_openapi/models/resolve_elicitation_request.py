from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.elicitation_action import ElicitationAction, check_elicitation_action
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResolveElicitationRequest")


@_attrs_define
class ResolveElicitationRequest:
    """Answer an elicitation. `client_tool` accept needs `content: {output: str, is_error?: bool}` (`is_error` default
    false: true when the client tool failed and `output` describes the error); `clarification` accept needs `content:
    {text: str}`.

        Attributes:
            action (ElicitationAction): How an elicitation was answered.
            content (JsonObject | Unset): An arbitrary JSON object.
            reason (str | Unset):
    """

    action: ElicitationAction
    content: JsonObject | Unset = UNSET
    reason: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action: str = self.action

        content: dict[str, Any] | Unset = UNSET
        if not isinstance(self.content, Unset):
            content = self.content.to_dict()

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = check_elicitation_action(d.pop("action"))

        _content = d.pop("content", UNSET)
        content: JsonObject | Unset
        if isinstance(_content, Unset):
            content = UNSET
        else:
            content = JsonObject.from_dict(_content)

        reason = d.pop("reason", UNSET)

        resolve_elicitation_request = cls(
            action=action,
            content=content,
            reason=reason,
        )

        return resolve_elicitation_request


from ..models.json_object import JsonObject
