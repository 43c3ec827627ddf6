"""Builders for the ``scripted`` model's input (directives: docs/scripted-model.md). They raise
``ValueError`` for what the model would misread (a newline in a one-line argument, whitespace in
a name, a value out of range) and ``TypeError`` / ``ValueError`` for what JSON cannot encode."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

# The server runs a line matching this as a directive (agenthub_server/agent.py _DIRECTIVE).
_DIRECTIVE = re.compile(
    r"/(tool|ask|think|file|fail|sleep|stream|json|log|retry|error|skill)(\s|$)"
)
_LOG_LEVELS = ("debug", "info", "warning", "error")
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# One line (dumps escapes newlines); NaN and Infinity are not JSON, the server refuses them.
_json = functools.partial(json.dumps, ensure_ascii=False, allow_nan=False)


class Script(str):
    """Scripted-model input text, one directive or plain line per line. ``Script + str`` and
    ``str + Script`` join with ``"\\n"`` (so a directive added to text stays a directive) and
    return a ``Script``; passed wherever the SDK takes turn input (``session.prompt(…)``)."""

    __slots__ = ()

    def __add__(self, other: str) -> Script:
        return Script(f"{self}\n{other}") if isinstance(other, str) else NotImplemented

    def __radd__(self, other: str) -> Script:
        return Script(f"{other}\n{self}") if isinstance(other, str) else NotImplemented

    def __repr__(self) -> str:
        return f"Script({str.__repr__(self)})"


def _word(what: str, value: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"{what} must be non-empty without whitespace, not {value!r}")
    return value


def _seconds(what: str, value: float) -> str:
    if isinstance(value, bool) or not 0 <= value <= 3600:  # NaN fails the comparison too
        raise ValueError(f"{what} must be within 0..3600, not {value!r}")
    return f"{value:g}"


def _directive(name: str, what: str, text: str) -> Script:
    """``/NAME TEXT`` (just ``/NAME`` when ``text`` is empty)."""
    if "\n" in text or "\r" in text:
        raise ValueError(f"{what} must be a single line (the scripted model reads line by line)")
    return Script(f"/{name} {text}".rstrip())


class ScriptBuilder:
    """The ``script`` object: ``script(*parts)`` joins scripts or plain strings line after
    line into one ``Script``; each method writes one directive."""

    def __call__(self, *parts: str) -> Script:
        return Script("\n".join(parts))

    def text(self, text: str) -> Script:
        """Plain text, several lines allowed, none of which may read as a directive."""
        for line in text.split("\n"):
            if _DIRECTIVE.match(line):
                raise ValueError(f"text line {line!r} would run as a directive; use its helper")
        return Script(text)

    def tool(self, name: str, arguments: Mapping[str, Any] | None = None, /, **kw: Any) -> Script:
        """``/tool NAME {json}``, arguments as a mapping and/or keywords; names other than
        ``calculator``, ``clock``, ``read_file``, ``write_file`` are client tools."""
        args = {**(arguments or {}), **kw}
        return Script(f"/tool {_word('tool name', name)} {_json(args) if args else ''}".rstrip())

    def ask(self, question: str) -> Script:
        """``/ask QUESTION``: a clarification elicitation, answered with ``{"text": …}``."""
        return _directive("ask", "question", question)

    def think(self, text: str) -> Script:
        """``/think TEXT``: one ``reasoning.delta`` per word (not in the message text)."""
        return _directive("think", "think text", text)

    def file(self, name: str, content: str = "") -> Script:
        """``/file NAME TEXT``: an agent file of one line (more: ``tool("write_file", …)``)."""
        return _directive("file", "file content", f"{_word('file name', name)} {content}")

    def fail(self, message: str = "scripted failure") -> Script:
        """``/fail MESSAGE``: the turn fails (``TurnFailedError``); later lines do not run."""
        return _directive("fail", "failure message", message)

    def sleep(self, seconds: float) -> Script:
        """``/sleep SECONDS`` (0..3600, fractions allowed): the agent waits (cancellable)."""
        return Script(f"/sleep {_seconds('sleep seconds', seconds)}")

    def stream(self, count: int) -> Script:
        """``/stream N``: ``count`` ``message.delta`` events ``tok0 ``, ``tok1 ``, … at once."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"stream count must be an int >= 0, not {count!r}")
        return Script(f"/stream {count}")

    def json(self, value: Any) -> Script:
        """``/json VALUE``: compact JSON, streamed as the reply and the turn's structured answer."""
        return Script(f"/json {_json(value)}")

    def log(self, level: str, message: str) -> Script:
        """``/log LEVEL MESSAGE``: a ``log`` event; ``level``: debug, info, warning or error."""
        if level not in _LOG_LEVELS:
            raise ValueError(f"log level must be one of {_LOG_LEVELS}, not {level!r}")
        return _directive("log", "log message", f"{level} {message}")

    def retry(
        self, attempt: int, max_attempts: int, delay_seconds: float = 0, error: str | None = None
    ) -> Script:
        """``/retry …``: a ``retry`` event, then a wait of ``delay_seconds`` (0..3600)."""
        if not 1 <= attempt <= max_attempts:
            raise ValueError("retry needs 1 <= attempt <= max_attempts")
        delay = _seconds("retry delay", delay_seconds)
        return _directive("retry", "retry error", f"{attempt} {max_attempts} {delay} {error or ''}")

    def error(self, code: str, message: str = "") -> Script:
        """``/error CODE MESSAGE``: a non-fatal ``error`` event (``source: "agent"``)."""
        if not _CODE.match(code):
            raise ValueError(f"error code must be 1..64 of [A-Za-z0-9_.:-], not {code!r}")
        return _directive("error", "error message", f"{code} {message}")

    def skill(self, name: str) -> Script:
        """``/skill NAME``: ``skill.loaded``, or an ``error`` event ``skill_not_found``."""
        return Script(f"/skill {_word('skill name', name)}")


script = ScriptBuilder()
