"""``hub.schedules``: run an agent on a cron expression or a fixed interval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

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
from agenthub_openapi.models.labels import Labels
from agenthub_openapi.models.schedule import Schedule
from agenthub_openapi.models.schedule_create import ScheduleCreate
from agenthub_openapi.models.schedule_occurrence import ScheduleOccurrence
from agenthub_openapi.models.schedule_update import ScheduleUpdate
from agenthub_openapi.types import UNSET
from typing_extensions import Unpack

from ..._inputs import InputLike, to_input_items
from ..._types import NOT_GIVEN, CallOptions, NotGiven
from .._compat import AsyncPaginator
from .._raw import to_raw_response_wrapper
from ._base import AsyncAPIResource, given, none_response, unset

__all__ = ["AsyncSchedules", "AsyncSchedulesWithRawResponse"]


def _labels(value: Mapping[str, str]) -> Labels:
    return Labels.from_dict({str(k): str(v) for k, v in value.items()})


class AsyncSchedules(AsyncAPIResource):
    """Schedules. Each firing creates a session (labels = the schedule's labels plus
    ``schedule_id``) with one turn of ``input``, and records a ``ScheduleOccurrence``."""

    async def create(
        self,
        *,
        agent_id: str,
        input: InputLike,
        cron: str | None = None,
        interval_seconds: int | None = None,
        timezone: str | None = None,
        labels: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Schedule:
        """Create a schedule. Give exactly one of ``cron`` (5 fields, evaluated in
        ``timezone``, IANA name, default ``"UTC"``) or ``interval_seconds`` (>= 1), else the
        server answers ``UnprocessableEntityError`` (422).

        ``input`` is the turn input: a string (one user message), an input model / dict, or a
        list of those. Raises ``NotFoundError`` for an unknown ``agent_id``.
        """
        body = ScheduleCreate(
            agent_id=agent_id,
            input_=to_input_items(input),
            cron=unset(cron),
            interval_seconds=unset(interval_seconds),
            timezone=timezone if timezone is not None else UNSET,
            labels=_labels(labels) if labels is not None else UNSET,
        )
        return await self._request(
            create_schedule._get_kwargs(body=body), Schedule.from_dict, options
        )

    def list(
        self,
        *,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        after: str | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPaginator[Schedule]:
        """List schedules (newest first by default); iterate for all pages."""
        return self._paginate(
            lambda cursor: list_schedules._get_kwargs(
                limit=unset(limit), after=unset(cursor or after), order=unset(order)
            ),
            Schedule.from_dict,
            options,
        )

    async def get(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Fetch a schedule (``next_run_at``, ``last_run_at``, ``status``); ``NotFoundError``
        if unknown."""
        return await self._request(
            get_schedule._get_kwargs(schedule_id), Schedule.from_dict, options
        )

    async def update(
        self,
        schedule_id: str,
        *,
        cron: str | NotGiven | None = NOT_GIVEN,
        interval_seconds: int | NotGiven | None = NOT_GIVEN,
        timezone: str | NotGiven = NOT_GIVEN,
        input: InputLike | NotGiven = NOT_GIVEN,
        labels: Mapping[str, str] | NotGiven = NOT_GIVEN,
        **options: Unpack[CallOptions],
    ) -> Schedule:
        """Change the given fields; to switch from cron to an interval pass
        ``cron=None, interval_seconds=60``. Raises ``UnprocessableEntityError`` if the result
        would not have exactly one of cron / interval_seconds."""
        body = ScheduleUpdate(
            cron=given(cron),
            interval_seconds=given(interval_seconds),
            timezone=given(timezone),
            input_=UNSET if isinstance(input, NotGiven) else to_input_items(input),
            labels=UNSET if isinstance(labels, NotGiven) else _labels(labels),
        )
        return await self._request(
            update_schedule._get_kwargs(schedule_id, body=body), Schedule.from_dict, options
        )

    async def delete(self, schedule_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete a schedule (its past sessions stay); ``NotFoundError`` if unknown."""
        return await self._request(delete_schedule._get_kwargs(schedule_id), none_response, options)

    async def pause(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Stop firing (``status`` → ``"paused"``) until :meth:`resume`."""
        return await self._request(
            pause_schedule._get_kwargs(schedule_id), Schedule.from_dict, options
        )

    async def resume(self, schedule_id: str, **options: Unpack[CallOptions]) -> Schedule:
        """Fire again (``status`` → ``"active"``; ``next_run_at`` recomputed)."""
        return await self._request(
            resume_schedule._get_kwargs(schedule_id), Schedule.from_dict, options
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
            lambda cursor: list_schedule_occurrences._get_kwargs(
                schedule_id, limit=unset(limit), after=unset(cursor or after), order=unset(order)
            ),
            ScheduleOccurrence.from_dict,
            options,
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
