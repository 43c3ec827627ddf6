"""Conversion between the service's wire dicts (REST shapes) and ``agenthub_proto.v1`` messages."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from agenthub_proto.v1 import common_pb2, events_pb2
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
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


_FREEFORM = {"arguments", "requested_schema", "content", "structured_output", "output_schema"}


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
        if not _set_scalars(sub, payload):
            msg.ClearField(field)
            sub = getattr(msg, field)
            json_format.ParseDict(_strip_none(payload), sub, ignore_unknown_fields=True)
        if not payload:
            sub.SetInParent()
    return msg


_FD = FieldDescriptor
#: Python type -> the proto field types it is set on as ParseDict would (no conversion)
_SCALAR_FIELDS: dict[type, frozenset[int]] = {
    str: frozenset({_FD.TYPE_STRING}),
    bool: frozenset({_FD.TYPE_BOOL}),
    int: frozenset(
        {
            _FD.TYPE_INT32,
            _FD.TYPE_INT64,
            _FD.TYPE_UINT32,
            _FD.TYPE_UINT64,
            _FD.TYPE_SINT32,
            _FD.TYPE_SINT64,
            _FD.TYPE_DOUBLE,
        }
    ),
    float: frozenset({_FD.TYPE_DOUBLE}),
}


def _set_scalars(sub: Message, payload: dict[str, Any]) -> bool:
    """Set a payload made only of strings, booleans and numbers on its message field by
    field, as ``ParseDict`` would (``None`` and unknown names skipped) at a fraction of the
    cost: most events (deltas, statuses, usage) are such. False (having set nothing, or the
    caller clears what was set) when anything else is in it."""
    fields = sub.DESCRIPTOR.fields_by_name
    todo = []
    for name, value in payload.items():
        if value is None:
            continue
        fd = fields.get(name)
        if fd is None:
            continue
        kinds = _SCALAR_FIELDS.get(type(value))
        if kinds is None or fd.type not in kinds or fd.is_repeated:
            return False
        todo.append((name, value))
    try:
        for name, value in todo:
            setattr(sub, name, value)
    except (TypeError, ValueError):  # e.g. a number out of the field's range
        return False
    return True


# ----------------------------------------------------------------------------- proto → dict
#: request-message fields that are not part of the REST body (path parameters, headers)
NOT_BODY = frozenset({"session_id", "turn_id", "elicitation_id", "idempotency_key"})


def message_to_body(message: Message, exclude: frozenset[str] = NOT_BODY) -> dict[str, Any]:
    """A request message as the REST JSON body, generically (driven by the descriptors):

    * fields with presence (``optional``, messages, oneof members) appear only when set, so
      an unset optional field is absent (not a zero value); maps and lists only when non-empty;
      plain proto3 scalars always (proto3 cannot tell ``""`` from unset);
    * a message that is only a ``oneof`` (``ApprovalPolicy``, ``MessageContent``,
      ``InputItem``, ``ContentPart``) becomes its set member; a message that is only one
      repeated field (``ToolNames``, ``ContentPartList``) becomes that list;
    * a oneof member whose message is a member of a discriminated union in the contract gets
      that union's tag as ``type`` (``UserMessageInput`` -> ``"user.message"``);
    * ``google.protobuf.Struct`` values become plain JSON, whole numbers as integers.

    A field added to spec and proto thus reaches the shared validator with no edit here."""
    out = _message_value(message)
    assert isinstance(out, dict)
    return {k: v for k, v in out.items() if k not in exclude}


def _message_value(message: Message) -> Any:
    desc = message.DESCRIPTOR
    if desc.full_name.startswith("google.protobuf."):
        return _whole_to_int(json_format.MessageToDict(message, preserving_proto_field_name=True))
    real_oneofs = [o for o in desc.oneofs if not _synthetic(o)]
    if len(real_oneofs) == 1 and len(real_oneofs[0].fields) == len(desc.fields):
        which = message.WhichOneof(real_oneofs[0].name)
        if which is None:
            return None
        field = desc.fields_by_name[which]
        value = _field_value(message, field)
        if isinstance(value, dict) and field.message_type is not None:
            tag = _union_tags().get(field.message_type.name)
            if tag is not None:
                value["type"] = tag
        return value
    if len(desc.fields) == 1 and desc.fields[0].is_repeated and not _is_map(desc.fields[0]):
        return _field_value(message, desc.fields[0])
    out: dict[str, Any] = {}
    for field in desc.fields:
        if field.is_repeated:
            if not len(getattr(message, field.name)):
                continue
        elif field.has_presence and not message.HasField(field.name):
            continue
        out[field.name] = _field_value(message, field)
    return out


def _field_value(message: Message, field: Any) -> Any:
    raw = getattr(message, field.name)
    if _is_map(field):
        value_field = field.message_type.fields_by_name["value"]
        if value_field.message_type is not None:
            return {k: _message_value(v) for k, v in raw.items()}
        return dict(raw)
    if field.is_repeated:
        if field.message_type is not None:
            return [_message_value(v) for v in raw]
        return list(raw)
    if field.message_type is not None:
        return _message_value(raw)
    if field.enum_type is not None:
        return field.enum_type.values_by_number[raw].name
    return raw


def _is_map(field: Any) -> bool:
    return bool(
        field.is_repeated
        and field.message_type is not None
        and field.message_type.GetOptions().map_entry
    )


def _synthetic(oneof: Any) -> bool:
    """The hidden oneof protoc makes for a proto3 ``optional`` field."""
    return len(oneof.fields) == 1 and oneof.name == "_" + oneof.fields[0].name


def _whole_to_int(value: Any) -> Any:
    """Struct numbers are doubles: 3.0 -> 3 (JSON has one number type; schemas say integer)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_to_int(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_to_int(v) for v in value]
    return value


_TAGS: dict[str, str] | None = None


def _union_tags() -> dict[str, str]:
    """Schema name -> discriminator tag, from every discriminated union in the contract."""
    global _TAGS
    if _TAGS is None:
        from .contract import contract

        tags: dict[str, str] = {}
        for schema in contract().schemas.values():
            disc = schema.get("discriminator") if isinstance(schema, dict) else None
            if isinstance(disc, dict) and disc.get("propertyName") == "type":
                for tag, ref in (disc.get("mapping") or {}).items():
                    tags.setdefault(ref.rsplit("/", 1)[-1], tag)
        _TAGS = tags
    return _TAGS


__all__ = [
    "NOT_BODY",
    "copy",
    "elicitation_to_proto",
    "event_to_proto",
    "message_to_body",
    "session_to_proto",
    "turn_to_proto",
]
