"""``hub.skills``: named instruction documents an agent can load, addressed by name."""

from __future__ import annotations

from typing import Literal

from agenthub_openapi.api.skills import delete_skill, get_skill, list_skills, put_skill
from agenthub_openapi.models.skill import Skill
from agenthub_openapi.params import SkillPutOptionalParams
from typing_extensions import Unpack

from ..._pagination import AsyncPaginator
from ..._types import CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, none_response, request_body

__all__ = ["AsyncSkills", "AsyncSkillsWithRawResponse", "SkillPutCall"]


class SkillPutCall(SkillPutOptionalParams, CallOptions, total=False):
    """Keywords of ``skills.put`` after name and content: ``description`` + per-call options."""


class AsyncSkills(AsyncAPIResource):
    """Skills ``{name, description, content, created_at, updated_at}``, keyed by ``name``
    (pattern ``^[a-z0-9][a-z0-9_-]{0,63}$``)."""

    async def put(
        self,
        name: str,
        content: str,
        **params: Unpack[SkillPutCall],
    ) -> Skill:
        """Create or replace the skill ``name`` (``PUT /v1/skills/{name}``) and return it.

        Raises ``UnprocessableEntityError`` (422) for an invalid name or empty content,
        ``TypeError`` (before any request) for an unknown keyword.
        """
        body, options, _ = request_body("SkillPut", {**params, "content": content}, "skills.put()")
        return await self._request(
            put_skill.build_request(name, body=body), Skill.from_dict, options
        )

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
            list_skills, Skill.from_dict, options, limit=limit, order=order, after=after
        )

    async def get(self, name: str, **options: Unpack[CallOptions]) -> Skill:
        """Fetch a skill by name; ``NotFoundError`` if unknown."""
        return await self._request(get_skill.build_request(name), Skill.from_dict, options)

    async def delete(self, name: str, **options: Unpack[CallOptions]) -> None:
        """Delete a skill; ``NotFoundError`` if unknown."""
        return await self._request(delete_skill.build_request(name), none_response, options)

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
