from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
UnresolvedReferenceKind: TypeAlias = (
    Literal["mcp_server", "model", "skill", "tool"] | str
)

#: The values this contract version lists.
UNRESOLVED_REFERENCE_KIND_VALUES: frozenset[str] = frozenset(
    {
        "mcp_server",
        "model",
        "skill",
        "tool",
    }
)


def check_unresolved_reference_kind(value: str) -> UnresolvedReferenceKind:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for UnresolvedReferenceKind, got {type(value).__name__}"
    )
