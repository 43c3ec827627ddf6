#!/usr/bin/env python3
"""Regenerate (or check) the committed low-level clients in ``generated/``.

Sources of truth:
  openapi/agenthub.yaml            -> generated/agenthub_openapi/ (openapi-python-client)
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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "openapi" / "agenthub.yaml"
DEFAULT_PROTOS = ROOT / "protos"
DEFAULT_OUT = ROOT / "generated"
CONFIG = Path(__file__).resolve().parent / "generator-config.yaml"

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


def _clean(tree: Path) -> None:
    for p in sorted(tree.rglob("*"), reverse=True):
        if p.name in IGNORED_PARTS and p.is_dir():
            shutil.rmtree(p)
        elif p.suffix in IGNORED_SUFFIXES:
            p.unlink()


def generate_into(work: Path, spec: Path = DEFAULT_SPEC, protos: Path = DEFAULT_PROTOS) -> Path:
    """Generate both packages into ``work`` (an empty dir). Returns ``work``."""
    generate_openapi(spec, work / OPENAPI_PACKAGE)
    (work / OPENAPI_PACKAGE / "py.typed").write_text("", encoding="utf-8")
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
    spec: Path = DEFAULT_SPEC, protos: Path = DEFAULT_PROTOS, out: Path = DEFAULT_OUT
) -> list[str]:
    """Generate into a temporary dir and compare with ``out``. Returns the differences."""
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
        return compare_trees(fresh, out)


def generate(
    spec: Path = DEFAULT_SPEC, protos: Path = DEFAULT_PROTOS, out: Path = DEFAULT_OUT
) -> None:
    """Regenerate the two packages under ``out`` (other files in ``out`` are left alone)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="agenthub-gen-") as tmp:
        fresh = generate_into(Path(tmp), spec, protos)
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
    args = parser.parse_args(argv)
    spec, protos, out = args.spec.resolve(), args.protos.resolve(), args.out.resolve()
    try:
        check_pins()
        if args.check:
            diffs = check(spec, protos, out)
            if diffs:
                print(f"{out} is stale ({len(diffs)} file(s) differ):", file=sys.stderr)
                for line in diffs:
                    print(f"  {line}", file=sys.stderr)
                print("hint: run `make generate` and commit the result", file=sys.stderr)
                return 1
            print(f"{out} is up to date")
            return 0
        generate(spec, protos, out)
        print(f"generated {', '.join(PACKAGES)} into {out}")
        return 0
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
