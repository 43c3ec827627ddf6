from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentImportRequest")


@_attrs_define
class AgentImportRequest:
    """Body of `import_agent`.

    Attributes:
        definition (AgentDefinition): Portable agent definition (export/import document).
        dry_run (bool | Unset): Only report, do not save. Default: False.
        name (str | Unset): Override the definition's name.
    """

    definition: AgentDefinition
    dry_run: bool | Unset = False
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        definition = self.definition.to_dict()

        dry_run = self.dry_run

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "definition": definition,
            }
        )
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        definition = AgentDefinition.from_dict(d.pop("definition"))

        dry_run = d.pop("dry_run", UNSET)

        name = d.pop("name", UNSET)

        agent_import_request = cls(
            definition=definition,
            dry_run=dry_run,
            name=name,
        )

        return agent_import_request


from ..models.agent_definition import AgentDefinition
