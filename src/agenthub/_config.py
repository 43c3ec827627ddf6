"""Where settings come from: arguments, environment, then a profile file.

Resolution order (first match wins):

- credentials: ``api_key=`` → ``access_token=`` (a string, or a callable invoked per request)
  → ``$AGENTHUB_API_KEY`` → ``api_key`` in the profile → :class:`ConfigurationError`;
- base URL: ``base_url=`` → ``$AGENTHUB_BASE_URL`` → ``base_url`` in the profile →
  ``http://127.0.0.1:8080`` (the reference server's default address);
- gRPC target: ``grpc_target=`` → ``$AGENTHUB_GRPC_TARGET`` → ``grpc_target`` in the profile →
  (later, lazily) the ``grpc_target`` advertised by ``GET /v1/capabilities``.

Profiles live in ``$AGENTHUB_CONFIG_DIR/config.toml`` (default ``~/.agenthub/config.toml``); the
profile name is ``$AGENTHUB_PROFILE`` (default ``default``). Each profile is a TOML table::

    [default]
    api_key = "ak_..."
    base_url = "https://agenthub.example.com"
    grpc_target = "agenthub.example.com:443"

    [staging]
    api_key = "ak_..."

(``[profiles.<name>]`` tables are accepted too.)

Credentials are cleaned where they are read (:func:`clean_credential`): surrounding whitespace
and newlines (as left by ``$(cat key.txt)`` or an editor) are stripped, a value that is only
whitespace counts as absent, and a value that cannot be sent as an HTTP header value (a control
character or a non-ASCII character inside it) raises :class:`ConfigurationError` from the
constructor, naming where the value came from and never the value.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs

from ._exceptions import ConfigurationError

__all__ = ["ClientSettings", "clean_credential", "load_profile", "resolve_settings"]

DEFAULT_BASE_URL = "http://127.0.0.1:8080"
ENV_API_KEY = "AGENTHUB_API_KEY"
ENV_BASE_URL = "AGENTHUB_BASE_URL"
ENV_GRPC_TARGET = "AGENTHUB_GRPC_TARGET"
ENV_CONFIG_DIR = "AGENTHUB_CONFIG_DIR"
ENV_PROFILE = "AGENTHUB_PROFILE"

TokenT = TypeVar("TokenT")


@attrs.frozen(repr=False)
class ClientSettings(Generic[TokenT]):
    """Resolved settings. ``api_key`` is a static secret; otherwise ``access_token`` is the
    user's token (string or callable). ``credential_source`` says where the secret came from
    (``"api_key"``, ``"access_token"``, ``"env"``, ``"profile:<name>"``) — never the value."""

    api_key: str | None
    access_token: TokenT | None
    credential_source: str
    base_url: str
    grpc_target: str | None

    def __repr__(self) -> str:
        return (
            f"ClientSettings(credential_source={self.credential_source!r}, "
            f"base_url={self.base_url!r}, grpc_target={self.grpc_target!r})"
        )


def clean_credential(value: str | None, source: str) -> str | None:
    """``value`` without surrounding whitespace; ``None`` if nothing is left.

    ``source`` names where the value came from in the error message (e.g. ``"api_key="``,
    ``"$AGENTHUB_API_KEY"``). Raises :class:`ConfigurationError` when the value contains a
    character an HTTP header value cannot carry (control characters such as an inner newline,
    or non-ASCII characters): the message gives the position and kind, never the value.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigurationError(f"The credential from {source} must be a string.")
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isprintable():  # the common case: one C-level scan each
        return value
    for position, char in enumerate(value):
        if not char.isascii():
            kind = "a non-ASCII character"
        elif not char.isprintable():
            kind = f"a control character (U+{ord(char):04X})"
        else:
            continue
        raise ConfigurationError(
            f"The credential from {source} contains {kind} at position {position}, so it "
            "cannot be sent in an HTTP header. Check the value (it is not shown here); "
            "surrounding whitespace and newlines are removed automatically."
        )
    return value  # pragma: no cover - isascii/isprintable agree with the loop


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The profile file: ``$AGENTHUB_CONFIG_DIR/config.toml`` or ``~/.agenthub/config.toml``."""
    env = os.environ if env is None else env
    base = env.get(ENV_CONFIG_DIR) or str(Path("~/.agenthub").expanduser())
    return Path(base) / "config.toml"


def profile_name(env: Mapping[str, str] | None = None) -> str:
    """The active profile name: ``$AGENTHUB_PROFILE`` or ``"default"``."""
    env = os.environ if env is None else env
    return env.get(ENV_PROFILE) or "default"


def load_profile(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The active profile's table (``{}`` when the file or profile does not exist).

    Raises :class:`ConfigurationError` when the file exists but is not valid TOML, or when
    ``$AGENTHUB_PROFILE`` names a profile the file does not have.
    """
    env = os.environ if env is None else env
    path = config_path(env)
    name = profile_name(env)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigurationError(f"Cannot read agenthub config file {path}: {exc}") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"Invalid TOML in agenthub config file {path}: {exc}") from None
    table = doc.get(name)
    if table is None and isinstance(doc.get("profiles"), dict):
        table = doc["profiles"].get(name)
    if table is None:
        if env.get(ENV_PROFILE):
            raise ConfigurationError(
                f"Profile {name!r} (from ${ENV_PROFILE}) is not defined in {path}. "
                f"Add a [{name}] table or unset {ENV_PROFILE}."
            )
        return {}
    if not isinstance(table, dict):
        raise ConfigurationError(f"Profile {name!r} in {path} must be a table, e.g. [{name}].")
    return dict(table)


def _profile_str(profile: Mapping[str, Any], key: str, name: str) -> str | None:
    value = profile.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigurationError(f"Profile {name!r}: {key!r} must be a string.")
    return value


def resolve_settings(
    *,
    api_key: str | None,
    access_token: TokenT | None,
    base_url: str | None,
    grpc_target: str | None,
    env: Mapping[str, str] | None = None,
) -> ClientSettings[TokenT]:
    """Apply the resolution order above. Raises :class:`ConfigurationError` (with the fix)
    when no credential is found anywhere, or for a setting of the wrong type."""
    env = os.environ if env is None else env
    for arg, value in (("base_url", base_url), ("grpc_target", grpc_target)):
        if value is not None and not isinstance(value, str):
            raise ConfigurationError(f"{arg}= must be a str, not {type(value).__name__}.")
    if not (access_token is None or isinstance(access_token, str) or callable(access_token)):
        raise ConfigurationError(
            "access_token= must be a str or a callable returning one, not "
            f"{type(access_token).__name__}."
        )
    name = profile_name(env)
    # read only when a setting is not given otherwise (a broken file then does not matter)
    prof = functools.cache(lambda: load_profile(env))
    key: str | None = None
    token: TokenT | None = None
    if isinstance(access_token, str):
        access_token = clean_credential(access_token, "access_token=")  # type: ignore[assignment]
    if (key := clean_credential(api_key, "api_key=")) is not None:
        source = "api_key"
    elif access_token is not None:
        token, source = access_token, "access_token"
    elif (key := clean_credential(env.get(ENV_API_KEY), f"${ENV_API_KEY}")) is not None:
        source = "env"
    else:
        key = clean_credential(
            _profile_str(prof(), "api_key", name),
            f"api_key of profile {name!r} in {config_path(env)}",
        )
        source = f"profile:{name}"
        if key is None:
            raise ConfigurationError(
                "No agenthub credentials found. Pass api_key=... or access_token=... to the "
                f"client, set the {ENV_API_KEY} environment variable, or add api_key to the "
                f"[{name}] profile in {config_path(env)}."
            )

    url = (
        base_url
        or env.get(ENV_BASE_URL)
        or _profile_str(prof(), "base_url", name)
        or DEFAULT_BASE_URL
    )
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}.")
    target = grpc_target or env.get(ENV_GRPC_TARGET) or _profile_str(prof(), "grpc_target", name)
    return ClientSettings(
        api_key=key,
        access_token=token,
        credential_source=source,
        base_url=url.rstrip("/"),
        grpc_target=target,
    )
