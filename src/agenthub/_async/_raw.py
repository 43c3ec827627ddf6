"""``with_raw_response`` support: the wrapper behind ``resource.with_raw_response.<method>``.

``to_raw_response_wrapper(method)`` returns a function with the same parameters that returns
``RawResponse[T]`` (status, headers, request id, ``.parse()`` → T) instead of T.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from .._response import RawResponse, raw_mode, reset_raw_mode

__all__ = ["to_raw_response_wrapper"]

P = ParamSpec("P")
T = TypeVar("T")


def to_raw_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Wrap an API method so it returns :class:`RawResponse` (``list()`` → the first page's)."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = raw_mode()
        try:
            result: Any = await func(*args, **kwargs)
        finally:
            reset_raw_mode(token)
        if not isinstance(result, RawResponse):  # pragma: no cover - defensive
            raise TypeError("with_raw_response used on a method that made no request")
        return result

    return wrapped
