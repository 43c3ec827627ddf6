"""The ``agenthub`` logger and secret redaction. ``AGENTHUB_LOG=debug`` (or ``info``) attaches a
stderr handler the first time a client is built; records are masked by :func:`_redact_record`.

Other libraries' loggers (``httpx``, ``httpcore``) are left as the application configured
them: they never carry the credential (httpx logs method, URL and status; httpcore's traces
omit headers; a credential h11 would reject, quoting it, is refused when the client is built).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import weakref
from collections.abc import Mapping

logger = logging.getLogger("agenthub")
REDACTED = "<redacted>"

_SENSITIVE_HEADERS = frozenset({"authorization", "x-api-key", "proxy-authorization", "cookie"})
_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(
        r"(?i)((?:authorization|x-api-key|api[_-]?key|access[_-]?token)['\"]?\s*[:=]\s*['\"]?)"
        r"(?!bearer\b)[^\s'\",}]+"
    ),
]
#: owner → the secrets it registered (forgotten with the owner, not before: owners may share one)
_secrets: weakref.WeakKeyDictionary[object, set[str]] = weakref.WeakKeyDictionary()
_secrets_lock = threading.Lock()


def register_secret(value: str | None, owner: object) -> None:
    """Mask ``value`` wherever it appears in log output while ``owner`` lives."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.setdefault(owner, set()).add(value)


def redact(text: str) -> str:
    """Mask secrets in ``text`` (registered values, bearer tokens, key=value credentials)."""
    with _secrets_lock:
        secrets = sorted(set().union(*_secrets.values()), key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        k: (REDACTED if k.lower() in _SENSITIVE_HEADERS else redact(v)) for k, v in headers.items()
    }


def _redact_record(record: logging.LogRecord) -> bool:
    try:
        message = record.getMessage()
    except Exception:
        return True
    cleaned = redact(message)
    if cleaned != message or record.args:
        record.msg, record.args = cleaned, None
    return True


@functools.cache  # once per process
def setup_logging() -> None:
    """Install the redaction filter and honour ``AGENTHUB_LOG``."""
    logger.addFilter(_redact_record)
    level = os.environ.get("AGENTHUB_LOG", "").strip().lower()
    if level in ("debug", "info"):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
