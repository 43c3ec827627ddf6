"""The function behind ``resource.with_raw_response.<method>``: the same parameters, returning
a :class:`RawResponse` (``list()``: the first page's) instead of the parsed value."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar, cast

from .._response import RAW_MODE, RawResponse

P = ParamSpec("P")
T = TypeVar("T")


def to_raw_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_MODE.set(True)
        try:
            return cast("RawResponse[T]", await func(*args, **kwargs))
        finally:
            RAW_MODE.reset(token)

    return wrapped
