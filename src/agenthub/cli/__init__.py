"""The ``agenthub`` command line: ``agenthub --help``. See ``docs/cli.md``.

``main()`` is the console script. It needs the ``cli`` extra (typer, rich); without it,
``agenthub`` says how to install it and exits 2. This module imports neither at import time,
so the core SDK install can carry the entry point.

One module per sub-app: :mod:`.agents`, :mod:`.sessions`, :mod:`.elicitations`,
:mod:`.files`, :mod:`.models`, :mod:`.run`, :mod:`.serve`, :mod:`.demo`, joined in
:mod:`._app`; shared plumbing in :mod:`._common`.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["INSTALL_HINT", "main"]

#: Printed (on stderr) when the CLI's dependencies are missing.
INSTALL_HINT = (
    "agenthub: the command line needs the 'cli' extra (typer, rich); "
    "install it with: pip install 'agenthub[cli]'"
)
_CLI_DEPENDENCIES = ("typer", "click", "rich")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (``agenthub``); exits with the command's status (2 when the ``cli`` extra
    is not installed)."""
    try:
        import rich  # noqa: F401  (imported lazily by commands; checked here, up front)

        from ._app import app
    except ImportError as exc:
        if exc.name not in _CLI_DEPENDENCIES:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        raise SystemExit(2) from None
    app(args=argv, prog_name="agenthub")


def __getattr__(name: str) -> Any:
    # ``agenthub.cli.app``: the typer app, loaded on first use (needs the ``cli`` extra).
    if name == "app":
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
