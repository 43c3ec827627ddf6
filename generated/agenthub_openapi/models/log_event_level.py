from typing import Literal

LogEventLevel = Literal["debug", "error", "info", "warning"]

LOG_EVENT_LEVEL_VALUES: set[LogEventLevel] = {
    "debug",
    "error",
    "info",
    "warning",
}


def check_log_event_level(value: str) -> LogEventLevel:
    if value in LOG_EVENT_LEVEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LOG_EVENT_LEVEL_VALUES!r}"
    )
