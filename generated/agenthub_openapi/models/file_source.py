from typing import Literal

FileSource = Literal["agent", "user"]

FILE_SOURCE_VALUES: set[FileSource] = {
    "agent",
    "user",
}


def check_file_source(value: str) -> FileSource:
    if value in FILE_SOURCE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FILE_SOURCE_VALUES!r}"
    )
