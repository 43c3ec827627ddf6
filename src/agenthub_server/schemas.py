"""Request-body validators (mirroring /work/shapes.md and the OpenAPI spec)."""

from __future__ import annotations

import re
from typing import Any

from .validation import (
    F,
    any_object,
    any_value,
    array,
    boolean,
    enum,
    integer,
    issue,
    nullable,
    obj,
    one_of,
    str_map,
    string,
    tagged,
)

SESSION_STATUSES = ("idle", "running", "waiting", "paused", "failed", "cancelled")
TURN_STATUSES = ("queued", "running", "waiting", "completed", "failed", "cancelled", "incomplete")
TERMINAL_TURN = frozenset({"completed", "failed", "cancelled", "incomplete"})
MODELS = {
    "scripted": {
        "id": "scripted",
        "object": "model",
        "description": (
            "Deterministic scripted model: echoes text, runs /directives "
            "(see docs/scripted-model.md)."
        ),
        "context_window": 1_000_000,
    }
}

approval_policy = one_of(
    enum("always", "never"),
    array(string(0, 128), max_items=256),
    msg="Input should be 'always', 'never' or an array of tool names",
)
metadata = str_map()
tool_names = array(string(0, 128), max_items=256)

agent_fields = {
    "name": F(string(1, 128), required=True),
    "description": F(nullable(string(0, 4096)), default=None),
    "model": F(string(0, 128), default="scripted"),
    "instructions": F(nullable(string(0, 100_000)), default=None),
    "tools": F(tool_names, default=list),
    "require_approval": F(approval_policy, default="never"),
    "metadata": F(metadata, default=dict),
}
agent_create = obj(agent_fields)
agent_update = obj({k: F(v.validator) for k, v in agent_fields.items()})

agent_definition = obj(
    {
        "format": F(enum("agenthub.agent.v1"), default="agenthub.agent.v1"),
        "name": F(string(0, 128), required=True),
        "description": F(nullable(string(0, 4096)), default=None),
        "model": F(string(0, 128), default="scripted"),
        "instructions": F(nullable(string(0, 100_000)), default=None),
        "tools": F(tool_names, default=list),
        "require_approval": F(approval_policy, default="never"),
        "metadata": F(metadata, default=dict),
        "mcp_servers": F(array(string(0, 128)), default=list),
        "skills": F(array(string(0, 128)), default=list),
    }
)
agent_import = obj(
    {
        "definition": F(agent_definition, required=True),
        "dry_run": F(boolean(), default=False),
        "name": F(nullable(string(0, 128)), default=None),
    }
)

session_create = obj(
    {
        "agent_id": F(string(0, 256), required=True),
        "name": F(nullable(string(0, 256)), default=None),
        "labels": F(metadata, default=dict),
        "require_approval": F(nullable(approval_policy), default=None),
        "metadata": F(metadata, default=dict),
    }
)
session_update = obj(
    {
        "name": F(nullable(string(0, 256))),
        "labels": F(metadata),
        "require_approval": F(nullable(approval_policy)),
        "metadata": F(metadata),
    }
)


# RFC 2397 `data:[<type>/<subtype>[;name=value]*][;base64],<data>` with RFC 9110 tokens: the
# media type is later sent back as a Content-Type header, so nothing else (CR/LF) may pass.
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~-]+"
DATA_URL_PATTERN = (
    rf"^data:(?:{_TOKEN}/{_TOKEN}(?:;{_TOKEN}=[A-Za-z0-9!#$%&'*+.^_`|~-]*)*)?(?:;base64)?,"
)
_DATA_URL = re.compile(DATA_URL_PATTERN)


def _data_url(value: Any, loc: list[Any]) -> Any:
    string(0)(value, loc)
    if not _DATA_URL.match(value):
        raise issue(
            loc,
            "Input should be a data URL 'data:<type>/<subtype>[;base64],<data>'",
            "url_parsing",
        )
    return value


content_part = tagged(
    "type",
    {
        "text": obj({"type": F(enum("text"), required=True), "text": F(string(0), required=True)}),
        "file": obj(
            {"type": F(enum("file"), required=True), "file_id": F(string(0, 256), required=True)}
        ),
        "file_data": obj(
            {
                "type": F(enum("file_data"), required=True),
                "filename": F(string(0, 255), required=True),
                "data": F(_data_url, required=True),
            }
        ),
    },
)


def _content(value: Any, loc: list[Any]) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return array(content_part)(value, loc)
    raise issue(loc, "Input should be a string or an array of content parts", "union_mismatch")


input_item = tagged(
    "type",
    {
        "user.message": obj(
            {"type": F(enum("user.message"), required=True), "content": F(_content, required=True)}
        ),
        "user.context": obj(
            {
                "type": F(enum("user.context"), required=True),
                "text": F(string(0), required=True),
                "source": F(nullable(string(0, 256)), default=None),
            }
        ),
    },
)
input_items = array(input_item, min_items=1, max_items=1000)

turn_create = obj(
    {
        "input": F(input_items, required=True),
        "previous_turn_id": F(nullable(string(0, 256)), default="auto"),
        "metadata": F(metadata, default=dict),
    }
)

inject_context = obj(
    {"text": F(string(0), required=True), "source": F(nullable(string(0, 256)), default="user")}
)

resolve_elicitation = obj(
    {
        "action": F(enum("accept", "decline", "cancel"), required=True),
        "content": F(nullable(any_object()), default=None),
        "reason": F(nullable(string(0, 4096)), default=None),
    }
)


def _mcp_uri(value: Any, loc: list[Any]) -> Any:
    string(1, 2048)(value, loc)
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https", "stdio") or len(value) <= len(scheme) + 1:
        raise issue(loc, "URI must use the http, https or stdio scheme", "url_scheme")
    return value


mcp_create = obj({"name": F(string(1, 128), required=True), "uri": F(_mcp_uri, required=True)})
session_mcp_set = obj({"mcp_server_ids": F(array(string(0, 256), max_items=100), required=True)})

SKILL_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"
skill_put = obj(
    {
        "content": F(string(0, 1_000_000), required=True),
        "description": F(nullable(string(0, 4096)), default=None),
    }
)


_MINUTE = r"[0-5]?[0-9]"
_HOUR = r"(?:[01]?[0-9]|2[0-3])"
_DOM = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DOW = r"[0-7]"


def _cron_field(num: str) -> str:
    item = rf"(?:\*|{num}(?:-{num})?)(?:/[1-9][0-9]?)?"
    return rf"{item}(?:,{item})*"


# minute hour day-of-month month day-of-week, numbers only, each within its range
CRON_PATTERN = (
    r"^\s*" + r"\s+".join(_cron_field(n) for n in (_MINUTE, _HOUR, _DOM, _MONTH, _DOW)) + r"\s*$"
)
_CRON = re.compile(CRON_PATTERN)


def _cron(value: Any, loc: list[Any]) -> Any:
    string(1, 256)(value, loc)
    from croniter import croniter

    if not _CRON.match(value) or not croniter.is_valid(value):
        raise issue(loc, "Invalid 5-field cron expression", "cron_invalid")
    try:
        # a valid-looking expression may still never fire (`0 0 31 2 *`: 31 February)
        croniter(value).get_next(float)
    except Exception:
        raise issue(loc, "Cron expression never fires", "cron_never_fires") from None
    return value


def _timezone(value: Any, loc: list[Any]) -> Any:
    string(1, 128)(value, loc)
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except Exception:
        raise issue(loc, "Unknown IANA timezone", "timezone_invalid") from None
    return value


def _exactly_one_trigger(out: dict[str, Any], loc: list[Any]) -> None:
    has_cron = out.get("cron") is not None
    has_interval = out.get("interval_seconds") is not None
    if has_cron == has_interval:
        raise issue(loc, "Exactly one of 'cron' or 'interval_seconds' is required", "value_error")


schedule_fields = {
    "agent_id": F(string(0, 256), required=True),
    "cron": F(nullable(_cron), default=None),
    "interval_seconds": F(nullable(integer(1, 10 * 365 * 86400)), default=None),
    "timezone": F(_timezone, default="UTC"),
    "input": F(input_items, required=True),
    "labels": F(metadata, default=dict),
}
schedule_create = obj(schedule_fields, check=_exactly_one_trigger)
schedule_update = obj({k: F(v.validator) for k, v in schedule_fields.items()})

config_replace = obj({"config": F(any_object(), required=True)})
config_patch = any_object()

fault_config = obj(
    {
        "drop_stream_every": F(nullable(integer(1)), default=None),
        "error_rate": F(lambda v, loc: _number(v, loc, 0.0, 1.0), default=0.0),
        "retry_after_seconds": F(integer(0, 3600), default=1),
        "latency_seconds": F(lambda v, loc: _number(v, loc, 0.0, 60.0), default=0.0),
    }
)
api_key_add = obj({"api_key": F(string(8, 256), required=True)})


def _number(value: Any, loc: list[Any], lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise issue(loc, "Input should be a valid number", "float_type")
    if not lo <= value <= hi:
        raise issue(loc, f"Input should be within {lo}..{hi}", "range")
    return float(value)


__all__ = ["MODELS", "SESSION_STATUSES", "TERMINAL_TURN", "TURN_STATUSES", "any_value"]
