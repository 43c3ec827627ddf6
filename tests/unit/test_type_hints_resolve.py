"""Every public method of the resources and handles has annotations that resolve at run time.

``typing.get_type_hints`` is what runtime-typing tools use (pydantic's ``validate_call``,
typer, beartype, documentation builders): a name imported only under ``TYPE_CHECKING`` (as
the generated bases do for a handwritten sibling that imports them) breaks it. Constructors
are internal (handles are made by the SDK) and are not checked.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Iterator
from typing import Any

import pytest


def public_methods(side: str) -> Iterator[tuple[str, Any]]:
    package = importlib.import_module(f"agenthub.{side}.resources")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for cls_name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls_name.startswith("_"):
                continue
            if cls.__module__ != module.__name__:
                continue  # re-exported: checked where it is defined
            for name, fn in inspect.getmembers(cls, inspect.isfunction):
                if not name.startswith("_"):
                    yield f"{cls.__module__}.{cls_name}.{name}", fn


@pytest.mark.parametrize("side", ["_async", "_sync"])
def test_public_method_annotations_resolve(side: str) -> None:
    methods = dict(public_methods(side))
    assert len(methods) > 100  # the walk found the resources
    unresolved = {}
    for where, fn in methods.items():
        try:
            typing.get_type_hints(fn, include_extras=True)
        except NameError as exc:
            unresolved[where] = str(exc)
    assert unresolved == {}


def test_handle_calls_return_the_handle_type() -> None:
    """The handle's own calls return the handle itself (``Self``); lists of turns hold Turn
    handles, not models."""
    from typing import Self

    from agenthub import AsyncSession, Session
    from agenthub._sync.resources.turns import Turns

    assert typing.get_type_hints(Session.update)["return"] is Self
    assert typing.get_type_hints(AsyncSession.refresh)["return"] is Self
    page = typing.get_type_hints(Turns.list)["return"]
    assert typing.get_args(page)[0].__name__ == "Turn"
