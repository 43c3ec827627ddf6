"""Status groups of the contract (DESIGN §2). Statuses are open strings: a value a newer
server adds is in neither set."""

from typing import Final

#: a turn is in progress (``running``, or ``waiting`` on an elicitation)
SESSION_ACTIVE_STATUSES: Final = frozenset({"running", "waiting"})
#: a turn never changes again (it has ``result`` or ``error``)
TURN_TERMINAL_STATUSES: Final = frozenset({"completed", "failed", "cancelled", "incomplete"})
