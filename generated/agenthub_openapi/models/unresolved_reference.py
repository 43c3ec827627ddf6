from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.unresolved_reference_kind import (
    UnresolvedReferenceKind,
    check_unresolved_reference_kind,
)

T = TypeVar("T", bound="UnresolvedReference")


@_attrs_define
class UnresolvedReference:
    """A reference in an imported definition that does not exist here.

    Attributes:
        kind (UnresolvedReferenceKind):
        name (str):
    """

    kind: UnresolvedReferenceKind
    name: str

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = check_unresolved_reference_kind(d.pop("kind"))

        name = d.pop("name")

        unresolved_reference = cls(
            kind=kind,
            name=name,
        )

        return unresolved_reference
