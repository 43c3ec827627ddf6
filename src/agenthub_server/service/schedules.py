"""Schedules: cron or interval, pause/resume, occurrences, and firing due ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import schemas as S
from ..errors import ApiError
from ..util import iso, new_id, now, now_iso, parse_time
from ..validation import check_body
from .base import HubBase, ListParams, atomic, field_error, log


class SchedulesMixin(HubBase):
    @staticmethod
    def next_run(sched: dict[str, Any], base: datetime) -> datetime:
        if sched.get("interval_seconds"):
            return base + timedelta(seconds=sched["interval_seconds"])
        from croniter import croniter

        tz = ZoneInfo(sched.get("timezone") or "UTC")
        it = croniter(sched["cron"], base.astimezone(tz))
        nxt: datetime = it.get_next(datetime)
        return nxt.astimezone(UTC)

    def _schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        return self._doc("schedule", tenant, schedule_id)

    @atomic
    def create_schedule(self, tenant: str, body: Any) -> dict[str, Any]:
        data = check_body(S.schedule_create, body)
        self._agent(tenant, data["agent_id"])
        ts = now()
        sched = {
            "id": new_id("sch"),
            "object": "schedule",
            **data,
            "status": "active",
            "next_run_at": None,
            "last_run_at": None,
            "created_at": iso(ts),
            "updated_at": iso(ts),
        }
        sched["next_run_at"] = iso(self.next_run(sched, ts))
        self.store.put("schedule", tenant, sched["id"], sched)
        return sched

    def list_schedules(
        self, tenant: str, params: ListParams, *, labels: dict[str, str] | None = None
    ) -> dict[str, Any]:
        def where(d: dict[str, Any]) -> bool:  # every label filter must match
            return all(d["labels"].get(k) == v for k, v in (labels or {}).items())

        return self._page("schedule", tenant, params, where=where if labels else None)

    def get_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        return self._schedule(tenant, schedule_id)

    @atomic
    def update_schedule(self, tenant: str, schedule_id: str, body: Any) -> dict[str, Any]:
        sched = self._schedule(tenant, schedule_id)
        data = check_body(S.schedule_update, body)
        for key in ("agent_id", "timezone", "input", "labels"):
            if key in data and data[key] is None:
                raise field_error(["body", key], "Field may not be null", "null")
        if "agent_id" in data:
            self._agent(tenant, data["agent_id"])
        merged = {**sched, **data}
        if data.get("cron") is not None and "interval_seconds" not in data:
            merged["interval_seconds"] = None
        if data.get("interval_seconds") is not None and "cron" not in data:
            merged["cron"] = None
        if (merged.get("cron") is None) == (merged.get("interval_seconds") is None):
            raise field_error(
                ["body"], "Exactly one of 'cron' or 'interval_seconds' is required", "value_error"
            )
        ts = now()
        if merged["status"] == "active" and any(
            k in data for k in ("cron", "interval_seconds", "timezone")
        ):
            merged["next_run_at"] = iso(self.next_run(merged, ts))
        merged["updated_at"] = iso(ts)
        self.store.put("schedule", tenant, schedule_id, merged)
        return merged

    @atomic
    def delete_schedule(self, tenant: str, schedule_id: str) -> None:
        self._schedule(tenant, schedule_id)
        self.store.delete("schedule", tenant, schedule_id)
        self.store.delete_children("occurrence", tenant, schedule_id)

    @atomic
    def pause_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        s = self._schedule(tenant, schedule_id)
        if s["status"] != "paused":
            s.update(status="paused", next_run_at=None, updated_at=now_iso())
            self.store.put("schedule", tenant, schedule_id, s)
        return s

    @atomic
    def resume_schedule(self, tenant: str, schedule_id: str) -> dict[str, Any]:
        s = self._schedule(tenant, schedule_id)
        if s["status"] != "active":
            ts = now()
            s.update(status="active", next_run_at=iso(self.next_run(s, ts)), updated_at=iso(ts))
            self.store.put("schedule", tenant, schedule_id, s)
        return s

    def list_occurrences(self, tenant: str, schedule_id: str, params: ListParams) -> dict[str, Any]:
        self._schedule(tenant, schedule_id)
        return self._page(
            "occurrence", tenant, params, parent=schedule_id, use_parent=True, default_order="asc"
        )

    def fire_due_schedules(self) -> int:
        fired = 0
        ts = now()
        for tenant, sched in self.store.all_docs("schedule"):
            if sched["status"] != "active" or not sched.get("next_run_at"):
                continue
            due = parse_time(sched["next_run_at"])
            if due > ts:
                continue
            self.fire_schedule(tenant, sched, due, ts)
            fired += 1
        return fired

    @atomic
    def fire_schedule(
        self, tenant: str, sched: dict[str, Any], due: datetime, ts: datetime
    ) -> None:
        occ: dict[str, Any] = {
            "id": new_id("occ"),
            "object": "schedule_occurrence",
            "schedule_id": sched["id"],
            "scheduled_for": iso(due),
            "fired_at": iso(ts),
            "session_id": None,
            "turn_id": None,
            "status": "fired",
            "error": None,
        }
        try:
            sess = self.create_session(
                tenant,
                {
                    "agent_id": sched["agent_id"],
                    "labels": {**sched["labels"], "schedule_id": sched["id"]},
                },
            )
            occ["session_id"] = sess["id"]
            turn = self.create_turn(tenant, sess["id"], {"input": sched["input"]})
            occ["turn_id"] = turn["id"]
        except ApiError as exc:
            occ.update(status="failed", error=f"{exc.code}: {exc.detail}")
        except Exception as exc:  # pragma: no cover - defensive
            log.exception("schedule %s failed", sched["id"])
            occ.update(status="failed", error=str(exc))
        self.store.put("occurrence", tenant, occ["id"], occ, parent=sched["id"])
        nxt = self.next_run(sched, due)
        if nxt <= ts:
            nxt = self.next_run(sched, ts)
        sched.update(last_run_at=iso(ts), next_run_at=iso(nxt))
        self.store.put("schedule", tenant, sched["id"], sched)
