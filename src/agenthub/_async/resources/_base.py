"""Base class and helpers shared by every resource.

The CRUD resources (``agents``, ``skills``, ``schedules``, ``mcp_servers``, ``models``,
``config``) are generated from the contract's ``x-sdk`` extensions by scripts/generate.py; the
hooks they call by name (``input_items``, ``agent_definition``, ``merge_patch``,
``label_filter``, ``if_match_header``) live here. The other resources are handwritten.

Writing a resource by hand (the pattern the generated modules follow too)::

    from agenthub_openapi.api.agents import get_agent, list_agents

    class AsyncAgents(AsyncAPIResource):
        async def get(self, agent_id: str, **options: Unpack[CallOptions]) -> Agent:
            return await self._request(get_agent.build_request(agent_id), Agent.from_dict, options)

        async def create(self, **params: Unpack[AgentCreateCall]) -> Agent:
            body, options, _ = request_body("AgentCreate", params, "agents.create()")
            return await self._request(create_agent.build_request(body=body), Agent.from_dict,
                                       options)

        def list(self, *, limit: int | None = None,
                 **options: Unpack[CallOptions]) -> AsyncPaginator[Agent]:
            return self._paginate(list_agents, Agent.from_dict, options, limit=limit)

    class AsyncAgentsWithRawResponse:       # typed ``.with_raw_response`` view
        def __init__(self, agents: AsyncAgents) -> None:
            self.get = to_raw_response_wrapper(agents.get)

Attach it to the client in ``_async/client.py`` with a ``@cached_property`` (see ``agents``).
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from agenthub_openapi.models.agent_definition import AgentDefinition
from agenthub_openapi.params import BODY_FIELDS, check_body
from agenthub_openapi.types import UNSET, Unset

from ..._backends import AsyncBackend
from ..._inputs import to_input_items
from ..._pagination import AsyncCursorPage, AsyncPaginator, page_parser
from ..._types import CALL_OPTION_KEYS, CallOptions, NotGiven, RequestOptions
from .._http import AsyncHTTPPipeline, RequestSpec

if TYPE_CHECKING:
    from ..client import AsyncAgentHub

__all__ = [
    "AsyncAPIResource",
    "agent_definition",
    "check_list_query",
    "if_match_header",
    "input_items",
    "label_filter",
    "merge_patch",
    "none_response",
    "request_body",
    "to_json",
]

T = TypeVar("T")


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


def check_list_query(query: Mapping[str, Any]) -> None:
    """Check a list call's filters before any request: ``limit`` an int in 1..100 (the
    contract's page size), ``order`` ``"asc"``/``"desc"``, ``after_sequence_number`` an int
    >= 0, the id/status/cursor filters strings, ``created_*`` datetimes. ``None`` = omitted.
    Raises ``TypeError`` for a wrong kind of value, ``ValueError`` for one out of range."""
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
    """The ``If-Match`` value: an ``etag`` as the server sent it (``ETag`` header), else a
    revision/generation quoted (``3`` → ``'"3"'``); neither → omitted. ``TypeError`` if both
    are given or ``etag`` is not a ``str``."""
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
    """Hook (x-sdk ``hooks``): a turn input (``InputLike``: a str, an input model or dict, or
    a list of those) as JSON input items; ``TypeError`` if it is not one."""
    return [item.to_dict() for item in to_input_items(value)]


def agent_definition(value: Any) -> AgentDefinition:
    """Hook (x-sdk ``hooks``): an ``AgentDefinition`` or its dict form as the model;
    ``TypeError`` if the dict does not parse."""
    if isinstance(value, AgentDefinition):
        return value
    try:
        return AgentDefinition.from_dict(value)
    except (KeyError, ValueError, TypeError) as exc:
        raise TypeError(f"Invalid agent definition: {exc!r}") from None


def merge_patch(changes: Any, where: str) -> Any:
    """Hook (x-sdk ``body``): a JSON merge patch (RFC 7396) as JSON data; ``TypeError``
    (before any request) unless it is a mapping."""
    if not isinstance(changes, Mapping):
        raise TypeError(f"{where} changes must be a mapping, not {type(changes).__name__}")
    return to_json(changes)


def none_response(_: Any) -> None:
    """``cast_to`` for endpoints answering 204 No Content."""
    return None


def to_json(value: Any) -> Any:
    """A caller's value as JSON data: models → ``to_dict()``, mappings → dicts, sequences
    (not strings) → lists, datetimes → RFC 3339; anything else as is."""
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
    schema: str, params: Mapping[str, Any], where: str, extra: Collection[str] = ()
) -> tuple[dict[str, Any], CallOptions, dict[str, Any]]:
    """Split a method's keyword arguments into (JSON body, call options, ``extra``).

    Body fields are the properties of the request schema ``schema`` (generated from the
    contract: a field added to the spec is accepted with no edit here); ``None`` for a property
    that cannot be null means "omitted". Raises ``TypeError`` — before any request — for a
    keyword that is none of those, a missing required field or a value of the wrong kind
    (``tools="calculator"``), naming ``where`` (e.g. ``"agents.create()"``)."""
    fields = BODY_FIELDS[schema]
    body: dict[str, Any] = {}
    options: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    for key, value in params.items():
        if key in fields:
            if isinstance(value, NotGiven) or (value is None and "null" not in fields[key][0]):
                continue
            body[key] = to_json(value)
        elif key in CALL_OPTION_KEYS:
            options[key] = value
        elif key in extra:
            extras[key] = value
        else:
            valid = ", ".join(sorted({*fields, *CALL_OPTION_KEYS, *extra}))
            raise TypeError(f"{where} got an unexpected keyword argument {key!r} (valid: {valid})")
    check_body(schema, body, where=where)
    return body, cast(CallOptions, options), extras


class AsyncAPIResource:
    """Base of every resource: holds the client and its pipeline."""

    def __init__(self, client: AsyncAgentHub) -> None:
        self._client = client
        self._pipeline: AsyncHTTPPipeline = client._pipeline

    async def _request(
        self, spec: RequestSpec, cast_to: Callable[[Any], T], options: CallOptions
    ) -> T:
        """Send one request through the pipeline and parse the body with ``cast_to``."""
        return await self._pipeline.request(spec, cast_to, RequestOptions.from_call(options))

    def _paginate(
        self,
        endpoint: ModuleType,
        item: Callable[[Any], T],
        options: CallOptions,
        *path: str,
        prepare: Callable[[], Awaitable[None]] | None = None,
        **query: Any,
    ) -> AsyncPaginator[T]:
        """A paginator over a list endpoint: each page's request is
        ``endpoint.build_request(*path, after=cursor, **query)`` (``endpoint``: a generated
        operation module such as ``list_agents``; ``None`` in ``query`` is sent as ``UNSET``,
        i.e. left out; ``after`` in ``query`` is where the first page starts); ``item`` parses
        one element; ``prepare()``, if given, runs before each page request (e.g. to open a
        transport that ``item`` binds)."""
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
