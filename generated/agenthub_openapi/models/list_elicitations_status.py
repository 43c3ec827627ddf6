from typing import Literal

ListElicitationsStatus = Literal["pending", "resolved"]

LIST_ELICITATIONS_STATUS_VALUES: set[ListElicitationsStatus] = {
    "pending",
    "resolved",
}


def check_list_elicitations_status(value: str) -> ListElicitationsStatus:
    if value in LIST_ELICITATIONS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_ELICITATIONS_STATUS_VALUES!r}"
    )
