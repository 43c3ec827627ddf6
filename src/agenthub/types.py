"""The typed models the SDK returns and accepts, generated from the OpenAPI contract
(``from agenthub.types import Agent, SessionModel, TurnModel``): attrs classes whose
attributes are the JSON fields (``type``, ``input``, ``object``, ``format`` included),
``to_dict()`` / ``from_dict()``. Enums are open: ``Literal[<known values>] | str``, as a newer
server may send a value added later; keep a default branch.

:data:`Event` (sync ``EventStream``) and :data:`AsyncEvent` (``AsyncEventStream``) are the
contract's event classes (``elicitation.requested`` is the session-bound class with
``approve()``, ``decline(reason=)``, ``respond(...)``, ``cancel()``) plus :class:`UnknownEvent`;
``EventType`` is the literal of known types.

``SessionModel`` / ``TurnModel`` are the data models of the ``agenthub.Session`` /
``agenthub.Turn`` handles (a handle's ``.data``); ``Session`` / ``Turn`` here remain as their
aliases. Request bodies as TypedDicts are in ``agenthub_openapi.params``.
"""

# every model of the contract, by the generated package's ``__all__``
from agenthub_openapi.models import *  # noqa: F403
from agenthub_openapi.types import UNSET as UNSET
from agenthub_openapi.types import Unset as Unset

from ._events import AnyEvent as AnyEvent
from ._events import AsyncBoundElicitationRequestedEvent as AsyncBoundElicitationRequestedEvent
from ._events import AsyncEvent as AsyncEvent
from ._events import BoundElicitationRequestedEvent as BoundElicitationRequestedEvent
from ._events import Event as Event
from ._events import EventType as EventType
from ._events import UnknownEvent as UnknownEvent
from ._inputs import InputItem as InputItem
from ._inputs import InputLike as InputLike
from ._types import ApprovalPolicy as ApprovalPolicy

SessionModel = Session  # noqa: F405
TurnModel = Turn  # noqa: F405
