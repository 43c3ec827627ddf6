from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ElicitationStatus: TypeAlias = Literal["pending", "resolved"] | str

#: The values this contract version lists.
ELICITATION_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "pending",
        "resolved",
    }
)


def check_elicitation_status(value: str) -> ElicitationStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for ElicitationStatus, got {type(value).__name__}"
    )
