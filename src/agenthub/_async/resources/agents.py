"""``hub.agents``: create, list, get, update, delete, export and import agents."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

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
from agenthub_openapi.models.agent_create import AgentCreate
from agenthub_openapi.models.agent_definition import AgentDefinition
from agenthub_openapi.models.agent_import_request import AgentImportRequest
from agenthub_openapi.models.agent_import_result import AgentImportResult
from agenthub_openapi.models.agent_update import AgentUpdate
from agenthub_openapi.models.metadata import Metadata
from agenthub_openapi.types import UNSET
from typing_extensions import Unpack

from ..._types import NOT_GIVEN, CallOptions, NotGiven
from .._compat import AsyncPaginator
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, given, if_match, none_response, unset

__all__ = ["ApprovalPolicy", "AsyncAgents", "AsyncAgentsWithRawResponse"]

#: ``"always"``, ``"never"``, or the names of the tools whose calls need approval.
ApprovalPolicy = Literal["always", "never"] | Sequence[str]


def _policy(value: ApprovalPolicy) -> Literal["always", "never"] | builtins.list[str]:
    if isinstance(value, str):
        return cast(Literal["always", "never"], value)
    return [str(v) for v in value]


def _metadata(value: Mapping[str, str]) -> Metadata:
    return Metadata.from_dict({str(k): str(v) for k, v in value.items()})


class AsyncAgents(AsyncAPIResource):
    """Agents: a model, instructions and tools. Versioned: every update bumps ``revision``."""

    async def create(
        self,
        *,
        name: str,
        model: str = "scripted",
        description: str | None = None,
        instructions: str | None = None,
        tools: Sequence[str] | None = None,
        require_approval: ApprovalPolicy | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Agent:
        """Create an agent (``POST /v1/agents``) and return it (``revision`` 1).

        ``model`` must be listed by ``hub.models.list()`` (else ``UnprocessableEntityError``);
        ``tools`` are tool names (built-in: ``calculator``, ``clock``, ``read_file``,
        ``write_file``; any other name is a client tool); ``require_approval`` defaults to
        ``"never"`` on the server. A retried create never duplicates: one Idempotency-Key is
        used for all attempts (pass ``idempotency_key=`` to choose it).
        Raises ``UnprocessableEntityError`` (422, ``.errors``) on invalid fields.
        """
        body = AgentCreate(
            name=name,
            model=model,
            description=unset(description),
            instructions=unset(instructions),
            tools=list(tools) if tools is not None else UNSET,
            require_approval=_policy(require_approval) if require_approval is not None else UNSET,
            metadata=_metadata(metadata) if metadata is not None else UNSET,
        )
        return await self._request(create_agent._get_kwargs(body=body), Agent.from_dict, options)

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
            lambda cursor: list_agents._get_kwargs(
                limit=unset(limit), after=unset(cursor or after), order=unset(order)
            ),
            Agent.from_dict,
            options,
        )

    async def get(self, agent_id: str, **options: Unpack[CallOptions]) -> Agent:
        """Fetch one agent. Raises ``NotFoundError`` if it does not exist (or is another
        tenant's)."""
        return await self._request(get_agent._get_kwargs(agent_id), Agent.from_dict, options)

    async def update(
        self,
        agent_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        model: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        instructions: str | NotGiven | None = NOT_GIVEN,
        tools: Sequence[str] | NotGiven = NOT_GIVEN,
        require_approval: ApprovalPolicy | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | NotGiven = NOT_GIVEN,
        if_revision: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Agent:
        """Change the given fields (``PATCH``); omitted fields keep their value, ``None`` clears
        ``description``/``instructions``. Returns the agent with ``revision`` + 1.

        ``if_revision`` makes the update conditional (``If-Match: "<revision>"``): if the agent
        changed since, ``PreconditionFailedError`` (412) is raised and nothing is written.
        """
        body = AgentUpdate(
            name=given(name),
            model=given(model),
            description=given(description),
            instructions=given(instructions),
            tools=UNSET if isinstance(tools, NotGiven) else list(tools),
            require_approval=UNSET
            if isinstance(require_approval, NotGiven)
            else _policy(require_approval),
            metadata=UNSET if isinstance(metadata, NotGiven) else _metadata(metadata),
        )
        spec = update_agent._get_kwargs(agent_id, body=body, if_match=if_match(if_revision))
        return await self._request(spec, Agent.from_dict, options)

    async def delete(self, agent_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete an agent. Raises ``NotFoundError`` if it does not exist."""
        return await self._request(delete_agent._get_kwargs(agent_id), none_response, options)

    async def export(self, agent_id: str, **options: Unpack[CallOptions]) -> AgentDefinition:
        """Export an agent as a portable ``AgentDefinition`` (format ``agenthub.agent.v1``;
        ``mcp_servers``/``skills`` name what the agent references)."""
        return await self._request(
            export_agent._get_kwargs(agent_id), AgentDefinition.from_dict, options
        )

    async def import_(
        self,
        definition: AgentDefinition | Mapping[str, Any],
        *,
        dry_run: bool = True,
        name: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AgentImportResult:
        """Import an ``AgentDefinition`` (e.g. from :meth:`export`, or its dict form).

        With ``dry_run=True`` (the default) nothing is saved: the result lists
        ``unresolved_references`` and ``warnings``. With ``dry_run=False`` the agent is created
        (``result.agent``); an unknown model then raises ``UnprocessableEntityError``.
        ``name`` overrides the definition's name.
        """
        if not isinstance(definition, AgentDefinition):
            try:
                definition = AgentDefinition.from_dict(definition)
            except (KeyError, ValueError, TypeError) as exc:
                raise TypeError(f"Invalid agent definition: {exc!r}") from None
        body = AgentImportRequest(definition=definition, dry_run=dry_run, name=unset(name))
        return await self._request(
            import_agent._get_kwargs(body=body), AgentImportResult.from_dict, options
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
