from typing import Literal

ErrorEventSource = Literal["agent", "server", "tool"]

ERROR_EVENT_SOURCE_VALUES: set[ErrorEventSource] = {
    "agent",
    "server",
    "tool",
}


def check_error_event_source(value: str) -> ErrorEventSource:
    if value in ERROR_EVENT_SOURCE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_EVENT_SOURCE_VALUES!r}"
    )
