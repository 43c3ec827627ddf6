"""``hub.agents``: create, list, get, update, delete, export and import agents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from agenthub_openapi.api.agents import (
    create_agent,
    delete_agent,
    export_agent,
    get_agent,
    import_agent,
    list_agents,
    update_agent,
)
from agenthub_openapi.models.agent import Agent
from agenthub_openapi.models.agent_definition import AgentDefinition
from agenthub_openapi.models.agent_import_result import AgentImportResult
from agenthub_openapi.params import (
    AgentCreateParams,
    AgentImportRequestOptionalParams,
    AgentUpdateParams,
)
from typing_extensions import Unpack

from ..._pagination import AsyncPaginator
from ..._types import ApprovalPolicy, CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, if_match_header, none_response, request_body

__all__ = [
    "AgentCreateCall",
    "AgentImportCall",
    "AgentUpdateCall",
    "ApprovalPolicy",
    "AsyncAgents",
    "AsyncAgentsWithRawResponse",
]


class AgentCreateCall(AgentCreateParams, CallOptions, total=False):
    """Keywords of ``agents.create``: the ``AgentCreate`` fields plus the per-call options."""


class AgentUpdateCall(AgentUpdateParams, CallOptions, total=False):
    """Keywords of ``agents.update``: the ``AgentUpdate`` fields plus the per-call options."""


class AgentImportCall(AgentImportRequestOptionalParams, CallOptions, total=False):
    """Keywords of ``agents.import_`` after the definition: ``dry_run``, ``name``, options."""


class AsyncAgents(AsyncAPIResource):
    """Agents: a model, instructions and tools. Versioned: every update bumps ``revision``."""

    async def create(self, **params: Unpack[AgentCreateCall]) -> Agent:
        """Create an agent (``POST /v1/agents``) and return it (``revision`` 1).

        Keywords: the ``AgentCreate`` fields of the contract — ``name`` (required),
        ``model`` (default ``"scripted"``; must be listed by ``hub.models.list()``, else
        ``UnprocessableEntityError``), ``description``, ``instructions``, ``tools`` (tool
        names; built-in: ``calculator``, ``clock``, ``read_file``, ``write_file``; any other
        name is a client tool), ``require_approval`` (``"always"``, ``"never"`` — the server
        default — or a list of tool names), ``metadata`` — plus ``timeout``,
        ``max_retries``, ``extra_headers``, ``idempotency_key``. A retried create never
        duplicates: one Idempotency-Key is used for all attempts.

        Raises ``TypeError`` before any request for an unknown keyword or a wrong kind of
        value (``tools="calculator"``), ``UnprocessableEntityError`` (422, ``.errors``) for
        invalid values.
        """
        params.setdefault("model", "scripted")
        body, options, _ = request_body("AgentCreate", params, "agents.create()")
        return await self._request(create_agent.build_request(body=body), Agent.from_dict, options)

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Agent]:
        """List agents, newest first unless ``order="asc"`` (``GET /v1/agents``).

        ``limit`` is the page size (1..100, server default 20), not a cap; iterating the result
        walks every page. ``after`` starts after a cursor from a previous page.
        """
        return self._paginate(
            list_agents, Agent.from_dict, options, limit=limit, order=order, after=after
        )

    async def get(self, agent_id: str, **options: Unpack[CallOptions]) -> Agent:
        """Fetch one agent. Raises ``NotFoundError`` if it does not exist (or is another
        tenant's)."""
        return await self._request(get_agent.build_request(agent_id), Agent.from_dict, options)

    async def update(
        self,
        agent_id: str,
        *,
        if_revision: int | None = None,
        if_match: str | None = None,
        **params: Unpack[AgentUpdateCall],
    ) -> Agent:
        """Change the given ``AgentUpdate`` fields (``PATCH``); omitted fields keep their
        value, ``None`` clears ``description``/``instructions``. Returns the agent with
        ``revision`` + 1.

        ``if_revision`` makes the update conditional (``If-Match: "<revision>"``): if the agent
        changed since, ``PreconditionFailedError`` (412) is raised and nothing is written.
        ``if_match`` does the same with the agent's ``ETag`` as the server sent it (e.g. from
        ``with_raw_response.get``); give one of the two.
        Raises ``TypeError`` before any request for an unknown keyword or a wrong kind of value.
        """
        body, options, _ = request_body("AgentUpdate", params, "agents.update()")
        spec = update_agent.build_request(
            agent_id, body=body, if_match=if_match_header(if_revision, if_match, "agents.update()")
        )
        return await self._request(spec, Agent.from_dict, options)

    async def delete(self, agent_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete an agent. Raises ``NotFoundError`` if it does not exist."""
        return await self._request(delete_agent.build_request(agent_id), none_response, options)

    async def export(self, agent_id: str, **options: Unpack[CallOptions]) -> AgentDefinition:
        """Export an agent as a portable ``AgentDefinition`` (format ``agenthub.agent.v1``;
        ``mcp_servers``/``skills`` name what the agent references)."""
        return await self._request(
            export_agent.build_request(agent_id), AgentDefinition.from_dict, options
        )

    async def import_(
        self,
        definition: AgentDefinition | Mapping[str, Any],
        **params: Unpack[AgentImportCall],
    ) -> AgentImportResult:
        """Import an ``AgentDefinition`` (e.g. from :meth:`export`, or its dict form).

        With ``dry_run=True`` (the default) nothing is saved: the result lists
        ``unresolved_references`` and ``warnings``. With ``dry_run=False`` the agent is created
        (``result.agent``); an unknown model then raises ``UnprocessableEntityError``.
        ``name`` overrides the definition's name. Raises ``TypeError`` for a definition that
        does not parse or an unknown keyword.
        """
        if not isinstance(definition, AgentDefinition):
            try:
                definition = AgentDefinition.from_dict(definition)
            except (KeyError, ValueError, TypeError) as exc:
                raise TypeError(f"Invalid agent definition: {exc!r}") from None
        fields: dict[str, Any] = {"dry_run": True, **params, "definition": definition}
        body, options, _ = request_body("AgentImportRequest", fields, "agents.import_()")
        return await self._request(
            import_agent.build_request(body=body), AgentImportResult.from_dict, options
        )

    @property
    def with_raw_response(self) -> AsyncAgentsWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncAgentsWithRawResponse(self)


class AsyncAgentsWithRawResponse:
    def __init__(self, agents: AsyncAgents) -> None:
        self.create = to_raw_response_wrapper(agents.create)
        self.list = to_raw_response_wrapper(agents.list)
        self.get = to_raw_response_wrapper(agents.get)
        self.update = to_raw_response_wrapper(agents.update)
        self.delete = to_raw_response_wrapper(agents.delete)
        self.export = to_raw_response_wrapper(agents.export)
        self.import_ = to_raw_response_wrapper(agents.import_)
