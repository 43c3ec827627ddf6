#!/usr/bin/env python3
"""Breaking-change gate for both contracts, against the last release tag.

  python scripts/check_breaking.py                 # both contracts vs the baseline
  python scripts/check_breaking.py --against REF   # another baseline (a tag, a commit)
  python scripts/check_breaking.py --openapi-only OLD.yaml NEW.yaml

Baseline: ``--against`` / ``$AGENTHUB_CONTRACT_BASELINE``, else the newest release tag
(``v<digits>…``) reachable from HEAD, else the release recorded in ``scripts/release-baseline``
(for clones without tags); the documents compared are those at ``git merge-base HEAD <ref>``
(never ``HEAD~1``: a break followed by one more commit must still fail).

Protos: ``buf breaking`` (rules of ``buf.yaml``, category FILE) against that commit's
``protos/``. OpenAPI: :func:`openapi_breaking` below. No published OpenAPI diff tool fits:
oasdiff is a Go program (not on PyPI/npm; Debian's Go is too old to build it), npm
``openapi-diff`` rejects OpenAPI 3.1 ("Swagger Parser only supports versions 3.0.x"),
``@pb33f/openapi-changes`` downloads its binary at install time, and Optic (unmaintained) ships
telemetry. So the rules live here, small and drilled (tests/contract/test_breaking.py).

What counts as breaking (each message names its class):
- request side (what old clients send must still be accepted): operation removed or its
  ``operationId`` renamed, parameter removed or newly required, request property removed (a
  rename is a removal plus an addition), required request property added, type changed,
  ``null`` no longer allowed, request enum value removed, constraint tightened (length, range,
  pattern, item counts), a union member removed;
- response side (what new servers send must still be understood): response property removed
  or no longer required, type changed, ``null`` newly possible, response enum value added (a
  generated client may map enums exhaustively), success status or media type removed, a
  non-discriminated union member added.
A deliberate break is accepted by a pattern in ``scripts/breaking-accepted.txt`` (with the
reason beside it; emptied at the next release tag). Additive changes pass: new operations,
optional request fields, response fields, and new members of a discriminated response union
(new event types: clients decode them as ``UnknownEvent``).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = "openapi/agenthub.yaml"
PROTOS = "protos"
BASELINE_FILE = Path(__file__).resolve().parent / "release-baseline"
ACCEPTED_FILE = Path(__file__).resolve().parent / "breaking-accepted.txt"
BUF = ROOT / "tools" / "node_modules" / ".bin" / "buf"
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")

Schema = dict[str, Any]
_Stack = tuple[tuple[int, int], ...]  # schema pairs being compared (recursion guard)


# --------------------------------------------------------------------------------------------
# baseline


def _git(*args: str, cwd: Path = ROOT) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def recorded_release() -> tuple[str, str]:
    """The (tag, commit) pair on the first line of ``scripts/release-baseline``."""
    first = BASELINE_FILE.read_text(encoding="utf-8").splitlines()[0].split()
    if len(first) != 2:
        raise ValueError(f"{BASELINE_FILE.name}: first line must be '<tag> <commit>'")
    return first[0], first[1]


def release_ref(cwd: Path = ROOT) -> str:
    """The baseline ref: env override, newest reachable release tag, else the recorded one."""
    override = os.environ.get("AGENTHUB_CONTRACT_BASELINE")
    if override:
        return override
    try:
        return _git("describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD", cwd=cwd)
    except RuntimeError:
        pass
    # a clone without tags: the release commit recorded beside this script
    tag, commit = recorded_release()
    try:
        _git("cat-file", "-e", f"{commit}^{{commit}}", cwd=cwd)
    except RuntimeError:
        raise RuntimeError(
            f"no release tag reachable and the recorded release {tag} ({commit}) is not in "
            "this clone (shallow?): fetch tags or history, or set AGENTHUB_CONTRACT_BASELINE"
        ) from None
    return commit


def baseline_commit(ref: str, cwd: Path = ROOT) -> str:
    """``git merge-base HEAD ref``: the last version both histories share."""
    return _git("merge-base", "HEAD", ref, cwd=cwd)


# --------------------------------------------------------------------------------------------
# OpenAPI diff


class _Doc:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $refs are supported: {ref}")
            target: Any = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node, seen = target, seen + 1
            if seen > 50:
                raise ValueError(f"$ref loop at {ref}")
        return node


def _types(schema: Schema) -> set[str] | None:
    """The JSON types a (dereferenced, non-union) schema allows; None = any."""
    t = schema.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return set(t)
    if "const" in schema:
        return {_json_type(schema["const"])}
    if "enum" in schema:
        return {_json_type(v) for v in schema["enum"]}
    if "properties" in schema:
        return {"object"}
    if "items" in schema:
        return {"array"}
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _allowed(types: set[str] | None, t: str) -> bool:
    """Whether a schema with ``types`` accepts values of JSON type ``t``."""
    return types is None or t in types or (t == "integer" and "number" in types)


def _enum(schema: Schema) -> set[str] | None:
    if "const" in schema:
        return {json.dumps(schema["const"])}
    if "enum" in schema:
        return {json.dumps(v) for v in schema["enum"]}
    return None


# (keyword, True if a larger new value is tighter)
_BOUNDS = (
    ("minLength", True), ("maxLength", False), ("minimum", True), ("maximum", False),
    ("exclusiveMinimum", True), ("exclusiveMaximum", False), ("minItems", True),
    ("maxItems", False), ("minProperties", True), ("maxProperties", False),
)  # fmt: skip


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = _Doc(old), _Doc(new)
        self.out: list[str] = []

    def add(self, where: str, kind: str, detail: str) -> None:
        self.out.append(f"{kind}: {where}: {detail}")

    # -- schemas ----------------------------------------------------------------------------

    def _split(self, doc: _Doc, schema: Any) -> tuple[Schema, list[Schema], bool, Schema | None]:
        """(schema, non-null union members, null allowed?, discriminator) after unwrapping
        ``anyOf``/``oneOf`` and the 3.1 ``[T, 'null']`` nullable forms."""
        schema = doc.deref(schema) if isinstance(schema, dict) else {}
        members = schema.get("oneOf") or schema.get("anyOf")
        if not members:
            types = _types(schema)
            return schema, [schema], types is None or "null" in types, None
        nullable, rest = False, []
        for m in members:
            m = doc.deref(m)
            if _types(m) == {"null"}:
                nullable = True
            else:
                rest.append(m)
        return schema, rest, nullable, schema.get("discriminator")

    def schema(self, old: Any, new: Any, where: str, request: bool, stack: _Stack = ()) -> None:
        """Compare two schemas; ``request`` = the client sends it (else the server does)."""
        key = (id(old), id(new))
        if key in stack:  # a recursive schema: already being compared on this path
            return
        stack = (*stack, key)
        o, o_members, o_null, o_disc = self._split(self.old, old)
        n, n_members, n_null, n_disc = self._split(self.new, new)
        if request and o_null and not n_null:
            self.add(where, "type changed", "null is no longer accepted")
        if not request and n_null and not o_null:
            self.add(where, "type changed", "may now be null")
        if len(o_members) > 1 or len(n_members) > 1:
            self._union(o, n, o_members, n_members, o_disc, n_disc, where, request, stack)
            return
        self._single(o_members[0], n_members[0], where, request, stack)

    def _union(
        self,
        o: Schema,
        n: Schema,
        o_members: list[Schema],
        n_members: list[Schema],
        o_disc: Schema | None,
        n_disc: Schema | None,
        where: str,
        request: bool,
        stack: _Stack,
    ) -> None:
        if o_disc and n_disc:
            prop = o_disc.get("propertyName")
            if n_disc.get("propertyName") != prop:
                self.add(where, "type changed", f"discriminator {prop!r} renamed")
                return
            o_map = {k: self.old.deref({"$ref": v}) for k, v in o_disc.get("mapping", {}).items()}
            n_map = {k: self.new.deref({"$ref": v}) for k, v in n_disc.get("mapping", {}).items()}
            for value in sorted(o_map):
                if value not in n_map:
                    if request:
                        self.add(where, "union member removed", f"{prop}={value!r}")
                    continue
                self.schema(o_map[value], n_map[value], f"{where}<{value}>", request, stack)
            return

        # untagged union: pair members by JSON type
        def by_type(members: list[Schema]) -> dict[str, Schema]:
            return {",".join(sorted(_types(m) or {"any"})): m for m in members}

        o_by, n_by = by_type(o_members), by_type(n_members)
        for t in sorted(o_by):
            if t in n_by:
                self.schema(o_by[t], n_by[t], f"{where}<{t}>", request, stack)
            elif request:
                self.add(where, "union member removed", f"values of type {t} no longer accepted")
        if not request:
            for t in sorted(set(n_by) - set(o_by)):
                self.add(where, "union member added", f"values of type {t} may now be sent")

    def _single(self, o: Schema, n: Schema, where: str, request: bool, stack: _Stack) -> None:
        ot, nt = _types(o), _types(n)
        o_real = None if ot is None else ot - {"null"}
        n_real = None if nt is None else nt - {"null"}
        if request and o_real is not None:
            lost = {t for t in o_real if not _allowed(n_real, t)}
            if lost:
                self.add(where, "type changed", f"{_fmt_types(o_real)} -> {_fmt_types(n_real)}")
                return
        if not request and n_real is not None:
            gained = {t for t in n_real if not _allowed(o_real, t)}
            if gained or (o_real is not None and n_real is None):
                self.add(where, "type changed", f"{_fmt_types(o_real)} -> {_fmt_types(n_real)}")
                return
        if not request and n_real is None and o_real is not None:
            self.add(where, "type changed", f"{_fmt_types(o_real)} -> any")
            return
        oe, ne = _enum(o), _enum(n)
        if request and ne is not None:
            removed = (oe or set()) - ne if oe is not None else None
            if removed is None:
                self.add(where, "request enum added", f"now limited to {sorted(ne)}")
            elif removed:
                self.add(where, "request enum value removed", ", ".join(sorted(removed)))
        if not request and oe is not None:
            if ne is None:
                self.add(where, "response enum value added", "no longer limited to a set")
            elif ne - oe:
                self.add(where, "response enum value added", ", ".join(sorted(ne - oe)))
        if request:
            self._constraints(o, n, where)
        if (o_real is None or "object" in o_real) and ("properties" in o or "properties" in n):
            self._object(o, n, where, request, stack)
        if "items" in o and "items" in n:
            self.schema(o["items"], n["items"], f"{where}[]", request, stack)
        o_ap, n_ap = o.get("additionalProperties"), n.get("additionalProperties")
        if isinstance(o_ap, dict) and isinstance(n_ap, dict):
            self.schema(o_ap, n_ap, f"{where}{{*}}", request, stack)
        elif request and n_ap is False and o_ap is not False and "object" in (o_real or {"object"}):
            self.add(where, "constraint tightened", "extra properties no longer accepted")

    def _constraints(self, o: Schema, n: Schema, where: str) -> None:
        for key, larger_is_tighter in _BOUNDS:
            ov, nv = o.get(key), n.get(key)
            if nv is None or ov == nv:
                continue
            if ov is None or (nv > ov) == larger_is_tighter:
                self.add(where, "constraint tightened", f"{key} {ov} -> {nv}")
        if n.get("pattern") and n.get("pattern") != o.get("pattern"):
            self.add(where, "constraint tightened", f"pattern {o.get('pattern')!r} -> "
                     f"{n.get('pattern')!r}")  # fmt: skip

    def _object(self, o: Schema, n: Schema, where: str, request: bool, stack: _Stack) -> None:
        op, np_ = o.get("properties") or {}, n.get("properties") or {}
        oreq, nreq = set(o.get("required") or ()), set(n.get("required") or ())
        for name in sorted(op):
            path = f"{where}.{name}"
            if name not in np_:
                kind = "request property removed" if request else "response property removed"
                self.add(path, kind, "gone (renamed or removed)")
                continue
            if request and name in nreq and name not in oreq:
                self.add(path, "required request property added", "became required")
            if not request and name in oreq and name not in nreq:
                self.add(path, "response property removed", "no longer always present")
            self.schema(op[name], np_[name], path, request, stack)
        if request:
            for name in sorted(set(np_) - set(op)):
                if name in nreq:
                    self.add(f"{where}.{name}", "required request property added", "new")

    # -- operations -------------------------------------------------------------------------

    def operations(self) -> None:
        old_paths, new_paths = self.old.doc.get("paths", {}), self.new.doc.get("paths", {})
        for path, o_item in old_paths.items():
            o_item = self.old.deref(o_item)
            n_item = self.new.deref(new_paths.get(path, {}))
            for method in METHODS:
                if method not in o_item:
                    continue
                label = f"{method.upper()} {path}"
                o_op, n_op = o_item[method], n_item.get(method)
                if n_op is None:
                    self.add(label, "operation removed", o_op.get("operationId", ""))
                    continue
                if o_op.get("operationId") != n_op.get("operationId"):
                    renamed = f"{o_op.get('operationId')} -> {n_op.get('operationId')}"
                    self.add(label, "operation renamed", f"operationId {renamed}")
                self._operation(label, o_item, n_item, o_op, n_op)

    def _params(self, doc: _Doc, item: dict[str, Any], op: dict[str, Any]
                ) -> dict[tuple[str, str], dict[str, Any]]:  # fmt: skip
        out = {}
        for p in [*item.get("parameters", []), *op.get("parameters", [])]:
            p = doc.deref(p)
            out[(p["in"], p["name"].lower() if p["in"] == "header" else p["name"])] = p
        return out

    def _operation(self, label: str, o_item: dict[str, Any], n_item: dict[str, Any],
                   o_op: dict[str, Any], n_op: dict[str, Any]) -> None:  # fmt: skip
        o_params, n_params = (
            self._params(self.old, o_item, o_op),
            self._params(self.new, n_item, n_op),
        )
        for key, op_ in sorted(o_params.items()):
            where = f"{label} {key[0]} parameter {key[1]!r}"
            np_ = n_params.get(key)
            if np_ is None:
                self.add(where, "parameter removed", "gone (renamed or removed)")
                continue
            if np_.get("required") and not op_.get("required"):
                self.add(where, "parameter became required", "")
            self.schema(op_.get("schema", {}), np_.get("schema", {}), where, True)
        for key, np_ in sorted(n_params.items()):
            if key not in o_params and np_.get("required"):
                self.add(f"{label} {key[0]} parameter {key[1]!r}", "required parameter added", "")
        self._body(label, o_op.get("requestBody"), n_op.get("requestBody"))
        self._responses(label, o_op.get("responses", {}), n_op.get("responses", {}))

    def _body(self, label: str, o_body: Any, n_body: Any) -> None:
        where = f"{label} request body"
        if n_body is None:
            if o_body is not None:
                self.add(where, "request body removed", "")
            return
        o_body, n_body = self.old.deref(o_body or {}), self.new.deref(n_body)
        if n_body.get("required") and not o_body.get("required"):
            self.add(where, "request body became required", "")
        for media, o_media in (o_body.get("content") or {}).items():
            n_media = (n_body.get("content") or {}).get(media)
            if n_media is None:
                self.add(where, "request media type removed", media)
                continue
            self._media(f"{where} ({media}) $", o_media, n_media, True)

    def _responses(self, label: str, o_resps: dict[str, Any], n_resps: dict[str, Any]) -> None:
        for status, o_resp in o_resps.items():
            where = f"{label} response {status}"
            n_resp = n_resps.get(status)
            if n_resp is None:
                if str(status).startswith("2"):
                    self.add(where, "success response removed", "")
                continue
            o_resp, n_resp = self.old.deref(o_resp), self.new.deref(n_resp)
            if str(status).startswith("2"):
                for header in sorted(o_resp.get("headers") or {}):
                    if header not in (n_resp.get("headers") or {}):
                        self.add(where, "response header removed", header)
            for media, o_media in (o_resp.get("content") or {}).items():
                n_media = (n_resp.get("content") or {}).get(media)
                if n_media is None:
                    self.add(where, "response media type removed", media)
                    continue
                self._media(f"{where} ({media}) $", o_media, n_media, False)

    def _media(self, where: str, o: dict[str, Any], n: dict[str, Any], request: bool) -> None:
        # `itemSchema` (OpenAPI 3.2 streaming: one SSE event / JSON line) compares like `schema`
        for key in ("schema", "itemSchema"):
            if key in o:
                self.schema(o[key], n.get(key, {}), where if key == "schema" else f"{where}[item]",
                            request)  # fmt: skip


def _fmt_types(types: set[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def openapi_breaking(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Breaking changes from ``old`` to ``new`` (parsed OpenAPI 3.1 documents), one message
    each: ``"<class>: <where>: <detail>"``, sorted, without duplicates. Empty = compatible."""
    differ = _Differ(old, new)
    differ.operations()
    return sorted(set(differ.out))


# --------------------------------------------------------------------------------------------
# the gate


def load_yaml(text: str) -> dict[str, Any]:
    """Parse a spec (libyaml's safe loader when present: ~10x faster on this document)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    return data


def accepted_patterns(path: Path = ACCEPTED_FILE) -> list[str]:
    """The fnmatch patterns of deliberately accepted breaks (comments and blanks skipped)."""
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def split_accepted(problems: list[str], patterns: list[str]) -> tuple[list[str], list[str]]:
    """(breaks not accepted, breaks accepted by one of ``patterns``)."""
    accepted = [p for p in problems if any(fnmatch.fnmatchcase(p, pat) for pat in patterns)]
    return [p for p in problems if p not in accepted], accepted


def check_openapi(commit: str, root: Path = ROOT) -> list[str]:
    """OpenAPI breaking changes of the working tree's spec since ``commit``, less those
    accepted in ``scripts/breaking-accepted.txt`` (of the checked repository)."""
    old = load_yaml(_git("show", f"{commit}:{SPEC}", cwd=root))
    new = load_yaml((root / SPEC).read_text(encoding="utf-8"))
    patterns = accepted_patterns(root / "scripts" / ACCEPTED_FILE.name)
    return split_accepted(openapi_breaking(old, new), patterns)[0]


def check_protos(commit: str, root: Path = ROOT, buf: Path = BUF) -> tuple[bool, str]:
    """``buf breaking`` of the working tree's protos against ``commit``'s → (ok, output)."""
    proc = subprocess.run(
        [str(buf), "breaking", "--against", f".git#ref={commit},subdir={PROTOS}"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def _lines(messages: Iterator[str] | list[str]) -> str:
    return "\n".join(f"  {m}" for m in messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="baseline git ref (default: last release tag)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository (default: this one)")
    parser.add_argument("--openapi-only", nargs=2, metavar=("OLD", "NEW"),
                        help="compare two OpenAPI files, no git, no buf")  # fmt: skip
    args = parser.parse_args(argv)
    if args.openapi_only:
        old, new = (load_yaml(Path(p).read_text(encoding="utf-8")) for p in args.openapi_only)
        problems = openapi_breaking(old, new)
        print(_lines(problems) if problems else "no breaking OpenAPI changes")
        return 1 if problems else 0
    root: Path = args.root.resolve()
    ref = args.against or release_ref(root)
    commit = baseline_commit(ref, root)
    failed = False
    problems = check_openapi(commit, root)
    patterns = accepted_patterns(root / "scripts" / ACCEPTED_FILE.name)
    if patterns:
        print(f"({len(patterns)} accepted break pattern(s) in scripts/{ACCEPTED_FILE.name})")
    if problems:
        failed = True
        print(f"breaking OpenAPI changes since {ref} ({commit[:12]}):\n{_lines(problems)}")
    else:
        print(f"OpenAPI: no breaking changes since {ref}")
    ok, out = check_protos(commit, root)
    if not ok:
        failed = True
        print(f"breaking proto changes since {ref} ({commit[:12]}) (buf breaking):\n{out}")
    else:
        print(f"protos: no breaking changes since {ref}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
