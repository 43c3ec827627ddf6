"""``hub.config``: the tenant's configuration document, versioned by ``generation``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agenthub_openapi.api.config import get_config, patch_config, replace_config
from agenthub_openapi.models.config_envelope import ConfigEnvelope
from typing_extensions import Unpack

from ..._types import CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, if_match_header, request_body, to_json

__all__ = ["AsyncConfig", "AsyncConfigWithRawResponse"]


class AsyncConfig(AsyncAPIResource):
    """``ConfigEnvelope {config: object, generation: int}``; every change bumps
    ``generation``. Pass ``generation=`` to make a change conditional (``If-Match``); a stale
    generation raises ``PreconditionFailedError`` (412) and writes nothing."""

    async def get(self, **options: Unpack[CallOptions]) -> ConfigEnvelope:
        """The current config and its generation (``envelope.config.to_dict()`` for a dict)."""
        return await self._request(get_config.build_request(), ConfigEnvelope.from_dict, options)

    async def replace(
        self,
        config: Mapping[str, Any],
        *,
        generation: int | None = None,
        if_match: str | None = None,
        **options: Unpack[CallOptions],
    ) -> ConfigEnvelope:
        """Replace the whole config document (``PUT /v1/config``).

        ``generation`` (or ``if_match``, the ``ETag`` as the server sent it) makes the write
        conditional: ``PreconditionFailedError`` (412) if the config changed since."""
        body, call, _ = request_body(
            "ConfigReplace", {"config": config, **options}, "config.replace()"
        )
        spec = replace_config.build_request(
            body=body, if_match=if_match_header(generation, if_match, "config.replace()")
        )
        return await self._request(spec, ConfigEnvelope.from_dict, call)

    async def patch(
        self,
        changes: Mapping[str, Any],
        *,
        generation: int | None = None,
        if_match: str | None = None,
        **options: Unpack[CallOptions],
    ) -> ConfigEnvelope:
        """Apply a JSON merge patch (RFC 7396): keys set to ``None`` are removed, nested
        objects are merged, everything else replaced (``PATCH /v1/config``). ``generation`` /
        ``if_match``: as for :meth:`replace`."""
        if not isinstance(changes, Mapping):
            raise TypeError(
                f"config.patch() changes must be a mapping, not {type(changes).__name__}"
            )
        body = to_json(changes)
        spec = patch_config.build_request(
            body=body, if_match=if_match_header(generation, if_match, "config.patch()")
        )
        return await self._request(spec, ConfigEnvelope.from_dict, options)

    @property
    def with_raw_response(self) -> AsyncConfigWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncConfigWithRawResponse(self)


class AsyncConfigWithRawResponse:
    def __init__(self, config: AsyncConfig) -> None:
        self.get = to_raw_response_wrapper(config.get)
        self.replace = to_raw_response_wrapper(config.replace)
        self.patch = to_raw_response_wrapper(config.patch)
