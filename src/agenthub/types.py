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

from agenthub_openapi.models.agent import Agent as Agent
from agenthub_openapi.models.agent_create import AgentCreate as AgentCreate
from agenthub_openapi.models.agent_definition import AgentDefinition as AgentDefinition
from agenthub_openapi.models.agent_import_request import AgentImportRequest as AgentImportRequest
from agenthub_openapi.models.agent_import_result import AgentImportResult as AgentImportResult
from agenthub_openapi.models.agent_list import AgentList as AgentList
from agenthub_openapi.models.agent_update import AgentUpdate as AgentUpdate
from agenthub_openapi.models.approval_mode import ApprovalMode as ApprovalMode
from agenthub_openapi.models.capabilities import Capabilities as Capabilities
from agenthub_openapi.models.capability import Capability as Capability
from agenthub_openapi.models.capability_status import CapabilityStatus as CapabilityStatus
from agenthub_openapi.models.config_envelope import ConfigEnvelope as ConfigEnvelope
from agenthub_openapi.models.config_replace import ConfigReplace as ConfigReplace
from agenthub_openapi.models.context_injected_event import (
    ContextInjectedEvent as ContextInjectedEvent,
)
from agenthub_openapi.models.elicitation import Elicitation as Elicitation
from agenthub_openapi.models.elicitation_action import ElicitationAction as ElicitationAction
from agenthub_openapi.models.elicitation_kind import ElicitationKind as ElicitationKind
from agenthub_openapi.models.elicitation_list import ElicitationList as ElicitationList
from agenthub_openapi.models.elicitation_requested_event import (
    ElicitationRequestedEvent as ElicitationRequestedEvent,
)
from agenthub_openapi.models.elicitation_resolved_event import (
    ElicitationResolvedEvent as ElicitationResolvedEvent,
)
from agenthub_openapi.models.elicitation_status import ElicitationStatus as ElicitationStatus
from agenthub_openapi.models.error_event import ErrorEvent as ErrorEvent
from agenthub_openapi.models.error_event_source import ErrorEventSource as ErrorEventSource
from agenthub_openapi.models.event_list import EventList as EventList
from agenthub_openapi.models.file import File as File
from agenthub_openapi.models.file_created_event import FileCreatedEvent as FileCreatedEvent
from agenthub_openapi.models.file_data_part import FileDataPart as FileDataPart
from agenthub_openapi.models.file_list import FileList as FileList
from agenthub_openapi.models.file_part import FilePart as FilePart
from agenthub_openapi.models.file_source import FileSource as FileSource
from agenthub_openapi.models.health import Health as Health
from agenthub_openapi.models.inject_context_request import (
    InjectContextRequest as InjectContextRequest,
)
from agenthub_openapi.models.json_object import JsonObject as JsonObject
from agenthub_openapi.models.labels import Labels as Labels
from agenthub_openapi.models.list_elicitations_status import (
    ListElicitationsStatus as ListElicitationsStatus,
)
from agenthub_openapi.models.log_event import LogEvent as LogEvent
from agenthub_openapi.models.log_event_level import LogEventLevel as LogEventLevel
from agenthub_openapi.models.mcp_server import McpServer as McpServer
from agenthub_openapi.models.mcp_server_create import McpServerCreate as McpServerCreate
from agenthub_openapi.models.mcp_server_list import McpServerList as McpServerList
from agenthub_openapi.models.message_completed_event import (
    MessageCompletedEvent as MessageCompletedEvent,
)
from agenthub_openapi.models.message_delta_event import MessageDeltaEvent as MessageDeltaEvent
from agenthub_openapi.models.metadata import Metadata as Metadata
from agenthub_openapi.models.model import Model as Model
from agenthub_openapi.models.model_list import ModelList as ModelList
from agenthub_openapi.models.problem import Problem as Problem
from agenthub_openapi.models.reasoning_delta_event import ReasoningDeltaEvent as ReasoningDeltaEvent
from agenthub_openapi.models.resolve_elicitation_request import (
    ResolveElicitationRequest as ResolveElicitationRequest,
)
from agenthub_openapi.models.retry_event import RetryEvent as RetryEvent
from agenthub_openapi.models.schedule import Schedule as Schedule
from agenthub_openapi.models.schedule_create import ScheduleCreate as ScheduleCreate
from agenthub_openapi.models.schedule_list import ScheduleList as ScheduleList
from agenthub_openapi.models.schedule_occurrence import ScheduleOccurrence as ScheduleOccurrence
from agenthub_openapi.models.schedule_occurrence_list import (
    ScheduleOccurrenceList as ScheduleOccurrenceList,
)
from agenthub_openapi.models.schedule_occurrence_status import (
    ScheduleOccurrenceStatus as ScheduleOccurrenceStatus,
)
from agenthub_openapi.models.schedule_status import ScheduleStatus as ScheduleStatus
from agenthub_openapi.models.schedule_update import ScheduleUpdate as ScheduleUpdate
from agenthub_openapi.models.session import Session as Session
from agenthub_openapi.models.session_create import SessionCreate as SessionCreate
from agenthub_openapi.models.session_list import SessionList as SessionList
from agenthub_openapi.models.session_mcp_servers_update import (
    SessionMcpServersUpdate as SessionMcpServersUpdate,
)
from agenthub_openapi.models.session_renamed_event import SessionRenamedEvent as SessionRenamedEvent
from agenthub_openapi.models.session_status import SessionStatus as SessionStatus
from agenthub_openapi.models.session_status_event import SessionStatusEvent as SessionStatusEvent
from agenthub_openapi.models.session_update import SessionUpdate as SessionUpdate
from agenthub_openapi.models.session_usage_event import SessionUsageEvent as SessionUsageEvent
from agenthub_openapi.models.skill import Skill as Skill
from agenthub_openapi.models.skill_list import SkillList as SkillList
from agenthub_openapi.models.skill_loaded_event import SkillLoadedEvent as SkillLoadedEvent
from agenthub_openapi.models.skill_put import SkillPut as SkillPut
from agenthub_openapi.models.sort_order import SortOrder as SortOrder
from agenthub_openapi.models.text_part import TextPart as TextPart
from agenthub_openapi.models.tool_call import ToolCall as ToolCall
from agenthub_openapi.models.tool_call_completed_event import (
    ToolCallCompletedEvent as ToolCallCompletedEvent,
)
from agenthub_openapi.models.tool_call_started_event import (
    ToolCallStartedEvent as ToolCallStartedEvent,
)
from agenthub_openapi.models.turn import Turn as Turn
from agenthub_openapi.models.turn_cancelled_event import TurnCancelledEvent as TurnCancelledEvent
from agenthub_openapi.models.turn_completed_event import TurnCompletedEvent as TurnCompletedEvent
from agenthub_openapi.models.turn_create import TurnCreate as TurnCreate
from agenthub_openapi.models.turn_created_event import TurnCreatedEvent as TurnCreatedEvent
from agenthub_openapi.models.turn_error import TurnError as TurnError
from agenthub_openapi.models.turn_failed_event import TurnFailedEvent as TurnFailedEvent
from agenthub_openapi.models.turn_incomplete_event import TurnIncompleteEvent as TurnIncompleteEvent
from agenthub_openapi.models.turn_list import TurnList as TurnList
from agenthub_openapi.models.turn_result import TurnResult as TurnResult
from agenthub_openapi.models.turn_started_event import TurnStartedEvent as TurnStartedEvent
from agenthub_openapi.models.turn_status import TurnStatus as TurnStatus
from agenthub_openapi.models.turn_waiting_event import TurnWaitingEvent as TurnWaitingEvent
from agenthub_openapi.models.unresolved_reference import UnresolvedReference as UnresolvedReference
from agenthub_openapi.models.unresolved_reference_kind import (
    UnresolvedReferenceKind as UnresolvedReferenceKind,
)
from agenthub_openapi.models.upload_file_body import UploadFileBody as UploadFileBody
from agenthub_openapi.models.usage import Usage as Usage
from agenthub_openapi.models.user_context_input import UserContextInput as UserContextInput
from agenthub_openapi.models.user_message_input import UserMessageInput as UserMessageInput
from agenthub_openapi.models.validation_issue import ValidationIssue as ValidationIssue
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
