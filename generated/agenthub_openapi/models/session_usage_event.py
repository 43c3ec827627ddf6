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

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionUsageEvent")


@_attrs_define
class SessionUsageEvent:
    """`session.usage` event.

    Attributes:
        id (str): Event id (prefix `evt_`).
        type (Literal['session.usage']):
        sequence_number (int): Per-session, starts at 1, no gaps; the SSE `id:`.
        session_id (str):
        turn_id (None | str):
        created_at (datetime.datetime):
        input_tokens (int):
        output_tokens (int):
        total_tokens (int):
        cost_usd (float | Unset): Session total cost in US dollars (model pricing).
        context_window (int | Unset): The model's context window in tokens.
    """

    id: str
    type: Literal["session.usage"]
    sequence_number: int
    session_id: str
    turn_id: None | str
    created_at: datetime.datetime
    input_tokens: int
    output_tokens: int
    total_tokens: int
    cost_usd: float | Unset = UNSET
    context_window: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type

        sequence_number = self.sequence_number

        session_id = self.session_id

        turn_id: None | str
        turn_id = self.turn_id

        created_at = self.created_at.isoformat()

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        total_tokens = self.total_tokens

        cost_usd = self.cost_usd

        context_window = self.context_window

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "sequence_number": sequence_number,
                "session_id": session_id,
                "turn_id": turn_id,
                "created_at": created_at,
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "total_tokens": total_tokens,
            }
        )
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if context_window is not UNSET:
            field_dict["context_window"] = context_window

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["session.usage"], d.pop("type"))
        if type_ != "session.usage":
            raise ValueError(f"type must match const 'session.usage', got '{type_}'")

        sequence_number = d.pop("sequence_number")

        session_id = d.pop("session_id")

        def _parse_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        turn_id = _parse_turn_id(d.pop("turn_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        input_tokens = d.pop("input_tokens")

        output_tokens = d.pop("output_tokens")

        total_tokens = d.pop("total_tokens")

        cost_usd = d.pop("cost_usd", UNSET)

        context_window = d.pop("context_window", UNSET)

        session_usage_event = cls(
            id=id,
            type=type_,
            sequence_number=sequence_number,
            session_id=session_id,
            turn_id=turn_id,
            created_at=created_at,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=total_tokens,
            cost_usd=cost_usd,
            context_window=context_window,
        )

        return session_usage_event
