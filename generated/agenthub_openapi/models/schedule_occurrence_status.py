from typing import Literal

ScheduleOccurrenceStatus = Literal["failed", "fired"]

SCHEDULE_OCCURRENCE_STATUS_VALUES: set[ScheduleOccurrenceStatus] = {
    "failed",
    "fired",
}


def check_schedule_occurrence_status(value: str) -> ScheduleOccurrenceStatus:
    if value in SCHEDULE_OCCURRENCE_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SCHEDULE_OCCURRENCE_STATUS_VALUES!r}"
    )
