"""The ``agenthub`` command line: ``agenthub --help``.

``main()`` is the console script. The command tree lives in :mod:`agenthub.cli._app`; SDK,
server and rich imports happen inside the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (``agenthub``); exits with the command's status."""
    from ._app import app

    app(args=argv, prog_name="agenthub")


def __getattr__(name: str) -> object:
    if name == "app":
        from ._app import app

        return app
    raise AttributeError(name)
