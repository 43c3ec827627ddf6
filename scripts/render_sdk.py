"""Render the SDK resources: the resource modules of the SDK (``hub.agents``,
``session.files``…, and generated bases of handwritten ones), rendered from the contract into
src/agenthub/_async/resources/ (derived code inside the SDK package, as _sync/ is;
scripts/run_unasync.py then derives their _sync/ twins). ``scripts/generate.py`` calls it:
``generate_sdk_resources`` into its staging directory, then ``compare_sdk`` (``--check``) or
``install_sdk``. It also renders ``_calls.py`` (``render_transport_calls``): the unary calls of
a session's transports, one per operation of the root ``x-sdk-transport-calls`` list.

The contract declares them in two places:

* the root ``x-sdk-resources`` block, one entry per module (a name starting with ``_``: a
  private module, e.g. a base class a handwritten resource extends): ``class`` (``Agents`` →
  ``AsyncAgents`` and ``AsyncAgentsWithRawResponse``), ``module_doc``, ``doc`` (the class
  docstring), optionally ``imports`` (``{Name: module}``, names the types below use, e.g.
  ``InputLike: ..._inputs``; a handwritten sibling's, ``AsyncTurn: .turns``, only for the
  type checker when that module imports this one: a run-time cycle), ``reexport`` (those of
  them also in ``__all__``),
  ``base`` (a class of ``_base.py`` to extend instead of ``AsyncAPIResource``), ``attach``
  (``{attribute: Class .module}``: sub-resources ``Class(self._session)``, each made on first
  use, so a handle that never uses them holds no reference cycle) and
  ``scope: session``: a sub-resource of a session handle (``session.files``…), built as
  ``cls(session)`` on ``_base.AsyncSessionScoped``; its paths' ``{session_id}`` is bound to
  ``self._session.id`` (not an argument) and it has no ``with_raw_response``;
* an ``x-sdk`` block (or a list of them, one per resource) on each operation the resource
  exposes (methods in spec order):

  ``resource``, ``method``  which module and method (``import_``, ``occurrences``…)
  ``doc``                   the method's docstring (shapes, units, errors raised)
  ``args`` / ``kwargs``     body properties taken as positional / keyword-only arguments
                            (after the path parameters, which are always positional); when
                            given they are exactly the body's required properties
  ``call``                  ``{name, doc}``: the TypedDict of the remaining body keywords +
                            ``CallOptions`` (``**params``); needed iff such keywords remain
                            (or the name of one another block of the operation declares)
  ``types``                 ``{property: python type}`` for an explicit argument whose type
                            is not the contract's (``input: InputLike``)
  ``hooks``                 ``{property: function}``: a function of ``_base.py`` converting
                            the caller's value before the body is checked (TypeError if bad)
  ``defaults``              ``{property: value}`` sent when the caller omits the property
                            (a list: ``{limit: 100}``, the page size when not given)
  ``if_match``              the name of the version alias (``if_revision``, ``generation``):
                            the method takes ``if_match=`` and the alias, sent as the
                            ``If-Match`` header by ``_base.if_match_header``
  ``body``                  ``{arg, hook}``: a schemaless body (a merge patch) taken as the
                            positional argument ``arg`` and converted by ``hook(value, where)``
  ``filters``               list filters: ``{keyword: {query, type, hook}}`` (``labels`` →
                            query ``label`` via ``_base.label_filter``; ``hook`` optional)
  ``raw``                   the method's name in ``with_raw_response`` (default: ``method``;
                            ``false``: not there; lets a private REST method back a public one)
  ``item``                  ``{parse, type}`` (scoped lists): items are parsed by the
                            session's ``parse`` attribute (``_decoder``) into ``type``
  ``wrap``                  ``{call, type}``: the result goes through the session's method
                            ``call`` (scoped: the handle stores the snapshot), or, on a
                            ``transport`` resource, ``self.<call>(model, transport)`` (a handle;
                            for a list, each item), returning ``type``; ``type: Self``
                            (the handle's own calls): the method returns the handle itself
  ``transport``             ``true``: the call goes over the session's transport (gRPC when
                            the session uses it): ``self._session._transport.<operationId>``
                            (scoped resources, operations of ``x-sdk-transport-calls``); on a
                            resource with ``base: AsyncTransportResource``: the method takes
                            ``transport="sse"|"grpc"``, and calls ``self._transport(transport)``
                            (a list: its items are handles bound to that transport)

A list operation (a 200 ``XList`` response with the ``limit``/``order``/``after`` query
parameters) becomes a paginator method taking those and its filters; an ``XList`` without
them (one page) an ``async`` method returning the items; every other one an ``async`` method
returning the response model (``None`` for 204). Malformed blocks raise GenerationError
naming the place.
"""

from __future__ import annotations

import ast
import filecmp
import os
import re
import shutil
from pathlib import Path
from typing import Any

from _spec import (
    ROOT,
    GenerationError,
    ParamTypes,
    class_name,
    docstring,
    load_spec,
    model_modules,
    ref_name,
    resolve,
    ruff_format,
)

SDK_DIR = ROOT / "src" / "agenthub" / "_async" / "resources"
#: First line of every generated module: what marks a module as ours to replace or delete.
SDK_HEADER = "# GENERATED by scripts/generate.py from openapi/agenthub.yaml — do not edit\n"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "sdk_resource.py.jinja"
#: The project's ruff settings (the modules live in src/ and are linted with it).
RUFF_CONFIG = ROOT / "pyproject.toml"

_SDK_RESOURCE_KEYS = {
    "class", "module_doc", "doc", "imports", "reexport", "scope", "base", "attach",
}  # fmt: skip
_SDK_OP_KEYS = {
    "resource", "method", "doc", "args", "kwargs", "call", "types", "hooks", "defaults",
    "if_match", "body", "filters", "raw", "transport", "item", "wrap",
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
    """The public names the handwritten ``_base.py`` defines: the hooks generated code may call."""
    tree = ast.parse((SDK_DIR / "_base.py").read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return {n for n in names if not n.startswith("_") and not n.isupper()}


def _hook(res: _SdkResource, name: Any, where: str) -> str:
    """Check that ``name`` is a hook ``_base.py`` exports and import it into ``res``."""
    if not isinstance(name, str) or name not in _base_exports():
        raise _sdk_error(
            where, f"hook {name!r} is not exported by src/agenthub/_async/resources/_base.py"
        )
    res.base.add(name)
    return name


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
        self.raw: str | None = None  # the name in with_raw_response (None: not there)


class _SdkResource:
    def __init__(self, name: str, cls: str, module_doc: str, doc: str, scoped: bool) -> None:
        self.name = name
        self.scoped = scoped
        # the name callers know it by (error messages, the raw class's parameter):
        # ``SessionMcpServers`` → ``mcp_servers``, ``FilesAPI`` → ``files``
        snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", cls.removesuffix("API")).lower()
        self.var = snake.removeprefix("session_") if scoped else snake
        self.cls = cls
        self.module_doc = module_doc
        self.doc = doc
        self.methods: list[_SdkMethod] = []
        self.calls: list[dict[str, str]] = []
        self.call_refs: set[str] = set()  # call TypedDicts of other resources
        self.extra_imports: dict[str, str] = {}
        self.reexport: list[str] = []
        self.openapi: dict[str, set[str]] = {}  # agenthub_openapi module → names
        self.base_class = "AsyncSessionScoped" if scoped else "AsyncAPIResource"
        self.base: set[str] = {self.base_class}  # names from ._base
        self.used: set[str] = set()  # typing / SDK names used
        self.attach: dict[str, tuple[str, str]] = {}  # attribute → (class, module)

    def need(self, module: str, name: str) -> None:
        self.openapi.setdefault(module, set()).add(name)

    def model(self, cls: str, modules: dict[str, str]) -> str:
        """Import the generated model ``cls``; its local name, ``<cls>Model`` when the module
        also uses ``Async<cls>`` (which the _sync twin renames to ``cls``)."""
        if f"Async{cls}" not in self.extra_imports:
            self.need(f"models.{modules[cls]}", cls)
            return cls
        self.need(f"models.{modules[cls]}", f"{cls} as {cls}Model")
        return f"{cls}Model"

    @property
    def all(self) -> list[str]:
        names = [f"Async{self.cls}", *self.reexport]
        if not self.scoped:
            names.append(f"Async{self.cls}WithRawResponse")
        return sorted(names + [c["name"] for c in self.calls])

    @property
    def siblings(self) -> list[tuple[str, str]]:
        """``(module, name)`` of the imports from a handwritten sibling that imports this
        module (its base, ``.turns`` → ``_turns``): for annotations only, imported for the type
        checker (at run time, a cycle). Read from the sibling's async source; generated
        siblings (a call TypedDict's module) are imported at run time."""
        cycle = re.compile(rf"^from \.{re.escape(self.name)} import ", re.M)
        found = []
        for name, module in self.extra_imports.items():
            if name not in self.used or module.startswith(".."):
                continue
            source = _read(SDK_DIR / f"{module[1:]}.py")
            if not source.startswith(SDK_HEADER) and cycle.search(source):
                found.append((module, name))
        return sorted(found)

    @property
    def imports(self) -> list[str]:
        lines = ["import builtins"] if "builtins" in self.used else []
        if "datetime" in self.used:
            lines.append("import datetime")
        if self.attach:
            lines.append("from functools import cached_property")
        siblings = self.siblings  # reads the siblings' sources: once per module
        if siblings:
            self.used.add("TYPE_CHECKING")
        std = {
            "Mapping": "collections.abc",
            "Sequence": "collections.abc",
            "Any": "typing",
            "Literal": "typing",
            "Self": "typing",
            "TYPE_CHECKING": "typing",
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
        if "RequestOptions" in self.used:
            sdk["..._types"].add("RequestOptions")
        if any(not m.is_async for m in self.methods):
            sdk["..._pagination"] = {"AsyncPaginator"}
        for name, module in self.extra_imports.items():
            if (name in self.used or name in self.reexport) and (module, name) not in siblings:
                sdk.setdefault(module, set()).add(name)
        for cls, module in self.attach.values():
            sdk.setdefault(module, set()).add(cls)
        if not self.scoped:
            sdk[".._raw"] = {"to_raw_response_wrapper"}
        sdk["._base"] = self.base
        for module, names in sorted(sdk.items(), key=lambda kv: (-kv[0].count("."), kv[0])):
            lines.append(f"from {module} import {', '.join(sorted(names))}")
        if siblings:
            lines += ["", "if TYPE_CHECKING:"]
            lines += [f"    from {module} import {name}" for module, name in siblings]
        return lines


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _sdk_blocks(
    doc: dict[str, Any],
) -> tuple[dict[str, Any], list[tuple[str, str, dict[str, Any], Any]]]:
    """The ``x-sdk-resources`` block and every ``(path, http method, operation, x-sdk block)``,
    in spec order; checks their shape."""
    resources = doc.get("x-sdk-resources") or {}
    if not isinstance(resources, dict):
        raise _sdk_error("x-sdk-resources", "must map resource names to blocks")
    ops = []
    for path, item in doc["paths"].items():
        for verb, op in item.items():
            if isinstance(op, dict) and "x-sdk" in op:
                blocks = op["x-sdk"] if isinstance(op["x-sdk"], list) else [op["x-sdk"]]
                ops += [(path, verb, op, block) for block in blocks]
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
        if block.get("scope", "session") != "session":
            raise _sdk_error(where, f"scope must be 'session', not {block['scope']!r}")
        res = _SdkResource(
            name,
            cls,
            _doc_text(block.get("module_doc"), f"{where}.module_doc"),
            _doc_text(block.get("doc"), f"{where}.doc"),
            "scope" in block,
        )
        res.extra_imports = {
            str(k): str(v) for k, v in _mapping(block.get("imports"), where, "imports").items()
        }
        res.reexport = _names(block.get("reexport"), where, "reexport")
        for attr, spec in _mapping(block.get("attach"), where, "attach").items():
            cls_, _, module = str(spec).partition(" ")
            if not (_IDENT.match(attr) and _CLASS.match(cls_) and module.startswith(".")):
                raise _sdk_error(where, f"attach is {{attribute: Class .module}}, not {spec!r}")
            res.attach[attr] = (cls_, module)
        if "base" in block:
            res.base.discard(res.base_class)
            res.base_class = _hook(res, block["base"], f"{where}.base")
        for n in res.reexport:
            if n not in res.extra_imports:
                raise _sdk_error(where, f"reexport {n!r} is not in imports")
        out[name] = res
    types = ParamTypes(schemas, modules)
    for path, verb, op, block in ops:
        op_id = op.get("operationId", f"{verb} {path}")
        where = f"{op_id} x-sdk"
        sdk = _mapping(block, where, "x-sdk")
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
        raws = [m.raw for m in res.methods if m.raw]
        if len(raws) != len(set(raws)):
            raise _sdk_error(f"x-sdk-resources.{res.name}", f"raw names repeat: {raws}")
        for ref in sorted(res.call_refs):
            owner = [r for r in out.values() if any(c["name"] == ref for c in r.calls)]
            if not owner:
                raise _sdk_error(f"x-sdk-resources.{res.name}", f"no block declares call {ref}")
            if owner[0] is not res:
                res.extra_imports[ref] = f".{owner[0].name}"
                res.used.add(ref)
    return list(out.values())


def _sdk_method(
    doc: dict[str, Any],
    types: ParamTypes,
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
    params = [resolve(doc, p) for p in op.get("parameters", [])]
    path_names = re.findall(r"{(\w+)}", path)
    raw = sdk.get("raw", name)
    m.raw = None if res.scoped or raw is False else raw
    raw = name if raw is False and not res.scoped else raw
    owner = "session." if res.scoped and res.var != "session" else ""
    call_where = f'"{owner}{res.var}.{raw}()"'
    if res.scoped and "raw" in sdk:
        raise _sdk_error(where, "a scoped resource has no with_raw_response (raw)")
    if not isinstance(raw, str) or not _IDENT.match(raw):
        raise _sdk_error(where, f"raw must be a lowercase identifier, not {raw!r}")
    transport = sdk.get("transport", False)
    select = transport is True and res.base_class == "AsyncTransportResource"
    if transport not in (True, False) or (transport and not (res.scoped or select)):
        raise _sdk_error(where, "transport: true is for scoped and AsyncTransportResource ones")
    if select:
        res.base.update({"Transport", "check_transport"})
        res.used.add("RequestOptions")
    if not transport:
        res.need(f"api.{tag}", op_id)
    ids = list(path_names)
    if res.scoped:
        if path_names[:1] != ["session_id"]:
            raise _sdk_error(where, "a session-scoped operation's path starts with {session_id}")
        path_names = path_names[1:]
        ids[0] = "self._session.id"
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
        content = resolve(doc, op["responses"][code]).get("content") or {}
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        if ref:
            schema_name = ref_name(ref)
            break
    item_name = None
    if schema_name is not None:
        data = schemas[schema_name].get("properties", {}).get("data", {})
        if schema_name.endswith("List") and data.get("type") == "array":
            item_name = ref_name(data["items"]["$ref"])
    filters = _mapping(sdk.get("filters"), where, "filters")
    positional = [f"{p}: str" for p in path_names]
    path_args = ", ".join(ids)
    paged = item_name is not None and all(p in query for p in _PAGE_PARAMS)

    wrap = _mapping(sdk.get("wrap"), where, "wrap")
    if wrap and (set(wrap) != {"call", "type"} or not _IDENT.match(str(wrap["call"]))):
        raise _sdk_error(where, "wrap is {call: <method>, type}")
    if wrap and not (res.scoped or select):
        raise _sdk_error(where, "wrap is for scoped and AsyncTransportResource resources")
    if paged:  # a list: a paginator
        if "requestBody" in op or set(sdk) & {"args", "kwargs", "call", "hooks", "body"}:
            raise _sdk_error(where, "a list operation takes no body keys (args/kwargs/call/...)")
        if wrap and not select:
            raise _sdk_error(where, "a scoped list parses its items with item:")
        defaults = _mapping(sdk.get("defaults"), where, "defaults")
        if not set(defaults) <= set(_PAGE_PARAMS):
            raise _sdk_error(where, f"a list operation's defaults are for {list(_PAGE_PARAMS)}")
        covered = {str(f.get("query")) for f in filters.values() if isinstance(f, dict)}
        for q in query:
            if q not in _PAGE_PARAMS and q not in covered:
                raise _sdk_error(where, f"query parameter {q!r} has no x-sdk filter")
        assert item_name is not None
        item = _mapping(sdk.get("item"), where, "item")
        if not item:
            cls = res.model(class_name(item_name, types.modules), types.modules)
            parse = f"{cls}.from_dict"
        elif res.scoped and set(item) == {"parse", "type"} and _IDENT.match(str(item["parse"])):
            cls, parse = str(item["type"]), f"self._session.{item['parse']}"
            res.used.update(re.findall(r"[A-Za-z_]\w*", cls))
        else:
            raise _sdk_error(where, "item is {parse: <session attribute>, type} (scoped lists)")
        if select:
            res.need(f"api.{tag}", op_id)
            cls, model = str(wrap["type"]), parse.removesuffix(".from_dict")
            parse = f"lambda data: self.{wrap['call']}({model}.from_dict(data), transport)"
            res.used.update(re.findall(r"[A-Za-z_]\w*", cls))
        res.used.add("Literal")
        m.is_async = False
        m.returns = f"AsyncPaginator[{cls}]"
        m.params = [*positional, "*", *(f"{k}: {t} = None" for k, t in _PAGE_PARAMS.items())]
        query_args = [
            f"{k}={defaults[k]!r} if {k} is None else {k}" if k in defaults else f"{k}={k}"
            for k in _PAGE_PARAMS
        ]
        for kw, f in filters.items():
            fw = f"{where} filters.{kw}"
            f = _mapping(f, fw, "a filter")
            if not {"query", "type"} <= set(f) <= {"query", "type", "hook"} or not all(
                isinstance(v, str) for v in f.values()
            ):
                raise _sdk_error(fw, "a filter is {query, type, hook?} (strings)")
            if f["query"] not in query:
                raise _sdk_error(fw, f"the operation has no query parameter {f['query']!r}")
            m.params.append(f"{kw}: {f['type']} = None")
            res.used.update(re.findall(r"[A-Za-z_]\w*", f["type"]))
            if "hook" in f:
                _hook(res, f["hook"], fw)
            query_args.append(f"{f['query']}={f['hook']}({kw})" if "hook" in f else f"{kw}={kw}")
        if select:  # handles bound to a transport resolved before the first page
            m.params.append('transport: Transport = "sse"')
            query_args.insert(0, "prepare=lambda: self._transport(transport)")
            m.body.append("check_transport(transport)")
        m.params.append("**options: Unpack[CallOptions]")
        lead = f"{op_id}, {parse}, options" + (f", {path_args}" if path_args else "")
        m.body.append(f"return self._paginate({lead}, {', '.join(query_args)})")
        return m

    if filters or "item" in sdk:
        raise _sdk_error(where, "filters and item are for list operations")
    if schema_name is None:
        m.returns, cast = "None", "none_response"
        res.base.add("none_response")
    elif item_name is not None:  # one page: its items
        cls = res.model(class_name(item_name, types.modules), types.modules)
        page = res.model(class_name(schema_name, types.modules), types.modules)
        res.used.add("builtins")
        m.returns, cast = f"builtins.list[{cls}]", f"lambda data: {page}.from_dict(data).data"
    else:
        cls = res.model(class_name(schema_name, types.modules), types.modules)
        m.returns, cast = cls, f"{cls}.from_dict"
    build = list(ids)
    call_name = ""
    kw_params: list[str] = []
    lines: list[str] = []
    kwargs_var = "options"
    if "requestBody" in op:
        content = op["requestBody"].get("content", {})
        media, spec_ = next(iter(content.items()))
        body_schema = ref_name(spec_.get("schema", {}).get("$ref", "/"))
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
            cls_b = class_name(body_schema, types.modules)
            rest = [p for p in props if p not in explicit]
            call = sdk.get("call")
            if rest and isinstance(call, str) and _CLASS.match(call):
                res.call_refs.add(call)  # declared by another block of the operation
                call_name, kwargs_var = call, "params"
            elif rest:
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
                call_name, kwargs_var = call["name"], "params"
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
            lines.append(f"body, options = request_body({body_schema!r}, {source}, {call_where})")
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
        f"**params: Unpack[{call_name}]"
        if kwargs_var == "params"
        else "**options: Unpack[CallOptions]"
    )
    if select:
        kw_params.insert(-1, 'transport: Transport = "sse"')
    m.params = positional + (["*"] if kw_params[:-1] else []) + kw_params
    if select:
        if alias is not None:
            raise _sdk_error(where, "transport calls take no If-Match")
        args = [b.removeprefix("body=") for b in build]
        lines.append("t = await self._transport(transport)")
        value = f"await t.{op_id}({', '.join([*args, 'RequestOptions.from_call(options)'])})"
    elif transport:
        if alias is not None:
            raise _sdk_error(where, "transport calls take no If-Match")
        args = [b.removeprefix("body=") for b in build]
        res.used.add("RequestOptions")
        call_ = f"self._session._transport.{op_id}({', '.join(args)}, "
        value = f"await {call_}RequestOptions.from_call(options))"
    else:
        request = f"{op_id}.build_request({', '.join(build)})"
        value = f"await self._request({request}, {cast}, options)"
    if not wrap:
        lines.append(f"return {value}")
    else:
        m.returns = str(wrap["type"])
        res.used.update(re.findall(r"[A-Za-z_]\w*", m.returns))
        if select:
            lines.append(f"return self.{wrap['call']}({value}, transport)")
        elif m.returns == "Self":  # the handle's own calls return the handle itself
            lines.append(f"await self._session.{wrap['call']}({value})")
            lines.append("return self")
        else:
            lines.append(f"return await self._session.{wrap['call']}({value})")
    m.body = lines
    return m


def render_sdk_resources(doc: dict[str, Any], modules: dict[str, str]) -> dict[str, str]:
    """``{file name: source}`` of every SDK resource module (unformatted)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.globals["docstring"] = docstring
    template = env.get_template(TEMPLATE.name)
    texts = {
        f"{res.name}.py": template.render(r=res, header=SDK_HEADER)
        for res in build_sdk_resources(doc, modules)
    }
    texts[CALLS_MODULE] = render_transport_calls(doc, modules)
    return texts


#: The module of the session/turn calls both transports offer (``x-sdk-transport-calls``).
CALLS_MODULE = "_calls.py"


def render_transport_calls(doc: dict[str, Any], modules: dict[str, str]) -> str:
    """``_calls.py``: ``AsyncSessionCalls``, one method per operation of the root
    ``x-sdk-transport-calls`` list (the unary calls the gRPC service also has), each
    ``self._call(op module, Model.from_dict, {path ids}, body, options)``."""
    op_ids = _names(doc.get("x-sdk-transport-calls"), "x-sdk-transport-calls", "the block")
    found = {
        op.get("operationId"): (path, op)
        for path, item in doc["paths"].items()
        for op in item.values()
        if isinstance(op, dict)
    }
    imports: set[str] = set()
    methods: list[str] = []
    for op_id in op_ids:
        if op_id not in found:
            raise _sdk_error("x-sdk-transport-calls", f"no operation {op_id!r}")
        path, op = found[op_id]
        where = f"x-sdk-transport-calls {op_id}"
        codes = [c for c in sorted(op.get("responses", {})) if str(c).startswith("2")]
        content = resolve(doc, op["responses"][codes[0]]).get("content") or {}
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        tag = (op.get("tags") or [None])[0]
        if not ref or not isinstance(tag, str):
            raise _sdk_error(where, "a transport call has a tag and answers a model")
        model = class_name(ref_name(ref), modules)
        imports |= {f"api.{tag} import {op_id}", f"models.{modules[model]} import {model}"}
        ids = re.findall(r"{(\w+)}", path)
        params = [f"{i}: str" for i in ids]
        body = "None"
        if "requestBody" in op:
            params.append("body: dict[str, Any]")
            body = "body"
        ids_dict = ", ".join(f"{i!r}: {i}" for i in ids)
        summary = _doc_text(op.get("summary"), where)
        methods += [
            "",
            f"    async def {op_id}(self, {', '.join(params)}, options: Opts = None) -> {model}:",
            f'        """{summary} (``{op_id}``)."""',
            f"        ids: Ids = {{{ids_dict}}}",
            f"        return await self._call({op_id}, {model}.from_dict, ids, {body}, options)",
        ]
    lines = [
        SDK_HEADER.rstrip("\n"),
        '"""The session/turn calls both transports of a session offer (``_transport`` REST,',
        "``_grpc`` gRPC), over ``_call(op, decode, ids, body, options)``: ``op`` is the generated",
        "REST operation module (``get_turn``), ``ids`` the path ids in order, ``body`` the REST",
        'request body, ``decode`` builds the result from JSON."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable",
        "from types import ModuleType",
        "from typing import Any, TypeVar",
        "",
        *(f"from agenthub_openapi.{i}" for i in sorted(imports)),
        "",
        "from ..._types import RequestOptions",
        "",
        '__all__ = ["AsyncSessionCalls", "Body", "Decoder", "Ids", "Opts"]',
        "",
        'M = TypeVar("M")',
        "Decoder = Callable[[Any], M]",
        "Ids = dict[str, str]",
        "Body = dict[str, Any] | None",
        "Opts = RequestOptions | None",
        "",
        "",
        "class AsyncSessionCalls:",
        '    """The unary calls of a session\'s transport (generated from the contract)."""',
        "",
        "    async def _call(",
        "        self, op: ModuleType, decode: Decoder[M], ids: Ids, body: Body, options: Opts",
        "    ) -> M:",
        "        raise NotImplementedError",
        *methods,
        "",
    ]
    return "\n".join(lines)


def generate_sdk_resources(spec: Path, pkg: Path, dest: Path) -> None:
    """Render the SDK resource modules into ``dest`` (a fresh dir), formatted with the project's
    ruff settings (they are checked with them in src/)."""
    texts = render_sdk_resources(load_spec(spec), model_modules(pkg))
    dest.mkdir(parents=True)
    files = [dest / name for name in sorted(texts)]
    for path in files:
        path.write_text(texts[path.name], encoding="utf-8")
    ruff_format(files, RUFF_CONFIG)


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
