"""Import time: ``import agenthub`` against ``import httpx`` in fresh interpreters, in the dev
venv and in a virtualenv with only agenthub's core install.

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
import time
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement

from ._util import ROOT, Context, Row, child_env, log, median

#: heavy modules a bare import should not load (reported when it does)
HEAVY = (
    "grpc",
    "google.protobuf",
    "agenthub_server",
    "rich",
    "typer",
    "click",
    "starlette",
    "uvicorn",
    "dateutil",
    "agenthub_openapi.models",
    "agenthub_openapi.api",
)
#: what each fresh interpreter runs: the SDK, the baseline, a bare start, what a user writes
STMTS = {
    "sdk": "import agenthub",
    "raw": "import httpx",
    "bare": "import sys",
    "client": "from agenthub import AgentHub",
}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def core_requirements() -> list[str]:
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def pinned_closure(requirements: list[str]) -> list[str]:
    """``name==version`` for every distribution a plain install of ``requirements`` needs,
    versions taken from the running interpreter's environment."""
    env = {key: str(value) for key, value in default_environment().items()}
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
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Interpreter(python, clean_env()).run("-c", purelib).stdout.strip()
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


class Interpreter:
    """A Python (the dev venv's by default) run with ``-c`` in a fresh process from ``/``."""

    def __init__(self, python: str = "", env: dict[str, str] | None = None) -> None:
        self.python, self.env = python or sys.executable, env or child_env()
        # Time imports as users see them, from .pyc files (pip compiles installed packages):
        # with PYTHONDONTWRITEBYTECODE set (as on CI machines) the warm-up could not write the
        # SDK's, and every run would compile src/ again while httpx loads its .pyc.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, *args], capture_output=True, text=True, env=self.env, cwd="/", check=True
        )

    def seconds(self, stmt: str) -> float:
        """Wall time of a fresh interpreter running ``stmt``."""
        t0 = time.perf_counter()
        self.run("-c", stmt)
        return time.perf_counter() - t0

    def top_imports(self, stmt: str, k: int = 6) -> str:
        """The ``k`` largest cumulative top-level imports of ``stmt`` (``-X importtime``)."""
        top: dict[str, int] = {}
        for line in self.run("-X", "importtime", "-c", stmt).stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            _, cum, name = (x.strip() for x in line[len("import time:") :].split("|"))
            root = name.split(".")[0]
            top[root] = max(top.get(root, 0), int(cum))
        best = sorted(top.items(), key=lambda kv: -kv[1])[:k]
        return ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in best)

    def loaded(self, stmt: str) -> tuple[int, list[str]]:
        """How many modules ``stmt`` leaves in ``sys.modules``, and which of HEAVY."""
        code = (
            f"import sys; {stmt}; print(len(sys.modules)); "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
        )
        out = self.run("-c", code).stdout.split("\n")
        return int(out[0]), out[1].split()

    def loaded_note(self, stmt: str) -> str:
        """Which HEAVY modules ``stmt`` loads (marking those ``import httpx`` loads too), and
        how many modules in all."""
        count, mods = self.loaded(stmt)
        base_count, base = self.loaded(STMTS["raw"])
        marked = [f"{m} (httpx too)" if m in base else m for m in mods]
        return ", ".join([*marked, f"{count} modules in sys.modules vs {base_count} for httpx"])


def import_rows(ctx: Context, interp: Interpreter, where: str, label: str) -> list[Row]:
    """``import agenthub`` (target <= 1.3x) and ``from agenthub import AgentHub`` (no target)
    against ``import httpx``: the median wall time of ``import_runs`` fresh interpreters each,
    interleaved; full runs add what each loads and its largest imports."""
    runs = ctx.sizes["import_runs"]
    full = runs >= 5
    log(f"import: {runs} fresh interpreters each, {label}")
    if full:  # warm the page cache / .pyc files
        for stmt in STMTS.values():
            interp.seconds(stmt)
    t: dict[str, list[float]] = {k: [] for k in STMTS}
    for _ in range(runs):
        for k, stmt in STMTS.items():
            t[k].append(interp.seconds(stmt))

    def note(stmt: str) -> str:
        if not full:
            return f"{where}; loaded: (full runs)"
        return (
            f"{where}; loaded: {interp.loaded_note(stmt)}; largest cumulative imports "
            f"(-X importtime): {interp.top_imports(stmt)}"
        )

    return [
        Row(
            title,
            median(t[key]) * 1000,
            median(t["raw"]) * 1000,
            median(t["bare"]) * 1000,
            unit="ms",
            kind=kind,
            target=1.3 if kind == "ratio_le" else None,
            samples=t,
            note=("reference column = bare `python -c 'import sys'`; " if key == "sdk" else "")
            + ("no target; " if key != "sdk" else "")
            + note(STMTS[key]),
        )
        for key, kind, title in (
            ("sdk", "ratio_le", f"import agenthub / import httpx, {label}"),
            ("client", "info_le", f"from agenthub import AgentHub / import httpx, {label}"),
        )
    ]


def bench_import(ctx: Context) -> list[Row]:
    """In the dev venv: every extra and dev tool installed (httpx imports its CLI there)."""
    where = "dev venv (every extra and dev tool installed; httpx imports rich/click there)"
    return import_rows(ctx, Interpreter(), where, "dev venv")


def bench_import_core(ctx: Context) -> list[Row]:
    """In the core-only venv: what ``pip install agenthub`` gives a user."""
    python, pins = core_venv()
    where = f"core-only venv ({', '.join(pins)}; the SDK from src/ via a .pth)"
    return import_rows(ctx, Interpreter(python, clean_env()), where, "core-only venv")


__all__ = [
    "bench_import",
    "bench_import_core",
    "clean_env",
    "copy_installed",
    "core_requirements",
    "core_venv",
    "pinned_closure",
]
