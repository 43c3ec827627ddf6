from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
TurnStatus: TypeAlias = (
    Literal[
        "cancelled", "completed", "failed", "incomplete", "queued", "running", "waiting"
    ]
    | str
)

#: The values this contract version lists.
TURN_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "cancelled",
        "completed",
        "failed",
        "incomplete",
        "queued",
        "running",
        "waiting",
    }
)


def check_turn_status(value: str) -> TurnStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for TurnStatus, got {type(value).__name__}")
