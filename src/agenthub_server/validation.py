"""A small strict validator for request bodies.

Each validator is a callable ``(value, loc) -> value`` raising :class:`Invalid`. Objects collect
all issues; extra fields are ignored. Issues come out as ``{loc, msg, type}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import ApiError, validation

Validator = Callable[[Any, list[Any]], Any]
MISSING = object()


class Invalid(Exception):
    def __init__(self, issues: list[dict[str, Any]]) -> None:
        super().__init__(issues)
        self.issues = issues


def issue(loc: list[Any], msg: str, typ: str) -> Invalid:
    return Invalid([{"loc": list(loc), "msg": msg, "type": typ}])


def string(min_len: int = 0, max_len: int | None = None, pattern: str | None = None) -> Validator:
    rx = re.compile(pattern) if pattern else None

    def v(value: Any, loc: list[Any]) -> Any:
        if not isinstance(value, str):
            raise issue(loc, "Input should be a valid string", "string_type")
        if len(value) < min_len:
            raise issue(
                loc, f"String should have at least {min_len} characters", "string_too_short"
            )
        if max_len is not None and len(value) > max_len:
            raise issue(loc, f"String should have at most {max_len} characters", "string_too_long")
        if rx is not None and not rx.fullmatch(value):
            raise issue(loc, f"String should match pattern '{pattern}'", "string_pattern_mismatch")
        return value

    return v


def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    def v(value: Any, loc: list[Any]) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            else:
                raise issue(loc, "Input should be a valid integer", "int_type")
        if minimum is not None and value < minimum:
            raise issue(
                loc, f"Input should be greater than or equal to {minimum}", "greater_than_equal"
            )
        if maximum is not None and value > maximum:
            raise issue(loc, f"Input should be less than or equal to {maximum}", "less_than_equal")
        return value

    return v


def nullable(inner: Validator) -> Validator:
    def v(value: Any, loc: list[Any]) -> Any:
        return None if value is None else inner(value, loc)

    return v


def any_value() -> Validator:
    return lambda value, loc: value


class F:
    """A field spec for :func:`obj`."""

    def __init__(self, validator: Validator, *, required: bool = False, default: Any = MISSING):
        self.validator = validator
        self.required = required
        self.default = default


def obj(
    fields: dict[str, F], check: Callable[[dict[str, Any], list[Any]], None] | None = None
) -> Validator:
    def v(value: Any, loc: list[Any]) -> Any:
        if not isinstance(value, dict):
            raise issue(loc, "Input should be a valid object", "dict_type")
        out: dict[str, Any] = {}
        problems: list[dict[str, Any]] = [
            {"loc": [*loc, k], "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
            for k in value
            if k not in fields
        ]
        for name, spec in fields.items():
            if name not in value:
                if spec.required:
                    problems.append(
                        {"loc": [*loc, name], "msg": "Field required", "type": "missing"}
                    )
                elif spec.default is not MISSING:
                    d = spec.default
                    out[name] = d() if callable(d) else d
                continue
            try:
                out[name] = spec.validator(value[name], [*loc, name])
            except Invalid as exc:
                problems.extend(exc.issues)
        if problems:
            raise Invalid(problems)
        if check is not None:
            check(out, loc)
        return out

    return v


def spec_body(
    name: str,
    *,
    defaults: dict[str, Any] | None = None,
    check: Callable[[dict[str, Any], list[Any]], None] | None = None,
) -> Validator:
    """A validator for ``#/components/schemas/<name>`` of the contract (see ``contract.py``).

    ``defaults`` fill absent properties the spec gives no ``default`` (the server's own choice,
    e.g. ``labels: {}``); ``check`` runs semantic checks no schema can express (a cron that
    never fires, an unknown time zone) once the schema is satisfied."""

    def v(value: Any, loc: list[Any]) -> Any:
        from .contract import contract

        c = contract()
        problems = c.issues(name, value, loc)
        if problems:
            raise Invalid(problems)
        out = c.with_defaults(name, value)
        for key, default in (defaults or {}).items():
            if key not in out:
                out[key] = default() if callable(default) else default
        if check is not None:
            check(out, loc)
        return out

    return v


def validate(validator: Validator, value: Any, loc: list[Any] | None = None) -> Any:
    try:
        return validator(value, list(loc if loc is not None else ["body"]))
    except Invalid as exc:
        raise validation(exc.issues) from None


def check_body(validator: Validator, value: Any) -> Any:
    """Validate a request body; raise ApiError(422) with all issues."""
    return validate(validator, value, ["body"])


__all__ = [
    "ApiError",
    "F",
    "Invalid",
    "any_value",
    "check_body",
    "integer",
    "issue",
    "nullable",
    "obj",
    "spec_body",
    "string",
]
