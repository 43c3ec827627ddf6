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

from ..models.approval_mode import ApprovalMode, check_approval_mode

T = TypeVar("T", bound="AgentDefinition")


@_attrs_define
class AgentDefinition:
    """Portable agent definition (export/import document).

    Attributes:
        format (Literal['agenthub.agent.v1']): Document format.
        name (str):
        description (None | str):
        model (str):
        instructions (None | str):
        tools (list[str]):
        require_approval (ApprovalMode | list[str]): When tool calls need approval: `always`, `never`, or the list of
            tool names that need it.
        metadata (Metadata): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        mcp_servers (list[str]): MCP server names referenced by `metadata["mcp_servers"]` (comma-separated), else [].
        skills (list[str]): Skill names referenced by `metadata["skills"]` (comma-separated), else [].
    """

    format: Literal["agenthub.agent.v1"]
    name: str
    description: None | str
    model: str
    instructions: None | str
    tools: list[str]
    require_approval: ApprovalMode | list[str]
    metadata: Metadata
    mcp_servers: list[str]
    skills: list[str]

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format

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

        mcp_servers = self.mcp_servers

        skills = self.skills

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "format": format_,
                "name": name,
                "description": description,
                "model": model,
                "instructions": instructions,
                "tools": tools,
                "require_approval": require_approval,
                "metadata": metadata,
                "mcp_servers": mcp_servers,
                "skills": skills,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        format_ = cast(Literal["agenthub.agent.v1"], d.pop("format"))
        if format_ != "agenthub.agent.v1":
            raise ValueError(
                f"format must match const 'agenthub.agent.v1', got '{format_}'"
            )

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

        mcp_servers = cast(list[str], d.pop("mcp_servers"))

        skills = cast(list[str], d.pop("skills"))

        agent_definition = cls(
            format=format_,
            name=name,
            description=description,
            model=model,
            instructions=instructions,
            tools=tools,
            require_approval=require_approval,
            metadata=metadata,
            mcp_servers=mcp_servers,
            skills=skills,
        )

        return agent_definition


from ..models.metadata import Metadata
