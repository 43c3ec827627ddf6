"""``hub.models``: the model catalog (``scripted`` is the reference server's runnable model)."""

from __future__ import annotations

from typing import Literal

from agenthub_openapi.api.meta import list_models
from agenthub_openapi.models.model import Model
from typing_extensions import Unpack

from ..._pagination import AsyncPaginator
from ..._types import CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource

__all__ = ["AsyncModels", "AsyncModelsWithRawResponse"]


class AsyncModels(AsyncAPIResource):
    """Models ``{id, description, context_window}`` usable as an agent's ``model``."""

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Model]:
        """List the available models; iterate for all pages."""
        return self._paginate(
            list_models, Model.from_dict, options, limit=limit, order=order, after=after
        )

    @property
    def with_raw_response(self) -> AsyncModelsWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncModelsWithRawResponse(self)


class AsyncModelsWithRawResponse:
    def __init__(self, models: AsyncModels) -> None:
        self.list = to_raw_response_wrapper(models.list)
