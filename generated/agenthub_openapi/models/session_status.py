from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
SessionStatus: TypeAlias = (
    Literal["cancelled", "failed", "idle", "paused", "running", "waiting"] | str
)

#: The values this contract version lists.
SESSION_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "cancelled",
        "failed",
        "idle",
        "paused",
        "running",
        "waiting",
    }
)


def check_session_status(value: str) -> SessionStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for SessionStatus, got {type(value).__name__}")
