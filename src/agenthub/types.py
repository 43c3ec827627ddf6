"""The typed models the SDK returns and accepts (generated from the OpenAPI contract).

Re-exported from ``agenthub_openapi.models`` so that user code imports them from one stable
place: ``from agenthub.types import Agent, SessionModel, TurnModel``. They are attrs classes:
fields are attributes, ``to_dict()`` gives the JSON form, ``from_dict()`` parses it.
Every JSON field is an attribute of the same name, including ``type``, ``input``, ``object``
and ``format`` (``event.type`` is ``Literal["message.delta"]`` etc., so comparing it narrows).

Enums are *open*: an enum type such as ``SessionStatus`` is ``Literal[<the values this
contract version lists>] | str``, because a newer server may send a value added later, and it
decodes as that plain string instead of failing. Compare with ``==`` as usual; handle the
values you know and keep a default branch.

Events: :data:`Event` is what a sync ``EventStream`` yields and :data:`AsyncEvent` what an
``AsyncEventStream`` yields: the contract's event classes (generated from the ``Event``
discriminator mapping; ``elicitation.requested`` is the session-bound class with
``approve()``, ``decline(reason=)``, ``respond(...)``, ``cancel()``) plus
:class:`UnknownEvent` for a type this version does not know. ``EventType`` is the literal of
known types.

Names: ``agenthub.Session`` / ``agenthub.Turn`` are the *handles* (bound objects with
``create_turn()``, ``stream()``, ``wait()``…); the contract's plain data *models* of the same
resources are ``agenthub.types.SessionModel`` / ``agenthub.types.TurnModel`` (a handle's
``.data``). ``agenthub.types.Session`` / ``agenthub.types.Turn`` remain as aliases of the
models for existing code; prefer the ``…Model`` names so one name means one thing.

The request bodies as keyword-argument TypedDicts (``AgentCreateParams``…),
generated from the contract, are in ``agenthub_openapi.params``.
"""

# Every model of the contract, by the generated package's ``__all__``: a schema added to the
# contract is importable from here after ``make generate``, with no edit to this file.
from agenthub_openapi.models import *  # noqa: F403
from agenthub_openapi.models import Session as Session
from agenthub_openapi.models import Turn as Turn
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

#: the data models of the `Session` / `Turn` handles, by names that say so
SessionModel = Session
TurnModel = Turn
