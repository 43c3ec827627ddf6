"""Turn/schedule ``input=``: accept what users naturally write, build the generated models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from agenthub_openapi.models.user_context_input import UserContextInput
from agenthub_openapi.models.user_message_input import UserMessageInput

InputItem: TypeAlias = UserMessageInput | UserContextInput
#: What methods taking ``input=`` accept.
InputLike: TypeAlias = (
    str | InputItem | Mapping[str, Any] | Sequence[str | InputItem | Mapping[str, Any]]
)


def _one(item: str | InputItem | Mapping[str, Any]) -> InputItem:
    if isinstance(item, UserMessageInput | UserContextInput):
        return item
    if isinstance(item, str):
        return UserMessageInput(type="user.message", content=item)
    if isinstance(item, Mapping):
        kind = item.get("type")
        if kind not in (None, "user.message", "user.context"):
            raise TypeError(
                f"Unknown input item type {kind!r} (use 'user.message' or 'user.context')."
            )
        try:
            model: InputItem = (
                UserContextInput.from_dict(item)
                if kind == "user.context"
                else UserMessageInput.from_dict({"type": "user.message", **item})
            )
            model.to_dict()  # a content part of an unknown type only fails here
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise TypeError(f"Invalid {kind or 'user.message'} input item: {exc!r}") from None
        return model
    raise TypeError(f"Cannot use {type(item).__name__} as input (pass a str, dict or input model).")


def to_input_items(value: InputLike) -> list[InputItem]:
    """A list of generated input models from a string (one ``user.message``), an input model, a
    dict with a ``type`` (``user.message`` / ``user.context``) or a sequence of those; raises
    ``TypeError`` for anything else."""
    if isinstance(value, str | Mapping | UserMessageInput | UserContextInput):
        return [_one(value)]
    if not isinstance(value, Sequence) or isinstance(value, bytes | bytearray):
        raise TypeError(
            f"Cannot use {type(value).__name__} as input (pass a str, dict, input model or a "
            "list of those)."
        )
    return [_one(v) for v in value]
