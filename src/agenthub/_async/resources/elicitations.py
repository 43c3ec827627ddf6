"""``session.elicitations``: list, get, resolve."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from agenthub_openapi.api.elicitations import get_elicitation, list_elicitations
from agenthub_openapi.models.elicitation import Elicitation
from typing_extensions import Unpack

from ..._types import CallOptions, RequestOptions
from .._compat import AsyncPaginator
from ._base import unset

if TYPE_CHECKING:
    from .sessions import AsyncSession

__all__ = ["AsyncElicitations"]


class AsyncElicitations:
    """Questions the agent asked: tool approvals, client tool calls, clarifications."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def list(
        self,
        *,
        status: Literal["pending", "resolved"] | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Elicitation]:
        """The session's elicitations (filter by ``status``); iterating walks every page."""
        s = self._session
        return s._resource._paginate(
            lambda cursor: list_elicitations._get_kwargs(
                s.id, limit=unset(limit), after=unset(cursor), status=unset(status)
            ),
            Elicitation.from_dict,
            options,
        )

    async def get(self, elicitation_id: str, **options: Unpack[CallOptions]) -> Elicitation:
        """Fetch one elicitation. Raises ``NotFoundError``."""
        s = self._session
        return await s._resource._request(
            get_elicitation._get_kwargs(s.id, elicitation_id), Elicitation.from_dict, options
        )

    async def resolve(
        self,
        elicitation_id: str,
        *,
        action: Literal["accept", "decline", "cancel"],
        content: Mapping[str, Any] | None = None,
        reason: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Elicitation:
        """Answer an elicitation (over the session's transport). A client tool's accept needs
        ``content={"output": str}``, a clarification's ``content={"text": str}`` (else 422).
        Raises ``ConflictError`` (409 ``already_resolved``)."""
        s = self._session
        return await s._transport.resolve_elicitation(
            s.id,
            elicitation_id,
            action,
            dict(content) if content is not None else None,
            reason,
            RequestOptions.from_call(options),
        )
