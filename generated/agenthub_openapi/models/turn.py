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

from ..models.turn_status import TurnStatus, check_turn_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="Turn")


@_attrs_define
class Turn:
    """One exchange: user input and the agent's work on it.

    Attributes:
        id (str): Turn id (prefix `trn_`).
        object (Literal['turn']):
        session_id (str):
        status (TurnStatus): Turn status. Terminal: completed, failed, cancelled, incomplete.
        previous_turn_id (None | str):
        input (list[UserContextInput | UserMessageInput]):
        metadata (Metadata): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        result (None | TurnResult):
        error (None | TurnError):
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        completed_at (datetime.datetime | None):
        output_schema (JsonObject | Unset): An arbitrary JSON object.
    """

    id: str
    object: Literal["turn"]
    session_id: str
    status: TurnStatus
    previous_turn_id: None | str
    input: list[UserContextInput | UserMessageInput]
    metadata: Metadata
    result: None | TurnResult
    error: None | TurnError
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    output_schema: JsonObject | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        session_id = self.session_id

        status: str = self.status

        previous_turn_id: None | str
        previous_turn_id = self.previous_turn_id

        input_ = []
        for input_item_data in self.input:
            input_item: dict[str, Any]
            if isinstance(input_item_data, UserMessageInput):
                input_item = input_item_data.to_dict()
            else:
                input_item = input_item_data.to_dict()

            input_.append(input_item)

        metadata = self.metadata.to_dict()

        result: dict[str, Any] | None
        if isinstance(self.result, TurnResult):
            result = self.result.to_dict()
        else:
            result = self.result

        error: dict[str, Any] | None
        if isinstance(self.error, TurnError):
            error = self.error.to_dict()
        else:
            error = self.error

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        output_schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.output_schema, Unset):
            output_schema = self.output_schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "session_id": session_id,
                "status": status,
                "previous_turn_id": previous_turn_id,
                "input": input_,
                "metadata": metadata,
                "result": result,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "completed_at": completed_at,
            }
        )
        if output_schema is not UNSET:
            field_dict["output_schema"] = output_schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["turn"], d.pop("object"))
        if object_ != "turn":
            raise ValueError(f"object must match const 'turn', got '{object_}'")

        session_id = d.pop("session_id")

        status = check_turn_status(d.pop("status"))

        def _parse_previous_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_turn_id = _parse_previous_turn_id(d.pop("previous_turn_id"))

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

        metadata = Metadata.from_dict(d.pop("metadata"))

        def _parse_result(data: object) -> None | TurnResult:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = TurnResult.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TurnResult, data)

        result = _parse_result(d.pop("result"))

        def _parse_error(data: object) -> None | TurnError:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = TurnError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TurnError, data)

        error = _parse_error(d.pop("error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        _output_schema = d.pop("output_schema", UNSET)
        output_schema: JsonObject | Unset
        if isinstance(_output_schema, Unset):
            output_schema = UNSET
        else:
            output_schema = JsonObject.from_dict(_output_schema)

        turn = cls(
            id=id,
            object=object_,
            session_id=session_id,
            status=status,
            previous_turn_id=previous_turn_id,
            input=input_,
            metadata=metadata,
            result=result,
            error=error,
            created_at=created_at,
            started_at=started_at,
            completed_at=completed_at,
            output_schema=output_schema,
        )

        return turn


from ..models.json_object import JsonObject
from ..models.metadata import Metadata
from ..models.turn_error import TurnError
from ..models.turn_result import TurnResult
from ..models.user_context_input import UserContextInput
from ..models.user_message_input import UserMessageInput
