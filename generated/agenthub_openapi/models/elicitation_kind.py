from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ElicitationKind: TypeAlias = (
    Literal["clarification", "client_tool", "tool_approval"] | str
)

#: The values this contract version lists.
ELICITATION_KIND_VALUES: frozenset[str] = frozenset(
    {
        "clarification",
        "client_tool",
        "tool_approval",
    }
)


def check_elicitation_kind(value: str) -> ElicitationKind:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for ElicitationKind, got {type(value).__name__}"
    )
