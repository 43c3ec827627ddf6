"""A virtualenv with only agenthub's core install, for the import-time benchmark.

The dev venv has every extra (grpc, server, typer/rich's CLI, pytest, …) installed, and some of
them change what ``import httpx`` or ``import agenthub`` pulls in. A user who runs
``pip install agenthub`` gets only ``[project].dependencies`` and their dependencies; this
module builds exactly that:

1. ``python -m venv --without-pip`` under ``$TMPDIR/agenthub-bench/`` (no ensurepip: fast);
2. the closure of ``[project].dependencies`` (markers evaluated, no extras), pinned to the
   versions installed in the running (dev) venv so both sides import the same httpx, installed
   with ``pip --python <venv> install --no-deps name==version …`` (pip's cache makes repeats
   fast; PyPI is the only network it needs). Offline, the same distributions' files are
   copied from the running venv instead (their RECORD lists them);
3. a ``.pth`` file putting the checkout's ``src/`` and ``generated/`` on ``sys.path`` — what
   ``pip install -e .`` does, so the venv always imports the current source without a rebuild.

The venv is keyed by a hash of the pinned closure and the Python version and reused while
that key holds (``.ready`` marks a finished build).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement

from ._util import ROOT, Row, log, median
from .cases import HEAVY, Context, _import_time, _importtime_top, _loaded_by


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def core_requirements() -> list[str]:
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def pinned_closure(requirements: list[str]) -> list[str]:
    """``name==version`` for every distribution a plain install of ``requirements`` needs,
    versions taken from the running interpreter's environment."""
    env = default_environment()
    env["extra"] = ""
    seen: dict[str, str] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = _canon(req.name)
        if name in seen:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError as exc:
            raise RuntimeError(f"{req.name} is not installed in {sys.prefix}") from exc
        seen[name] = dist.version
        for sub in dist.requires or []:
            r = Requirement(sub)
            if r.marker is None or r.marker.evaluate(env):  # an `extra == ...` marker is False
                todo.append(r)
    return sorted(f"{name}=={version}" for name, version in seen.items())


def core_venv() -> tuple[str, list[str]]:
    """Path of the core-only venv's python (built on first use) and its pinned packages."""
    pins = pinned_closure(core_requirements())
    key = hashlib.sha256("\n".join([sys.version, ROOT, *pins]).encode()).hexdigest()[:12]
    home = os.path.join(tempfile.gettempdir(), "agenthub-bench", f"core-{key}")
    python = os.path.join(home, "bin", "python")
    if os.path.exists(os.path.join(home, ".ready")):
        return python, pins
    log(f"import-core: building the core-only venv in {home} ({len(pins)} packages)")
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", home], check=True)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            *pins,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if proc.returncode != 0:  # no index reachable: copy the same versions from this venv
        log(f"import-core: pip failed ({proc.stderr.strip()[-300:]}); copying the installed files")
        copy_installed(pins, site)
    with open(os.path.join(site, "agenthub_checkout.pth"), "w") as f:
        f.write(f"{os.path.join(ROOT, 'src')}\n{os.path.join(ROOT, 'generated')}\n")
    with open(os.path.join(home, ".ready"), "w") as f:
        f.write("\n".join(pins) + "\n")
    return python, pins


def copy_installed(pins: list[str], site: str) -> None:
    """Offline fallback: copy each pinned distribution's files (its RECORD) from the running
    venv into ``site`` — the same files pip would have installed."""
    for pin in pins:
        dist = metadata.distribution(pin.split("==")[0])
        for file in dist.files or []:
            src = str(dist.locate_file(file))
            if file.parts[0] == ".." or not os.path.isfile(src):
                continue  # scripts outside site-packages
            dst = os.path.join(site, *file.parts)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)


def clean_env() -> dict[str, str]:
    """The environment for the core venv's interpreter: nothing from the dev venv leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    for var in ("AGENTHUB_API_KEY", "AGENTHUB_BASE_URL", "AGENTHUB_GRPC_TARGET"):
        env.pop(var, None)
    return env


def bench_import_core(ctx: Context) -> list[Row]:
    """``import agenthub`` vs ``import httpx`` in the core-only venv (fresh interpreters)."""
    python, pins = core_venv()
    env = clean_env()
    runs = ctx.sizes["import_runs"]
    stmts = {
        "sdk": "import agenthub",
        "raw": "import httpx",
        "bare": "import sys",
        "client": "from agenthub import AgentHub",
    }
    log(f"import-core: {runs} fresh interpreters each, core-only venv")
    if runs >= 5:  # warm the page cache / .pyc files
        for stmt in stmts.values():
            _import_time(stmt, python, env)
    t: dict[str, list[float]] = {k: [] for k in stmts}
    for _ in range(runs):
        for k, stmt in stmts.items():
            t[k].append(_import_time(stmt, python, env))
    full = runs >= 5
    where = f"core-only venv ({', '.join(pins)}; the SDK from src/ via a .pth)"

    def note(stmt: str) -> str:
        loaded = ", ".join(_loaded_by(stmt, HEAVY, python, env)) if full else "(full runs)"
        top = _importtime_top(stmt, python=python, env=env) if full else ""
        return f"{where}; loaded: {loaded}" + (
            f"; largest cumulative imports (-X importtime): {top}" if top else ""
        )

    return [
        Row(
            "import agenthub / import httpx, core-only venv",
            median(t["sdk"]) * 1000,
            median(t["raw"]) * 1000,
            median(t["bare"]) * 1000,
            unit="ms",
            kind="ratio_le",
            target=1.3,
            samples=t,
            note="reference column = bare `python -c 'import sys'`; " + note("import agenthub"),
        ),
        Row(
            "from agenthub import AgentHub / import httpx, core-only venv",
            median(t["client"]) * 1000,
            median(t["raw"]) * 1000,
            median(t["bare"]) * 1000,
            unit="ms",
            kind="info_le",
            samples=t,
            note="no target; " + note("from agenthub import AgentHub"),
        ),
    ]


__all__ = [
    "bench_import_core",
    "clean_env",
    "copy_installed",
    "core_requirements",
    "core_venv",
    "pinned_closure",
]
