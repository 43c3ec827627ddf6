"""Build the docs: the API reference (pdoc, from the docstrings) and docs/events.md.

Usage: ``python scripts/build_docs.py [--output DIR]`` (``make docs``; default ``docs/api``).
Exit status 1 if pdoc warned (a docstring or annotation it cannot render): the reference
must build cleanly, and ``tests/cli/test_docs.py`` checks it in CI.

Documented: ``agenthub`` (its ``__all__``) and each public submodule of it except the command
line (``agenthub.cli``, documented in docs/cli.md).
"""

from __future__ import annotations

import argparse
import pkgutil
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _sub in ("src", "generated"):  # the checkout's sources, also without an editable install
    if str(ROOT / _sub) not in sys.path:
        sys.path.insert(0, str(ROOT / _sub))

#: Public submodules left out of the API reference.
EXCLUDED = {"agenthub.cli"}


def modules() -> list[str]:
    """``agenthub`` and its public submodules, minus :data:`EXCLUDED`."""
    import agenthub

    names = ["agenthub"]
    for info in pkgutil.iter_modules(agenthub.__path__, "agenthub."):
        leaf = info.name.rsplit(".", 1)[-1]
        if not leaf.startswith("_") and info.name not in EXCLUDED:
            names.append(info.name)
    return names


def build_api(output: Path) -> list[str]:
    """Render the API reference into ``output``; returns pdoc's warnings (empty = clean)."""
    import pdoc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*modules(), output_directory=output)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "api", help="API reference directory"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_events_doc

    gen_events_doc.main([])
    problems = build_api(args.output)
    for problem in problems:
        print(f"pdoc: {problem}", file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} pdoc warning(s): the API reference must build cleanly",
            file=sys.stderr,
        )
        return 1
    print(f"wrote the API reference to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
