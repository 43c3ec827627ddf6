from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ApprovalMode: TypeAlias = Literal["always", "never"] | str

#: The values this contract version lists.
APPROVAL_MODE_VALUES: frozenset[str] = frozenset(
    {
        "always",
        "never",
    }
)


def check_approval_mode(value: str) -> ApprovalMode:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for ApprovalMode, got {type(value).__name__}")
