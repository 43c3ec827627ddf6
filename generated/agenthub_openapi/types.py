"""Contains some shared types for properties"""

import re
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar
from urllib.parse import quote

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


#: Characters ``quote(..., safe="")`` never changes.
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")


def path_param(value: object, name: str) -> str:
    """``value`` percent-encoded as one URL path segment (``/`` included).

    Raises ``TypeError`` for a value that is not a ``str`` (``None`` would otherwise be sent
    as the id ``"None"``) and ``ValueError`` (not ``UnicodeEncodeError``) for text UTF-8
    cannot carry, such as a lone surrogate; the message names the parameter, not the value."""
    if not isinstance(value, str):
        raise TypeError(
            f"path parameter {name!r} must be a str (an id), not {type(value).__name__}"
        )
    if _URL_SAFE.fullmatch(value):
        return (
            value  # ids are nearly always URL-safe already; quote() costs more per call
        )
    try:
        return quote(value, safe="")
    except UnicodeEncodeError:
        raise ValueError(
            f"path parameter {name!r} cannot be sent: it contains a character UTF-8 cannot "
            "encode (a lone surrogate)"
        ) from None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "path_param",
]
