from typing import Literal

ElicitationStatus = Literal["pending", "resolved"]

ELICITATION_STATUS_VALUES: set[ElicitationStatus] = {
    "pending",
    "resolved",
}


def check_elicitation_status(value: str) -> ElicitationStatus:
    if value in ELICITATION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ELICITATION_STATUS_VALUES!r}"
    )
