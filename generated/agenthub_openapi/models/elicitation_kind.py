from typing import Literal

ElicitationKind = Literal["clarification", "client_tool", "tool_approval"]

ELICITATION_KIND_VALUES: set[ElicitationKind] = {
    "clarification",
    "client_tool",
    "tool_approval",
}


def check_elicitation_kind(value: str) -> ElicitationKind:
    if value in ELICITATION_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ELICITATION_KIND_VALUES!r}"
    )
