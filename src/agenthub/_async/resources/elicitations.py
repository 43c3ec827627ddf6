"""``session.elicitations``: list, get, resolve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from agenthub_openapi.api.elicitations import get_elicitation, list_elicitations
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.params import ResolveElicitationRequestParams
from typing_extensions import Unpack

from ..._pagination import AsyncPaginator
from ..._types import CallOptions, RequestOptions
from ._base import request_body

if TYPE_CHECKING:
    from .sessions import AsyncSession

__all__ = ["AsyncElicitations", "ResolveElicitationCall"]


class ResolveElicitationCall(ResolveElicitationRequestParams, CallOptions, total=False):
    """Keywords of ``session.elicitations.resolve``: the ``ResolveElicitationRequest``
    fields (``action`` required, ``content``, ``reason``) + per-call options."""


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
            list_elicitations, Elicitation.from_dict, options, s.id, limit=limit, status=status
        )

    async def get(self, elicitation_id: str, **options: Unpack[CallOptions]) -> Elicitation:
        """Fetch one elicitation. Raises ``NotFoundError``."""
        s = self._session
        return await s._resource._request(
            get_elicitation.build_request(s.id, elicitation_id), Elicitation.from_dict, options
        )

    async def resolve(
        self,
        elicitation_id: str,
        **params: Unpack[ResolveElicitationCall],
    ) -> Elicitation:
        """Answer an elicitation (over the session's transport). A client tool's accept needs
        ``content={"output": str}``, a clarification's ``content={"text": str}`` (else 422).
        Keywords: the ``ResolveElicitationRequest`` fields (``action`` — ``"accept"``,
        ``"decline"`` or ``"cancel"`` —, ``content``, ``reason``) and the per-call options.
        Raises ``ConflictError`` (409 ``already_resolved``), ``TypeError`` (before any
        request) for an unknown keyword or a missing ``action``."""
        s = self._session
        body, options, _ = request_body(
            "ResolveElicitationRequest", params, "session.elicitations.resolve()"
        )
        return await s._transport.resolve_elicitation(
            s.id, elicitation_id, body, RequestOptions.from_call(options)
        )
