"""Builders for the ``scripted`` model's input (docs/scripted-model.md), so tests need not
memorise its directives.

Every helper returns a :class:`Script`, a ``str`` holding one or more input lines; ``a + b``
joins two scripts with a newline, and ``script(a, b, …)`` joins any number. A ``Script`` is
passed wherever the SDK takes turn input (``session.prompt(…)``, ``session.create_turn(…)``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["Script", "ScriptBuilder", "script"]

# The server treats a line matching this as a directive (agenthub_server/agent.py _DIRECTIVE).
_DIRECTIVE = re.compile(
    r"^/(tool|ask|think|file|fail|sleep|stream|json|log|retry|error|skill)(\s|$)"
)
_LOG_LEVELS = ("debug", "info", "warning", "error")
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class Script(str):
    """Scripted-model input text: one directive or plain line per line.

    ``Script + str`` and ``str + Script`` join with ``"\\n"`` (a new line, so a directive added
    to text stays a directive), and return a ``Script``."""

    __slots__ = ()

    def __add__(self, other: str) -> Script:
        if not isinstance(other, str):
            return NotImplemented
        return Script(f"{self}\n{other}")

    def __radd__(self, other: str) -> Script:
        if not isinstance(other, str):
            return NotImplemented
        return Script(f"{other}\n{self}")

    def __repr__(self) -> str:
        return f"Script({str.__repr__(self)})"


def _one_line(what: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{what} must be a single line (the scripted model reads line by line)")
    return value


def _word(what: str, value: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"{what} must be non-empty without whitespace, not {value!r}")
    return value


def _directive(name: str, what: str, text: str) -> Script:
    """``/NAME TEXT`` (just ``/NAME`` when ``text`` is empty); ``text`` must be one line."""
    return Script(f"/{name} {_one_line(what, text)}".rstrip())


def _json(value: Any) -> str:
    # json.dumps escapes newlines inside strings, so the result is always one line; NaN and
    # Infinity are not JSON (the server refuses them), hence allow_nan=False (ValueError).
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class ScriptBuilder:
    """The ``script`` object: ``script.text(…)``, ``script.tool(…)``, … and ``script(*parts)``."""

    def __call__(self, *parts: str) -> Script:
        """Join parts (scripts or plain strings) line after line → one ``Script``."""
        return Script("\n".join(parts))

    def text(self, text: str) -> Script:
        """Plain text, streamed back word by word exactly as written (several lines allowed).

        Raises ``ValueError`` if a line would be read as a directive (``/tool …``, ``/ask …``,
        …): the scripted model has no escape for those."""
        for line in text.split("\n"):
            if _DIRECTIVE.match(line):
                raise ValueError(
                    f"text line {line!r} would run as a directive; use the matching helper"
                )
        return Script(text)

    def tool(self, name: str, arguments: Mapping[str, Any] | None = None, /, **kw: Any) -> Script:
        """``/tool NAME {json}``: a tool call with JSON-serialisable arguments, given as a
        mapping and/or keywords (``script.tool("calculator", expression="6*7")``).

        Built-in tools: ``calculator {expression}``, ``clock {}``, ``read_file {file_id}``,
        ``write_file {filename, content}``; any other name is a client tool, answered through
        a ``client_tool`` elicitation (``session.tools.register``). After the call the model
        streams the line ``NAME: OUTPUT``. Raises ``ValueError`` for an empty name or one with
        whitespace, ``TypeError`` for arguments JSON cannot encode."""
        args = {**(arguments or {}), **kw}
        return Script(f"/tool {_word('tool name', name)} {_json(args) if args else ''}".rstrip())

    def ask(self, question: str) -> Script:
        """``/ask QUESTION``: a clarification elicitation (answer with ``content={"text": …}``);
        the model then streams ``answer: TEXT`` (``answer: declined`` if declined/cancelled)."""
        return _directive("ask", "question", question)

    def think(self, text: str) -> Script:
        """``/think TEXT``: ``reasoning.delta`` events, one per word (not in the message text)."""
        return _directive("think", "think text", text)

    def file(self, name: str, content: str = "") -> Script:
        """``/file NAME TEXT``: an agent-made file ``name`` holding ``content`` (one line;
        for multi-line content use ``script.tool("write_file", filename=…, content=…)``)."""
        return _directive("file", "file content", f"{_word('file name', name)} {content}")

    def fail(self, message: str = "scripted failure") -> Script:
        """``/fail MESSAGE``: the turn fails (``turn.failed``, error code ``agent_error``);
        later lines do not run. ``turn.wait()`` / ``session.prompt()`` raise
        ``TurnFailedError``."""
        return _directive("fail", "failure message", message)

    def sleep(self, seconds: float) -> Script:
        """``/sleep SECONDS`` (0..3600, fractions allowed): the agent waits (cancellable)."""
        if isinstance(seconds, bool) or not 0 <= seconds <= 3600 or math.isnan(seconds):
            raise ValueError(f"sleep seconds must be within 0..3600, not {seconds!r}")
        return Script(f"/sleep {seconds:g}")

    def stream(self, count: int) -> Script:
        """``/stream N``: ``count`` ``message.delta`` events ``tok0 ``, ``tok1 ``, … at once."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"stream count must be an int >= 0, not {count!r}")
        return Script(f"/stream {count}")

    def json(self, value: Any) -> Script:
        """``/json VALUE``: ``value`` as compact JSON, streamed as the reply text (so
        ``json.loads(result.text) == value``) and made the turn's structured answer (checked
        against ``output_schema`` when the turn has one → ``result.structured_output``).
        Raises ``TypeError``/``ValueError`` for values JSON cannot encode (NaN included)."""
        return Script(f"/json {_json(value)}")

    def log(self, level: str, message: str) -> Script:
        """``/log LEVEL MESSAGE``: a ``log {level, message}`` event; ``level`` is ``debug``,
        ``info``, ``warning`` or ``error``."""
        if level not in _LOG_LEVELS:
            raise ValueError(f"log level must be one of {_LOG_LEVELS}, not {level!r}")
        return _directive("log", "log message", f"{level} {message}")

    def retry(
        self, attempt: int, max_attempts: int, delay_seconds: float = 0, error: str | None = None
    ) -> Script:
        """``/retry ATTEMPT MAX_ATTEMPTS DELAY [ERROR]``: a ``retry`` event, then the agent
        waits ``delay_seconds`` (0..3600). Needs ``1 <= attempt <= max_attempts``."""
        if not 1 <= attempt <= max_attempts:
            raise ValueError("retry needs 1 <= attempt <= max_attempts")
        if not 0 <= delay_seconds <= 3600 or math.isnan(delay_seconds):
            raise ValueError(f"retry delay must be within 0..3600, not {delay_seconds!r}")
        return _directive(
            "retry", "retry error", f"{attempt} {max_attempts} {delay_seconds:g} {error or ''}"
        )

    def error(self, code: str, message: str = "") -> Script:
        """``/error CODE MESSAGE``: an ``error {code, message, source: "agent"}`` event (not
        fatal: later lines still run). ``code``: 1..64 of ``A-Z a-z 0-9 _ . : -``."""
        if not _CODE.match(code):
            raise ValueError(f"error code must be 1..64 of [A-Za-z0-9_.:-], not {code!r}")
        return _directive("error", "error message", f"{code} {message}")

    def skill(self, name: str) -> Script:
        """``/skill NAME``: load the tenant's skill ``name`` (``skill.loaded``; an unknown
        skill gives an ``error`` event with code ``skill_not_found`` instead)."""
        return Script(f"/skill {_word('skill name', name)}")


#: The builder instance: ``from agenthub.testing import script``.
script = ScriptBuilder()
