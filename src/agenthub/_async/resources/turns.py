"""``session.turns``: ``list()`` (generated, ``_turns.AsyncTurnsAPI``) and ``get(turn_id)``,
as :class:`AsyncTurn` handles (``turn.py``)."""

from __future__ import annotations

from typing_extensions import Unpack

from ..._types import CallOptions, RequestOptions
from ._turns import AsyncTurnsAPI
from .turn import AsyncTurn, ElicitationHandler

__all__ = ["AsyncTurn", "AsyncTurns", "ElicitationHandler"]


class AsyncTurns(AsyncTurnsAPI):
    """``session.turns``: ``list()`` (generated) and ``get(turn_id)``, as :class:`AsyncTurn`
    handles."""

    async def get(self, turn_id: str, **options: Unpack[CallOptions]) -> AsyncTurn:
        """An existing turn (fetched over the session's transport). Raises ``NotFoundError``."""
        s = self._session
        turn = await s._transport.get_turn(s.id, turn_id, RequestOptions.from_call(options))
        return AsyncTurn.attach(s, turn)
