"""``hub.skills``: named instruction documents an agent can load, addressed by name."""

from __future__ import annotations

from typing import Literal

from agenthub_openapi.api.skills import delete_skill, get_skill, list_skills, put_skill
from agenthub_openapi.models.skill import Skill
from agenthub_openapi.models.skill_put import SkillPut
from typing_extensions import Unpack

from ..._types import CallOptions
from .._compat import AsyncPaginator
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, none_response, unset

__all__ = ["AsyncSkills", "AsyncSkillsWithRawResponse"]


class AsyncSkills(AsyncAPIResource):
    """Skills ``{name, description, content, created_at, updated_at}``, keyed by ``name``
    (pattern ``^[a-z0-9][a-z0-9_-]{0,63}$``)."""

    async def put(
        self,
        name: str,
        content: str,
        description: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Skill:
        """Create or replace the skill ``name`` (``PUT /v1/skills/{name}``) and return it.

        Raises ``UnprocessableEntityError`` (422) for an invalid name or empty content.
        """
        body = SkillPut(content=content, description=unset(description))
        return await self._request(put_skill._get_kwargs(name, body=body), Skill.from_dict, options)

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Skill]:
        """List skills ordered by name; iterate for all pages."""
        return self._paginate(
            lambda cursor: list_skills._get_kwargs(
                limit=unset(limit), after=unset(cursor or after), order=unset(order)
            ),
            Skill.from_dict,
            options,
        )

    async def get(self, name: str, **options: Unpack[CallOptions]) -> Skill:
        """Fetch a skill by name; ``NotFoundError`` if unknown."""
        return await self._request(get_skill._get_kwargs(name), Skill.from_dict, options)

    async def delete(self, name: str, **options: Unpack[CallOptions]) -> None:
        """Delete a skill; ``NotFoundError`` if unknown."""
        return await self._request(delete_skill._get_kwargs(name), none_response, options)

    @property
    def with_raw_response(self) -> AsyncSkillsWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncSkillsWithRawResponse(self)


class AsyncSkillsWithRawResponse:
    def __init__(self, skills: AsyncSkills) -> None:
        self.put = to_raw_response_wrapper(skills.put)
        self.list = to_raw_response_wrapper(skills.list)
        self.get = to_raw_response_wrapper(skills.get)
        self.delete = to_raw_response_wrapper(skills.delete)
