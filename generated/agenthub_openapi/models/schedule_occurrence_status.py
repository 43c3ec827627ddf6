from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ScheduleOccurrenceStatus: TypeAlias = Literal["failed", "fired"] | str

#: The values this contract version lists.
SCHEDULE_OCCURRENCE_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "failed",
        "fired",
    }
)


def check_schedule_occurrence_status(value: str) -> ScheduleOccurrenceStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for ScheduleOccurrenceStatus, got {type(value).__name__}"
    )
