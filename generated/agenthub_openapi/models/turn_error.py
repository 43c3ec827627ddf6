from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TurnError")


@_attrs_define
class TurnError:
    """Why a turn failed.

    Attributes:
        code (str): Machine-readable reason, e.g. `agent_error`, `output_schema_mismatch` (the final answer is not JSON
            or does not match the turn's `output_schema`), `internal_error`, `server_shutdown`.
        message (str):
    """

    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        turn_error = cls(
            code=code,
            message=message,
        )

        return turn_error
