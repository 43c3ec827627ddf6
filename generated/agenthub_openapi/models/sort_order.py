from typing import Literal, TypeAlias

#: Open enum: the values this contract version lists, plus any other string (a newer server
#: may send a value added later; it decodes as that string instead of failing).
SortOrder: TypeAlias = Literal["asc", "desc"] | str

#: The values this contract version lists.
SORT_ORDER_VALUES: frozenset[str] = frozenset(
    {
        "asc",
        "desc",
    }
)


def check_sort_order(value: str) -> SortOrder:
    """Accept any string (open enum; unknown values are kept as is); reject other types."""
    if isinstance(value, str):
        return value
    raise TypeError(f"Expected a string for SortOrder, got {type(value).__name__}")
