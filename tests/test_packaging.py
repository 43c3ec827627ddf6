"""The wheel: it carries all four packages and declares every third-party import it makes.

A peer SDK shipped wheels that failed on ``import`` because a runtime import was only a dev
dependency. This builds the wheel from the working tree and scans every module's imports
(module level and lazy ones inside functions) against the wheel's own ``Requires-Dist``:

* ``agenthub`` and ``agenthub_openapi`` at module level: base dependencies only, so a plain
  ``pip install agenthub`` always imports; lazily (inside functions) also the ``grpc`` and
  ``speedups`` extras, and ``agenthub_server`` (the ``server`` extra, behind ``local()``/CLI);
* the CLI (``agenthub/cli/``, its ``demo`` included): also the ``cli`` extra (typer, rich);
* the pytest plugin (``agenthub/testing/``): also pytest, which is what loads it;
* ``agenthub_proto``: the ``grpc`` extra; ``agenthub_server``: the ``server`` extra.

The base install is lean (issue 17): ``Requires-Dist`` without an extra is exactly httpx
(and httpcore, which the core imports too), attrs and typing-extensions, and a venv holding
only that (built from the wheel, pinned by requirements-dev.lock) imports agenthub without
click, rich or typer and runs pytest with the plugin inert.
"""

from __future__ import annotations

import ast
import email
import re
import subprocess
import sys
import textwrap
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"agenthub", "agenthub_openapi", "agenthub_proto", "agenthub_server"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (built,) = out.glob("agenthub-*.whl")
    return built


def _requirements(zf: zipfile.ZipFile) -> dict[str, set[str]]:
    """extra ('' for the base install) → normalised distribution names."""
    meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(zf.read(meta_name))
    by_extra: dict[str, set[str]] = {}
    for req in meta.get_all("Requires-Dist") or []:
        name = _norm(re.split(r"[<>=!~;\[ (]", req, maxsplit=1)[0])
        extra = re.search(r"extra == ['\"]([\w-]+)['\"]", req)
        by_extra.setdefault(extra.group(1) if extra else "", set()).add(name)
    return by_extra


def _imports(source: bytes) -> tuple[set[str], set[str]]:
    """(module-level, lazy) top-level names of absolute imports. Imports under
    ``if TYPE_CHECKING:`` and in ``try: … except ImportError`` blocks count as lazy."""
    tree = ast.parse(source)
    eager: set[str] = set()
    lazy: set[str] = set()

    def names(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name.split(".")[0] for a in node.names]
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            return [node.module.split(".")[0]]
        return []

    for stmt in tree.body:
        eager.update(names(stmt))
        for node in ast.walk(stmt):
            if node is not stmt:
                lazy.update(names(node))
    return eager, lazy - eager


def _imported_modules(name: str, zf: zipfile.ZipFile) -> list[list[str]]:
    """Every module ``name`` imports, relative imports resolved, as dotted parts."""
    package = name.removesuffix(".py").split("/")[:-1]
    found = []
    for node in ast.walk(ast.parse(zf.read(name))):
        if isinstance(node, ast.Import):
            found += [a.name.split(".") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *(node.module or "").split(".")]
            found += [[*module, a.name] for a in node.names]  # `from . import cli` too
    return [[p for p in m if p] for m in found]


def test_wheel_contains_all_four_packages(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        tops = {n.split("/")[0] for n in zf.namelist() if not n.split("/")[0].endswith("-info")}
        files = set(zf.namelist())
    assert tops == FIRST_PARTY
    for must in (
        "agenthub/py.typed",
        "agenthub/_sync/client.py",
        "agenthub/_async/client.py",
        "agenthub_openapi/models/agent.py",
        "agenthub_proto/v1/session_service_pb2_grpc.py",
        "agenthub_server/runner.py",
    ):
        assert must in files, must


def test_every_import_is_declared(wheel: Path) -> None:
    dists = {k: {_norm(d) for d in v} for k, v in packages_distributions().items()}
    with zipfile.ZipFile(wheel) as zf:
        req = _requirements(zf)
        base = req.get("", set())
        allowed_eager = {
            "agenthub": base,
            "agenthub_openapi": base,
            "agenthub_proto": base | req["grpc"],
            "agenthub_server": base | req["server"],
        }
        allowed_lazy = {
            **allowed_eager,
            "agenthub": base | req["grpc"] | req["speedups"] | req["server"],
        }
        # the CLI needs the `cli` extra; the pytest plugin runs inside pytest
        extra_for = {"agenthub/cli/": req["cli"], "agenthub/testing/": {"pytest"}}
        problems: list[str] = []
        for name in zf.namelist():
            if not name.endswith(".py"):
                continue
            package = name.split("/")[0]
            more = set().union(*(v for k, v in extra_for.items() if name.startswith(k)))
            eager, lazy = _imports(zf.read(name))
            for kind, found, allowed in (
                ("module-level", eager, allowed_eager[package] | more),
                ("lazy", lazy, allowed_lazy[package] | more),
            ):
                for top in sorted(found):
                    if top in sys.stdlib_module_names or top in FIRST_PARTY or top == "__future__":
                        continue
                    owners = dists.get(top)
                    assert owners, f"{name}: cannot tell which distribution provides {top!r}"
                    if not owners & allowed:
                        problems.append(f"{name}: {kind} import {top!r} ({sorted(owners)})")
    assert not problems, "undeclared imports:\n" + "\n".join(problems)


def test_import_graph_flows_one_way(wheel: Path) -> None:
    """The SDK core never imports ``agenthub_server`` (only ``local.py``, the CLI and the
    pytest plugin load it, lazily) nor the CLI; generated code never imports the handwritten
    layer."""
    with zipfile.ZipFile(wheel) as zf:
        offenders = []
        for name in zf.namelist():
            if not name.endswith(".py"):
                continue
            eager, lazy = _imports(zf.read(name))
            core = name.startswith("agenthub/") and not name.startswith("agenthub/cli/")
            if core and any(m[:2] == ["agenthub", "cli"] for m in _imported_modules(name, zf)):
                offenders.append(f"{name}: imports agenthub.cli")
            if name.startswith("agenthub/"):
                if "agenthub_server" in eager:
                    offenders.append(f"{name}: module-level import of agenthub_server")
                elif "agenthub_server" in lazy and not (
                    name == "agenthub/local.py"
                    or name.startswith(("agenthub/cli/", "agenthub/testing/"))
                ):
                    offenders.append(f"{name}: imports agenthub_server")
            elif name.startswith(("agenthub_openapi/", "agenthub_proto/")) and (
                "agenthub" in eager | lazy or "agenthub_server" in eager | lazy
            ):
                offenders.append(f"{name}: generated code imports a handwritten package")
    assert not offenders, offenders


def test_core_dependencies_are_lean(wheel: Path) -> None:
    """Base install = httpx (+ httpcore), attrs, typing-extensions; typer/rich only in the
    ``cli`` extra; ``dev`` pulls every runtime extra (hatchling expands ``agenthub[...]``
    in place)."""
    with zipfile.ZipFile(wheel) as zf:
        req = _requirements(zf)
    # httpcore: agenthub._deadline imports it (it comes with httpx anyway)
    assert req[""] == {"httpx", "httpcore", "attrs", "typing-extensions"}
    assert req["cli"] == {"typer", "rich"}
    runtime_extras = set().union(*(req[e] for e in ("grpc", "server", "speedups", "cli")))
    assert runtime_extras <= req["dev"], runtime_extras - req["dev"]


def test_pytest_plugin_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = zf.read(name).decode()
    assert "[pytest11]\nagenthub = agenthub.testing.plugin" in text


_CORE_PROBE = textwrap.dedent(
    """
    import importlib.util, sys
    import agenthub
    from agenthub import AgentHub, AsyncAgentHub
    import agenthub.types, agenthub.testing
    hub = AgentHub(api_key="ah_probe_key", base_url="http://127.0.0.1:9")
    hub.agents, hub.sessions  # the lazily imported resources and generated models
    hub.close()
    heavy = {"click", "rich", "typer", "grpc", "google", "agenthub_server", "starlette",
             "uvicorn", "dateutil", "httpx_sse"}
    cli = {m for m in sys.modules if m.startswith("agenthub.cli")}  # the core never loads it
    print("imported:", sorted(({m.split(".")[0] for m in sys.modules} & heavy) | cli))
    print("installed:", sorted(n for n in ("click", "rich", "typer", "grpc", "dateutil")
                               if importlib.util.find_spec(n)))
    """
)

_PLUGIN_PROBE = textwrap.dedent(
    """
    def test_plain():
        assert True

    def test_uses_hub(hub):
        raise AssertionError("must be skipped without the server extra")
    """
)


def test_core_only_venv(wheel: Path, tmp_path: Path) -> None:
    """``pip install agenthub`` (+ pytest): no CLI libraries installed or imported, and the
    pytest plugin stays inert — tests using its fixtures skip, naming the extra to install.
    About 10 s with a warm pip cache (needs PyPI for the first run)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
         "--disable-pip-version-check", "-c", str(ROOT / "requirements-dev.lock"),
         str(wheel), "pytest"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]

    probe = subprocess.run(
        [str(python), "-c", _CORE_PROBE], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert "imported: []" in probe.stdout, probe.stdout
    assert "installed: []" in probe.stdout, probe.stdout

    # the console script is installed with the core, and says how to get the CLI
    script = subprocess.run(
        [str(venv / "bin" / "agenthub"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert script.returncode == 2, script.stdout + script.stderr
    assert "pip install 'agenthub[cli]'" in script.stderr, script.stderr

    project = tmp_path / "project"
    project.mkdir()
    (project / "test_probe.py").write_text(_PLUGIN_PROBE)
    run = subprocess.run(
        [str(python), "-m", "pytest", "-rs", "-p", "no:cacheprovider", str(project)],
        capture_output=True, text=True, timeout=300, cwd=project,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert "server extra NOT installed" in out, out[-3000:]
    assert "1 passed, 1 skipped" in out, out[-3000:]
    assert "pip install 'agenthub[server]'" in out, out[-3000:]
