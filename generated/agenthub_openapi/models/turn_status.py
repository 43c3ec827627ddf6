from typing import Literal

TurnStatus = Literal[
    "cancelled", "completed", "failed", "incomplete", "queued", "running", "waiting"
]

TURN_STATUS_VALUES: set[TurnStatus] = {
    "cancelled",
    "completed",
    "failed",
    "incomplete",
    "queued",
    "running",
    "waiting",
}


def check_turn_status(value: str) -> TurnStatus:
    if value in TURN_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TURN_STATUS_VALUES!r}"
    )
