"""Conversion between the service's wire dicts (REST shapes) and ``agenthub_proto.v1`` messages."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from agenthub_proto.v1 import common_pb2, events_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

_M = TypeVar("_M", bound=Message)


# ----------------------------------------------------------------------------- dict → proto
def _policy_to_proto(policy: Any) -> dict[str, Any] | None:
    if policy is None:
        return None
    if isinstance(policy, str):
        return {"mode": policy}
    return {"tool_names": {"names": list(policy)}}


def _content_to_proto(content: Any) -> dict[str, Any]:
    if isinstance(content, str):
        return {"text": content}
    parts = []
    for p in content:
        kind = p.get("type")
        parts.append({kind: dict(p)})
    return {"parts": {"parts": parts}}


def _input_to_proto(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if item["type"] == "user.message":
            out.append(
                {
                    "user_message": {
                        "type": item["type"],
                        "content": _content_to_proto(item["content"]),
                    }
                }
            )
        else:
            out.append({"user_context": dict(item)})
    return out


def _prep_turn(turn: dict[str, Any]) -> dict[str, Any]:
    t = dict(turn)
    t["input"] = _input_to_proto(turn.get("input") or [])
    return t


def _prep_session(sess: dict[str, Any]) -> dict[str, Any]:
    s = dict(sess)
    s["require_approval"] = _policy_to_proto(sess.get("require_approval"))
    return s


def _parse(data: dict[str, Any], message: _M) -> _M:
    return json_format.ParseDict(_strip_none(data), message, ignore_unknown_fields=True)


def _strip_none(data: Any, *, keep_values: bool = False) -> Any:
    """Drop ``None`` members (proto 'unset'); Struct/Value contents are kept as-is."""
    if isinstance(data, dict):
        return {
            k: (v if k in _FREEFORM else _strip_none(v)) for k, v in data.items() if v is not None
        }
    if isinstance(data, list):
        return [_strip_none(v) for v in data]
    return data


_FREEFORM = {"arguments", "requested_schema", "content", "structured_output"}


def _prep_elicitation(e: dict[str, Any]) -> dict[str, Any]:
    return dict(e)


def session_to_proto(sess: dict[str, Any]) -> common_pb2.Session:
    return _parse(_prep_session(sess), common_pb2.Session())


def turn_to_proto(turn: dict[str, Any]) -> common_pb2.Turn:
    return _parse(_prep_turn(turn), common_pb2.Turn())


def elicitation_to_proto(e: dict[str, Any]) -> common_pb2.Elicitation:
    return _parse(_prep_elicitation(e), common_pb2.Elicitation())


COMMON = ("id", "type", "sequence_number", "session_id", "turn_id", "created_at")


def event_to_proto(event: dict[str, Any]) -> events_pb2.Event:
    typ = event["type"]
    payload = {k: v for k, v in event.items() if k not in COMMON}
    if typ == "turn.created":
        payload["turn"] = _prep_turn(payload["turn"])
    msg = events_pb2.Event(
        id=event["id"],
        type=typ,
        sequence_number=event["sequence_number"],
        session_id=event["session_id"],
        created_at=event["created_at"],
    )
    if event.get("turn_id") is not None:
        msg.turn_id = event["turn_id"]
    field = typ.replace(".", "_")
    if field in events_pb2.Event.DESCRIPTOR.fields_by_name:
        sub = getattr(msg, field)
        json_format.ParseDict(_strip_none(payload), sub, ignore_unknown_fields=True)
        if not payload:
            sub.SetInParent()
    return msg


# ----------------------------------------------------------------------------- proto → dict
def _to_dict(message: Any) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def policy_from_proto(msg: common_pb2.ApprovalPolicy) -> Any:
    which = msg.WhichOneof("policy")
    if which == "mode":
        return msg.mode
    if which == "tool_names":
        return list(msg.tool_names.names)
    return None


def input_from_proto(items: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        which = item.WhichOneof("item")
        if which == "user_message":
            um = item.user_message
            cwhich = um.content.WhichOneof("value")
            content: Any
            if cwhich == "parts":
                content = []
                for part in um.content.parts.parts:
                    pk = part.WhichOneof("part")
                    if pk is None:
                        content.append({})
                        continue
                    part_dict = _to_dict(getattr(part, pk))
                    part_dict["type"] = pk
                    content.append(part_dict)
            else:
                content = um.content.text
            out.append({"type": "user.message", "content": content})
        elif which == "user_context":
            uc = item.user_context
            d: dict[str, Any] = {"type": "user.context", "text": uc.text}
            if uc.HasField("source"):
                d["source"] = uc.source
            out.append(d)
        else:
            out.append({})
    return out


def struct_to_dict(msg: Any, present: bool) -> Any:
    if not present:
        return None
    return json_format.MessageToDict(msg)


__all__ = [
    "copy",
    "elicitation_to_proto",
    "event_to_proto",
    "input_from_proto",
    "policy_from_proto",
    "session_to_proto",
    "struct_to_dict",
    "turn_to_proto",
]
