"""What the generation scripts share: reading the contract (``$ref`` resolution, generated
class names, the Python type of a schema), docstring rendering, and running the pinned ruff.

Imported as ``_spec`` by ``generate.py``, ``render_sdk.py`` and ``render_views.py`` (generate.py
puts this directory on ``sys.path``; it is itself loaded by path in the tests).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class GenerationError(RuntimeError):
    """The sources cannot be generated from (a malformed block, a failed tool): the CLI prints
    it and exits 2, writing nothing."""


# ---------------------------------------------------------------------------- the contract


def load_spec(spec: Path) -> dict[str, Any]:
    import yaml

    with spec.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def model_modules(pkg: Path) -> dict[str, str]:
    """Generated class name → module name, read from ``models/__init__.py``."""
    text = (pkg / "models" / "__init__.py").read_text(encoding="utf-8")
    return {name: mod for mod, name in re.findall(r"^from \.(\w+) import (\w+)$", text, re.M)}


def ref_name(ref: str) -> str:
    """``#/components/schemas/Agent`` → ``Agent``."""
    return ref.rsplit("/", 1)[-1]


def resolve(doc: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/...``, possibly chained) inside ``doc``."""
    while "$ref" in obj:
        node: Any = doc
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def class_name(schema_name: str, modules: dict[str, str]) -> str:
    """The class openapi-python-client generated for schema ``schema_name``."""
    name = re.sub(r"[^0-9A-Za-z]+", " ", schema_name).title().replace(" ", "")
    name = schema_name if schema_name in modules else name
    if name not in modules:
        raise GenerationError(f"no generated model for schema {schema_name!r}")
    return name


class ParamTypes:
    """JSON Schema → the Python input type a caller may pass (friendly: ``Sequence``,
    ``Mapping``, a model or its dict form) and the JSON kinds a value may have."""

    def __init__(self, schemas: dict[str, Any], modules: dict[str, str]) -> None:
        self.schemas = schemas
        self.modules = modules
        #: ``from .models.x import X`` lines the types returned so far need
        self.imports: set[str] = set()

    def py(self, s: dict[str, Any]) -> str:
        if "$ref" in s:
            name = ref_name(s["$ref"])
            target = self.schemas[name]
            if target.get("type") == "object" and target.get("properties"):
                cls = class_name(name, self.modules)
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
                return " | ".join(unique_types(self.py(m) for m in s[key]))
        t = s.get("type")
        if isinstance(t, list):
            return " | ".join(unique_types(self.py({**s, "type": x}) for x in t))
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
            return self.kinds(self.schemas[ref_name(s["$ref"])])
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


def unique_types(items: Iterable[str]) -> list[str]:
    """The members of the unions ``items``, each once: plain mappings, then ``None``, last."""
    out: list[str] = []
    for item in items:
        for part in item.split(" | "):
            if part not in out:
                out.append(part)
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


# ----------------------------------------------------------------------------- the output


def docstring(text: str, indent: int) -> str:
    """``text`` as a triple-quoted docstring whose later lines are indented by ``indent``."""
    lines = text.strip().splitlines()
    pad = " " * indent
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join(f"{pad}{line}" if line.strip() else "" for line in lines[1:])
    # one paragraph: closing quotes on its last line; several: on their own line
    end = f"\n{pad}" if "" in (line.strip() for line in lines) else ""
    return f'"""{lines[0]}\n{body}{end}"""'


def bin_dir() -> Path:
    """The venv's scripts directory (the pinned generators and ruff live there)."""
    return Path(sys.executable).parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The post-hooks in generator-config.yaml call `ruff`: make it the pinned one from this venv.
    env["PATH"] = str(bin_dir()) + os.pathsep + env.get("PATH", "")
    env.pop("RUFF_CACHE_DIR", None)
    env["RUFF_NO_CACHE"] = "true"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NO_COLOR"] = "1"
    return env


def run(cmd: list[str], cwd: Path | None = None) -> str:
    """Run ``cmd``; its output, or GenerationError with the output when it fails."""
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise GenerationError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc.stdout + proc.stderr


def ruff_format(files: list[Path], config: Path | None = None) -> None:
    """Sort the imports of ``files`` and format them with the pinned ruff: with ruff's defaults
    (``--isolated``, for generated/), or with the settings in ``config`` (modules that live in
    src/ and are linted with them there, which are then also checked: GenerationError if not
    clean)."""
    if not files:
        return
    ruff = str(bin_dir() / "ruff")
    settings = ["--config", str(config)] if config else ["--isolated"]
    paths = [str(f) for f in files]
    cwd = files[0].parent
    run([ruff, "check", *settings, "--fix-only", "--quiet", "--extend-select=I", *paths], cwd)
    run([ruff, "format", *settings, "--quiet", *paths], cwd)
    if config:
        run([ruff, "check", *settings, "--quiet", *paths], cwd)
