"""``session.tools``: client-side tools, answered automatically.

When the agent calls a tool that is not built into the server, the turn pauses with a
``client_tool`` elicitation. If a function is registered under that tool name, every stream
and ``wait()`` of the session runs ``fn(**arguments)`` (coroutine functions are awaited; plain
functions run in a worker thread on the async client) and resolves the elicitation with
``accept`` + ``{"output": str(result)}``. If the function raises, the elicitation is still
accepted — so the agent can react — with ``{"output": "error: <Type>: <message>",
"is_error": true}``. The event is still yielded to the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar, overload

__all__ = ["AsyncTools"]

F = TypeVar("F", bound=Callable[..., Any])


class AsyncTools:
    """Registry of client tools: ``register(fn)``, ``@register``, ``@register(name="x")``."""

    def __init__(self) -> None:
        self._tools: dict[str, Callable[..., Any]] = {}
        self._descriptions: dict[str, str | None] = {}

    @overload
    def register(self, fn: F, *, name: str | None = None, description: str | None = None) -> F: ...

    @overload
    def register(
        self, fn: None = None, *, name: str | None = None, description: str | None = None
    ) -> Callable[[F], F]: ...

    def register(
        self, fn: Any = None, *, name: str | None = None, description: str | None = None
    ) -> Any:
        """Register ``fn`` as the client tool ``name`` (default ``fn.__name__``); returns
        ``fn``. Raises ``TypeError`` for a ``fn`` that is not callable or a
        ``name``/``description`` that is not a str."""
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name= must be a str, not {type(name).__name__}")
        if description is not None and not isinstance(description, str):
            raise TypeError(f"description= must be a str, not {type(description).__name__}")

        def add(f: F) -> F:
            if not callable(f):
                raise TypeError(f"a client tool must be callable, not {type(f).__name__}")
            tool = name or getattr(f, "__name__", None)
            if not tool:
                raise TypeError("tool functions need a name: pass name=")
            self._tools[tool] = f
            self._descriptions[tool] = description or (f.__doc__ or "").strip() or None
            return f

        return add if fn is None else add(fn)

    def unregister(self, name: str) -> None:
        self._tools.pop(name, None)
        self._descriptions.pop(name, None)

    def get(self, name: str) -> Callable[..., Any] | None:
        return self._tools.get(name)

    def description(self, name: str) -> str | None:
        return self._descriptions.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __iter__(self) -> Iterator[str]:
        return iter(self._tools)

    def __len__(self) -> int:
        return len(self._tools)
