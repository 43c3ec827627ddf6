from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.approval_mode import ApprovalMode, check_approval_mode
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentUpdate")


@_attrs_define
class AgentUpdate:
    """Body of `update_agent`: only the given fields change.

    Attributes:
        name (str | Unset): Display name.
        description (None | str | Unset):
        model (str | Unset): Model id (default `scripted`); must be listed by `list_models`, else 422.
        instructions (None | str | Unset):
        tools (list[str] | Unset): Tool names (default []).
        require_approval (ApprovalMode | list[str] | Unset): When tool calls need approval: `always`, `never`, or the
            list of tool names that need it.
        metadata (Metadata | Unset): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
    """

    name: str | Unset = UNSET
    description: None | str | Unset = UNSET
    model: str | Unset = UNSET
    instructions: None | str | Unset = UNSET
    tools: list[str] | Unset = UNSET
    require_approval: ApprovalMode | list[str] | Unset = UNSET
    metadata: Metadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        model = self.model

        instructions: None | str | Unset
        if isinstance(self.instructions, Unset):
            instructions = UNSET
        else:
            instructions = self.instructions

        tools: list[str] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = self.tools

        require_approval: list[str] | str | Unset
        if isinstance(self.require_approval, Unset):
            require_approval = UNSET
        elif isinstance(self.require_approval, str):
            require_approval = self.require_approval
        else:
            require_approval = self.require_approval

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if model is not UNSET:
            field_dict["model"] = model
        if instructions is not UNSET:
            field_dict["instructions"] = instructions
        if tools is not UNSET:
            field_dict["tools"] = tools
        if require_approval is not UNSET:
            field_dict["require_approval"] = require_approval
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        model = d.pop("model", UNSET)

        def _parse_instructions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instructions = _parse_instructions(d.pop("instructions", UNSET))

        tools = cast(list[str], d.pop("tools", UNSET))

        def _parse_require_approval(data: object) -> ApprovalMode | list[str] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_approval_policy_type_0 = check_approval_mode(data)

                return componentsschemas_approval_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_approval_policy_type_1 = cast(list[str], data)

            return componentsschemas_approval_policy_type_1

        require_approval = _parse_require_approval(d.pop("require_approval", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: Metadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = Metadata.from_dict(_metadata)

        agent_update = cls(
            name=name,
            description=description,
            model=model,
            instructions=instructions,
            tools=tools,
            require_approval=require_approval,
            metadata=metadata,
        )

        return agent_update


from ..models.metadata import Metadata
