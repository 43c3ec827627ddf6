from typing import Literal

ApprovalMode = Literal["always", "never"]

APPROVAL_MODE_VALUES: set[ApprovalMode] = {
    "always",
    "never",
}


def check_approval_mode(value: str) -> ApprovalMode:
    if value in APPROVAL_MODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {APPROVAL_MODE_VALUES!r}"
    )
