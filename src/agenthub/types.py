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

from agenthub_openapi.models.agent import Agent
from agenthub_openapi.models.agent_create import AgentCreate
from agenthub_openapi.models.agent_definition import AgentDefinition
from agenthub_openapi.models.agent_import_request import AgentImportRequest
from agenthub_openapi.models.agent_import_result import AgentImportResult
from agenthub_openapi.models.agent_list import AgentList
from agenthub_openapi.models.agent_update import AgentUpdate
from agenthub_openapi.models.approval_mode import ApprovalMode
from agenthub_openapi.models.capabilities import Capabilities
from agenthub_openapi.models.capability import Capability
from agenthub_openapi.models.capability_status import CapabilityStatus
from agenthub_openapi.models.config_envelope import ConfigEnvelope
from agenthub_openapi.models.config_replace import ConfigReplace
from agenthub_openapi.models.context_injected_event import ContextInjectedEvent
from agenthub_openapi.models.elicitation import Elicitation
from agenthub_openapi.models.elicitation_action import ElicitationAction
from agenthub_openapi.models.elicitation_kind import ElicitationKind
from agenthub_openapi.models.elicitation_list import ElicitationList
from agenthub_openapi.models.elicitation_requested_event import ElicitationRequestedEvent
from agenthub_openapi.models.elicitation_resolved_event import ElicitationResolvedEvent
from agenthub_openapi.models.elicitation_status import ElicitationStatus
from agenthub_openapi.models.error_event import ErrorEvent
from agenthub_openapi.models.error_event_source import ErrorEventSource
from agenthub_openapi.models.event_list import EventList
from agenthub_openapi.models.file import File
from agenthub_openapi.models.file_created_event import FileCreatedEvent
from agenthub_openapi.models.file_data_part import FileDataPart
from agenthub_openapi.models.file_list import FileList
from agenthub_openapi.models.file_part import FilePart
from agenthub_openapi.models.file_source import FileSource
from agenthub_openapi.models.health import Health
from agenthub_openapi.models.inject_context_request import InjectContextRequest
from agenthub_openapi.models.json_object import JsonObject
from agenthub_openapi.models.labels import Labels
from agenthub_openapi.models.list_elicitations_status import ListElicitationsStatus
from agenthub_openapi.models.log_event import LogEvent
from agenthub_openapi.models.log_event_level import LogEventLevel
from agenthub_openapi.models.mcp_server import McpServer
from agenthub_openapi.models.mcp_server_create import McpServerCreate
from agenthub_openapi.models.mcp_server_list import McpServerList
from agenthub_openapi.models.message_completed_event import MessageCompletedEvent
from agenthub_openapi.models.message_delta_event import MessageDeltaEvent
from agenthub_openapi.models.metadata import Metadata
from agenthub_openapi.models.model import Model
from agenthub_openapi.models.model_list import ModelList
from agenthub_openapi.models.problem import Problem
from agenthub_openapi.models.reasoning_delta_event import ReasoningDeltaEvent
from agenthub_openapi.models.resolve_elicitation_request import ResolveElicitationRequest
from agenthub_openapi.models.retry_event import RetryEvent
from agenthub_openapi.models.schedule import Schedule
from agenthub_openapi.models.schedule_create import ScheduleCreate
from agenthub_openapi.models.schedule_list import ScheduleList
from agenthub_openapi.models.schedule_occurrence import ScheduleOccurrence
from agenthub_openapi.models.schedule_occurrence_list import ScheduleOccurrenceList
from agenthub_openapi.models.schedule_occurrence_status import ScheduleOccurrenceStatus
from agenthub_openapi.models.schedule_status import ScheduleStatus
from agenthub_openapi.models.schedule_update import ScheduleUpdate
from agenthub_openapi.models.session import Session
from agenthub_openapi.models.session import Session as SessionModel
from agenthub_openapi.models.session_create import SessionCreate
from agenthub_openapi.models.session_list import SessionList
from agenthub_openapi.models.session_mcp_servers_update import SessionMcpServersUpdate
from agenthub_openapi.models.session_renamed_event import SessionRenamedEvent
from agenthub_openapi.models.session_status import SessionStatus
from agenthub_openapi.models.session_status_event import SessionStatusEvent
from agenthub_openapi.models.session_update import SessionUpdate
from agenthub_openapi.models.session_usage_event import SessionUsageEvent
from agenthub_openapi.models.skill import Skill
from agenthub_openapi.models.skill_list import SkillList
from agenthub_openapi.models.skill_loaded_event import SkillLoadedEvent
from agenthub_openapi.models.skill_put import SkillPut
from agenthub_openapi.models.sort_order import SortOrder
from agenthub_openapi.models.text_part import TextPart
from agenthub_openapi.models.tool_call import ToolCall
from agenthub_openapi.models.tool_call_completed_event import ToolCallCompletedEvent
from agenthub_openapi.models.tool_call_started_event import ToolCallStartedEvent
from agenthub_openapi.models.turn import Turn
from agenthub_openapi.models.turn import Turn as TurnModel
from agenthub_openapi.models.turn_cancelled_event import TurnCancelledEvent
from agenthub_openapi.models.turn_completed_event import TurnCompletedEvent
from agenthub_openapi.models.turn_create import TurnCreate
from agenthub_openapi.models.turn_created_event import TurnCreatedEvent
from agenthub_openapi.models.turn_error import TurnError
from agenthub_openapi.models.turn_failed_event import TurnFailedEvent
from agenthub_openapi.models.turn_incomplete_event import TurnIncompleteEvent
from agenthub_openapi.models.turn_list import TurnList
from agenthub_openapi.models.turn_result import TurnResult
from agenthub_openapi.models.turn_started_event import TurnStartedEvent
from agenthub_openapi.models.turn_status import TurnStatus
from agenthub_openapi.models.turn_waiting_event import TurnWaitingEvent
from agenthub_openapi.models.unresolved_reference import UnresolvedReference
from agenthub_openapi.models.unresolved_reference_kind import UnresolvedReferenceKind
from agenthub_openapi.models.upload_file_body import UploadFileBody
from agenthub_openapi.models.usage import Usage
from agenthub_openapi.models.user_context_input import UserContextInput
from agenthub_openapi.models.user_message_input import UserMessageInput
from agenthub_openapi.models.validation_issue import ValidationIssue
from agenthub_openapi.types import UNSET, Unset

from ._events import (
    AnyEvent,
    AsyncBoundElicitationRequestedEvent,
    AsyncEvent,
    BoundElicitationRequestedEvent,
    Event,
    EventType,
    UnknownEvent,
)
from ._inputs import InputItem, InputLike
from ._types import ApprovalPolicy

__all__ = [
    "UNSET",
    "Agent",
    "AgentCreate",
    "AgentDefinition",
    "AgentImportRequest",
    "AgentImportResult",
    "AgentList",
    "AgentUpdate",
    "AnyEvent",
    "ApprovalMode",
    "ApprovalPolicy",
    "AsyncBoundElicitationRequestedEvent",
    "AsyncEvent",
    "BoundElicitationRequestedEvent",
    "Capabilities",
    "Capability",
    "CapabilityStatus",
    "ConfigEnvelope",
    "ConfigReplace",
    "ContextInjectedEvent",
    "Elicitation",
    "ElicitationAction",
    "ElicitationKind",
    "ElicitationList",
    "ElicitationRequestedEvent",
    "ElicitationResolvedEvent",
    "ElicitationStatus",
    "ErrorEvent",
    "ErrorEventSource",
    "Event",
    "EventList",
    "EventType",
    "File",
    "FileCreatedEvent",
    "FileDataPart",
    "FileList",
    "FilePart",
    "FileSource",
    "Health",
    "InjectContextRequest",
    "InputItem",
    "InputLike",
    "JsonObject",
    "Labels",
    "ListElicitationsStatus",
    "LogEvent",
    "LogEventLevel",
    "McpServer",
    "McpServerCreate",
    "McpServerList",
    "MessageCompletedEvent",
    "MessageDeltaEvent",
    "Metadata",
    "Model",
    "ModelList",
    "Problem",
    "ReasoningDeltaEvent",
    "ResolveElicitationRequest",
    "RetryEvent",
    "Schedule",
    "ScheduleCreate",
    "ScheduleList",
    "ScheduleOccurrence",
    "ScheduleOccurrenceList",
    "ScheduleOccurrenceStatus",
    "ScheduleStatus",
    "ScheduleUpdate",
    "Session",
    "SessionCreate",
    "SessionList",
    "SessionMcpServersUpdate",
    "SessionModel",
    "SessionRenamedEvent",
    "SessionStatus",
    "SessionStatusEvent",
    "SessionUpdate",
    "SessionUsageEvent",
    "Skill",
    "SkillList",
    "SkillLoadedEvent",
    "SkillPut",
    "SortOrder",
    "TextPart",
    "ToolCall",
    "ToolCallCompletedEvent",
    "ToolCallStartedEvent",
    "Turn",
    "TurnCancelledEvent",
    "TurnCompletedEvent",
    "TurnCreate",
    "TurnCreatedEvent",
    "TurnError",
    "TurnFailedEvent",
    "TurnIncompleteEvent",
    "TurnList",
    "TurnModel",
    "TurnResult",
    "TurnStartedEvent",
    "TurnStatus",
    "TurnWaitingEvent",
    "UnknownEvent",
    "UnresolvedReference",
    "UnresolvedReferenceKind",
    "Unset",
    "UploadFileBody",
    "Usage",
    "UserContextInput",
    "UserMessageInput",
    "ValidationIssue",
]
