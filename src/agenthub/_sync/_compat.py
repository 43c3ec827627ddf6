"""Sync-only building blocks. HAND-WRITTEN: the synchronous twin of ``_async/_compat.py``
(same names; see that module for why these pieces are not derived by unasync)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .._exceptions import ConfigurationError
from ._pagination import PageFetcher, SyncCursorPage

if TYPE_CHECKING:
    from agenthub_openapi.models.capabilities import Capabilities

__all__ = [
    "AccessToken",
    "ClientCompatMixin",
    "SyncCursorPage",
    "make_paginator",
    "resolve_token",
    "sleep",
]

T = TypeVar("T")

sleep = time.sleep

#: An access token: a string, or a callable returning one, called per request.
AccessToken = str | Callable[[], str]


def resolve_token(token: AccessToken) -> str:
    """The current bearer token (calls a callable token)."""
    if isinstance(token, str):
        return token
    value: object = token()
    if not isinstance(value, str) or not value:
        raise ConfigurationError("access_token callable must return a non-empty string.")
    return value


def make_paginator(fetch: PageFetcher[T]) -> SyncCursorPage[T]:
    """Fetch the first page for return from a sync ``list()`` method; iterating it walks all
    pages lazily."""
    return fetch(None)


class ClientCompatMixin:
    """Convenience properties of ``AgentHub``."""

    if TYPE_CHECKING:

        def get_capabilities(self, *, refresh: bool = False) -> Capabilities: ...

    @property
    def capabilities(self) -> Capabilities:
        """The server's Capabilities (fetched on first access, then cached)."""
        return self.get_capabilities()

    @property
    def contract_version(self) -> str:
        """The server's contract version, e.g. ``"1.0.0"`` (from the capabilities)."""
        return self.get_capabilities().contract_version
