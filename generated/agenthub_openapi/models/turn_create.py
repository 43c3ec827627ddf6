from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata import Metadata
    from ..models.user_context_input import UserContextInput
    from ..models.user_message_input import UserMessageInput


T = TypeVar("T", bound="TurnCreate")


@_attrs_define
class TurnCreate:
    """Body of `create_turn`.

    Attributes:
        input (list[UserContextInput | UserMessageInput]):
        previous_turn_id (None | str | Unset): `auto` (default) = the latest turn; an id must be the latest turn (else
            412 `stale_previous_turn`); null only when the session has no turns. Default: 'auto'.
        metadata (Metadata | Unset): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
    """

    input: list[UserContextInput | UserMessageInput]
    previous_turn_id: None | str | Unset = "auto"
    metadata: Metadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_message_input import UserMessageInput

        input_ = []
        for input_item_data in self.input:
            input_item: dict[str, Any]
            if isinstance(input_item_data, UserMessageInput):
                input_item = input_item_data.to_dict()
            else:
                input_item = input_item_data.to_dict()

            input_.append(input_item)

        previous_turn_id: None | str | Unset
        if isinstance(self.previous_turn_id, Unset):
            previous_turn_id = UNSET
        else:
            previous_turn_id = self.previous_turn_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if previous_turn_id is not UNSET:
            field_dict["previous_turn_id"] = previous_turn_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metadata import Metadata
        from ..models.user_context_input import UserContextInput
        from ..models.user_message_input import UserMessageInput

        d = dict(src_dict)
        input_ = []
        _input_ = d.pop("input")
        for input_item_data in _input_:

            def _parse_input_item(data: object) -> UserContextInput | UserMessageInput:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_input_item_type_0 = UserMessageInput.from_dict(
                        data
                    )

                    return componentsschemas_input_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_input_item_type_1 = UserContextInput.from_dict(data)

                return componentsschemas_input_item_type_1

            input_item = _parse_input_item(input_item_data)

            input_.append(input_item)

        def _parse_previous_turn_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_turn_id = _parse_previous_turn_id(d.pop("previous_turn_id", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: Metadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = Metadata.from_dict(_metadata)

        turn_create = cls(
            input=input_,
            previous_turn_id=previous_turn_id,
            metadata=metadata,
        )

        return turn_create
