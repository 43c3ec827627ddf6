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

This file orchestrates; the renderers live beside it, one job each: ``render_views.py``
(``agenthub_openapi/views.py``), ``render_sdk.py`` (the SDK resource modules), and ``_spec.py``
(what they share: spec reading, docstrings, running the pinned ruff).

Generation always happens in a fresh temporary directory (outside the repository, so no
project configuration leaks into the post-hooks) and is then swapped into place, so a failed
run never leaves a half-written tree. The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# The sibling modules are imported by name: put this directory on the path, since this file
# is also loaded by path (tests/contract/load_generate_script), not only run as a script.
# Appended, so that in a test session it shadows nothing installed.
SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.append(str(SCRIPTS))

import render_sdk  # noqa: E402
import render_views  # noqa: E402
from _spec import (  # noqa: E402
    ROOT,
    GenerationError,
    ParamTypes,
    bin_dir,
    class_name,
    load_spec,
    model_modules,
    ref_name,
    ruff_format,
    run,
    unique_types,
)

DEFAULT_SPEC = ROOT / "openapi" / "agenthub.yaml"
DEFAULT_PROTOS = ROOT / "protos"
DEFAULT_OUT = ROOT / "generated"
CONFIG = SCRIPTS / "generator-config.yaml"
#: Our versions of the generator templates we change (openapi-python-client
#: ``--custom-template-path``: a template found here replaces the packaged one of that name).
TEMPLATES = SCRIPTS / "templates"

OPENAPI_PACKAGE = "agenthub_openapi"
PROTO_PACKAGE = "agenthub_proto"
PACKAGES = (OPENAPI_PACKAGE, PROTO_PACKAGE)
#: Where generate_into() renders the SDK resource modules inside its work directory.
SDK_STAGE = "_sdk_resources"

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
    ruff = bin_dir() / "ruff"
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


def generate_openapi(spec: Path, dest: Path) -> str:
    """Run openapi-python-client into ``dest`` (which must not exist). Returns its output."""
    exe = bin_dir() / "openapi-python-client"
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
    output = run(cmd, cwd=dest.parent)
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
    bindir = bin_dir()
    cmd = [
        sys.executable, "-m", "grpc_tools.protoc",
        f"-I{protos}", f"-I{well_known}",
        f"--plugin=protoc-gen-mypy={bindir / 'protoc-gen-mypy'}",
        f"--plugin=protoc-gen-mypy_grpc={bindir / 'protoc-gen-mypy_grpc'}",
        f"--python_out={dest_root}", f"--grpc_python_out={dest_root}",
        f"--mypy_out={dest_root}", f"--mypy_grpc_out={dest_root}",
        *rel,
    ]  # fmt: skip
    run(cmd, cwd=protos)
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
#: The high-volume events (one per streamed token) that get a fast constructor in
#: ``FAST_DECODERS``: what ``from_dict`` builds, without its dict copy, casts and closures
#: (~3x faster), keyword literals being ~40% cheaper than ``**{...}``. Their schemas must be
#: closed, with only required plain string/integer/nullable-string/date-time properties.
FAST_EVENTS = ("message.delta", "reasoning.delta")


def _fast_decoder(t: str, cls: str, schema: dict[str, Any]) -> list[str]:
    """``def _<type>(d) -> cls``, building ``cls`` from the wire dict ``d`` of a ``t`` event."""
    props: dict[str, Any] = schema.get("properties") or {}
    if schema.get("additionalProperties") is not False or set(schema.get("required", [])) != set(
        props
    ):
        raise GenerationError(f"FAST_EVENTS: {cls} must be closed, every property required")
    args = []
    for name, prop in props.items():
        kind, fmt = prop.get("type"), prop.get("format")
        if name == "type" and prop.get("const") == t:
            args.append(f"type={t!r}")
        elif kind == "string" and fmt == "date-time":
            args.append(f"{name}=_fromisoformat(d[{name!r}])")
        elif kind in ("string", "integer", ["string", "null"]) and not set(prop) & {
            "format",
            "enum",
            "const",
        }:
            args.append(f"{name}=d[{name!r}]")
        else:
            raise GenerationError(f"FAST_EVENTS: {cls}.{name} is not a plain property")
    func = "_" + t.replace(".", "_")
    return [
        "",
        "",
        f"def {func}(d: Mapping[str, Any]) -> {cls}:",
        f"    return {cls}({', '.join(args)})",
    ]


#: the reading of a common event field from ``raw`` by its schema: (type, value when the raw
#: value ``v`` has that type, the default otherwise)
_ENVELOPE_KINDS = {
    "string": ("str", "v if isinstance(v, str) else", '""'),
    "integer": ("int", "v if isinstance(v, int) and not isinstance(v, bool) else", "0"),
    "nullable": ("str | None", "v if isinstance(v, str) else", "None"),
}


def _envelope(doc: dict[str, Any], mapping: dict[str, str]) -> list[str]:
    """``EventEnvelope``: the properties every event schema has (but ``type``), read from a
    raw event dict (an event this version cannot decode) as ``UnknownEvent`` exposes them."""
    schemas = doc["components"]["schemas"]
    members = [schemas[ref_name(ref)].get("properties") or {} for ref in mapping.values()]
    lines = [
        "",
        "",
        "class EventEnvelope:",
        '    """The fields every event type has, read from ``raw`` (a wire event): the default',
        '    (``""``, ``0``, ``None``, the Unix epoch) when missing or of another kind."""',
        "",
        "    __slots__ = ()",
        "    raw: dict[str, Any]",
    ]
    for name, prop in members[0].items():
        if name == "type" or any(name not in m for m in members):
            continue
        kind = prop.get("type")
        text = _description(name, prop)
        lines += ["", "    @property"]
        if kind == "string" and prop.get("format") == "date-time":
            lines += [
                f"    def {name}(self) -> datetime.datetime:",
                f'        """{text}"""',
                f"        v = self.raw.get({name!r})",
                "        if isinstance(v, str):",
                "            with contextlib.suppress(ValueError):",
                "                return datetime.datetime.fromisoformat(v)",
                "        return _EPOCH",
            ]
            continue
        key = "nullable" if kind == ["string", "null"] else kind
        if key not in _ENVELOPE_KINDS or set(prop) & {"format", "enum", "const"}:
            raise GenerationError(f"EventEnvelope: no reading for the common field {name!r}")
        typ, value, default = _ENVELOPE_KINDS[key]
        lines += [
            f"    def {name}(self) -> {typ}:",
            f'        """{text}"""',
            f"        v = self.raw.get({name!r})",
            f"        return {value} {default}",
        ]
    return lines


def _description(name: str, prop: dict[str, Any]) -> str:
    text = str(prop.get("description") or "").strip().replace("\\", "\\\\")
    return text or f"The event's ``{name}``."


def render_events(doc: dict[str, Any], modules: dict[str, str]) -> str:
    union = doc["components"]["schemas"]["Event"]
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    classes = {t: class_name(ref_name(ref), modules) for t, ref in mapping.items()}
    lines = [
        EXTRA_HEADER.format(
            doc="The event table: every ``type`` of the ``Event`` union's discriminator mapping "
            "and its model."
        ),
        "import contextlib",
        "import datetime",
        "from collections.abc import Callable, Mapping",
        "from typing import Any, Final, Literal, TypeAlias, TypeVar",
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
    lines += ["", "_fromisoformat = datetime.datetime.fromisoformat"]
    lines.append("_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)")
    lines += _envelope(doc, mapping)
    schemas = doc["components"]["schemas"]
    for t in FAST_EVENTS:
        lines += _fast_decoder(t, classes[t], schemas[ref_name(mapping[t])])
    lines += ["", "", "#: model class → its fast constructor (see scripts/generate.py FAST_EVENTS)"]
    lines.append(
        "FAST_DECODERS: Final[dict[type[Event], Callable[[Mapping[str, Any]], Event]]] = {"
    )
    lines += [f"    {classes[t]}: _{t.replace('.', '_')}," for t in FAST_EVENTS]
    lines.append("}")
    names = ["EVENT_TYPES", "FAST_DECODERS", "Event", "EventEnvelope", "EventType", "EventWith"]
    lines += ["", f"__all__ = {names!r}".replace("'", '"'), ""]
    return "\n".join(lines)


def _object_ref(s: dict[str, Any], schemas: dict[str, Any]) -> str | None:
    """The schema name when ``s`` is a ``$ref`` to an object schema with properties."""
    ref = s.get("$ref")
    if not ref:
        return None
    name = ref_name(ref)
    target = schemas[name]
    return name if target.get("type") == "object" and target.get("properties") else None


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
    types = ParamTypes(schemas, modules)
    bodies: dict[str, str] = {}
    for ops in doc["paths"].values():
        for op in ops.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            for ctype, media in op["requestBody"]["content"].items():
                ref = media.get("schema", {}).get("$ref")
                if ref and "json" in ctype:
                    bodies[op["operationId"]] = ref_name(ref)
    classes: list[str] = []
    fields_table: list[str] = []
    required_table: list[str] = []
    for name in sorted(set(bodies.values())):
        schema = schemas[name]
        props: dict[str, Any] = schema.get("properties") or {}
        if not props:
            continue  # a free-form object (JsonObject): no keywords to declare
        required = set(schema.get("required", []))
        cls = class_name(name, modules)
        ops = ", ".join(f"``{op}``" for op, b in sorted(bodies.items()) if b == name)
        # An optional property also takes None: null where the contract allows it, else "omit
        # it" (what the SDK's keyword defaults have always meant).
        optional_lines = [
            f"    {k}: {' | '.join(unique_types([types.py(v), 'None']))}"
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
    """Render ``events.py``, ``params.py``, ``problems.py`` and ``views.py`` (render_views.py)
    into the generated package."""
    doc = load_spec(spec)
    modules = model_modules(pkg)
    targets = {
        pkg / "events.py": render_events(doc, modules),
        pkg / "params.py": render_params(doc, modules),
        pkg / "problems.py": render_problems(doc),
        pkg / "views.py": render_views.render_views(doc, pkg),
    }
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    ruff_format(list(targets))


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
    render_sdk.generate_sdk_resources(spec, work / OPENAPI_PACKAGE, work / SDK_STAGE)
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
    sdk_out: Path = render_sdk.SDK_DIR,
) -> list[str]:
    """Generate into a temporary dir and compare with ``out`` and the SDK resource modules in
    ``sdk_out``. Returns the differences."""
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
        return compare_trees(fresh, out) + render_sdk.compare_sdk(fresh / SDK_STAGE, sdk_out)


def generate(
    spec: Path = DEFAULT_SPEC,
    protos: Path = DEFAULT_PROTOS,
    out: Path = DEFAULT_OUT,
    sdk_out: Path = render_sdk.SDK_DIR,
) -> None:
    """Regenerate the two packages under ``out`` (other files in ``out`` are left alone) and
    the SDK resource modules in ``sdk_out`` (only those carrying :data:`render_sdk.SDK_HEADER`)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
        render_sdk.install_sdk(fresh / SDK_STAGE, sdk_out)
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
        "--sdk-out",
        type=Path,
        default=render_sdk.SDK_DIR,
        help="SDK resources package (x-sdk modules)",
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
