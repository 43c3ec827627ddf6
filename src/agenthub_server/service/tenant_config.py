"""The tenant's configuration document with its generation (ETag), replaced or merge-patched."""

from __future__ import annotations

from typing import Any

from .. import schemas as S
from ..validation import check_body
from .base import HubBase, atomic, check_if_match


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch: ``null`` removes a key, objects merge, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


class TenantConfigMixin(HubBase):
    def get_config(self, tenant: str) -> dict[str, Any]:
        return self.store.get("config", tenant, "config") or {"config": {}, "generation": 0}

    @atomic
    def replace_config(self, tenant: str, body: Any, if_match: list[str] | None) -> dict[str, Any]:
        data = check_body(S.config_replace, body)
        cur = self.get_config(tenant)
        check_if_match(if_match, str(cur["generation"]))
        new = {"config": data["config"], "generation": cur["generation"] + 1}
        self.store.put("config", tenant, "config", new)
        return new

    @atomic
    def patch_config(self, tenant: str, body: Any, if_match: list[str] | None) -> dict[str, Any]:
        patch = check_body(S.config_patch, body)
        cur = self.get_config(tenant)
        check_if_match(if_match, str(cur["generation"]))
        new = {"config": merge_patch(cur["config"], patch), "generation": cur["generation"] + 1}
        self.store.put("config", tenant, "config", new)
        return new
