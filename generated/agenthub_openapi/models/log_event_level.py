from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
LogEventLevel: TypeAlias = Literal["debug", "error", "info", "warning"] | str

#: The values this contract version lists.
LOG_EVENT_LEVEL_VALUES: frozenset[str] = frozenset(
    {
        "debug",
        "error",
        "info",
        "warning",
    }
)


def check_log_event_level(value: str) -> LogEventLevel:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for LogEventLevel, got {type(value).__name__}")
