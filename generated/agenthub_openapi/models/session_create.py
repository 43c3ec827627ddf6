from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.approval_mode import ApprovalMode, check_approval_mode
from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionCreate")


@_attrs_define
class SessionCreate:
    """Body of `create_session`.

    Attributes:
        agent_id (str): Agent id (unknown → 404).
        name (None | str | Unset):
        labels (Labels | Unset): Labels used for filtering (`label=key:value` on list endpoints). String→string map (at
            most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        require_approval (ApprovalMode | list[str] | None | Unset):
        metadata (Metadata | Unset): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
    """

    agent_id: str
    name: None | str | Unset = UNSET
    labels: Labels | Unset = UNSET
    require_approval: ApprovalMode | list[str] | None | Unset = UNSET
    metadata: Metadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

        require_approval: list[str] | None | str | Unset
        if isinstance(self.require_approval, Unset):
            require_approval = UNSET
        elif isinstance(self.require_approval, str) or isinstance(
            self.require_approval, list
        ):
            require_approval = self.require_approval

        else:
            require_approval = self.require_approval

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agent_id": agent_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if labels is not UNSET:
            field_dict["labels"] = labels
        if require_approval is not UNSET:
            field_dict["require_approval"] = require_approval
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        agent_id = d.pop("agent_id")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        _labels = d.pop("labels", UNSET)
        labels: Labels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = Labels.from_dict(_labels)

        def _parse_require_approval(
            data: object,
        ) -> ApprovalMode | list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_approval_policy_type_0 = check_approval_mode(data)

                return componentsschemas_approval_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_approval_policy_type_1 = cast(list[str], data)

                return componentsschemas_approval_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalMode | list[str] | None | Unset, data)

        require_approval = _parse_require_approval(d.pop("require_approval", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: Metadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = Metadata.from_dict(_metadata)

        session_create = cls(
            agent_id=agent_id,
            name=name,
            labels=labels,
            require_approval=require_approval,
            metadata=metadata,
        )

        return session_create


from ..models.labels import Labels
from ..models.metadata import Metadata
