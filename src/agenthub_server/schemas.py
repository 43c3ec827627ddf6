"""Request-body validators: the contract's schemas plus the server's defaults and semantics."""

from __future__ import annotations

from typing import Any

from .validation import F, any_value, integer, issue, nullable, obj, spec_body, string

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
        # illustrative prices (USD per million tokens) so cost accounting can be exercised
        "pricing": {"input_per_million_tokens": 0.5, "output_per_million_tokens": 1.5},
    }
}

# Request bodies: validated against the contract's own schemas (contract.py). What stays here
# is what the spec leaves to the server: defaults for absent optional fields (a new optional
# field needs none: absent stays absent) and checks no JSON Schema can express.
agent_create = spec_body(
    "AgentCreate",
    defaults={
        "description": None,
        "model": "scripted",
        "instructions": None,
        "tools": list,
        "require_approval": "never",
        "metadata": dict,
    },
)
agent_update = spec_body("AgentUpdate")
agent_import = spec_body("AgentImportRequest", defaults={"name": None})

session_create = spec_body(
    "SessionCreate",
    defaults={"name": None, "labels": dict, "require_approval": None, "metadata": dict},
)
session_update = spec_body("SessionUpdate")

turn_create = spec_body("TurnCreate", defaults={"metadata": dict})
inject_context = spec_body("InjectContextRequest")
resolve_elicitation = spec_body(
    "ResolveElicitationRequest", defaults={"content": None, "reason": None}
)

mcp_create = spec_body("McpServerCreate")
session_mcp_set = spec_body("SessionMcpServersUpdate")

SKILL_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"
skill_put = spec_body("SkillPut", defaults={"description": None})


def _cron_fires(value: str, loc: list[Any]) -> None:
    from croniter import croniter

    if not croniter.is_valid(value):
        raise issue(loc, "Invalid 5-field cron expression", "cron_invalid")
    try:
        # a well-formed expression may still never fire (`0 0 31 2 *`: 31 February)
        croniter(value).get_next(float)
    except Exception:
        raise issue(loc, "Cron expression never fires", "cron_never_fires") from None


def _timezone(value: str, loc: list[Any]) -> None:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except Exception:
        raise issue(loc, "Unknown IANA timezone", "timezone_invalid") from None


def _schedule_semantics(out: dict[str, Any], loc: list[Any]) -> None:
    if isinstance(out.get("cron"), str):
        _cron_fires(out["cron"], [*loc, "cron"])
    if isinstance(out.get("timezone"), str):
        _timezone(out["timezone"], [*loc, "timezone"])
    if isinstance(out.get("interval_seconds"), float):
        out["interval_seconds"] = int(out["interval_seconds"])  # 60.0 is a valid integer


def _schedule_create_check(out: dict[str, Any], loc: list[Any]) -> None:
    has_cron = out.get("cron") is not None
    has_interval = out.get("interval_seconds") is not None
    if has_cron == has_interval:
        raise issue(loc, "Exactly one of 'cron' or 'interval_seconds' is required", "value_error")
    _schedule_semantics(out, loc)


schedule_create = spec_body(
    "ScheduleCreate",
    defaults={"cron": None, "interval_seconds": None, "labels": dict},
    check=_schedule_create_check,
)
schedule_update = spec_body("ScheduleUpdate", check=_schedule_semantics)

config_replace = spec_body("ConfigReplace")
config_patch = spec_body("JsonObject")

fault_config = obj(
    {
        "drop_stream_every": F(nullable(integer(1)), default=None),
        "error_rate": F(lambda v, loc: _number(v, loc, 0.0, 1.0), default=0.0),
        "retry_after_seconds": F(integer(0, 3600), default=1),
        "latency_seconds": F(lambda v, loc: _number(v, loc, 0.0, 60.0), default=0.0),
        "error_code": F(
            string(pattern="^(service_unavailable|rate_limited)$"), default="service_unavailable"
        ),
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
