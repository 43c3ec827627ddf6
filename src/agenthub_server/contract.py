"""Request bodies validated against the contract itself (``openapi/agenthub.yaml``).

The server keeps no copy of the request schemas: each JSON body is checked with JSON Schema
(draft 2020-12, which OpenAPI 3.1 uses) against ``#/components/schemas/<Name>`` of the spec it
ships, so a field added to the contract is accepted with no server edit and a constraint added
there is enforced at once. Issues come out in the server's ``{loc, msg, type}`` shape.

The spec is read once per process: from the package (``agenthub_server/openapi/agenthub.yaml``,
put there by the wheel build) or, in a source checkout, from ``openapi/agenthub.yaml``.
OpenAPI's ``discriminator`` is honoured: a tagged union reports the errors of the member its tag
names (or a missing/unknown tag), not "matches none of the alternatives".
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

import yaml  # type: ignore[import-untyped]
from jsonschema import (  # type: ignore[import-untyped]
    Draft202012Validator,
    ValidationError,
    validators,
)

_fast: Any
try:  # a compiled validator for the common case (valid input): ~3 µs instead of ~1 ms
    import jsonschema_rs as _fast
except ImportError:  # pragma: no cover - optional speedup
    _fast = None

__all__ = ["Contract", "contract", "install", "spec_path"]

_PACKAGED = ("openapi", "agenthub.yaml")


def spec_path() -> str:
    """Where the contract is read from: the packaged copy, else the source checkout's."""
    env = os.environ.get("AGENTHUB_SERVER_SPEC")
    if env:
        return env
    packaged = resources.files("agenthub_server").joinpath(*_PACKAGED)
    if packaged.is_file():
        return str(packaged)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(root, *_PACKAGED)


def _load_yaml(path: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=loader)
    if not isinstance(doc, dict) or "components" not in doc:
        raise RuntimeError(f"{path} is not the agenthub OpenAPI document")
    return doc


def _discriminated_one_of(
    validator: Any, one_of: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """``oneOf`` that follows an OpenAPI ``discriminator`` to the member the tag names."""
    disc = schema.get("discriminator")
    if not (isinstance(disc, dict) and isinstance(instance, dict)):
        yield from _ONE_OF(validator, one_of, instance, schema)
        return
    prop = disc["propertyName"]
    mapping: dict[str, str] = disc.get("mapping") or {}
    tag = instance.get(prop)
    if prop not in instance:
        yield ValidationError("Field required", validator="x-tag-missing", path=[prop])
    elif not isinstance(tag, str) or tag not in mapping:
        err = ValidationError(
            "Input tag does not match any of the expected tags: "
            + ", ".join(repr(t) for t in mapping),
            validator="x-tag-invalid",
            path=[prop],
        )
        yield err
    else:
        yield from validator.descend(instance, {"$ref": mapping[tag]})


_ONE_OF = Draft202012Validator.VALIDATORS["oneOf"]
_Validator = validators.extend(Draft202012Validator, {"oneOf": _discriminated_one_of})

_TYPE_NAMES = {
    "string": ("a valid string", "string_type"),
    "integer": ("a valid integer", "int_type"),
    "number": ("a valid number", "float_type"),
    "boolean": ("a valid boolean", "bool_type"),
    "array": ("a valid array", "list_type"),
    "object": ("a valid object", "dict_type"),
    "null": ("null", "none_required"),
}


class Contract:
    """Validators for the request schemas of one OpenAPI document."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.schemas: dict[str, Any] = dict(spec["components"]["schemas"])
        self._validators: dict[str, Any] = {}
        self._fast: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str | None = None) -> Contract:
        return cls(_load_yaml(path or spec_path()))

    def validator(self, name: str) -> Any:
        v = self._validators.get(name)
        if v is None:
            if name not in self.schemas:
                raise KeyError(f"no schema {name!r} in the contract")
            with self._lock:
                v = self._validators[name] = _Validator(self._root(name))
        return v

    def is_valid(self, name: str, value: Any) -> bool | None:
        """The compiled validator's verdict (``None`` when it is not installed). Only a
        "valid" is trusted; an "invalid" is explained by :meth:`issues`."""
        if _fast is None:
            return None
        fast = self._fast.get(name)
        if fast is None:
            if name not in self.schemas:
                raise KeyError(f"no schema {name!r} in the contract")
            fast = self._fast[name] = _fast.validator_for(self._root(name))
        return bool(fast.is_valid(value))

    def _root(self, name: str) -> dict[str, Any]:
        # the spec's own `#/components/schemas/...` references resolve against this root
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"#/components/schemas/{name}",
            "components": {"schemas": self.schemas},
        }

    def properties(self, name: str) -> dict[str, Any]:
        props: dict[str, Any] = self.schemas[name].get("properties") or {}
        return props

    def issues(self, name: str, value: Any, loc: list[Any]) -> list[dict[str, Any]]:
        """Every way ``value`` breaks ``#/components/schemas/<name>``, as ``{loc, msg, type}``."""
        if self.is_valid(name, value):
            return []
        errors = list(self.validator(name).iter_errors(value))
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, ...]] = set()
        for err in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            for item in _translate(err, loc):
                key = (repr(item["loc"]), item["type"])
                if key not in seen:
                    seen.add(key)
                    out.append(item)
        return out

    def with_defaults(self, name: str, value: dict[str, Any]) -> dict[str, Any]:
        """A copy of a valid object with each absent property's ``default`` filled in."""
        out = dict(value)
        for prop, sub in self.properties(name).items():
            if prop not in out and isinstance(sub, dict) and "default" in sub:
                out[prop] = copy.deepcopy(sub["default"])
        return out


def _translate(err: ValidationError, loc: list[Any]) -> Iterable[dict[str, Any]]:
    path = [*loc, *err.absolute_path]
    kw = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}
    inst = err.instance

    def one(msg: str, typ: str, where: list[Any] | None = None) -> dict[str, Any]:
        return {"loc": where if where is not None else path, "msg": msg, "type": typ}

    if kw == "required":
        return [
            one("Field required", "missing", [*path, p])
            for p in err.validator_value
            if isinstance(inst, dict) and p not in inst
        ]
    if kw == "additionalProperties" and isinstance(inst, dict):
        known = set(schema.get("properties") or {})
        return [
            one("Extra inputs are not permitted", "extra_forbidden", [*path, k])
            for k in inst
            if k not in known
        ]
    if kw == "x-tag-missing":
        return [one("Field required", "missing")]
    if kw == "x-tag-invalid":
        return [one(err.message, "union_tag_invalid")]
    if kw == "type":
        types = (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        )
        named = [t for t in types if t != "null"] or types
        text, typ = _TYPE_NAMES.get(named[0], (f"of type {named[0]}", "type_error"))
        return [one(f"Input should be {text}", typ)]
    if kw == "const":
        return [one(f"Input should be {err.validator_value!r}", "literal_error")]
    if kw == "enum":
        opts = ", ".join(repr(c) for c in err.validator_value)
        return [one(f"Input should be one of {opts}", "enum")]
    if kw in ("minLength", "maxLength"):
        n = err.validator_value
        least = kw == "minLength"
        unit = "character" if n == 1 else "characters"
        if _is_property_name(err):
            return [
                one(
                    f"Key should have at {'least' if least else 'most'} {n} {unit}",
                    "key_too_short" if least else "key_too_long",
                    [*path, inst],
                )
            ]
        return [
            one(
                f"String should have at {'least' if least else 'most'} {n} {unit}",
                "string_too_short" if least else "string_too_long",
            )
        ]
    if kw == "pattern":
        if _is_property_name(err):
            return [
                one("Key does not match the allowed format", "key_pattern_mismatch", [*path, inst])
            ]
        msg = _PATTERN_MESSAGES.get(str(path[-1]) if len(path) > len(loc) else "")
        if msg is not None:
            return [one(*msg)]
        pattern = str(err.validator_value)
        shown = pattern if len(pattern) <= 80 else pattern[:77] + "..."
        return [one(f"String should match pattern '{shown}'", "string_pattern_mismatch")]
    if kw in ("minimum", "exclusiveMinimum"):
        return [
            one(
                f"Input should be greater than or equal to {err.validator_value}",
                "greater_than_equal",
            )
        ]
    if kw in ("maximum", "exclusiveMaximum"):
        return [
            one(f"Input should be less than or equal to {err.validator_value}", "less_than_equal")
        ]
    if kw == "minItems":
        return [one(f"List should have at least {err.validator_value} items", "too_short")]
    if kw == "maxItems":
        return [one(f"List should have at most {err.validator_value} items", "too_long")]
    if kw == "maxProperties":
        return [one(f"Object should have at most {err.validator_value} entries", "too_long")]
    if kw == "minProperties":
        return [one(f"Object should have at least {err.validator_value} entries", "too_short")]
    if kw in ("oneOf", "anyOf"):
        inner = _best_branch(err)
        if inner is not None:
            return [i for e in inner for i in _translate(e, loc)]
        return [one("Input does not match any allowed form", "union_mismatch")]
    return [one(err.message, "value_error")]


def _is_property_name(err: ValidationError) -> bool:
    return "propertyNames" in err.relative_schema_path


def _best_branch(err: ValidationError) -> list[ValidationError] | None:
    """The errors of the only union member the value's JSON type fits, if exactly one does
    (so ``content: [ {bad part} ]`` reports the part, not "matches no alternative")."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in err.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    branches = list(range(len(err.validator_value)))
    fitting = [
        b
        for b in branches
        if not any(
            e.validator == "type" and len(e.relative_path) == 0 for e in by_branch.get(b, [])
        )
    ]
    if len(fitting) == 1 and by_branch.get(fitting[0]):
        return by_branch[fitting[0]]
    return None


# Friendlier messages than a long regex for the patterns users meet most.
_PATTERN_MESSAGES: dict[str, tuple[str, str]] = {
    "cron": (
        "Invalid 5-field cron expression (minute hour day-of-month month day-of-week, "
        "numbers within range)",
        "cron_invalid",
    ),
    "data": ("Input should be a data URL 'data:<type>/<subtype>[;base64],<data>'", "url_parsing"),
    "uri": ("URI must use the http, https or stdio scheme", "url_scheme"),
}

_current: Contract | None = None
_current_lock = threading.Lock()


def contract() -> Contract:
    """The process-wide contract (loaded on first use)."""
    global _current
    if _current is None:
        with _current_lock:
            if _current is None:
                _current = Contract.load()
    return _current


def install(new: Contract | None) -> Contract | None:
    """Replace the process-wide contract (tests drill spec changes); returns the old one."""
    global _current
    with _current_lock:
        old, _current = _current, new
    return old
