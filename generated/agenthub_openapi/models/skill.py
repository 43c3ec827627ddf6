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

T = TypeVar("T", bound="Skill")


@_attrs_define
class Skill:
    """A named skill document.

    Attributes:
        name (str): Skill name, `^[a-z0-9][a-z0-9_-]{0,63}$`.
        object (Literal['skill']):
        description (None | str):
        content (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    name: str
    object: Literal["skill"]
    description: None | str
    content: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        object_ = self.object

        description: None | str
        description = self.description

        content = self.content

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "object": object_,
                "description": description,
                "content": content,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        object_ = cast(Literal["skill"], d.pop("object"))
        if object_ != "skill":
            raise ValueError(f"object must match const 'skill', got '{object_}'")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        content = d.pop("content")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        skill = cls(
            name=name,
            object=object_,
            description=description,
            content=content,
            created_at=created_at,
            updated_at=updated_at,
        )

        return skill
