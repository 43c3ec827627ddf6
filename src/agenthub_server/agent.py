"""The built-in ``scripted`` model (documented in docs/scripted-model.md).

A turn runs as an asyncio task. Input text is the concatenation of the turn's ``user.message``
text (string content or text parts joined without separator; messages joined with ``\\n``).
Lines are processed in order: runs of plain lines are echoed word by word, directives drive tools,
elicitations, reasoning, files, failures, sleeps and bulk streams.
"""

from __future__ import annotations

import ast
import asyncio
import json
import logging
import math
import operator
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import validation
from .util import new_id, now_iso

if TYPE_CHECKING:
    from .service import Hub

log = logging.getLogger("agenthub_server.agent")

BUILTIN_TOOLS = ("calculator", "clock", "read_file", "write_file")
_TOKEN = re.compile(r"\s*\S+|\s+$")
_DIRECTIVE = re.compile(
    r"^/(tool|ask|think|file|fail|sleep|stream|json|log|retry|error|skill)(?:\s+(.*))?$", re.S
)
_LOG_LEVELS = ("debug", "info", "warning", "error")
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class AgentFailure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------- calculator
# ``complex`` is a possible intermediate result (e.g. ``(-8) ** 0.5``); ``calculate`` rejects it.
_Number: TypeAlias = int | float | complex

_BINOPS: dict[type[ast.operator], Callable[[_Number, _Number], _Number]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNOPS: dict[type[ast.unaryop], Callable[[_Number], _Number]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}


def calculate(expression: str) -> str:
    """Safely evaluate arithmetic (+ - * / // % ** parentheses, numbers)."""
    if len(expression) > 1000:
        raise ValueError("expression too long")
    tree = ast.parse(expression.strip(), mode="eval")

    def ev(node: ast.AST) -> _Number:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        # exact int/float only: bool (an int subclass) and complex literals are rejected
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, (int, float))
            and not isinstance(node.value, bool)
        ):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and (abs(right) > 1000 or abs(left) > 1e6):
                raise ValueError("exponent too large")
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNOPS:
            return _UNOPS[type(node.op)](ev(node.operand))
        raise ValueError(f"unsupported syntax: {type(node).__name__}")

    value = ev(tree)
    if isinstance(value, complex):
        raise ValueError("complex result")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("result is not finite")
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


# ---------------------------------------------------------------------------- usage
def priced_usage(input_tokens: int, output_tokens: int, model: str) -> dict[str, Any]:
    """Token counts plus ``cost_usd`` (the model catalog's per-million prices, rounded to
    1e-9 USD) and the model's ``context_window``."""
    from .schemas import MODELS

    info: dict[str, Any] = MODELS.get(model) or MODELS["scripted"]
    prices = info.get("pricing") or {}
    cost = (
        input_tokens * prices.get("input_per_million_tokens", 0.0)
        + output_tokens * prices.get("output_per_million_tokens", 0.0)
    ) / 1_000_000
    return {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
        "cost_usd": round(cost, 9),
        "context_window": info["context_window"],
    }


# ---------------------------------------------------------------------------- output_schema
def _schema_validator(schema: dict[str, Any]) -> Any:
    from jsonschema import validators  # type: ignore[import-untyped]

    # a schema naming its own draft (``$schema``) gets that draft; otherwise 2020-12
    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    return cls(schema)


def check_output_schema(schema: dict[str, Any]) -> None:
    """Refuse (422, ``loc: [body, output_schema]``) a ``TurnCreate.output_schema`` that is
    not a valid JSON Schema, before the turn exists."""
    from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped]

    try:
        type(_schema_validator(schema)).check_schema(schema)
    except SchemaError as exc:
        path = "/".join(str(p) for p in exc.absolute_path)
        raise validation(
            [
                {
                    "loc": ["body", "output_schema", *exc.absolute_path],
                    "msg": f"Invalid JSON Schema{f' at {path}' if path else ''}: {exc.message}",
                    "type": "json_schema_invalid",
                }
            ]
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def structured_output(answer: str, schema: dict[str, Any]) -> Any:
    """The final answer parsed as JSON and validated against ``schema``; raises
    :class:`AgentFailure` (``output_schema_mismatch``) naming the first problem."""
    try:
        value = json.loads(answer, parse_constant=_no_constant)
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise AgentFailure(
            "output_schema_mismatch", f"The final answer is not JSON ({reason})"
        ) from None
    try:
        errors = sorted(
            _schema_validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path)
        )
    except Exception as exc:  # e.g. an unresolvable $ref (remote refs are never fetched)
        raise AgentFailure(
            "output_schema_mismatch", f"output_schema could not be applied: {exc}"
        ) from None
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(root)"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise AgentFailure(
            "output_schema_mismatch",
            f"The final answer does not match output_schema at {where}: {first.message}{more}",
        )
    return value


# ---------------------------------------------------------------------------- input
def input_text(items: list[dict[str, Any]]) -> str:
    messages = []
    for item in items:
        if item.get("type") != "user.message":
            continue
        content = item["content"]
        if isinstance(content, str):
            messages.append(content)
        else:
            messages.append("".join(p.get("text", "") for p in content if p.get("type") == "text"))
    return "\n".join(messages)


def split_deltas(text: str) -> list[str]:
    """Words with their leading whitespace; trailing whitespace joins the last piece."""
    return _TOKEN.findall(text)


# ---------------------------------------------------------------------------- the run
class ScriptedRun:
    def __init__(self, hub: Hub, tenant: str, session_id: str, turn_id: str) -> None:
        self.hub = hub
        self.tenant = tenant
        self.session_id = session_id
        self.turn_id = turn_id
        self.message_id: str | None = None
        self.text_parts: list[str] = []
        self.output_words = 0
        self.input_tokens = 0
        self.tool_calls: list[dict[str, Any]] = []
        self.elicitation_id: str | None = None
        # the text of the last ``/json`` answer: what ``output_schema`` validates
        self.json_answer: str | None = None
        self.structured: Any = None
        self.model = "scripted"

    # helpers --------------------------------------------------------------------------
    def emit(self, typ: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.hub.bus.append(self.session_id, typ, payload, self.turn_id)

    def session(self) -> dict[str, Any]:
        return self.hub._session_doc(self.tenant, self.session_id)

    def turn(self) -> dict[str, Any]:
        return self.hub._turn(self.tenant, self.session_id, self.turn_id)

    def set_turn(self, **fields: Any) -> dict[str, Any]:
        t = self.turn()
        t.update(fields)
        self.hub.save_turn(self.tenant, t)
        return t

    def set_session_status(self, status: str) -> None:
        self.hub._set_status(self.tenant, self.session(), status, self.turn_id)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    async def say(self, text: str, *, new_line: bool = True) -> None:
        if not text:
            return
        if new_line and self.text_parts:
            text = "\n" + text
        for piece in split_deltas(text):
            await self.delta(piece)

    async def delta(self, piece: str) -> None:
        if self.message_id is None:
            self.message_id = new_id("msg")
        self.text_parts.append(piece)
        self.output_words += len(piece.split())
        self.emit("message.delta", {"message_id": self.message_id, "delta": piece})
        await asyncio.sleep(0)

    # lifecycle ------------------------------------------------------------------------
    async def run(self) -> None:
        # one transaction, each document read once: nothing else runs until the first await
        with self.hub.store.transaction():
            turn = self.turn()
            sess = self.session()
            self.hub._set_status(self.tenant, sess, "running", self.turn_id)
            turn.update(status="running", started_at=now_iso())
            self.hub.save_turn(self.tenant, turn)
            self.emit("turn.started")
            agent = self.hub.store.get("agent", self.tenant, sess["agent_id"]) or {}
            self.model = str(agent.get("model") or "scripted")
            policy = sess.get("require_approval")
            if policy is None:
                policy = agent.get("require_approval", "never")
            self.policy = policy
            for item in turn["input"]:
                if item["type"] == "user.context":
                    self.emit(
                        "context.injected",
                        {"text": item["text"], "source": item.get("source") or "user"},
                    )
        text = input_text(turn["input"])
        self.input_tokens = len(text.split())
        await self.execute(text)
        schema = turn.get("output_schema")
        if schema is not None:
            # the last /json answer if any, else the whole text, is the structured answer
            answer = self.json_answer if self.json_answer is not None else self.text
            self.structured = structured_output(answer, schema)
        self.finish("completed")

    async def execute(self, text: str) -> None:
        block: list[str] = []
        for line in text.split("\n"):
            m = _DIRECTIVE.match(line.rstrip("\r"))
            if m is None or not await self.directive(m.group(1), (m.group(2) or "").strip(), block):
                block.append(line)
        await self.flush(block)

    async def flush(self, block: list[str]) -> None:
        if block:
            chunk = "\n".join(block)
            block.clear()
            await self.say(chunk)

    async def directive(self, name: str, arg: str, block: list[str]) -> bool:
        """Run one directive; False means 'not a valid directive' (the line is echoed)."""
        if name == "sleep":
            try:
                seconds = float(arg)
            except ValueError:
                return False
            if not 0 <= seconds <= 3600 or math.isnan(seconds):
                return False
            await self.flush(block)
            await asyncio.sleep(seconds)
            return True
        if name == "stream":
            if not arg.isdigit():
                return False
            await self.flush(block)
            n = min(int(arg), 10_000_000)
            for i in range(n):
                piece = f"tok{i} "
                if i == 0 and self.text_parts:
                    piece = "\n" + piece
                if self.message_id is None:
                    self.message_id = new_id("msg")
                self.text_parts.append(piece)
                self.output_words += 1
                self.emit("message.delta", {"message_id": self.message_id, "delta": piece})
                if i % 64 == 63:
                    await asyncio.sleep(0)
            return True
        if name in ("json", "log", "retry", "error", "skill"):
            return await self.event_directive(name, arg, block)
        await self.flush(block)
        if name == "think":
            for piece in split_deltas(arg):
                self.output_words += len(piece.split())
                self.emit("reasoning.delta", {"delta": piece})
                await asyncio.sleep(0)
        elif name == "fail":
            raise AgentFailure("agent_error", arg or "scripted failure")
        elif name == "file":
            fname, _, content = arg.partition(" ")
            if not fname:
                return False
            f = self.hub.add_file(
                self.tenant, self.session_id, fname, _guess_type(fname), content.encode(), "agent"
            )
            self.emit("file.created", {"file": f})
        elif name == "ask":
            eli = await self.elicit(
                "clarification",
                arg or "Please clarify.",
                requested_schema={
                    "type": "object",
                    "properties": {"text": {"type": "string"}},
                    "required": ["text"],
                },
            )
            if eli["action"] == "accept":
                answer = str((eli.get("content") or {}).get("text", ""))
            else:
                answer = "declined"
            await self.say(f"answer: {answer}")
        elif name == "tool":
            await self.tool(arg)
        return True

    async def event_directive(self, name: str, arg: str, block: list[str]) -> bool:
        """``/json``, ``/log``, ``/retry``, ``/error``, ``/skill``: False if ``arg`` is unusable."""
        if name == "json":
            try:
                json.loads(arg, parse_constant=_no_constant)
            except ValueError:
                return False
            await self.flush(block)
            self.json_answer = arg
            await self.say(arg)
            return True
        if name == "log":
            level, _, message = arg.partition(" ")
            if level not in _LOG_LEVELS:
                return False
            await self.flush(block)
            self.emit("log", {"level": level, "message": message.strip()})
            return True
        if name == "retry":
            # /retry ATTEMPT MAX_ATTEMPTS DELAY_SECONDS [ERROR]
            parts = arg.split(None, 3)
            try:
                attempt, max_attempts, delay = int(parts[0]), int(parts[1]), float(parts[2])
            except (IndexError, ValueError):
                return False
            if not (1 <= attempt <= max_attempts and 0 <= delay <= 3600) or math.isnan(delay):
                return False
            await self.flush(block)
            error = parts[3].strip() if len(parts) > 3 else "scripted retry"
            self.emit(
                "retry",
                {
                    "attempt": attempt,
                    "max_attempts": max_attempts,
                    "delay_seconds": delay,
                    "error": error,
                },
            )
            await asyncio.sleep(delay)  # the agent really waits before its next attempt
            return True
        if name == "error":
            code, _, message = arg.partition(" ")
            if not _CODE.match(code):
                return False
            await self.flush(block)
            self.emit(
                "error", {"code": code, "message": message.strip() or code, "source": "agent"}
            )
            return True
        # skill: load a skill of the tenant (PUT /v1/skills/{name}); unknown -> `error` event
        if not arg or " " in arg:
            return False
        await self.flush(block)
        if self.hub.store.get("skill", self.tenant, arg) is None:
            self.emit(
                "error",
                {
                    "code": "skill_not_found",
                    "message": f"Skill {arg!r} not found",
                    "source": "agent",
                },
            )
        else:
            self.emit("skill.loaded", {"name": arg})
        return True

    async def tool(self, arg: str) -> None:
        name, _, raw = arg.partition(" ")
        raw = raw.strip()
        call_id = new_id("call")
        arguments: dict[str, Any] = {}
        bad_args: str | None = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError as exc:
                bad_args = f"invalid JSON arguments: {exc}"
            else:
                if isinstance(parsed, dict):
                    arguments = parsed
                else:
                    bad_args = "arguments must be a JSON object"
        self.emit(
            "tool_call.started", {"call_id": call_id, "tool_name": name, "arguments": arguments}
        )
        output: str
        is_error = False
        if bad_args is not None:
            output, is_error = bad_args, True
        elif (
            self.needs_approval(name)
            and (
                await self.elicit(
                    "tool_approval",
                    f"Approve call to tool {name!r}?",
                    tool_name=name,
                    call_id=call_id,
                    arguments=arguments,
                )
            )["action"]
            != "accept"
        ):
            output, is_error = "declined", True
        else:
            output, is_error = await self.run_tool(name, call_id, arguments)
        self.emit(
            "tool_call.completed", {"call_id": call_id, "output": output, "is_error": is_error}
        )
        self.tool_calls.append(
            {
                "call_id": call_id,
                "tool_name": name,
                "arguments": arguments,
                "output": output,
                "is_error": is_error,
            }
        )
        await self.say(f"{name}: {output}")

    def needs_approval(self, name: str) -> bool:
        policy = self.policy
        if policy == "always":
            return True
        if policy == "never" or policy is None:
            return False
        return name in policy

    async def run_tool(
        self, name: str, call_id: str, arguments: dict[str, Any]
    ) -> tuple[str, bool]:
        if name == "calculator":
            expr = arguments.get("expression")
            if not isinstance(expr, str):
                return "missing string argument 'expression'", True
            try:
                return calculate(expr), False
            except (
                SyntaxError,
                ValueError,
                TypeError,
                ZeroDivisionError,
                OverflowError,
                RecursionError,
            ) as exc:
                return f"invalid expression: {exc}", True
        if name == "clock":
            return now_iso(), False
        if name == "read_file":
            fid = arguments.get("file_id")
            if not isinstance(fid, str):
                return "missing string argument 'file_id'", True
            try:
                return self.hub.read_file_text(self.tenant, self.session_id, fid), False
            except Exception:
                return f"file not found: {fid}", True
        if name == "write_file":
            fname, content = arguments.get("filename"), arguments.get("content", "")
            if not isinstance(fname, str) or not fname or not isinstance(content, str):
                return "write_file needs string arguments 'filename' and 'content'", True
            f = self.hub.add_file(
                self.tenant, self.session_id, fname, _guess_type(fname), content.encode(), "agent"
            )
            self.emit("file.created", {"file": f})
            return f["id"], False
        eli = await self.elicit(
            "client_tool",
            f"Run client tool {name!r}",
            tool_name=name,
            call_id=call_id,
            arguments=arguments,
            requested_schema={
                "type": "object",
                "properties": {"output": {"type": "string"}},
                "required": ["output"],
            },
        )
        if eli["action"] == "accept":
            content = eli.get("content") or {}
            # the client says whether its tool failed (validated as a bool by resolve)
            return str(content.get("output", "")), content.get("is_error") is True
        return "declined", True

    async def elicit(
        self,
        kind: str,
        message: str,
        *,
        tool_name: str | None = None,
        call_id: str | None = None,
        arguments: dict[str, Any] | None = None,
        requested_schema: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        eli_id = new_id("eli")
        eli: dict[str, Any] = {
            "id": eli_id,
            "object": "elicitation",
            "session_id": self.session_id,
            "turn_id": self.turn_id,
            "kind": kind,
            "status": "pending",
            "message": message,
            "tool_name": tool_name,
            "call_id": call_id,
            "arguments": arguments,
            "requested_schema": requested_schema,
            "action": None,
            "content": None,
            "reason": None,
            "created_at": now_iso(),
            "resolved_at": None,
        }
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.hub.waiters[eli_id] = fut
        self.hub.store.put("elicitation", self.tenant, eli_id, eli, parent=self.session_id)
        self.elicitation_id = eli_id
        self.emit("elicitation.requested", {"elicitation": eli})
        self.set_turn(status="waiting")
        self.emit("turn.waiting", {"elicitation_id": eli_id})
        self.set_session_status("waiting")
        resolved = await fut
        self.elicitation_id = None
        self.set_session_status("running")
        self.set_turn(status="running")
        return resolved

    # endings --------------------------------------------------------------------------
    def usage(self) -> dict[str, Any]:
        return priced_usage(self.input_tokens, self.output_words, self.model)

    def finish(
        self, status: str, error: dict[str, str] | None = None, *, session_status: str = "idle"
    ) -> None:
        # One transaction, the session and the turn each read and written once: the turn's
        # last events reach followers together, and nothing else can run in between.
        with self.hub.store.transaction():
            self._finish(status, error, session_status)

    def _finish(self, status: str, error: dict[str, str] | None, session_status: str) -> None:
        if self.message_id is not None:
            self.emit(
                "message.completed",
                {"message_id": self.message_id, "role": "assistant", "text": self.text},
            )
            self.message_id = None
        usage = self.usage()
        sess = self.session()
        old = sess["usage"]
        # session totals: tokens add up; the cost is recomputed from them (prices are linear)
        total = sess["usage"] = priced_usage(
            old["input_tokens"] + usage["input_tokens"],
            old["output_tokens"] + usage["output_tokens"],
            self.model,
        )
        self.emit("session.usage", dict(total))
        fields: dict[str, Any] = {"status": status, "completed_at": now_iso()}
        if status == "completed":
            fields["result"] = {
                "text": self.text,
                "usage": usage,
                "tool_calls": self.tool_calls,
                "structured_output": self.structured,
            }
        if error is not None:
            fields["error"] = error
        self.set_turn(**fields)
        # The session's status change comes before the turn's terminal event, so that a
        # turn-filtered stream (which closes after that terminal event) sees it too.
        sess["active_turn_id"] = None
        if session_status != "cancelled" and sess["status"] != session_status:
            # cancel_session emits the cancelled status itself; _set_status saves the session
            self.hub._set_status(self.tenant, sess, session_status, self.turn_id)
        else:
            self.hub.store.put("session", self.tenant, self.session_id, sess)
        if status == "completed":
            self.emit("turn.completed", {"result": fields["result"]})
        elif status == "failed":
            self.emit("turn.failed", {"error": error})
        elif status == "cancelled":
            self.emit("turn.cancelled")
        else:
            self.emit("turn.incomplete", {"reason": (error or {}).get("message", "incomplete")})

    def cancel_pending(self) -> None:
        if self.elicitation_id is not None:
            self.hub.waiters.pop(self.elicitation_id, None)
            eli = self.hub.store.get("elicitation", self.tenant, self.elicitation_id)
            if eli is not None and eli["status"] == "pending":
                self.hub.finish_elicitation(self.tenant, eli, "cancel", None, "turn cancelled")
            self.elicitation_id = None


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "text/plain"


async def run_turn(hub: Hub, tenant: str, session_id: str, turn_id: str) -> None:
    run = ScriptedRun(hub, tenant, session_id, turn_id)
    try:
        await asyncio.sleep(0)  # let create_turn return its 201 first
        await run.run()
    except asyncio.CancelledError:
        target = hub.cancel_target.pop(turn_id, "idle")
        if target == "__deleted__":
            return
        try:
            run.cancel_pending()
            if hub.closing:
                run.finish("incomplete", {"code": "server_shutdown", "message": "server_shutdown"})
            else:
                run.finish("cancelled", session_status=target)
        except Exception:
            log.exception("failed to record cancellation of %s", turn_id)
    except AgentFailure as exc:
        run.finish("failed", {"code": exc.code, "message": exc.message})
    except Exception as exc:
        log.exception("turn %s crashed", turn_id)
        try:
            run.cancel_pending()
            run.finish(
                "failed",
                {"code": "internal_error", "message": str(exc) or type(exc).__name__},
                session_status="failed",
            )
        except Exception:
            log.exception("failed to record failure of %s", turn_id)
