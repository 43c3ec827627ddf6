"""Status groups of the contract (DESIGN §2), public as ``agenthub.SESSION_ACTIVE_STATUSES``
and ``agenthub.TURN_TERMINAL_STATUSES``. Statuses are open strings: a value a newer server adds
is in neither set."""

from __future__ import annotations

from typing import Final

__all__ = ["SESSION_ACTIVE_STATUSES", "TURN_TERMINAL_STATUSES"]

#: Session statuses while a turn is in progress (``running``, or ``waiting`` on an
#: elicitation); ``idle``, ``paused``, ``failed`` and ``cancelled`` are not active.
SESSION_ACTIVE_STATUSES: Final[frozenset[str]] = frozenset({"running", "waiting"})

#: Turn statuses after which a turn never changes again (it has ``result`` or ``error``).
TURN_TERMINAL_STATUSES: Final[frozenset[str]] = frozenset(
    {"completed", "failed", "cancelled", "incomplete"}
)
