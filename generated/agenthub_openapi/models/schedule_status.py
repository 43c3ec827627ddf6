from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ScheduleStatus: TypeAlias = Literal["active", "paused"] | str

#: The values this contract version lists.
SCHEDULE_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "active",
        "paused",
    }
)


def check_schedule_status(value: str) -> ScheduleStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for ScheduleStatus, got {type(value).__name__}")
