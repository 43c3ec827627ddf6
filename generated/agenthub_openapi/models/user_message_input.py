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

T = TypeVar("T", bound="UserMessageInput")


@_attrs_define
class UserMessageInput:
    """A user message.

    Attributes:
        type (Literal['user.message']):
        content (list[FileDataPart | FilePart | TextPart] | str): Plain text or a list of content parts.
    """

    type: Literal["user.message"]
    content: list[FileDataPart | FilePart | TextPart] | str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type

        content: list[dict[str, Any]] | str
        if isinstance(self.content, list):
            content = []
            for content_type_1_item_data in self.content:
                content_type_1_item: dict[str, Any]
                if isinstance(content_type_1_item_data, TextPart) or isinstance(
                    content_type_1_item_data, FilePart
                ):
                    content_type_1_item = content_type_1_item_data.to_dict()
                else:
                    content_type_1_item = content_type_1_item_data.to_dict()

                content.append(content_type_1_item)

        else:
            content = self.content

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["user.message"], d.pop("type"))
        if type_ != "user.message":
            raise ValueError(f"type must match const 'user.message', got '{type_}'")

        def _parse_content(
            data: object,
        ) -> list[FileDataPart | FilePart | TextPart] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_1 = []
                _content_type_1 = data
                for content_type_1_item_data in _content_type_1:

                    def _parse_content_type_1_item(
                        data: object,
                    ) -> FileDataPart | FilePart | TextPart:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_part_type_0 = TextPart.from_dict(
                                data
                            )

                            return componentsschemas_content_part_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_part_type_1 = FilePart.from_dict(
                                data
                            )

                            return componentsschemas_content_part_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_content_part_type_2 = FileDataPart.from_dict(
                            data
                        )

                        return componentsschemas_content_part_type_2

                    content_type_1_item = _parse_content_type_1_item(
                        content_type_1_item_data
                    )

                    content_type_1.append(content_type_1_item)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[FileDataPart | FilePart | TextPart] | str, data)

        content = _parse_content(d.pop("content"))

        user_message_input = cls(
            type=type_,
            content=content,
        )

        return user_message_input


from ..models.file_data_part import FileDataPart
from ..models.file_part import FilePart
from ..models.text_part import TextPart
