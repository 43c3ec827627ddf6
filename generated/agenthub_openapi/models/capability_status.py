from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
CapabilityStatus: TypeAlias = Literal["available", "experimental", "unavailable"] | str

#: The values this contract version lists.
CAPABILITY_STATUS_VALUES: frozenset[str] = frozenset(
    {
        "available",
        "experimental",
        "unavailable",
    }
)


def check_capability_status(value: str) -> CapabilityStatus:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for CapabilityStatus, got {type(value).__name__}"
    )
