"""Base classes of the resources and the hooks the generated ones call by name.

Most resource methods are generated from the contract's ``x-sdk`` blocks by
scripts/generate.py (scripts/render_sdk.py documents the keys); ``sessions``, ``turns``,
``files`` and ``events`` extend generated bases with the handwritten behaviour. A resource
is attached to the client in ``_async/client.py`` as a lazy ``_Resource`` (a cached property).
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from agenthub_openapi.models.agent_definition import AgentDefinition
from agenthub_openapi.models.session import Session as SessionModel
from agenthub_openapi.params import BODY_FIELDS, check_body
from agenthub_openapi.types import UNSET, Unset

from ..._backends import AsyncBackend
from ..._inputs import to_input_items
from ..._pagination import AsyncCursorPage, AsyncPaginator, page_parser
from ..._types import CALL_OPTION_KEYS, CallOptions, NotGiven, RequestOptions
from .._http import AsyncHTTPPipeline, RequestSpec
from .._transport import AsyncRestTransport

if TYPE_CHECKING:
    from .._grpc import AsyncGrpcTransport
    from ..client import AsyncAgentHub
    from .session import AsyncSession


T = TypeVar("T")
Transport = Literal["sse", "grpc"]


def label_filter(labels: Mapping[str, str] | None) -> list[str] | None:
    """``{"team": "risk"}`` → the ``label`` query of list endpoints (``["team:risk"]``).
    Raises ``TypeError`` (before any request) unless ``labels`` maps strings to strings."""
    if labels is None:
        return None
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise TypeError(
            f'labels= must be a mapping of str to str ({{"team": "risk"}}), not {labels!r}'
        )
    return [f"{k}:{v}" for k, v in labels.items()] or None


def timestamp(value: datetime.datetime | str | None) -> datetime.datetime | None:
    """Hook (x-sdk ``filters``): an RFC 3339 str as a datetime; others as they are."""
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def check_list_query(query: Mapping[str, Any]) -> None:
    """Check a list call's query (``None`` = omitted) before any request: ``TypeError`` for
    a wrong kind of value, ``ValueError`` for one out of range (``limit`` 1..100)."""
    for key, value in query.items():
        if value is None:
            continue
        if key in ("limit", "after_sequence_number"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{key}= must be an int, not {value!r}")
            low, high = (1, 100) if key == "limit" else (0, 2**63 - 1)
            if not low <= value <= high:
                raise ValueError(f"{key}= must be within {low}..{high}, not {value!r}")
        elif key in ("created_after", "created_before"):
            if not isinstance(value, datetime.datetime):
                raise TypeError(f"{key}= must be a datetime or an RFC 3339 str, not {value!r}")
        elif key == "label":
            continue  # built by label_filter, which checks it
        elif not isinstance(value, str):
            raise TypeError(f"{key}= must be a str, not {value!r}")
        elif key == "order" and value not in ("asc", "desc"):
            raise ValueError(f"order= must be 'asc' or 'desc', not {value!r}")


def if_match_header(
    version: int | str | None, etag: str | None = None, where: str = ""
) -> str | Unset:
    """The ``If-Match`` value: an ``etag`` as the server sent it, else a revision/generation
    quoted (``3`` → ``'"3"'``); neither → omitted. ``TypeError`` if both are given."""
    if etag is not None:
        if version is not None:
            raise TypeError(f"{where} takes if_match= or the revision/generation, not both")
        if not isinstance(etag, str):
            raise TypeError(f"{where} if_match must be a str (an ETag), not {etag!r}")
        version = etag
    if version is None:
        return UNSET
    text = str(version)
    return text if text == "*" or text.startswith(('"', "W/")) else f'"{text}"'


def input_items(value: Any) -> list[dict[str, Any]]:
    """Hook (x-sdk ``hooks``): an ``InputLike`` as JSON input items (``TypeError`` if not)."""
    return [item.to_dict() for item in to_input_items(value)]


def agent_definition(value: Any) -> AgentDefinition:
    """Hook (x-sdk ``hooks``): an ``AgentDefinition`` or its dict form (``TypeError`` if it
    does not parse) as the model."""
    if isinstance(value, AgentDefinition):
        return value
    try:
        return AgentDefinition.from_dict(value)
    except (KeyError, ValueError, TypeError) as exc:
        raise TypeError(f"Invalid agent definition: {exc!r}") from None


def merge_patch(changes: Any, where: str) -> Any:
    """Hook (x-sdk ``body``): a JSON merge patch (a mapping, else ``TypeError``) as JSON."""
    if not isinstance(changes, Mapping):
        raise TypeError(f"{where} changes must be a mapping, not {type(changes).__name__}")
    return to_json(changes)


def none_response(_: Any) -> None:
    """``cast_to`` for endpoints answering 204 No Content."""


def to_json(value: Any) -> Any:
    """A caller's value as JSON data (models → ``to_dict()``, datetimes → RFC 3339)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def request_body(
    schema: str, params: Mapping[str, Any], where: str
) -> tuple[dict[str, Any], CallOptions]:
    """Split a method's keyword arguments into (JSON body, call options): body
    fields are the properties of the contract's schema ``schema``; ``None`` for one that
    cannot be null means "omitted". Raises ``TypeError`` (before any request, naming
    ``where``) for any other keyword, a missing required field or a value of the wrong kind."""
    fields = BODY_FIELDS[schema]
    body: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in params.items():
        if key in fields:
            if isinstance(value, NotGiven) or (value is None and "null" not in fields[key][0]):
                continue
            body[key] = to_json(value)
        elif key in CALL_OPTION_KEYS:
            options[key] = value
        else:
            valid = ", ".join(sorted({*fields, *CALL_OPTION_KEYS}))
            raise TypeError(f"{where} got an unexpected keyword argument {key!r} (valid: {valid})")
    check_body(schema, body, where=where)
    return body, cast(CallOptions, options)


class AsyncAPIResource:
    """Base of every resource: the client and its pipeline."""

    def __init__(self, client: AsyncAgentHub) -> None:
        self._client = client
        self._pipeline: AsyncHTTPPipeline = client._pipeline

    async def _request(
        self, spec: RequestSpec, cast_to: Callable[[Any], T], options: CallOptions
    ) -> T:
        return await self._pipeline.request(spec, cast_to, RequestOptions.from_call(options))

    def _paginate(
        self,
        endpoint: ModuleType,
        item: Callable[[Any], T],
        options: CallOptions,
        *path: str,
        prepare: Callable[[], Awaitable[object]] | None = None,
        **query: Any,
    ) -> AsyncPaginator[T]:
        """A paginator whose pages are ``endpoint.build_request(*path, after=cursor, **query)``
        (a generated operation; ``None`` in ``query`` is left out, its ``after`` is where the
        first page starts); ``item`` parses one element; ``prepare()`` runs before each page."""
        request_options = RequestOptions.from_call(options)
        check_list_query(query)
        pipeline = self._pipeline
        start = query.pop("after", None)
        query = {k: UNSET if v is None else v for k, v in query.items()}

        async def fetch(cursor: str | None) -> AsyncCursorPage[T]:
            if prepare is not None:
                await prepare()
            spec = endpoint.build_request(*path, after=cursor or start or UNSET, **query)
            parse = page_parser(AsyncCursorPage, item, fetch)
            page: AsyncCursorPage[T] = await pipeline.request(spec, parse, request_options)
            return page

        return AsyncBackend.paginate(fetch)


class AsyncSessionScoped(AsyncAPIResource):
    """Base of a session's sub-resources (``session.files``…) and of the handle itself:
    calls about ``_session``."""

    def __init__(self, session: AsyncSession) -> None:
        self._of = session
        self._client = session._resource._client
        self._pipeline = session._pipeline

    @property
    def _session(self) -> AsyncSession:
        return self._of


def check_transport(transport: object) -> None:
    """``ValueError`` unless ``transport`` is ``"sse"`` or ``"grpc"``."""
    if transport not in ("sse", "grpc"):
        raise ValueError(f"transport must be 'sse' or 'grpc', not {transport!r}")


class AsyncTransportResource(AsyncAPIResource):
    """Base of ``hub.sessions``: the transports of its handles (REST, and a gRPC channel
    opened on first use) and ``_handle``, which binds a Session model to one of them."""

    def __init__(self, client: AsyncAgentHub) -> None:
        super().__init__(client)
        self._grpc: AsyncGrpcTransport | None = None
        self._rest = AsyncRestTransport(self._pipeline)

    async def _transport(self, transport: Transport) -> AsyncRestTransport | AsyncGrpcTransport:
        check_transport(transport)
        if transport == "sse":
            return self._rest
        if self._grpc is None:
            from .._grpc import AsyncGrpcTransport

            target = await self._client._resolve_grpc_target()
            self._grpc = AsyncGrpcTransport(self._pipeline, target)
        return self._grpc

    def _handle(self, data: SessionModel, transport: Transport) -> AsyncSession:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Close the gRPC channel, if one was opened."""
        if self._grpc is not None:
            grpc, self._grpc = self._grpc, None
            await grpc.close()
