"""Bridge generated field names to the names users write.

openapi-python-client renames JSON properties that clash with Python builtins/keywords by
appending ``_``: ``type`` → ``type_``, ``input`` → ``input_``, ``object`` → ``object_``,
``format`` → ``format_``. Users never type a trailing underscore, so :func:`install` adds a
read-only property without the underscore (``event.type``, ``turn.input``, ``agent.object``)
to every generated attrs model that has such a field. It runs once, when ``agenthub`` is
imported; it is idempotent and never overrides a real attribute of the same name.

For the request direction, resource methods take normal keyword names (``input=``) and build
the generated request models themselves, so the ``_`` spelling never reaches user code.
Other modules (e.g. the event decoder) may call :func:`alias_class` for classes they create.
"""

from __future__ import annotations

import inspect
from typing import Any

import attrs

__all__ = ["ALIASED_FIELDS", "alias_class", "install"]

#: Generated field name → the name users see.
ALIASED_FIELDS: dict[str, str] = {
    "type_": "type",
    "input_": "input",
    "object_": "object",
    "format_": "format",
}

_installed = False


def _getter(field: str) -> property:
    def get(self: Any) -> Any:
        return getattr(self, field)

    get.__name__ = ALIASED_FIELDS.get(field, field)
    get.__doc__ = f"Alias of ``{field}`` (the JSON property name)."
    return property(get)


def alias_class(cls: type) -> None:
    """Add underscore-free read-only aliases to one attrs class (no-op for other classes)."""
    if not attrs.has(cls):
        return
    names = {f.name for f in attrs.fields(cls)}
    for field, alias in ALIASED_FIELDS.items():
        if field in names and alias not in names and alias not in cls.__dict__:
            setattr(cls, alias, _getter(field))


def install() -> None:
    """Alias every model in ``agenthub_openapi.models`` (idempotent)."""
    global _installed
    if _installed:
        return
    from agenthub_openapi import models

    for _, obj in inspect.getmembers(models, inspect.isclass):
        alias_class(obj)
    _installed = True
