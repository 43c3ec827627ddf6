"""Where the client's settings come from: arguments, environment, then the profile
``$AGENTHUB_PROFILE`` (default ``default``) of ``$AGENTHUB_CONFIG_DIR/config.toml`` (default
``~/.agenthub``), a TOML table (``[profiles.<name>]`` is accepted too)::

    [default]
    api_key = "ak_..."
    base_url = "https://agenthub.example.com"
    grpc_target = "agenthub.example.com:443"
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from ._exceptions import ConfigurationError

TokenT = TypeVar("TokenT")


def clean_credential(value: str | None, source: str) -> str | None:
    """``value`` without surrounding whitespace and newlines (as ``$(cat key.txt)`` leaves
    them); ``None`` if nothing is left. Raises :class:`ConfigurationError` naming ``source``
    (e.g. ``"api_key="``), the position and kind, never the value, when the value contains a
    character an HTTP header cannot carry (a control or non-ASCII character)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigurationError(f"The credential from {source} must be a string.")
    value = value.strip()
    if not value or (value.isascii() and value.isprintable()):
        return value or None
    position, char = next(
        (i, c) for i, c in enumerate(value) if not (c.isascii() and c.isprintable())
    )
    kind = f"a control character (U+{ord(char):04X})" if char.isascii() else "a non-ASCII character"
    raise ConfigurationError(
        f"The credential from {source} contains {kind} at position {position}, so it "
        "cannot be sent in an HTTP header. Check the value (it is not shown here); "
        "surrounding whitespace and newlines are removed automatically."
    )


def _load_profile(path: Path, name: str, named: bool) -> dict[str, Any]:
    """Profile ``name`` of ``path``; ``{}`` without the file, or the profile if not ``named``."""
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigurationError(f"Cannot read agenthub config file {path}: {exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"Invalid TOML in agenthub config file {path}: {exc}") from None
    table = doc.get(name)
    if table is None and isinstance(doc.get("profiles"), dict):
        table = doc["profiles"].get(name)
    if table is None and named:
        raise ConfigurationError(
            f"Profile {name!r} (from $AGENTHUB_PROFILE) is not defined in {path}. "
            f"Add a [{name}] table or unset AGENTHUB_PROFILE."
        )
    if not isinstance(table, dict | None):
        raise ConfigurationError(f"Profile {name!r} in {path} must be a table, e.g. [{name}].")
    return table or {}


def resolve_settings(
    *,
    api_key: str | None,
    access_token: TokenT,
    base_url: str | None,
    grpc_target: str | None,
) -> tuple[str | None, TokenT | None, str, str | None]:
    """``(api_key, access_token, base_url, grpc_target)``: a static key, else the user's token
    (string or callable). Raises :class:`ConfigurationError` (with the fix) when no
    credential is found anywhere, or for a setting of the wrong type."""
    env = os.environ
    for arg, value in (("base_url", base_url), ("grpc_target", grpc_target)):
        if value is not None and not isinstance(value, str):
            raise ConfigurationError(f"{arg}= must be a str, not {type(value).__name__}.")
    if not (access_token is None or isinstance(access_token, str) or callable(access_token)):
        raise ConfigurationError(
            "access_token= must be a str or a callable returning one, not "
            f"{type(access_token).__name__}."
        )
    name = env.get("AGENTHUB_PROFILE") or "default"
    path = Path(env.get("AGENTHUB_CONFIG_DIR") or Path("~/.agenthub").expanduser()) / "config.toml"
    # read only when a setting is not given otherwise (a broken file then does not matter)
    load = functools.cache(lambda: _load_profile(path, name, bool(env.get("AGENTHUB_PROFILE"))))

    def profile(key: str) -> str | None:
        value = load().get(key)
        if not isinstance(value, str | None):
            raise ConfigurationError(f"Profile {name!r}: {key!r} must be a string.")
        return value or None

    token: TokenT | None = None
    if isinstance(access_token, str):
        access_token = clean_credential(access_token, "access_token=")  # type: ignore[assignment]
    if (key := clean_credential(api_key, "api_key=")) is None:
        if access_token is not None:
            token = access_token
        elif (key := clean_credential(env.get("AGENTHUB_API_KEY"), "$AGENTHUB_API_KEY")) is None:
            key = clean_credential(profile("api_key"), f"api_key of profile {name!r} in {path}")
            if key is None:
                raise ConfigurationError(
                    "No agenthub credentials found. Pass api_key=... or access_token=... to the "
                    "client, set the AGENTHUB_API_KEY environment variable, or add api_key to "
                    f"the [{name}] profile in {path}."
                )
    url = base_url or env.get("AGENTHUB_BASE_URL") or profile("base_url") or "http://127.0.0.1:8080"
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}.")
    target = grpc_target or env.get("AGENTHUB_GRPC_TARGET") or profile("grpc_target")
    return key, token, url.rstrip("/"), target
