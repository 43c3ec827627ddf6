"""Contains all the data models used in inputs/outputs"""

from .agent import Agent
from .agent_create import AgentCreate
from .agent_definition import AgentDefinition
from .agent_import_request import AgentImportRequest
from .agent_import_result import AgentImportResult
from .agent_list import AgentList
from .agent_update import AgentUpdate
from .approval_mode import ApprovalMode
from .capabilities import Capabilities
from .capability import Capability
from .capability_status import CapabilityStatus
from .config_envelope import ConfigEnvelope
from .config_replace import ConfigReplace
from .context_injected_event import ContextInjectedEvent
from .elicitation import Elicitation
from .elicitation_action import ElicitationAction
from .elicitation_kind import ElicitationKind
from .elicitation_list import ElicitationList
from .elicitation_requested_event import ElicitationRequestedEvent
from .elicitation_resolved_event import ElicitationResolvedEvent
from .elicitation_status import ElicitationStatus
from .error_event import ErrorEvent
from .error_event_source import ErrorEventSource
from .event_list import EventList
from .file import File
from .file_created_event import FileCreatedEvent
from .file_data_part import FileDataPart
from .file_list import FileList
from .file_part import FilePart
from .file_source import FileSource
from .health import Health
from .inject_context_request import InjectContextRequest
from .json_object import JsonObject
from .labels import Labels
from .list_elicitations_status import ListElicitationsStatus
from .log_event import LogEvent
from .log_event_level import LogEventLevel
from .mcp_server import McpServer
from .mcp_server_create import McpServerCreate
from .mcp_server_list import McpServerList
from .message_completed_event import MessageCompletedEvent
from .message_delta_event import MessageDeltaEvent
from .metadata import Metadata
from .model import Model
from .model_list import ModelList
from .model_pricing import ModelPricing
from .problem import Problem
from .reasoning_delta_event import ReasoningDeltaEvent
from .resolve_elicitation_request import ResolveElicitationRequest
from .retry_event import RetryEvent
from .schedule import Schedule
from .schedule_create import ScheduleCreate
from .schedule_list import ScheduleList
from .schedule_occurrence import ScheduleOccurrence
from .schedule_occurrence_list import ScheduleOccurrenceList
from .schedule_occurrence_status import ScheduleOccurrenceStatus
from .schedule_status import ScheduleStatus
from .schedule_update import ScheduleUpdate
from .session import Session
from .session_create import SessionCreate
from .session_list import SessionList
from .session_mcp_servers_update import SessionMcpServersUpdate
from .session_renamed_event import SessionRenamedEvent
from .session_status import SessionStatus
from .session_status_event import SessionStatusEvent
from .session_update import SessionUpdate
from .session_usage_event import SessionUsageEvent
from .skill import Skill
from .skill_list import SkillList
from .skill_loaded_event import SkillLoadedEvent
from .skill_put import SkillPut
from .sort_order import SortOrder
from .stream_events_response_200 import StreamEventsResponse200
from .text_part import TextPart
from .tool_call import ToolCall
from .tool_call_completed_event import ToolCallCompletedEvent
from .tool_call_started_event import ToolCallStartedEvent
from .turn import Turn
from .turn_cancelled_event import TurnCancelledEvent
from .turn_completed_event import TurnCompletedEvent
from .turn_create import TurnCreate
from .turn_created_event import TurnCreatedEvent
from .turn_error import TurnError
from .turn_failed_event import TurnFailedEvent
from .turn_incomplete_event import TurnIncompleteEvent
from .turn_list import TurnList
from .turn_result import TurnResult
from .turn_started_event import TurnStartedEvent
from .turn_status import TurnStatus
from .turn_waiting_event import TurnWaitingEvent
from .unresolved_reference import UnresolvedReference
from .unresolved_reference_kind import UnresolvedReferenceKind
from .upload_file_body import UploadFileBody
from .usage import Usage
from .user_context_input import UserContextInput
from .user_message_input import UserMessageInput
from .validation_issue import ValidationIssue

__all__ = (
    "Agent",
    "AgentCreate",
    "AgentDefinition",
    "AgentImportRequest",
    "AgentImportResult",
    "AgentList",
    "AgentUpdate",
    "ApprovalMode",
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
    "EventList",
    "File",
    "FileCreatedEvent",
    "FileDataPart",
    "FileList",
    "FilePart",
    "FileSource",
    "Health",
    "InjectContextRequest",
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
    "ModelPricing",
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
    "StreamEventsResponse200",
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
    "TurnResult",
    "TurnStartedEvent",
    "TurnStatus",
    "TurnWaitingEvent",
    "UnresolvedReference",
    "UnresolvedReferenceKind",
    "UploadFileBody",
    "Usage",
    "UserContextInput",
    "UserMessageInput",
    "ValidationIssue",
)
