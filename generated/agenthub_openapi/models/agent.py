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

from ..models.approval_mode import ApprovalMode, check_approval_mode

T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent:
    """An agent: a model, instructions and tools.

    Attributes:
        id (str): Agent id (prefix `agt_`).
        object (Literal['agent']):
        name (str): Display name (1..128 chars).
        description (None | str): Free text description.
        model (str): Model id, see `list_models`.
        instructions (None | str): System instructions.
        tools (list[str]): Tool names the agent may call. Built-in: calculator, clock, read_file, write_file; any other
            name is a client tool.
        require_approval (ApprovalMode | list[str]): When tool calls need approval: `always`, `never`, or the list of
            tool names that need it.
        metadata (Metadata): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        revision (int): Starts at 1, +1 per update. Also the `ETag`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    object: Literal["agent"]
    name: str
    description: None | str
    model: str
    instructions: None | str
    tools: list[str]
    require_approval: ApprovalMode | list[str]
    metadata: Metadata
    revision: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        name = self.name

        description: None | str
        description = self.description

        model = self.model

        instructions: None | str
        instructions = self.instructions

        tools = self.tools

        require_approval: list[str] | str
        if isinstance(self.require_approval, str):
            require_approval = self.require_approval
        else:
            require_approval = self.require_approval

        metadata = self.metadata.to_dict()

        revision = self.revision

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "name": name,
                "description": description,
                "model": model,
                "instructions": instructions,
                "tools": tools,
                "require_approval": require_approval,
                "metadata": metadata,
                "revision": revision,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["agent"], d.pop("object"))
        if object_ != "agent":
            raise ValueError(f"object must match const 'agent', got '{object_}'")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        model = d.pop("model")

        def _parse_instructions(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        instructions = _parse_instructions(d.pop("instructions"))

        tools = cast(list[str], d.pop("tools"))

        def _parse_require_approval(data: object) -> ApprovalMode | list[str]:
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

        require_approval = _parse_require_approval(d.pop("require_approval"))

        metadata = Metadata.from_dict(d.pop("metadata"))

        revision = d.pop("revision")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        agent = cls(
            id=id,
            object=object_,
            name=name,
            description=description,
            model=model,
            instructions=instructions,
            tools=tools,
            require_approval=require_approval,
            metadata=metadata,
            revision=revision,
            created_at=created_at,
            updated_at=updated_at,
        )

        return agent


from ..models.metadata import Metadata
