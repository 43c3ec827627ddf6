"""``hub.schedules``: run an agent on a cron expression or a fixed interval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from agenthub_openapi.api.schedules import (
    create_schedule,
    delete_schedule,
    get_schedule,
    list_schedule_occurrences,
    list_schedules,
    pause_schedule,
    resume_schedule,
    update_schedule,
)
from agenthub_openapi.models.schedule import Schedule
from agenthub_openapi.models.schedule_occurrence import ScheduleOccurrence
from agenthub_openapi.params import ScheduleCreateOptionalParams, ScheduleUpdateParams
from typing_extensions import Unpack

from ..._inputs import InputLike, to_input_items
from ..._pagination import AsyncPaginator
from ..._types import CallOptions
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, label_filter, none_response, request_body

__all__ = [
    "AsyncSchedules",
    "AsyncSchedulesWithRawResponse",
    "ScheduleCreateCall",
    "ScheduleUpdateCall",
]


class ScheduleCreateCall(ScheduleCreateOptionalParams, CallOptions, total=False):
    """Keywords of ``schedules.create`` after ``agent_id`` and ``input``: the other
    ``ScheduleCreate`` fields (``cron``, ``interval_seconds``, ``timezone``, ``labels``…)
    and the per-call options."""


class ScheduleUpdateCall(ScheduleUpdateParams, CallOptions, total=False):
    """Keywords of ``schedules.update``: the ``ScheduleUpdate`` fields + per-call options."""


def _items(value: Any) -> list[dict[str, Any]]:
    """A turn input (``InputLike``) as JSON input items; ``TypeError`` if it is not one."""
    return [item.to_dict() for item in to_input_items(value)]


class AsyncSchedules(AsyncAPIResource):
    """Schedules. Each firing creates a session (labels = the schedule's labels plus
    ``schedule_id``) with one turn of ``input``, and records a ``ScheduleOccurrence``."""

    async def create(
        self, *, agent_id: str, input: InputLike, **params: Unpack[ScheduleCreateCall]
    ) -> Schedule:
        """Create a schedule. Give exactly one of ``cron`` (5 fields, evaluated in
        ``timezone``, IANA name, default ``"UTC"``) or ``interval_seconds`` (>= 1), else the
        server answers ``UnprocessableEntityError`` (422). Other keywords: the remaining
        ``ScheduleCreate`` fields (``labels``…) and the per-call options.

        ``input`` is the turn input: a string (one user message), an input model / dict, or a
        list of those. Raises ``NotFoundError`` for an unknown ``agent_id``, ``TypeError``
        (before any request) for an unknown keyword or a wrong kind of value.
        """
        fields = {**params, "agent_id": agent_id, "input": _items(input)}
        body, options, _ = request_body("ScheduleCreate", fields, "schedules.create()")
        return await self._request(
            create_schedule.build_request(body=body), Schedule.from_dict, options
        )

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        labels: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Schedule]:
        """List schedules (newest first by default); iterate for all pages. ``labels``:
        only schedules carrying every given ``key: value`` (keys 1..64 characters without
        ``:``; ``BadRequestError`` otherwise)."""
        return self._paginate(
            list_schedules,
            Schedule.from_dict,
            options,
            limit=limit,
            order=order,
            after=after,
            label=label_filter(labels),
        )

    async def get(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Fetch a schedule (``next_run_at``, ``last_run_at``, ``status``); ``NotFoundError``
        if unknown."""
        return await self._request(
            get_schedule.build_request(schedule_id), Schedule.from_dict, options
        )

    async def update(self, schedule_id: str, **params: Unpack[ScheduleUpdateCall]) -> Schedule:
        """Change the given ``ScheduleUpdate`` fields; to switch from cron to an interval pass
        ``cron=None, interval_seconds=60``. ``input`` takes what ``create`` takes. Raises
        ``UnprocessableEntityError`` if the result would not have exactly one of cron /
        interval_seconds, ``TypeError`` (before any request) for an unknown keyword."""
        fields: dict[str, Any] = dict(params)
        if "input" in fields:
            fields["input"] = _items(fields["input"])
        body, options, _ = request_body("ScheduleUpdate", fields, "schedules.update()")
        return await self._request(
            update_schedule.build_request(schedule_id, body=body), Schedule.from_dict, options
        )

    async def delete(self, schedule_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete a schedule (its past sessions stay); ``NotFoundError`` if unknown."""
        return await self._request(
            delete_schedule.build_request(schedule_id), none_response, options
        )

    async def pause(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Stop firing (``status`` → ``"paused"``) until :meth:`resume`."""
        return await self._request(
            pause_schedule.build_request(schedule_id), Schedule.from_dict, options
        )

    async def resume(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Fire again (``status`` → ``"active"``; ``next_run_at`` recomputed)."""
        return await self._request(
            resume_schedule.build_request(schedule_id), Schedule.from_dict, options
        )

    def occurrences(
        self,
        schedule_id: str,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[ScheduleOccurrence]:
        """The schedule's firings, oldest first by default (``session_id``/``turn_id`` of each
        run, ``status`` ``"fired"`` or ``"failed"``); iterate for all pages."""
        return self._paginate(
            list_schedule_occurrences,
            ScheduleOccurrence.from_dict,
            options,
            schedule_id,
            limit=limit,
            order=order,
            after=after,
        )

    @property
    def with_raw_response(self) -> AsyncSchedulesWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, request id)."""
        return AsyncSchedulesWithRawResponse(self)


class AsyncSchedulesWithRawResponse:
    def __init__(self, schedules: AsyncSchedules) -> None:
        self.create = to_raw_response_wrapper(schedules.create)
        self.list = to_raw_response_wrapper(schedules.list)
        self.get = to_raw_response_wrapper(schedules.get)
        self.update = to_raw_response_wrapper(schedules.update)
        self.delete = to_raw_response_wrapper(schedules.delete)
        self.pause = to_raw_response_wrapper(schedules.pause)
        self.resume = to_raw_response_wrapper(schedules.resume)
        self.occurrences = to_raw_response_wrapper(schedules.occurrences)
