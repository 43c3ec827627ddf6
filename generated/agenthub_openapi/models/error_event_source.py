from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
ErrorEventSource: TypeAlias = Literal["agent", "server", "tool"] | str

#: The values this contract version lists.
ERROR_EVENT_SOURCE_VALUES: frozenset[str] = frozenset(
    {
        "agent",
        "server",
        "tool",
    }
)


def check_error_event_source(value: str) -> ErrorEventSource:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(
        f"Expected a string for ErrorEventSource, got {type(value).__name__}"
    )
