from typing import Literal

ElicitationAction = Literal["accept", "cancel", "decline"]

ELICITATION_ACTION_VALUES: set[ElicitationAction] = {
    "accept",
    "cancel",
    "decline",
}


def check_elicitation_action(value: str) -> ElicitationAction:
    if value in ELICITATION_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ELICITATION_ACTION_VALUES!r}"
    )
