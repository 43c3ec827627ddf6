from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AgentImportResult")


@_attrs_define
class AgentImportResult:
    """Result of `import_agent`. `agent` is null on a dry run.

    Attributes:
        dry_run (bool):
        agent (Agent | None):
        unresolved_references (list[UnresolvedReference]):
        warnings (list[str]):
    """

    dry_run: bool
    agent: Agent | None
    unresolved_references: list[UnresolvedReference]
    warnings: list[str]

    def to_dict(self) -> dict[str, Any]:
        dry_run = self.dry_run

        agent: dict[str, Any] | None
        if isinstance(self.agent, Agent):
            agent = self.agent.to_dict()
        else:
            agent = self.agent

        unresolved_references = []
        for unresolved_references_item_data in self.unresolved_references:
            unresolved_references_item = unresolved_references_item_data.to_dict()
            unresolved_references.append(unresolved_references_item)

        warnings = self.warnings

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dry_run": dry_run,
                "agent": agent,
                "unresolved_references": unresolved_references,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        dry_run = d.pop("dry_run")

        def _parse_agent(data: object) -> Agent | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                agent_type_0 = Agent.from_dict(data)

                return agent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Agent | None, data)

        agent = _parse_agent(d.pop("agent"))

        unresolved_references = []
        _unresolved_references = d.pop("unresolved_references")
        for unresolved_references_item_data in _unresolved_references:
            unresolved_references_item = UnresolvedReference.from_dict(
                unresolved_references_item_data
            )

            unresolved_references.append(unresolved_references_item)

        warnings = cast(list[str], d.pop("warnings"))

        agent_import_result = cls(
            dry_run=dry_run,
            agent=agent,
            unresolved_references=unresolved_references,
            warnings=warnings,
        )

        return agent_import_result


from ..models.agent import Agent
from ..models.unresolved_reference import UnresolvedReference
