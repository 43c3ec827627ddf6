from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..models.approval_mode import ApprovalMode, check_approval_mode
from ..models.session_status import SessionStatus, check_session_status

T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """A conversation with an agent; snapshot of its state.

    Attributes:
        id (str): Session id (prefix `ses_`).
        object (Literal['session']):
        agent_id (str): The agent the session runs.
        name (None | str): The session's name (null if unnamed).
        status (SessionStatus): Session status. `cancelled` is terminal.
        labels (Labels): Labels used for filtering (`label=key:value` on list endpoints). String→string map (at most 64
            keys; keys ≤ 64 chars, values ≤ 512 chars).
        require_approval (ApprovalMode | list[str] | None): The session's approval policy: `always`, `never`, or the
            list of tool names that need approval (null: the agent's applies).
        metadata (Metadata): Free-form string→string map (at most 64 keys; keys ≤ 64 chars, values ≤ 512 chars).
        usage (Usage): Token usage. The `scripted` model counts 1 token per whitespace-separated word.
        last_sequence_number (int): Sequence number of the latest event (0 when none).
        active_turn_id (None | str): The running turn, if any (null when none is running).
        turn_count (int): Turns created in this session so far.
        last_turn_id (None | str): The latest turn (what `previous_turn_id` `auto` chains to), or null before the first
            turn.
        pending_elicitations (list[Elicitation]): Elicitations waiting for an answer.
        created_at (datetime.datetime): When the session was created (UTC).
        updated_at (datetime.datetime): When the session last changed (UTC).
    """

    id: str
    object: Literal["session"]
    agent_id: str
    name: None | str
    status: SessionStatus
    labels: Labels
    require_approval: ApprovalMode | list[str] | None
    metadata: Metadata
    usage: Usage
    last_sequence_number: int
    active_turn_id: None | str
    turn_count: int
    last_turn_id: None | str
    pending_elicitations: list[Elicitation]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object

        agent_id = self.agent_id

        name: None | str
        name = self.name

        status: str = self.status

        labels = self.labels.to_dict()

        require_approval: list[str] | None | str
        if isinstance(self.require_approval, str) or isinstance(
            self.require_approval, list
        ):
            require_approval = self.require_approval

        else:
            require_approval = self.require_approval

        metadata = self.metadata.to_dict()

        usage = self.usage.to_dict()

        last_sequence_number = self.last_sequence_number

        active_turn_id: None | str
        active_turn_id = self.active_turn_id

        turn_count = self.turn_count

        last_turn_id: None | str
        last_turn_id = self.last_turn_id

        pending_elicitations = []
        for pending_elicitations_item_data in self.pending_elicitations:
            pending_elicitations_item = pending_elicitations_item_data.to_dict()
            pending_elicitations.append(pending_elicitations_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "agent_id": agent_id,
                "name": name,
                "status": status,
                "labels": labels,
                "require_approval": require_approval,
                "metadata": metadata,
                "usage": usage,
                "last_sequence_number": last_sequence_number,
                "active_turn_id": active_turn_id,
                "turn_count": turn_count,
                "last_turn_id": last_turn_id,
                "pending_elicitations": pending_elicitations,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["session"], d.pop("object"))
        if object_ != "session":
            raise ValueError(f"object must match const 'session', got '{object_}'")

        agent_id = d.pop("agent_id")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        status = check_session_status(d.pop("status"))

        labels = Labels.from_dict(d.pop("labels"))

        def _parse_require_approval(data: object) -> ApprovalMode | list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_approval_policy_type_0 = check_approval_mode(data)

                return componentsschemas_approval_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_approval_policy_type_1 = cast(list[str], data)

                return componentsschemas_approval_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalMode | list[str] | None, data)

        require_approval = _parse_require_approval(d.pop("require_approval"))

        metadata = Metadata.from_dict(d.pop("metadata"))

        usage = Usage.from_dict(d.pop("usage"))

        last_sequence_number = d.pop("last_sequence_number")

        def _parse_active_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        active_turn_id = _parse_active_turn_id(d.pop("active_turn_id"))

        turn_count = d.pop("turn_count")

        def _parse_last_turn_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_turn_id = _parse_last_turn_id(d.pop("last_turn_id"))

        pending_elicitations = []
        _pending_elicitations = d.pop("pending_elicitations")
        for pending_elicitations_item_data in _pending_elicitations:
            pending_elicitations_item = Elicitation.from_dict(
                pending_elicitations_item_data
            )

            pending_elicitations.append(pending_elicitations_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        session = cls(
            id=id,
            object=object_,
            agent_id=agent_id,
            name=name,
            status=status,
            labels=labels,
            require_approval=require_approval,
            metadata=metadata,
            usage=usage,
            last_sequence_number=last_sequence_number,
            active_turn_id=active_turn_id,
            turn_count=turn_count,
            last_turn_id=last_turn_id,
            pending_elicitations=pending_elicitations,
            created_at=created_at,
            updated_at=updated_at,
        )

        return session


from ..models.elicitation import Elicitation
from ..models.labels import Labels
from ..models.metadata import Metadata
from ..models.usage import Usage
