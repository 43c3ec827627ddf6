from typing import Literal

UnresolvedReferenceKind = Literal["mcp_server", "model", "skill", "tool"]

UNRESOLVED_REFERENCE_KIND_VALUES: set[UnresolvedReferenceKind] = {
    "mcp_server",
    "model",
    "skill",
    "tool",
}


def check_unresolved_reference_kind(value: str) -> UnresolvedReferenceKind:
    if value in UNRESOLVED_REFERENCE_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UNRESOLVED_REFERENCE_KIND_VALUES!r}"
    )
