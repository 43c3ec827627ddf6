from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
FileSource: TypeAlias = Literal["agent", "user"] | str

#: The values this contract version lists.
FILE_SOURCE_VALUES: frozenset[str] = frozenset(
    {
        "agent",
        "user",
    }
)


def check_file_source(value: str) -> FileSource:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for FileSource, got {type(value).__name__}")
