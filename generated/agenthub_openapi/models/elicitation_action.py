from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ElicitationAction: TypeAlias = Literal["accept", "cancel", "decline"] | str

#: The values this contract version lists.
ELICITATION_ACTION_VALUES: frozenset[str] = frozenset(
    {
        "accept",
        "cancel",
        "decline",
    }
)


def check_elicitation_action(value: str) -> ElicitationAction:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for ElicitationAction, got {type(value).__name__}"
    )
