#!/usr/bin/env python3
"""Regenerate (or check) the committed low-level clients in ``generated/``.

Sources of truth:
  openapi/agenthub.yaml            -> generated/agenthub_openapi/ (openapi-python-client)
  openapi/agenthub.yaml (x-sdk)    -> src/agenthub/_async/resources/{agents,…}.py (SDK resources)
  protos/agenthub_proto/v1/*.proto -> generated/agenthub_proto/  (grpcio-tools, mypy-protobuf)

Usage:
  python scripts/generate.py                  # regenerate generated/ in place
  python scripts/generate.py --check          # exit 1 if generated/ is stale
  python scripts/generate.py --spec X --out Y # other sources / target (used by the tests)

Generation always happens in a fresh temporary directory (outside the repository, so no
project configuration leaks into the post-hooks) and is then swapped into place, so a failed
run never leaves a half-written tree. The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "openapi" / "agenthub.yaml"
DEFAULT_PROTOS = ROOT / "protos"
DEFAULT_OUT = ROOT / "generated"
CONFIG = Path(__file__).resolve().parent / "generator-config.yaml"
#: Our versions of the generator templates we change (openapi-python-client
#: ``--custom-template-path``: a template found here replaces the packaged one of that name).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Renders ``agenthub_openapi/views.py`` (run by path: this file is also loaded by path).
VIEWS_SCRIPT = Path(__file__).resolve().parent / "render_views.py"

OPENAPI_PACKAGE = "agenthub_openapi"
PROTO_PACKAGE = "agenthub_proto"
PACKAGES = (OPENAPI_PACKAGE, PROTO_PACKAGE)

# Pinned generator versions. Output differs between versions, so refuse to run with others.
PINS = {
    "openapi-python-client": "0.29.1",
    "grpcio-tools": "1.85.1",
    "mypy-protobuf": "5.1.0",
    "ruff": "0.17.5",
}

IGNORED_PARTS = {"__pycache__", ".ruff_cache", ".mypy_cache"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}

PROTO_INIT = '"""Generated gRPC/protobuf code for agenthub (package agenthub.v1). Do not edit."""\n'


class GenerationError(RuntimeError):
    pass


def _bin_dir() -> Path:
    return Path(sys.executable).parent


def check_pins() -> None:
    """Fail clearly when an installed generator differs from the pinned version."""
    problems = []
    for dist, want in PINS.items():
        try:
            have = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != want:
            problems.append(f"  {dist}: pinned {want}, installed {have or 'nothing'}")
    ruff = _bin_dir() / "ruff"
    if ruff.exists():
        out = subprocess.run([str(ruff), "--version"], capture_output=True, text=True).stdout
        if out.split()[-1:] != [PINS["ruff"]]:
            problems.append(f"  ruff executable {ruff}: {out.strip()!r}, pinned {PINS['ruff']}")
    else:
        problems.append(f"  ruff executable not found next to {sys.executable}")
    if problems:
        raise GenerationError(
            "generator versions differ from the pins in scripts/generate.py:\n"
            + "\n".join(problems)
            + "\nrun `make install` (requirements-dev.lock) to get the pinned versions"
        )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The post-hooks in generator-config.yaml call `ruff`: make it the pinned one from this venv.
    env["PATH"] = str(_bin_dir()) + os.pathsep + env.get("PATH", "")
    env.pop("RUFF_CACHE_DIR", None)
    env["RUFF_NO_CACHE"] = "true"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NO_COLOR"] = "1"
    return env


def _run(cmd: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise GenerationError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc.stdout + proc.stderr


def generate_openapi(spec: Path, dest: Path) -> str:
    """Run openapi-python-client into ``dest`` (which must not exist). Returns its output."""
    exe = _bin_dir() / "openapi-python-client"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "openapi_python_client"]
    cmd += [
        "generate",
        "--path", str(spec),
        "--meta", "none",
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--output-path", str(dest),
        "--overwrite",
    ]  # fmt: skip
    output = _run(cmd, cwd=dest.parent)
    if not (dest / "__init__.py").exists():
        raise GenerationError(f"openapi-python-client produced no package:\n{output}")
    return output


def generate_protos(protos: Path, dest_root: Path) -> None:
    """Compile ``protos/agenthub_proto/v1/*.proto`` into ``dest_root/agenthub_proto``."""
    import grpc_tools

    well_known = Path(grpc_tools.__file__).parent / "_proto"
    files = sorted((protos / PROTO_PACKAGE).rglob("*.proto"))
    if not files:
        raise GenerationError(f"no .proto files under {protos / PROTO_PACKAGE}")
    rel = [f.relative_to(protos).as_posix() for f in files]
    bindir = _bin_dir()
    cmd = [
        sys.executable, "-m", "grpc_tools.protoc",
        f"-I{protos}", f"-I{well_known}",
        f"--plugin=protoc-gen-mypy={bindir / 'protoc-gen-mypy'}",
        f"--plugin=protoc-gen-mypy_grpc={bindir / 'protoc-gen-mypy_grpc'}",
        f"--python_out={dest_root}", f"--grpc_python_out={dest_root}",
        f"--mypy_out={dest_root}", f"--mypy_grpc_out={dest_root}",
        *rel,
    ]  # fmt: skip
    _run(cmd, cwd=protos)
    pkg = dest_root / PROTO_PACKAGE
    for d in sorted([pkg, *(p for p in pkg.rglob("*") if p.is_dir())]):
        init = d / "__init__.py"
        if not init.exists():
            init.write_text(PROTO_INIT, encoding="utf-8")
    (pkg / "py.typed").write_text("", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Modules rendered from the spec itself (openapi-python-client templates cannot add files):
# ``agenthub_openapi/events.py`` (the event table from the ``Event`` discriminator mapping),
# ``agenthub_openapi/params.py`` (one TypedDict per JSON request body, plus the tables
# the SDK checks keyword arguments with) and ``agenthub_openapi/problems.py`` (the problem
# codes). All are formatted with the pinned ruff.

EXTRA_HEADER = (
    '"""{doc}\n\nGenerated by scripts/generate.py from openapi/agenthub.yaml. Do not edit."""\n'
)

#: ``Event`` members the SDK replaces with a subclass (a bound class): the generated union
#: takes that member as a type parameter.
PARAMETRIC_EVENTS = {"elicitation.requested": "ElicitationT"}


def _load_spec(spec: Path) -> dict[str, Any]:
    import yaml

    with spec.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _model_modules(pkg: Path) -> dict[str, str]:
    """Generated class name → module name, read from ``models/__init__.py``."""
    out: dict[str, str] = {}
    text = (pkg / "models" / "__init__.py").read_text(encoding="utf-8")
    for module, name in re.findall(r"^from \.(\w+) import (\w+)$", text, re.MULTILINE):
        out[name] = module
    return out


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _class_name(schema_name: str, modules: dict[str, str]) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", " ", schema_name).title().replace(" ", "")
    name = schema_name if schema_name in modules else name
    if name not in modules:
        raise GenerationError(f"no generated model for schema {schema_name!r}")
    return name


def render_events(doc: dict[str, Any], modules: dict[str, str]) -> str:
    union = doc["components"]["schemas"]["Event"]
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    classes = {t: _class_name(_ref_name(ref), modules) for t, ref in mapping.items()}
    lines = [
        EXTRA_HEADER.format(
            doc="The event table: every ``type`` of the ``Event`` union's discriminator mapping "
            "and its model."
        ),
        "from typing import Final, Literal, TypeAlias, TypeVar",
        "",
    ]
    for cls in sorted(set(classes.values())):
        lines.append(f"from .models.{modules[cls]} import {cls}")
    lines += ["", "#: Every event ``type`` this contract version defines."]
    lines.append(f"EventType: TypeAlias = Literal[{', '.join(repr(t) for t in mapping)}]")
    lines += ["", "#: Any event this contract version defines (the ``Event`` schema)."]
    lines.append(f"Event: TypeAlias = {' | '.join(classes.values())}")
    lines += ["", "#: wire ``type`` → model class."]
    lines.append("EVENT_TYPES: Final[dict[str, type[Event]]] = {")
    lines += [f"    {t!r}: {cls}," for t, cls in classes.items()]
    lines.append("}")
    for t, var in PARAMETRIC_EVENTS.items():
        base = classes[t]
        lines += ["", f'{var} = TypeVar("{var}", bound={base})']
        members = [var if et == t else cls for et, cls in classes.items()]
        lines += [
            "",
            f"#: :data:`Event` with its ``{t}`` member replaced by ``{var}`` (a subclass of",
            f"#: ``{base}``), e.g. ``EventWith[MyBound{base}]``.",
            f"EventWith: TypeAlias = {' | '.join(members)}",
        ]
    lines += ["", '__all__ = ["EVENT_TYPES", "Event", "EventType", "EventWith"]', ""]
    return "\n".join(lines)


class _ParamTypes:
    """JSON Schema → the Python input type a caller may pass (friendly: ``Sequence``,
    ``Mapping``, a model or its dict form) and the JSON kinds a value may have."""

    def __init__(self, schemas: dict[str, Any], modules: dict[str, str]) -> None:
        self.schemas = schemas
        self.modules = modules
        self.imports: set[str] = set()

    def py(self, s: dict[str, Any]) -> str:
        if "$ref" in s:
            name = _ref_name(s["$ref"])
            target = self.schemas[name]
            if target.get("type") == "object" and target.get("properties"):
                cls = _class_name(name, self.modules)
                self.imports.add(f"from .models.{self.modules[cls]} import {cls}")
                return f"{cls} | Mapping[str, Any]"
            return self.py(target)
        if "const" in s:
            return f"Literal[{s['const']!r}]"
        if "enum" in s:
            return f"Literal[{', '.join(repr(v) for v in s['enum'] if v is not None)}]" + (
                " | None" if None in s["enum"] else ""
            )
        for key in ("oneOf", "anyOf"):
            if key in s:
                return " | ".join(_unique(self.py(m) for m in s[key]))
        t = s.get("type")
        if isinstance(t, list):
            return " | ".join(_unique(self.py({**s, "type": x}) for x in t))
        if t == "array":
            return f"Sequence[{self.py(s.get('items', {}))}]"
        if t == "object":
            extra = s.get("additionalProperties", True)
            value = "Any" if extra is True or extra is False else self.py(extra)
            return f"Mapping[str, {value}]"
        return {
            "string": "str",
            "integer": "int",
            "number": "float",
            "boolean": "bool",
            "null": "None",
        }.get(t or "", "Any")

    def kinds(self, s: dict[str, Any]) -> tuple[set[str], set[str] | None]:
        """(JSON kinds allowed, allowed strings if every string alternative is an enum)."""
        if "$ref" in s:
            return self.kinds(self.schemas[_ref_name(s["$ref"])])
        if "const" in s:
            return _kind_of(s["const"]), {s["const"]} if isinstance(s["const"], str) else None
        if "enum" in s:
            kinds: set[str] = set()
            for v in s["enum"]:
                kinds |= _kind_of(v)
            strs = {v for v in s["enum"] if isinstance(v, str)}
            return kinds, strs or None
        for key in ("oneOf", "anyOf"):
            if key in s:
                kinds, strs, free = set(), set(), False
                for m in s[key]:
                    k, e = self.kinds(m)
                    kinds |= k
                    if "string" in k:
                        if e is None:
                            free = True
                        else:
                            strs |= e
                return kinds, (None if free or not strs else strs)
        t = s.get("type")
        if isinstance(t, list):
            return set(t), None
        return (
            {t} if t else {"string", "integer", "number", "boolean", "array", "object", "null"}
        ), None


def _object_ref(s: dict[str, Any], schemas: dict[str, Any]) -> str | None:
    """The schema name when ``s`` is a ``$ref`` to an object schema with properties."""
    ref = s.get("$ref")
    if not ref:
        return None
    name = _ref_name(ref)
    target = schemas[name]
    return name if target.get("type") == "object" and target.get("properties") else None


def _unique(items: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        for part in item.split(" | "):
            if part not in out:
                out.append(part)
    # plain mappings, then None last
    last = [p for p in ("Mapping[str, Any]", "None") if p in out]
    return [p for p in out if p not in last] + last


def _kind_of(value: Any) -> set[str]:
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer"}
    if isinstance(value, str):
        return {"string"}
    return {"object"}


PARAMS_RUNTIME = '''

#: A JSON value kind → the Python types accepted for it.
_KIND_TYPES: Final[dict[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple, Sequence),
    "object": (Mapping,),
    "null": (type(None),),
}


def _has_kind(value: object, kind: str) -> bool:
    if kind == "array":
        return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))
    if kind == "object":
        return isinstance(value, Mapping) or hasattr(value, "to_dict")
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _KIND_TYPES[kind])


def check_body(schema: str, body: Mapping[str, object], *, where: str = "") -> None:
    """Check a request body (before anything is sent) against schema ``schema``.

    Raises ``TypeError`` naming ``where`` (e.g. ``"agents.create()"``) for a property the
    schema does not define, a missing required property, or a value of the wrong JSON kind
    (e.g. a ``str`` where an array is expected; a string outside the listed values where the
    property is either one of those strings or an array). Values themselves (lengths,
    patterns, enum members) are the server's to validate.
    """
    _check(schema, body, f"{where} " if where else "", "", top=True)


def _check(schema: str, body: Mapping[str, object], prefix: str, path: str, top: bool) -> None:
    fields = BODY_FIELDS[schema]
    for key in body:
        if key not in fields and (top or schema in CLOSED):
            valid = ", ".join(sorted(fields))
            what = "keyword argument" if top else "property"
            raise TypeError(f"{prefix}got an unexpected {what} {path}{key!r} (valid: {valid})")
    missing = [k for k in sorted(REQUIRED_FIELDS[schema]) if k not in body]
    if missing:
        what = "keyword argument(s)" if top else f"propert(ies) of {path.rstrip('.')}"
        raise TypeError(f"{prefix}missing required {what}: {', '.join(missing)}")
    nested = NESTED.get(schema, {})
    for key, value in body.items():
        if key not in fields:
            continue
        kinds, strings = fields[key]
        name = f"{path}{key}"
        if not any(_has_kind(value, kind) for kind in kinds):
            raise TypeError(
                f"{prefix}{name}= must be {' or '.join(sorted(kinds))}, got {type(value).__name__}"
            )
        if strings is not None and isinstance(value, str) and value not in strings:
            choices = " or ".join(repr(s) for s in sorted(strings))
            others = " or ".join(sorted(kinds - {"string"}))
            alt = f" or {others}" if others else ""
            raise TypeError(f"{prefix}{name}= must be {choices}{alt}, got {value!r}")
        target = nested.get(key)
        if target is None:
            continue
        if isinstance(value, Mapping):
            _check(target, value, prefix, f"{name}.", top=False)
        elif _has_kind(value, "array"):
            for i, item in enumerate(value):  # type: ignore[arg-type]
                if isinstance(item, Mapping):
                    _check(target, item, prefix, f"{name}[{i}].", top=False)
'''


def render_params(doc: dict[str, Any], modules: dict[str, str]) -> str:
    schemas = doc["components"]["schemas"]
    types = _ParamTypes(schemas, modules)
    bodies: dict[str, str] = {}
    for ops in doc["paths"].values():
        for op in ops.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            for ctype, media in op["requestBody"]["content"].items():
                ref = media.get("schema", {}).get("$ref")
                if ref and "json" in ctype:
                    bodies[op["operationId"]] = _ref_name(ref)
    classes: list[str] = []
    fields_table: list[str] = []
    required_table: list[str] = []
    for name in sorted(set(bodies.values())):
        schema = schemas[name]
        props: dict[str, Any] = schema.get("properties") or {}
        if not props:
            continue  # a free-form object (JsonObject): no keywords to declare
        required = set(schema.get("required", []))
        cls = _class_name(name, modules)
        ops = ", ".join(f"``{op}``" for op, b in sorted(bodies.items()) if b == name)
        # An optional property also takes None: null where the contract allows it, else "omit
        # it" (what the SDK's keyword defaults have always meant).
        optional_lines = [
            f"    {k}: {' | '.join(_unique([types.py(v), 'None']))}"
            for k, v in props.items()
            if k not in required
        ]
        required_lines = [
            f"    {k}: Required[{types.py(v)}]" for k, v in props.items() if k in required
        ]
        classes += [
            "",
            "",
            f"class {cls}OptionalParams(TypedDict, total=False):",
            f'    """The optional properties of ``{name}`` (the body of {ops}); ``None`` sends',
            '    null where the schema allows it and omits the property otherwise."""',
            "",
            *(optional_lines or ["    pass"]),
            "",
            "",
            f"class {cls}Params({cls}OptionalParams, total=False):",
            f'    """``{name}`` (the body of {ops}) as keyword arguments.',
            "",
            "    Required properties are ``Required``; nested objects take the model or its dict",
            '    form."""',
            "",
            *(required_lines or ["    pass"]),
        ]
    # the kind tables: every body schema and every object schema a body nests (directly or
    # as array items), so a nested ``skills="x"`` is caught too
    queue = sorted({b for b in bodies.values() if schemas[b].get("properties")})
    done: set[str] = set()
    nested_table: list[str] = []
    closed: list[str] = []
    while queue:
        name = queue.pop(0)
        if name in done:
            continue
        done.add(name)
        schema = schemas[name]
        props = schema.get("properties") or {}
        if schema.get("additionalProperties") is False:
            closed.append(name)
        entries = []
        nested = []
        for k, v in props.items():
            kinds, strings = types.kinds(v)
            if strings is not None and "array" not in kinds:
                strings = None  # only disambiguate a string from an array; values are the server's
            s = "None" if strings is None else f"frozenset({sorted(strings)!r})"
            entries.append(f"        {k!r}: (frozenset({sorted(kinds)!r}), {s}),")
            target = _object_ref(v.get("items", {}) if v.get("type") == "array" else v, schemas)
            if target is not None:
                nested.append(f"        {k!r}: {target!r},")
                queue.append(target)
        fields_table += [f"    {name!r}: {{", *entries, "    },"]
        if nested:
            nested_table += [f"    {name!r}: {{", *nested, "    },"]
        required = set(schema.get("required", []))
        required_table.append(f"    {name!r}: frozenset({sorted(required)!r}),")
    lines = [
        EXTRA_HEADER.format(
            doc="Request parameters from the contract: for each JSON request body ``X``, "
            "``XParams`` (a TypedDict of\nits properties as keyword arguments, required ones "
            "``Required``), ``XOptionalParams`` (only the\noptional ones) and the tables "
            ":func:`check_body` checks a body against before it is sent."
        ),
        "from collections.abc import Mapping, Sequence",
        "from typing import Any, Final, Literal, Required, TypedDict",
        "",
        *sorted(types.imports),
        *classes,
        "",
        "",
        "#: operationId → its JSON request body schema.",
        "OPERATION_BODIES: Final[dict[str, str]] = {",
        *(f"    {op!r}: {b!r}," for op, b in sorted(bodies.items())),
        "}",
        "",
        "#: schema → property → (JSON kinds accepted, the strings accepted where a string",
        "#: competes with an array, e.g. ``require_approval``; else None).",
        "BODY_FIELDS: Final[",
        "    dict[str, dict[str, tuple[frozenset[str], frozenset[str] | None]]]",
        "] = {",
        *fields_table,
        "}",
        "",
        "#: schema → property → the object schema its value (or each item) must match.",
        "NESTED: Final[dict[str, dict[str, str]]] = {",
        *nested_table,
        "}",
        "",
        "#: schemas that allow no other properties.",
        f"CLOSED: Final[frozenset[str]] = frozenset({sorted(closed)!r})",
        "",
        "#: schema → its required properties.",
        "REQUIRED_FIELDS: Final[dict[str, frozenset[str]]] = {",
        *required_table,
        "}",
        PARAMS_RUNTIME,
    ]
    return "\n".join(lines)


PROBLEMS_RUNTIME = """

class ProblemCode(NamedTuple):
    \"\"\"One problem ``code`` of the contract: the HTTP ``status`` it is answered with, its
    ``title`` and ``grpc_status``, the ``grpc.StatusCode`` name a gRPC call fails with.\"\"\"

    status: int
    title: str
    grpc_status: str

"""


def render_problems(doc: dict[str, Any]) -> str:
    """``problems.py``: the ``x-problem-codes`` table of ``Problem.code``, which the SDK's
    error mapping and the reference server both read (the table exists once, in the spec)."""
    table = doc["components"]["schemas"]["Problem"]["properties"]["code"].get("x-problem-codes")
    if not isinstance(table, dict) or not table:
        raise GenerationError("Problem.code declares no x-problem-codes table")
    import grpc  # the names must be real grpc.StatusCode members

    rows = []
    for code, entry in table.items():
        entry = entry if isinstance(entry, dict) else {}
        status, title, grpc_status = (entry.get(k) for k in ("status", "title", "grpc_status"))
        if not (isinstance(status, int) and 400 <= status <= 599 and isinstance(title, str)):
            raise GenerationError(f"x-problem-codes.{code}: needs an HTTP error status and a title")
        if grpc_status not in grpc.StatusCode.__members__ or grpc_status == "OK":
            raise GenerationError(f"x-problem-codes.{code}: {grpc_status!r} is no gRPC error code")
        rows.append(f"    {code!r}: ProblemCode({status}, {title!r}, {grpc_status!r}),")
    return "\n".join(
        [
            EXTRA_HEADER.format(
                doc="The problem codes of the contract (``Problem.code``'s ``x-problem-codes``)."
            ),
            "from typing import Final, NamedTuple",
            PROBLEMS_RUNTIME,
            "#: problem ``code`` → its HTTP status, title and gRPC status code name",
            "PROBLEM_CODES: Final[dict[str, ProblemCode]] = {",
            *rows,
            "}",
            "",
        ]
    )


def generate_extra_modules(spec: Path, pkg: Path) -> None:
    """Render ``events.py``, ``params.py`` and ``problems.py`` into the generated package."""
    doc = _load_spec(spec)
    modules = _model_modules(pkg)
    targets = {
        pkg / "events.py": render_events(doc, modules),
        pkg / "params.py": render_params(doc, modules),
        pkg / "problems.py": render_problems(doc),
        pkg / "views.py": runpy.run_path(str(VIEWS_SCRIPT))["render_views"](doc, pkg),
    }
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    files = [str(p) for p in targets]
    _run(
        [
            str(_bin_dir() / "ruff"),
            "check",
            "--isolated",
            "--fix-only",
            "--quiet",
            "--extend-select=I",
            *files,
        ],
        cwd=pkg,
    )
    _run([str(_bin_dir() / "ruff"), "format", "--isolated", "--quiet", *files], cwd=pkg)


# --------------------------------------------------------------------------------------------
# SDK resources: the CRUD resource modules of the SDK (``hub.agents``, ``hub.skills``…),
# rendered from the contract into src/agenthub/_async/resources/ (derived code inside the SDK
# package, as _sync/ is; scripts/run_unasync.py then derives their _sync/ twins).
#
# The contract declares them in two places:
#
# * the root ``x-sdk-resources`` block, one entry per module: ``class`` (``Agents`` →
#   ``AsyncAgents`` and ``AsyncAgentsWithRawResponse``), ``module_doc``, ``doc`` (the class
#   docstring), optionally ``imports`` (``{Name: module}``, names the types below use, e.g.
#   ``InputLike: ..._inputs``) and ``reexport`` (those of them also in ``__all__``);
# * an ``x-sdk`` block on each operation the resource exposes (methods in spec order):
#
#   ``resource``, ``method``  which module and method (``import_``, ``occurrences``…)
#   ``doc``                   the method's docstring (shapes, units, errors raised)
#   ``args`` / ``kwargs``     body properties taken as positional / keyword-only arguments
#                             (after the path parameters, which are always positional); when
#                             given they are exactly the body's required properties
#   ``call``                  ``{name, doc}``: the TypedDict of the remaining body keywords +
#                             ``CallOptions`` (``**params``); needed iff such keywords remain
#   ``types``                 ``{property: python type}`` for an explicit argument whose type
#                             is not the contract's (``input: InputLike``)
#   ``hooks``                 ``{property: function}``: a function of ``_base.py`` converting
#                             the caller's value before the body is checked (TypeError if bad)
#   ``defaults``              ``{property: value}`` sent when the caller omits the property
#   ``if_match``              the name of the version alias (``if_revision``, ``generation``):
#                             the method takes ``if_match=`` and the alias, sent as the
#                             ``If-Match`` header by ``_base.if_match_header``
#   ``body``                  ``{arg, hook}``: a schemaless body (a merge patch) taken as the
#                             positional argument ``arg`` and converted by ``hook(value, where)``
#   ``filters``               list filters: ``{keyword: {query, type, hook}}`` (``labels`` →
#                             query ``label`` via ``_base.label_filter``)
#
# A list operation (a 200 ``XList`` response) becomes a paginator method taking ``limit``,
# ``order``, ``after`` and its filters; every other one an ``async`` method returning the
# response model (``None`` for 204). Malformed blocks raise GenerationError naming the place.

SDK_DIR = ROOT / "src" / "agenthub" / "_async" / "resources"
SDK_HEADER = "# GENERATED by scripts/generate.py from openapi/agenthub.yaml — do not edit\n"
#: Where generate_into() renders the SDK modules inside its work directory.
SDK_STAGE = "_sdk_resources"
SDK_TEMPLATE = "sdk_resource.py.jinja"
#: The project's ruff settings (the modules live in src/ and are linted with it).
RUFF_CONFIG = ROOT / "pyproject.toml"

_SDK_RESOURCE_KEYS = {"class", "module_doc", "doc", "imports", "reexport"}
_SDK_OP_KEYS = {
    "resource", "method", "doc", "args", "kwargs", "call", "types", "hooks", "defaults",
    "if_match", "body", "filters",
}  # fmt: skip
#: The page parameters every list operation takes, in signature order.
_PAGE_PARAMS = {
    "limit": "int | None",
    "order": 'Literal["asc", "desc"] | None',
    "after": "str | None",
}
#: Header parameters the pipeline handles itself (per-call options).
_PIPELINE_HEADERS = {"Idempotency-Key"}
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_CLASS = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def _sdk_error(where: str, msg: str) -> GenerationError:
    return GenerationError(f"openapi/agenthub.yaml {where}: {msg}")


def _base_exports() -> set[str]:
    """``__all__`` of the handwritten ``_base.py``: the hooks generated code may call."""
    import ast

    tree = ast.parse((SDK_DIR / "_base.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
    raise GenerationError(f"{SDK_DIR / '_base.py'} declares no __all__")


def _hook(res: _SdkResource, name: Any, where: str) -> str:
    """Check that ``name`` is a hook ``_base.py`` exports and import it into ``res``."""
    if not isinstance(name, str) or name not in _base_exports():
        raise _sdk_error(
            where, f"hook {name!r} is not exported by src/agenthub/_async/resources/_base.py"
        )
    res.base.add(name)
    return name


def _docstring(text: str, indent: int) -> str:
    """``text`` as a triple-quoted docstring whose later lines are indented by ``indent``."""
    lines = text.strip().splitlines()
    pad = " " * indent
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join(f"{pad}{line}" if line.strip() else "" for line in lines[1:])
    # one paragraph: closing quotes on its last line; several: on their own line
    end = f"\n{pad}" if "" in (line.strip() for line in lines) else ""
    return f'"""{lines[0]}\n{body}{end}"""'


def _resolve(doc: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/...``)."""
    while "$ref" in obj:
        node: Any = doc
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def _names(value: Any, where: str, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _sdk_error(where, f"{what} must be a list of names, not {value!r}")
    return value


def _mapping(value: Any, where: str, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _sdk_error(where, f"{what} must be a mapping, not {value!r}")
    return value


def _doc_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _sdk_error(where, "needs a non-empty doc (the public docstring)")
    if '"""' in value or value.rstrip().endswith('"') or "\\" in value:
        raise _sdk_error(where, "a doc may not contain '\"\"\"' or a backslash, nor end with '\"'")
    return value.strip()


class _SdkMethod:
    def __init__(self) -> None:
        self.name = ""
        self.is_async = True
        self.params: list[str] = []
        self.returns = ""
        self.doc = ""
        self.body: list[str] = []


class _SdkResource:
    def __init__(self, name: str, cls: str, module_doc: str, doc: str) -> None:
        self.name = name
        self.cls = cls
        self.module_doc = module_doc
        self.doc = doc
        self.methods: list[_SdkMethod] = []
        self.calls: list[dict[str, str]] = []
        self.extra_imports: dict[str, str] = {}
        self.reexport: list[str] = []
        self.openapi: dict[str, set[str]] = {}  # agenthub_openapi module → names
        self.base: set[str] = {"AsyncAPIResource"}  # names from ._base
        self.used: set[str] = set()  # typing / SDK names used

    def need(self, module: str, name: str) -> None:
        self.openapi.setdefault(module, set()).add(name)

    @property
    def all(self) -> list[str]:
        names = [f"Async{self.cls}", f"Async{self.cls}WithRawResponse", *self.reexport]
        return sorted(names + [c["name"] for c in self.calls])

    @property
    def imports(self) -> list[str]:
        lines = []
        std = {
            "Mapping": "collections.abc",
            "Sequence": "collections.abc",
            "Any": "typing",
            "Literal": "typing",
        }
        by_module: dict[str, set[str]] = {}
        for name, module in std.items():
            if name in self.used:
                by_module.setdefault(module, set()).add(name)
        for module, names in sorted(by_module.items()):
            lines.append(f"from {module} import {', '.join(sorted(names))}")
        for module, names in sorted(self.openapi.items()):
            lines.append(f"from agenthub_openapi.{module} import {', '.join(sorted(names))}")
        lines.append("from typing_extensions import Unpack")
        sdk: dict[str, set[str]] = {"..._types": {"CallOptions"}}
        if any(not m.is_async for m in self.methods):
            sdk["..._pagination"] = {"AsyncPaginator"}
        for name, module in self.extra_imports.items():
            if name in self.used or name in self.reexport:
                sdk.setdefault(module, set()).add(name)
        sdk[".._raw"] = {"to_raw_response_wrapper"}
        sdk["._base"] = self.base
        for module, names in sorted(sdk.items(), key=lambda kv: (-kv[0].count("."), kv[0])):
            lines.append(f"from {module} import {', '.join(sorted(names))}")
        return lines


def _sdk_blocks(
    doc: dict[str, Any],
) -> tuple[dict[str, Any], list[tuple[str, str, dict[str, Any]]]]:
    """The ``x-sdk-resources`` block and every ``(path, http method, operation)`` with an
    ``x-sdk`` block, in spec order; checks their shape."""
    resources = doc.get("x-sdk-resources") or {}
    if not isinstance(resources, dict):
        raise _sdk_error("x-sdk-resources", "must map resource names to blocks")
    ops = []
    for path, item in doc["paths"].items():
        for verb, op in item.items():
            if isinstance(op, dict) and "x-sdk" in op:
                ops.append((path, verb, op))
    return resources, ops


def build_sdk_resources(doc: dict[str, Any], modules: dict[str, str]) -> list[_SdkResource]:
    """Check the ``x-sdk`` declarations and turn them into one :class:`_SdkResource` each."""
    schemas = doc["components"]["schemas"]
    blocks, ops = _sdk_blocks(doc)
    out: dict[str, _SdkResource] = {}
    for name, block in blocks.items():
        where = f"x-sdk-resources.{name}"
        if not isinstance(name, str) or not _IDENT.match(name):
            raise _sdk_error(where, "a resource name must be a lowercase identifier")
        block = _mapping(block, where, "the block")
        unknown = set(block) - _SDK_RESOURCE_KEYS
        if unknown:
            raise _sdk_error(
                where, f"unknown key(s) {sorted(unknown)} (valid: {sorted(_SDK_RESOURCE_KEYS)})"
            )
        cls = block.get("class")
        if not isinstance(cls, str) or not _CLASS.match(cls):
            raise _sdk_error(where, f"class must be a CamelCase name, not {cls!r}")
        res = _SdkResource(
            name,
            cls,
            _doc_text(block.get("module_doc"), f"{where}.module_doc"),
            _doc_text(block.get("doc"), f"{where}.doc"),
        )
        res.extra_imports = {
            str(k): str(v) for k, v in _mapping(block.get("imports"), where, "imports").items()
        }
        res.reexport = _names(block.get("reexport"), where, "reexport")
        for n in res.reexport:
            if n not in res.extra_imports:
                raise _sdk_error(where, f"reexport {n!r} is not in imports")
        out[name] = res
    types = _ParamTypes(schemas, modules)
    for path, verb, op in ops:
        op_id = op.get("operationId", f"{verb} {path}")
        where = f"{op_id} x-sdk"
        sdk = _mapping(op["x-sdk"], where, "x-sdk")
        unknown = set(sdk) - _SDK_OP_KEYS
        if unknown:
            raise _sdk_error(
                where, f"unknown key(s) {sorted(unknown)} (valid: {sorted(_SDK_OP_KEYS)})"
            )
        res_name = sdk.get("resource")
        if res_name not in out:
            raise _sdk_error(where, f"resource {res_name!r} is not declared in x-sdk-resources")
        method = sdk.get("method")
        if not isinstance(method, str) or not _IDENT.match(method):
            raise _sdk_error(where, f"method must be a lowercase identifier, not {method!r}")
        res = out[res_name]
        if any(m.name == method for m in res.methods):
            raise _sdk_error(where, f"{res_name}.{method} is declared twice")
        tag = (op.get("tags") or [None])[0]
        if not isinstance(tag, str):
            raise _sdk_error(where, "the operation needs a tag (its generated api package)")
        res.methods.append(_sdk_method(doc, types, res, path, op, sdk, op_id, tag, method, where))
    for res in out.values():
        if not res.methods:
            raise _sdk_error(f"x-sdk-resources.{res.name}", "no operation declares this resource")
    return list(out.values())


def _sdk_method(
    doc: dict[str, Any],
    types: _ParamTypes,
    res: _SdkResource,
    path: str,
    op: dict[str, Any],
    sdk: dict[str, Any],
    op_id: str,
    tag: str,
    name: str,
    where: str,
) -> _SdkMethod:
    schemas = doc["components"]["schemas"]
    m = _SdkMethod()
    m.name = name
    m.doc = _doc_text(sdk.get("doc"), where)
    call_where = f'"{res.name}.{name}()"'
    res.need(f"api.{tag}", op_id)
    params = [_resolve(doc, p) for p in op.get("parameters", [])]
    path_names = re.findall(r"{(\w+)}", path)
    query = [p["name"] for p in params if p.get("in") == "query"]
    headers = [p["name"] for p in params if p.get("in") == "header"]
    for h in headers:
        if h == "If-Match":
            if not isinstance(sdk.get("if_match"), str) or not _IDENT.match(sdk["if_match"]):
                raise _sdk_error(
                    where, "the operation takes If-Match: name its version alias in if_match"
                )
        elif h not in _PIPELINE_HEADERS:
            raise _sdk_error(where, f"header parameter {h!r} has no SDK mapping")
    if "if_match" in sdk and "If-Match" not in headers:
        raise _sdk_error(where, "if_match given but the operation takes no If-Match header")
    # the response: a model, a page of models, or nothing (204)
    ok = [c for c in sorted(op.get("responses", {})) if str(c).startswith("2")]
    schema_name = None
    for code in ok:
        content = _resolve(doc, op["responses"][code]).get("content") or {}
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        if ref:
            schema_name = _ref_name(ref)
            break
    item_name = None
    if schema_name is not None:
        data = schemas[schema_name].get("properties", {}).get("data", {})
        if schema_name.endswith("List") and data.get("type") == "array":
            item_name = _ref_name(data["items"]["$ref"])
    filters = _mapping(sdk.get("filters"), where, "filters")
    positional = [f"{p}: str" for p in path_names]
    path_args = ", ".join(path_names)

    if item_name is not None:  # a list: a paginator
        if "requestBody" in op or set(sdk) & {
            "args",
            "kwargs",
            "call",
            "hooks",
            "defaults",
            "body",
        }:
            raise _sdk_error(where, "a list operation takes no body keys (args/kwargs/call/...)")
        missing = [p for p in _PAGE_PARAMS if p not in query]
        if missing:
            raise _sdk_error(where, f"a list operation needs the query parameters {missing}")
        covered = {str(f.get("query")) for f in filters.values() if isinstance(f, dict)}
        for q in query:
            if q not in _PAGE_PARAMS and q not in covered:
                raise _sdk_error(where, f"query parameter {q!r} has no x-sdk filter")
        cls = _class_name(item_name, types.modules)
        res.need(f"models.{types.modules[cls]}", cls)
        res.used.add("Literal")
        m.is_async = False
        m.returns = f"AsyncPaginator[{cls}]"
        m.params = [*positional, "*", *(f"{k}: {t} = None" for k, t in _PAGE_PARAMS.items())]
        query_args = [f"{k}={k}" for k in _PAGE_PARAMS]
        for kw, f in filters.items():
            fw = f"{where} filters.{kw}"
            f = _mapping(f, fw, "a filter")
            if set(f) != {"query", "type", "hook"} or not all(
                isinstance(v, str) for v in f.values()
            ):
                raise _sdk_error(fw, "a filter is {query, type, hook} (strings)")
            if f["query"] not in query:
                raise _sdk_error(fw, f"the operation has no query parameter {f['query']!r}")
            m.params.append(f"{kw}: {f['type']} = None")
            res.used.update(re.findall(r"[A-Za-z_]\w*", f["type"]))
            _hook(res, f["hook"], fw)
            query_args.append(f"{f['query']}={f['hook']}({kw})")
        m.params.append("**options: Unpack[CallOptions]")
        lead = f"{op_id}, {cls}.from_dict, options" + (f", {path_args}" if path_args else "")
        m.body = [f"return self._paginate({lead}, {', '.join(query_args)})"]
        return m

    if filters:
        raise _sdk_error(where, "filters are for list operations")
    if schema_name is None:
        m.returns, cast = "None", "none_response"
        res.base.add("none_response")
    else:
        cls = _class_name(schema_name, types.modules)
        res.need(f"models.{types.modules[cls]}", cls)
        m.returns, cast = cls, f"{cls}.from_dict"
    build = [*path_names]
    kw_params: list[str] = []
    lines: list[str] = []
    kwargs_var = "options"
    if "requestBody" in op:
        content = op["requestBody"].get("content", {})
        media, spec_ = next(iter(content.items()))
        body_schema = _ref_name(spec_.get("schema", {}).get("$ref", "/"))
        props = (schemas.get(body_schema) or {}).get("properties") or {}
        raw = sdk.get("body")
        if not props:  # a schemaless body (e.g. a merge patch): one positional argument
            raw = _mapping(raw, where, "body")
            if set(raw) != {"arg", "hook"} or not all(isinstance(v, str) for v in raw.values()):
                raise _sdk_error(
                    where, f"the {media} body has no properties: declare body: {{arg, hook}}"
                )
            positional.append(f"{raw['arg']}: Mapping[str, Any]")
            res.used.update({"Mapping", "Any"})
            _hook(res, raw["hook"], where)
            build.append(f"body={raw['hook']}({raw['arg']}, {call_where})")
        else:
            if raw is not None:
                raise _sdk_error(
                    where, f"body is for schemaless bodies; {body_schema} has properties"
                )
            required = set(schemas[body_schema].get("required", []))
            args = _names(sdk.get("args"), where, "args")
            kwargs = _names(sdk.get("kwargs"), where, "kwargs")
            explicit = args + kwargs
            for p in explicit:
                if p not in props:
                    raise _sdk_error(where, f"{p!r} is not a property of {body_schema}")
            if explicit and set(explicit) != required:
                raise _sdk_error(
                    where,
                    f"args/kwargs must be exactly the required properties of {body_schema} "
                    f"({sorted(required)}), not {explicit}",
                )
            hooks = _mapping(sdk.get("hooks"), where, "hooks")
            defaults = _mapping(sdk.get("defaults"), where, "defaults")
            overrides = _mapping(sdk.get("types"), where, "types")
            for table, what in ((hooks, "hooks"), (defaults, "defaults"), (overrides, "types")):
                for p in table:
                    if p not in props:
                        raise _sdk_error(where, f"{what}: {p!r} is not a property of {body_schema}")
            for p in overrides:
                if p not in explicit:
                    raise _sdk_error(
                        where, f"types: {p!r} is not an explicit argument (args/kwargs)"
                    )
            cls_b = _class_name(body_schema, types.modules)
            rest = [p for p in props if p not in explicit]
            call = sdk.get("call")
            if rest:
                call = _mapping(call, where, "call")
                if set(call) != {"name", "doc"} or not _CLASS.match(str(call.get("name"))):
                    raise _sdk_error(
                        where, "keywords remain: declare call: {name: XCall, doc: ...}"
                    )
                base = f"{cls_b}OptionalParams" if explicit else f"{cls_b}Params"
                res.need("params", base)
                res.calls.append(
                    {
                        "name": call["name"],
                        "base": base,
                        "doc": _doc_text(call["doc"], f"{where}.call"),
                    }
                )
                kwargs_var = "params"
            elif call is not None:
                raise _sdk_error(
                    where, f"call given but every property of {body_schema} is an argument"
                )

            def typ(p: str) -> str:
                if p in overrides:
                    t = str(overrides[p])
                    res.used.update(re.findall(r"[A-Za-z_]\w*", t))
                    return t
                t = types.py(props[p])
                for imp in sorted(types.imports):
                    mod, _, cls_ = imp.removeprefix("from .").partition(" import ")
                    res.need(mod, cls_)
                types.imports.clear()
                res.used.update(re.findall(r"[A-Za-z_]\w*", t))
                return t

            def value(p: str) -> str:
                return f"{hooks[p]}({p})" if p in hooks else p

            positional += [f"{p}: {typ(p)}" for p in args]
            kw_params += [f"{p}: {typ(p)}" for p in kwargs]
            for h in hooks.values():
                _hook(res, h, where)
            late_hooks = [p for p in hooks if p not in explicit]
            if explicit or defaults or late_hooks:
                items = [f"{k!r}: {v!r}" for k, v in defaults.items()]
                items.append(f"**{kwargs_var}")
                items += [f"{p!r}: {value(p)}" for p in explicit]
                lines.append(f"fields: dict[str, Any] = {{{', '.join(items)}}}")
                res.used.add("Any")
                for p in late_hooks:
                    lines += [
                        f"if {p!r} in fields:",
                        f"    fields[{p!r}] = {hooks[p]}(fields[{p!r}])",
                    ]
                source = "fields"
            else:
                source = kwargs_var
            lines.append(
                f"body, options, _ = request_body({body_schema!r}, {source}, {call_where})"
            )
            res.base.add("request_body")
            build.append("body=body")
    else:
        for key in ("args", "kwargs", "call", "hooks", "defaults", "types", "body"):
            if key in sdk:
                raise _sdk_error(where, f"{key} given but the operation has no request body")
    alias = sdk.get("if_match")
    if alias is not None:
        kw_params += [f"{alias}: int | None = None", "if_match: str | None = None"]
        res.base.add("if_match_header")
        build.append(f"if_match=if_match_header({alias}, if_match, {call_where})")
    kw_params.append(
        f"**params: Unpack[{res.calls[-1]['name']}]"
        if kwargs_var == "params"
        else "**options: Unpack[CallOptions]"
    )
    m.params = positional + (["*"] if kw_params[:-1] else []) + kw_params
    request = f"{op_id}.build_request({', '.join(build)})"
    lines.append(f"return await self._request({request}, {cast}, options)")
    m.body = lines
    return m


def render_sdk_resources(doc: dict[str, Any], modules: dict[str, str]) -> dict[str, str]:
    """``{file name: source}`` of every SDK resource module (unformatted)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.globals["docstring"] = _docstring
    template = env.get_template(SDK_TEMPLATE)
    return {
        f"{res.name}.py": template.render(r=res, header=SDK_HEADER)
        for res in build_sdk_resources(doc, modules)
    }


def generate_sdk_resources(spec: Path, pkg: Path, dest: Path) -> None:
    """Render the SDK resource modules into ``dest`` (a fresh dir), formatted with the project's
    ruff settings (they are checked with them in src/)."""
    texts = render_sdk_resources(_load_spec(spec), _model_modules(pkg))
    dest.mkdir(parents=True)
    files = []
    for name, text in sorted(texts.items()):
        (dest / name).write_text(text, encoding="utf-8")
        files.append(str(dest / name))
    ruff = str(_bin_dir() / "ruff")
    config = ["--config", str(RUFF_CONFIG)]
    _run([ruff, "check", *config, "--fix-only", "--quiet", "--extend-select=I", *files], cwd=dest)
    _run([ruff, "format", *config, "--quiet", *files], cwd=dest)
    _run([ruff, "check", *config, "--quiet", *files], cwd=dest)


def _generated_sdk_files(directory: Path) -> set[str]:
    """The modules of ``directory`` that carry :data:`SDK_HEADER` (ours to replace)."""
    if not directory.is_dir():
        return set()
    return {
        p.name
        for p in directory.glob("*.py")
        if p.read_text(encoding="utf-8").startswith(SDK_HEADER)
    }


def compare_sdk(expected: Path, actual: Path) -> list[str]:
    """Differences between freshly rendered SDK modules (``expected``) and ``actual`` (the
    resources package): ``added`` / ``removed`` (a stale generated module) / ``changed``."""
    rel = actual.relative_to(ROOT).as_posix() if actual.is_relative_to(ROOT) else str(actual)
    exp = {p.name for p in expected.glob("*.py")}
    have = _generated_sdk_files(actual)
    diffs = []
    for name in sorted(exp | have):
        if name not in have and not (actual / name).exists():
            diffs.append(f"added: {rel}/{name}")
        elif name not in exp:
            diffs.append(f"removed: {rel}/{name}")
        elif not filecmp.cmp(expected / name, actual / name, shallow=False):
            diffs.append(f"changed: {rel}/{name}")
    return diffs


def install_sdk(fresh: Path, dest: Path) -> None:
    """Copy the rendered modules into ``dest``, each replaced atomically (written beside it,
    then renamed), and delete generated modules no longer rendered."""
    names = {p.name for p in fresh.glob("*.py")}
    for name in sorted(names):
        tmp = dest / f".{name}.new"
        shutil.copyfile(fresh / name, tmp)
        os.replace(tmp, dest / name)
    for name in sorted(_generated_sdk_files(dest) - names):
        (dest / name).unlink()


def _clean(tree: Path) -> None:
    for p in sorted(tree.rglob("*"), reverse=True):
        if p.name in IGNORED_PARTS and p.is_dir():
            shutil.rmtree(p)
        elif p.suffix in IGNORED_SUFFIXES:
            p.unlink()


def generate_into(work: Path, spec: Path = DEFAULT_SPEC, protos: Path = DEFAULT_PROTOS) -> Path:
    """Generate both packages into ``work`` (an empty dir), and the SDK resource modules into
    ``work/_sdk_resources``. Returns ``work``."""
    generate_openapi(spec, work / OPENAPI_PACKAGE)
    generate_extra_modules(spec, work / OPENAPI_PACKAGE)
    (work / OPENAPI_PACKAGE / "py.typed").write_text("", encoding="utf-8")
    generate_sdk_resources(spec, work / OPENAPI_PACKAGE, work / SDK_STAGE)
    generate_protos(protos, work)
    _clean(work)
    return work


def _files(tree: Path) -> set[str]:
    out: set[str] = set()
    for pkg in PACKAGES:
        base = tree / pkg
        if not base.exists():
            continue
        for p in base.rglob("*"):
            if p.is_file() and p.suffix not in IGNORED_SUFFIXES:
                rel = p.relative_to(tree)
                if not IGNORED_PARTS.intersection(rel.parts):
                    out.add(rel.as_posix())
    return out


def compare_trees(expected: Path, actual: Path) -> list[str]:
    """Differences between a fresh generation (``expected``) and a committed tree (``actual``).

    Returns sorted lines ``"added: <path>"`` (missing from ``actual``), ``"removed: <path>"``
    (only in ``actual``, i.e. stale) and ``"changed: <path>"``. Empty list = up to date.
    """
    exp, act = _files(expected), _files(actual)
    diffs = [f"added: {p}" for p in sorted(exp - act)]
    diffs += [f"removed: {p}" for p in sorted(act - exp)]
    for p in sorted(exp & act):
        if not filecmp.cmp(expected / p, actual / p, shallow=False):
            diffs.append(f"changed: {p}")
    return sorted(diffs, key=lambda line: line.split(": ", 1)[1])


def check(
    spec: Path = DEFAULT_SPEC,
    protos: Path = DEFAULT_PROTOS,
    out: Path = DEFAULT_OUT,
    sdk_out: Path = SDK_DIR,
) -> list[str]:
    """Generate into a temporary dir and compare with ``out`` and the SDK resource modules in
    ``sdk_out``. Returns the differences."""
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
        return compare_trees(fresh, out) + compare_sdk(fresh / SDK_STAGE, sdk_out)


def generate(
    spec: Path = DEFAULT_SPEC,
    protos: Path = DEFAULT_PROTOS,
    out: Path = DEFAULT_OUT,
    sdk_out: Path = SDK_DIR,
) -> None:
    """Regenerate the two packages under ``out`` (other files in ``out`` are left alone) and
    the SDK resource modules in ``sdk_out`` (only those carrying :data:`SDK_HEADER`)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
        install_sdk(fresh / SDK_STAGE, sdk_out)
        for pkg in PACKAGES:
            target = out / pkg
            staging = out / f".{pkg}.new"
            if staging.exists():
                shutil.rmtree(staging)
            shutil.copytree(fresh / pkg, staging)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if --out is stale")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI document")
    parser.add_argument("--protos", type=Path, default=DEFAULT_PROTOS, help="proto include root")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="generated tree")
    parser.add_argument(
        "--sdk-out", type=Path, default=SDK_DIR, help="SDK resources package (x-sdk modules)"
    )
    args = parser.parse_args(argv)
    spec, protos, out = args.spec.resolve(), args.protos.resolve(), args.out.resolve()
    sdk_out = args.sdk_out.resolve()
    try:
        check_pins()
        if args.check:
            diffs = check(spec, protos, out, sdk_out)
            if diffs:
                print(f"{out} is stale ({len(diffs)} file(s) differ):", file=sys.stderr)
                for line in diffs:
                    print(f"  {line}", file=sys.stderr)
                print("hint: run `make generate` and commit the result", file=sys.stderr)
                return 1
            print(f"{out} is up to date")
            return 0
        generate(spec, protos, out, sdk_out)
        print(f"generated {', '.join(PACKAGES)} into {out}, SDK resources into {sdk_out}")
        print("hint: run `make unasync` so src/agenthub/_sync/ follows the SDK resources")
        return 0
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
