from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TurnCreate")


@_attrs_define
class TurnCreate:
    """Body of `create_turn`.

    Attributes:
        input (list[UserContextInput | UserMessageInput]):
        previous_turn_id (None | str | Unset): `auto` (default) = the latest turn; an id must be the latest turn (else
            412 `stale_previous_turn`); null only when the session has no turns. Default: 'auto'.
        metadata (Metadata | Unset): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        output_schema (JsonObject | None | Unset): Structured output: a JSON Schema (draft 2020-12) the final answer
            must match. The answer is parsed as JSON and validated when the turn ends; it becomes
            `result.structured_output`, or the turn fails with `turn.failed {error: {code: output_schema_mismatch}}`. An
            invalid schema is refused with 422.
    """

    input: list[UserContextInput | UserMessageInput]
    previous_turn_id: None | str | Unset = "auto"
    metadata: Metadata | Unset = UNSET
    output_schema: JsonObject | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        output_schema: dict[str, Any] | None | Unset
        if isinstance(self.output_schema, Unset):
            output_schema = UNSET
        elif isinstance(self.output_schema, JsonObject):
            output_schema = self.output_schema.to_dict()
        else:
            output_schema = self.output_schema

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
        if output_schema is not UNSET:
            field_dict["output_schema"] = output_schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
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

        def _parse_output_schema(data: object) -> JsonObject | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                output_schema_type_0 = JsonObject.from_dict(data)

                return output_schema_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | None | Unset, data)

        output_schema = _parse_output_schema(d.pop("output_schema", UNSET))

        turn_create = cls(
            input=input_,
            previous_turn_id=previous_turn_id,
            metadata=metadata,
            output_schema=output_schema,
        )

        return turn_create


from ..models.json_object import JsonObject
from ..models.metadata import Metadata
from ..models.user_context_input import UserContextInput
from ..models.user_message_input import UserMessageInput
