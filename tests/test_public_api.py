"""``dir(agenthub)`` shows the public API and nothing else (issue 16, item 10)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import agenthub

#: Module attributes Python itself sets, which ``dir()`` of any module shows.
_MODULE_DUNDERS = {
    "__all__",
    "__builtins__",
    "__cached__",
    "__doc__",
    "__file__",
    "__loader__",
    "__name__",
    "__package__",
    "__path__",
    "__spec__",
    "__version__",
}


#: Public submodules (``agenthub.types`` …): shown once imported, like any package's.
_SUBMODULES = {
    m.name for m in pkgutil.iter_modules(agenthub.__path__) if not m.name.startswith("_")
}


def test_dir_shows_only_the_public_api() -> None:
    public = set(agenthub.__all__)
    listed = set(dir(agenthub))
    extra = {n for n in listed - public if n not in _MODULE_DUNDERS | _SUBMODULES}
    assert not extra, f"dir(agenthub) shows non-public names: {sorted(extra)}"
    assert public <= listed, sorted(public - listed)
    for name in ("Any", "TYPE_CHECKING", "annotations"):
        assert name not in listed


def test_dir_in_a_fresh_interpreter() -> None:
    # before any lazy attribute was loaded (loading one must not change the answer either)
    code = (
        "import agenthub; a = dir(agenthub); agenthub.AgentHub; b = dir(agenthub);"
        "print(a == b, 'Any' in a, 'TYPE_CHECKING' in a)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["True", "False", "False"]
