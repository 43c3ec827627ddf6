"""Skills: named documents, put by name, listed in name order."""

from __future__ import annotations

import re
from typing import Any

from .. import schemas as S
from ..errors import ApiError
from ..util import decode_cursor, encode_cursor, now_iso
from ..validation import check_body
from .base import HubBase, ListParams, atomic, field_error


class SkillsMixin(HubBase):
    @atomic
    def put_skill(self, tenant: str, name: str, body: Any) -> tuple[int, dict[str, Any]]:
        if not re.fullmatch(S.SKILL_NAME, name):
            raise field_error(
                ["path", "name"], f"Skill name must match {S.SKILL_NAME}", "string_pattern_mismatch"
            )
        data = check_body(S.skill_put, body)
        existing = self.store.get("skill", tenant, name)
        ts = now_iso()
        skill = {
            "name": name,
            "object": "skill",
            "description": data["description"],
            "content": data["content"],
            "created_at": existing["created_at"] if existing else ts,
            "updated_at": ts,
        }
        self.store.put("skill", tenant, name, skill)
        return (200 if existing else 201), skill

    def list_skills(self, tenant: str, params: ListParams) -> dict[str, Any]:
        order = params.order or "asc"
        skills = sorted(
            (s for _, s in self.store.iter_docs("skill", tenant)),
            key=lambda s: s["name"],
            reverse=order == "desc",
        )
        if params.after is not None:
            cur = decode_cursor(params.after)
            if not isinstance(cur, dict) or not isinstance(cur.get("n"), str):
                raise ApiError("bad_request", "Malformed cursor in 'after'")
            skills = [
                s
                for s in skills
                if (s["name"] > cur["n"] if order == "asc" else s["name"] < cur["n"])
            ]
        page = skills[: params.limit]
        more = len(skills) > params.limit
        return {
            "object": "list",
            "data": page,
            "has_more": more,
            "next_cursor": encode_cursor({"n": page[-1]["name"]}) if more else None,
        }

    def get_skill(self, tenant: str, name: str) -> dict[str, Any]:
        return self._doc("skill", tenant, name)

    @atomic
    def delete_skill(self, tenant: str, name: str) -> None:
        self._delete("skill", tenant, name)
